"""Find input files under a landing folder and read their bytes, without trusting names.

Landing layout: files arrive under `<input>/<YYYY-MM-DD>/...`, the arrival date, which is
also the output partition they are published in. Files outside such date folders ("loose"
files, e.g. a flat folder of samples) belong to the run's own date.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from storage.fs import Storage, is_remote

_DATE_DIR = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class InputFile:
    path: str  # relative to the input root, POSIX separators
    size: int
    problem: str = ""  # set when the file must not be read (e.g. a symlink leaving the root)
    documents: int = 1  # documents it holds, for sizing batches (JSON lines: its records; see flows.steps)


def landing_date(name: str) -> date | None:
    """The date a top-level landing folder stands for, or None when it is not a date folder."""
    if not _DATE_DIR.match(name):
        return None
    try:
        return date.fromisoformat(name)
    except ValueError:
        return None


def landing_dates(root: str | os.PathLike[str]) -> list[date]:
    """Dates of the landing partitions present under `root`, oldest first."""
    if is_remote(str(root)):
        storage = Storage(root)
        names = storage.list_dirs(storage.root)
    else:
        base = Path(root)
        if not base.is_dir():
            raise FileNotFoundError(f"input folder not found: {root}")
        names = [p.name for p in base.iterdir() if p.is_dir()]
    return sorted(d for d in (landing_date(name) for name in names) if d is not None)


def discover_partition(root: str | os.PathLike[str], day: date | None) -> list[InputFile]:
    """The files of one landing partition (`day`), or the loose files (`None`), with paths
    relative to `root` so they stay unique across partitions."""
    if day is not None:
        return discover(root, under=day.isoformat())
    return [f for f in discover(root) if landing_date(f.path.split("/", 1)[0]) is None or "/" not in f.path]


def discover(root: str | os.PathLike[str], under: str | None = None) -> list[InputFile]:
    """Every regular file under `root` (or its subfolder `under`), sorted by relative path.

    Hidden files and folders (".git", ".DS_Store") are skipped. Symbolic links are listed
    but never followed outside the root: such a link is reported with a problem so that it
    is accounted for rather than silently skipped. `root` may be an fsspec URL.
    """
    if is_remote(str(root)):
        storage = Storage(root)
        prefix = f"{under.strip('/')}/" if under else ""
        return [InputFile(prefix + rel, size) for rel, size in storage.find(storage.path(under or ""))
                if not any(part.startswith(".") for part in (prefix + rel).split("/"))]
    base = Path(root).resolve()
    if not base.is_dir():
        raise FileNotFoundError(f"input folder not found: {root}")
    start = base / under if under else base
    found: list[InputFile] = []
    for dirpath, dirnames, filenames in os.walk(start, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            full = Path(dirpath) / name
            rel = full.relative_to(base).as_posix()
            if full.is_symlink():
                target = full.resolve()
                if not target.is_relative_to(base) or not target.is_file():
                    found.append(InputFile(rel, 0, "symbolic link to a location outside the input folder; not followed"))
                    continue
            try:
                size = full.stat().st_size
            except OSError as exc:
                found.append(InputFile(rel, 0, f"cannot stat file: {exc.strerror}"))
                continue
            found.append(InputFile(rel, size))
    found.sort(key=lambda f: f.path)
    return found


def read_bytes(root: str | os.PathLike[str], relative: str, limit: int) -> bytes:
    """Read at most `limit` + 1 bytes, so an oversized file is detected without loading it whole."""
    if is_remote(str(root)):
        storage = Storage(root)
        return storage.read_bytes(storage.path(relative), limit + 1)
    with open(Path(root) / relative, "rb") as handle:
        return handle.read(limit + 1)
