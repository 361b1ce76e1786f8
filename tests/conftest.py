"""Shared fixtures. Prefect state goes to a throwaway PREFECT_HOME, never ~/.prefect."""
from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="newsetl-prefect-home-")
# Registered before Prefect is imported, so it runs after Prefect's own exit hooks have stopped
# any ephemeral server that still writes to this home (atexit runs hooks last-in, first-out).
atexit.register(shutil.rmtree, os.environ["PREFECT_HOME"], True)
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
os.environ.pop("PREFECT_API_URL", None)

from tests.paths import RAW, SEEDS_GOLD  # noqa: E402  (after the environment is set)


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect API for the whole session (Prefect's documented test pattern)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90):
        yield


@pytest.fixture(scope="session")
def gold() -> dict:
    return json.loads(SEEDS_GOLD.read_text(encoding="utf-8"))["documents"]


@pytest.fixture
def sample_input(tmp_path: Path) -> Path:
    """A private copy of data/raw, so tests can add files next to the samples."""
    target = tmp_path / "raw"
    shutil.copytree(RAW, target)
    return target
