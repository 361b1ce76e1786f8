"""One storage abstraction for every byte the pipeline reads or writes outside its workers.

A location is a local path or an fsspec URL (`s3://bucket/prefix`, `memory://...`). The few
operations the pipeline needs are implemented once here, with the semantics it relies on:

- `write_bytes` and `replace` make a whole object visible at once: on a local disk through
  a temporary file and `os.replace`; on object storage because a PUT or a server-side copy
  of one object is atomic (readers see the old object or the new one, never a part);
- `lock` is `flock` on a local disk and, on object storage, a lock object created with an
  exclusive write (`If-None-Match: *`), which S3 and S3-compatible servers enforce; a lock
  older than `LOCK_TTL_SECONDS` is taken to belong to a dead run and is broken.

Credentials are never passed through here: fsspec/botocore read them from the environment
(AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_ENDPOINT_URL, ...) or their own config files,
so they do not appear in flow parameters, logs or artifacts.
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import fsspec
import pyarrow.fs as pafs

LOCK_TTL_SECONDS = 6 * 3600  # a run holding a partition longer than this is presumed dead
LOCK_POLL_SECONDS = 1.0


def is_remote(location: str) -> bool:
    return "://" in str(location) and not str(location).startswith("file://")


def normalise(location: str | os.PathLike[str]) -> str:
    """Absolute path for local locations, the URL unchanged (minus a trailing slash) otherwise."""
    text = str(location)
    if is_remote(text):
        return text.rstrip("/")
    return str(Path(text.removeprefix("file://")).resolve())


class Storage:
    def __init__(self, location: str | os.PathLike[str]) -> None:
        self.url = normalise(location)
        self.local = not is_remote(self.url)
        if self.local:
            self.fs = fsspec.filesystem("file")
            self.root = self.url
        else:
            self.fs, self.root = fsspec.core.url_to_fs(self.url)
            self.root = self.root.rstrip("/")
        self.arrow = pafs.LocalFileSystem() if self.local else pafs.PyFileSystem(pafs.FSSpecHandler(self.fs))

    # -- paths ----------------------------------------------------------------------------
    def path(self, *parts: str) -> str:
        return "/".join([self.root, *[p.strip("/") for p in parts if p]])

    def display(self, path: str) -> str:
        """A path as a user would type it (URL for remote storage)."""
        if self.local:
            return path
        protocol = self.fs.protocol if isinstance(self.fs.protocol, str) else self.fs.protocol[0]
        return f"{protocol}://{path}"

    # -- reading --------------------------------------------------------------------------
    def exists(self, path: str) -> bool:
        return self.fs.exists(path)

    def read_bytes(self, path: str, limit: int | None = None) -> bytes:
        with self.fs.open(path, "rb") as handle:
            return handle.read() if limit is None else handle.read(limit)

    def list_dirs(self, path: str) -> list[str]:
        """Names of the folders directly under `path` (empty when it does not exist)."""
        if not self.fs.exists(path):
            return []
        return sorted(entry["name"].rstrip("/").rsplit("/", 1)[-1]
                      for entry in self.fs.ls(path, detail=True) if entry["type"] == "directory")

    def find(self, path: str) -> list[tuple[str, int]]:
        """(path relative to `path`, size) of every file below `path`."""
        if not self.fs.exists(path):
            return []
        prefix = path.rstrip("/") + "/"
        found = self.fs.find(path, detail=True)
        return sorted((name[len(prefix):], int(info.get("size") or 0)) for name, info in found.items()
                      if info.get("type") != "directory" and name.startswith(prefix))

    # -- writing --------------------------------------------------------------------------
    def makedirs(self, path: str) -> None:
        if self.local:
            os.makedirs(path, exist_ok=True)

    def write_bytes(self, path: str, data: bytes) -> None:
        if self.local:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            handle, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tmp-")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(data)
                os.replace(tmp, path)
            except BaseException:  # e.g. ENOSPC: leave no temporary file behind
                try:
                    os.remove(tmp)
                except OSError:
                    pass
                raise
        else:
            self.fs.pipe_file(path, data)

    def replace(self, source: str, target: str) -> None:
        """Move `source` over `target` so that readers never see a partial `target`."""
        if self.local:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.replace(source, target)
            fd = os.open(os.path.dirname(target), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        else:
            self.fs.copy(source, target)
            self.fs.rm(source)

    def remove_tree(self, path: str) -> None:
        if self.local:
            shutil.rmtree(path, ignore_errors=True)
        elif self.fs.exists(path):
            self.fs.rm(path, recursive=True)

    def put_tree(self, local_dir: str | os.PathLike[str], path: str) -> None:
        """Copy a local folder (e.g. rendered Data Docs) to `path`."""
        if self.local:
            shutil.copytree(local_dir, path, dirs_exist_ok=True)
        else:
            self.fs.put(str(local_dir).rstrip("/") + "/", path, recursive=True)

    # -- locking --------------------------------------------------------------------------
    @contextmanager
    def lock(self, name: str) -> Iterator[None]:
        """Exclusive lock `name` (a path under the root); other holders wait."""
        path = self.path("_locks", name + ".lock")
        if self.local:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX)
                try:
                    yield
                finally:
                    fcntl.flock(handle, fcntl.LOCK_UN)
            return
        token = json.dumps({"owner": uuid.uuid4().hex, "pid": os.getpid(),
                            "since": datetime.now(timezone.utc).isoformat()}).encode()
        while True:
            try:
                self.fs.pipe_file(path, token, mode="create")  # If-None-Match: *
                break
            except FileExistsError:
                self._break_if_stale(path)
                time.sleep(LOCK_POLL_SECONDS)
        try:
            yield
        finally:
            try:
                if self.fs.cat_file(path) == token:
                    self.fs.rm(path)
            except FileNotFoundError:
                pass

    def _break_if_stale(self, path: str) -> None:
        try:
            since = datetime.fromisoformat(json.loads(self.fs.cat_file(path))["since"])
        except (FileNotFoundError, ValueError, KeyError):
            return
        if (datetime.now(timezone.utc) - since).total_seconds() > LOCK_TTL_SECONDS:
            self.fs.rm(path)
