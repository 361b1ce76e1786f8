"""Find input files under a landing folder and read their bytes, without trusting names."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class InputFile:
    path: str  # relative to the input root, POSIX separators
    size: int
    problem: str = ""  # set when the file must not be read (e.g. a symlink leaving the root)


def discover(root: str | os.PathLike[str]) -> list[InputFile]:
    """Every regular file under `root`, sorted by relative path.

    Hidden files and folders (".git", ".DS_Store") are skipped. Symbolic links are listed
    but never followed outside the root: such a link is reported with a problem so that it
    is accounted for rather than silently skipped.
    """
    base = Path(root).resolve()
    if not base.is_dir():
        raise FileNotFoundError(f"input folder not found: {root}")
    found: list[InputFile] = []
    for dirpath, dirnames, filenames in os.walk(base, followlinks=False):
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
    with open(Path(root) / relative, "rb") as handle:
        return handle.read(limit + 1)
