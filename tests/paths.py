"""Where the repository's test inputs live.

Test modules import these from here, not from ``conftest``: pytest loads ``conftest`` as a
top-level module, so ``from tests.conftest import ...`` executed it a second time under another
name, which made a second throwaway PREFECT_HOME mid-collection and left it behind.
"""
from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "data" / "raw"
SHARED = REPO.parent / "shared"
# The two sample articles' expected records (a copy of shared/gold/seeds.json, kept here so a
# clone without ../shared still runs the end-to-end checks of the product's own samples).
SEEDS_GOLD = REPO / "tests" / "gold" / "seeds.json"
