"""Find input files under a landing folder and read their bytes, without trusting names.

Landing layout: files arrive under `<input>/<YYYY-MM-DD>/...`, the arrival date, which is
also the output partition they are published in. Files outside such date folders ("loose"
files, e.g. a flat folder of samples) belong to the run's own date.

What is read, and what is only recorded (local folders):
- Only regular files are read. A named pipe, socket or device is listed with a problem
  (recorded `unreadable`, never opened), and so is every path the walk cannot enter: a
  folder it may not list, a symbolic link to a folder, a dangling or looping link.
- Discovery notes each file's size, modification time and identity (device, inode). The
  read opens the file without following links (every path component, `O_NOFOLLOW`) and
  without blocking (`O_NONBLOCK`), and checks with `fstat` that it is still that regular
  file, unchanged, before and after reading. A file that is not is left for the next run
  (`ChangedDuringRead`), so content swapped in after discovery is never taken.
"""
from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from storage.fs import Storage, is_remote

_DATE_DIR = re.compile(r"^\d{4}-\d{2}-\d{2}$")

LINK_OUTSIDE = "symbolic link to a location outside the input folder; not followed"
LINK_TO_FOLDER = ("symbolic link to a folder; not followed (folders are read where they really are, "
                  "if inside the input folder)")
LINK_BROKEN = "symbolic link to a missing target, or a loop of links; not followed"


@dataclass(frozen=True)
class InputFile:
    path: str  # relative to the input root, POSIX separators
    size: int
    problem: str = ""  # set when the file must not be read (e.g. a symlink leaving the root)
    documents: int = 1  # documents it holds, for sizing batches (JSON lines: its records; see flows.planning)
    # A slice of a JSON-lines file's records, (first, count), 0-based; count None = to the end of
    # the file; None = the whole file (see flows.planning.plan_batches)
    records: tuple[int, int | None] | None = None
    # Seen at discovery, checked again when the file is read (see `read_input`):
    mtime_ns: int | None = None  # modification time (local: st_mtime_ns; object storage: its LastModified)
    identity: tuple[int, int] | None = None  # (st_dev, st_ino) of the regular file found; local folders only


class ChangedDuringRead(OSError):
    """The file is no longer the one discovery listed (replaced, grown, truncated, turned
    into a link or a pipe), or it changed while it was read. Nothing of it is used: it is
    left for the next run, which takes it whole once it has stopped changing."""


class NotRegularFile(OSError):
    """The path is not a regular file (a pipe, socket, device or folder): never read."""


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
        if base.is_file():  # a single article: no landing partitions
            return []
        if not base.is_dir():
            raise FileNotFoundError(f"input folder not found: {root}")
        names = [p.name for p in base.iterdir() if p.is_dir()]
    return sorted(d for d in (landing_date(name) for name in names) if d is not None)


def discover_partition(root: str | os.PathLike[str], day: date | None) -> list[InputFile]:
    """The files of one landing partition (`day`), or the loose files (`None`), with paths
    relative to `root` so they stay unique across partitions."""
    if day is not None:
        return discover(root, under=day.isoformat())
    if is_remote(str(root)):
        return [f for f in discover(root) if landing_date(f.path.split("/", 1)[0]) is None or "/" not in f.path]
    return discover(root, loose_only=True)


def discover(root: str | os.PathLike[str], under: str | None = None, loose_only: bool = False) -> list[InputFile]:
    """Every file under `root` (or its subfolder `under`), sorted by relative path.

    Hidden files and folders (".git", ".DS_Store") are skipped. Only regular files are
    listed for reading; everything else found is listed with a problem, so that it is
    accounted for rather than silently skipped: symbolic links leaving the root (or
    pointing at a folder, or at nothing), pipes, sockets, devices, and folders that cannot
    be listed. `loose_only` leaves out the top-level date folders (they are landing
    partitions of their own). `root` may be an fsspec URL.
    """
    if is_remote(str(root)):
        return _discover_remote(root, under)
    base = Path(root).resolve()
    if base.is_file():  # a single article given as the input: its folder is the root
        return [] if under else [_discover_file(base.parent, base)]
    if not base.is_dir():
        raise FileNotFoundError(f"input folder not found: {root}")
    start = base / under if under else base
    if under and start.is_symlink():
        return [InputFile(under.strip("/"), 0, LINK_TO_FOLDER)]
    found: list[InputFile] = []

    def cannot_enter(exc: OSError) -> None:  # os.walk's onerror: a folder it could not list
        if exc.errno == errno.ENOENT:  # removed while the walk ran: nothing left to account for
            return
        folder = Path(exc.filename or start)
        rel = folder.relative_to(base).as_posix() if folder != base else "."
        found.append(InputFile(rel, 0, f"cannot read folder: {exc.strerror or exc}; its files were not listed"))

    for dirpath, dirnames, filenames in os.walk(start, onerror=cannot_enter, followlinks=False):
        here = Path(dirpath)
        top = here == base
        entered = []
        for name in sorted(d for d in dirnames if not d.startswith(".")):
            if loose_only and top and landing_date(name) is not None:
                continue  # a landing partition: discovered (and recorded) by its own run
            if (here / name).is_symlink():
                found.append(InputFile((here / name).relative_to(base).as_posix(), 0, LINK_TO_FOLDER))
            else:
                entered.append(name)
        dirnames[:] = entered
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            found.append(_discover_file(base, here / name))
    found.sort(key=lambda f: f.path)
    return found


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode):
        return "character device"
    if stat.S_ISBLK(mode):
        return "block device"
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISLNK(mode):
        return "symbolic link"
    return "special file"


def _discover_file(base: Path, full: Path) -> InputFile:
    rel = full.relative_to(base).as_posix()
    try:
        info = os.lstat(full)
        if stat.S_ISLNK(info.st_mode):
            try:
                target = Path(os.path.realpath(full, strict=True))
            except OSError:
                return InputFile(rel, 0, LINK_BROKEN)
            if not target.is_relative_to(base):
                return InputFile(rel, 0, LINK_OUTSIDE)
            info = os.lstat(target)  # a real path: no link left in it
            if stat.S_ISDIR(info.st_mode):
                return InputFile(rel, 0, LINK_TO_FOLDER)
    except OSError as exc:
        return InputFile(rel, 0, f"cannot stat file: {exc.strerror}")
    if not stat.S_ISREG(info.st_mode):
        return InputFile(rel, 0, f"not a regular file but a {_kind(info.st_mode)}; only regular files are read")
    return InputFile(rel, info.st_size, mtime_ns=info.st_mtime_ns, identity=(info.st_dev, info.st_ino))


# -- object storage -------------------------------------------------------------------------
def _discover_remote(root: str | os.PathLike[str], under: str | None) -> list[InputFile]:
    storage = Storage(root)
    prefix = f"{under.strip('/')}/" if under else ""
    path = storage.path(under or "")
    if not storage.fs.exists(path):
        return []
    strip = path.rstrip("/") + "/"
    found = []
    for name, info in storage.fs.find(path, detail=True).items():
        if info.get("type") == "directory" or not name.startswith(strip):
            continue
        rel = prefix + name[len(strip):]
        if any(part.startswith(".") for part in rel.split("/")):
            continue
        found.append(InputFile(rel, int(info.get("size") or 0), mtime_ns=remote_mtime_ns(info)))
    found.sort(key=lambda f: f.path)
    return found


def remote_mtime_ns(info: dict[str, Any]) -> int | None:
    """An object's modification time from what an fsspec listing gives (S3's LastModified,
    GCS's `updated`, a local or memory file's mtime/created), in ns; None when absent.
    Cheap: it comes with the listing discovery makes anyway, no request per object."""
    for key in ("mtime", "LastModified", "last_modified", "updated", "created"):
        value = info.get(key)
        if value in (None, ""):
            continue
        if isinstance(value, str):
            try:
                value = datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                continue
        if isinstance(value, datetime):
            return int(value.timestamp()) * 1_000_000_000 + value.microsecond * 1_000
        if isinstance(value, (int, float)):
            return int(value * 1_000_000_000)
    return None


# -- reading ---------------------------------------------------------------------------------
_OPEN_FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
_OPEN_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)


def _open_beneath(base: Path, relative: str) -> int:
    """Open `base/relative` read-only without following a symbolic link in any component
    below `base`, and without blocking (a FIFO opens at once). Raises `OSError` with errno
    ELOOP (or ENOTDIR) when a component is a link."""
    parts = relative.split("/")
    fd = os.open(base, os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0))
    try:
        for part in parts[:-1]:
            inner = os.open(part, _OPEN_DIR, dir_fd=fd)
            os.close(fd)
            fd = inner
        return os.open(parts[-1], _OPEN_FILE, dir_fd=fd)
    finally:
        os.close(fd)


def _open_input(base: Path, relative: str, expected: InputFile | None) -> int:
    """The input's descriptor: the path itself, or, when the path is a symbolic link, its
    target inside the input folder (as discovery does); never a location outside it."""
    try:
        return _open_beneath(base, relative)
    except OSError as exc:
        if exc.errno not in (errno.ELOOP, errno.ENOTDIR):
            raise
    target = Path(os.path.realpath(base / relative))
    if not target.is_relative_to(base):
        if expected is not None and expected.identity is not None:
            raise ChangedDuringRead(errno.ESTALE, f"replaced since discovery by a {LINK_OUTSIDE}")
        raise NotRegularFile(errno.ELOOP, LINK_OUTSIDE)
    try:
        return _open_beneath(base, target.relative_to(base).as_posix())
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):  # the links changed while we looked
            raise ChangedDuringRead(errno.ESTALE, "its symbolic links changed while it was opened") from exc
        raise


def _read_upto(fd: int, count: int) -> bytes:
    chunks = []
    while count > 0:
        chunk = os.read(fd, min(count, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        count -= len(chunk)
    return b"".join(chunks)


def read_input(root: str | os.PathLike[str], item: InputFile, limit: int) -> bytes:
    """At most `limit` + 1 bytes of `item` (so an oversized file is detected without loading
    it whole), checked to be the file discovery listed.

    Raises `ChangedDuringRead` when it is not, or when it changed while it was read (size,
    modification or change time differ between the `fstat` before and after the read, or
    fewer bytes came than it holds), and `NotRegularFile` for anything but a regular file.
    Neither ever blocks: the file is opened with `O_NONBLOCK` and checked before reading.
    """
    if is_remote(str(root)):
        return _read_remote(root, item, limit)
    base = Path(os.path.realpath(root))
    if base.is_file():  # a single article given as the input (see `discover`)
        base = base.parent
    fd = _open_input(base, item.path, item)
    try:
        before = os.fstat(fd)
        if not stat.S_ISREG(before.st_mode):
            if item.identity is not None:
                raise ChangedDuringRead(errno.ESTALE, f"is no longer a regular file but a {_kind(before.st_mode)}")
            raise NotRegularFile(errno.EINVAL, f"not a regular file but a {_kind(before.st_mode)}; "
                                               "only regular files are read")
        if item.identity is not None and (before.st_dev, before.st_ino) != item.identity:
            raise ChangedDuringRead(errno.ESTALE, "was replaced by another file since discovery")
        if item.mtime_ns is not None and (before.st_size, before.st_mtime_ns) != (item.size, item.mtime_ns):
            raise ChangedDuringRead(errno.ESTALE, f"changed since discovery ({item.size} -> {before.st_size} bytes)")
        data = _read_upto(fd, limit + 1)
        after = os.fstat(fd)
    finally:
        os.close(fd)
    if ((after.st_size, after.st_mtime_ns, after.st_ctime_ns) != (before.st_size, before.st_mtime_ns,
                                                                   before.st_ctime_ns)
            or len(data) != min(before.st_size, limit + 1)):
        raise ChangedDuringRead(errno.ESTALE, f"changed while it was read ({before.st_size} -> {after.st_size} "
                                              f"bytes, {len(data)} read)")
    return data


def _read_remote(root: str | os.PathLike[str], item: InputFile, limit: int) -> bytes:
    storage = Storage(root)
    with storage.fs.open(storage.path(item.path), "rb") as handle:
        data = handle.read(limit + 1)
        details = getattr(handle, "details", None) or {}
    if item.mtime_ns is None:  # not from discovery: nothing to compare with
        return data
    if len(data) != min(item.size, limit + 1):
        raise ChangedDuringRead(errno.ESTALE, f"changed since discovery ({item.size} bytes listed, "
                                              f"{len(data)} read)")
    now = remote_mtime_ns(details) if details else None
    # A listing gives LastModified to the millisecond, a HEAD to the second: compare seconds.
    if now is not None and now // 1_000_000_000 != item.mtime_ns // 1_000_000_000:
        raise ChangedDuringRead(errno.ESTALE, "was overwritten since discovery")
    return data


def read_bytes(root: str | os.PathLike[str], relative: str, limit: int, discovered: InputFile | None = None) -> bytes:
    """At most `limit` + 1 bytes of the file at `relative`: `read_input` on what discovery
    listed there, or, without it, with the same rules (no link out of the root, regular
    files only, never blocks) but nothing to compare with."""
    return read_input(root, discovered if discovered is not None else InputFile(relative, 0), limit)
