"""Checks on the input and output locations a run is given, made before any work starts,
and the one way a location is shown to people and machines.

Why here and not in the flow's tasks: a missing input, an output inside the input, or an
output that cannot be written is a usage error. It must end the run at once with one clear
line, not be retried as if it were a passing storage error, and not be discovered after the
documents have been parsed.
"""
from __future__ import annotations

import os
import re
import time
import uuid
from pathlib import Path
from typing import Callable, TypeVar

from storage.fs import Storage, is_remote, normalise

# `scheme://user:password@host/...`: the userinfo part of a URL. s3fs refuses such URLs, but the
# text itself would otherwise reach logs, `runs.parameters_json` and Prefect's database.
_USERINFO = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<userinfo>[^/@\s]*@)")
# Query parameters that carry secrets in presigned or SAS URLs.
_SECRET_QUERY = re.compile(r"(?i)([?&](?:X-Amz-Credential|X-Amz-Signature|X-Amz-Security-Token|sig|signature|"
                           r"token|access_key|secret|secret_key|password|key)=)[^&#\s]*")
REDACTED = "***"
# Object storage may answer 503 for a while: the checks retry like the pipeline's I/O tasks.
# A missing bucket (FileNotFoundError) or a refusal (PermissionError) is final at once.
REMOTE_RETRY_DELAYS = (1.0, 5.0, 15.0)

T = TypeVar("T")


class LocationError(ValueError):
    """A location the run cannot use: a usage error (exit status 2), never retried."""


def redact(text: str) -> str:
    """`text` with the credentials of every URL in it replaced by `***`: the userinfo
    (`s3://KEY:SECRET@bucket` -> `s3://***@bucket`) and secret query parameters. Applied to
    every location before it is logged, stored or sent to Prefect as a parameter."""
    text = _USERINFO.sub(lambda m: f"{m.group('scheme')}{REDACTED}@", str(text))
    return _SECRET_QUERY.sub(lambda m: f"{m.group(1)}{REDACTED}", text)


def _remote(call: Callable[[], T], delays: tuple[float, ...] = REMOTE_RETRY_DELAYS) -> T:
    for delay in (*delays, None):
        try:
            return call()
        except (FileNotFoundError, PermissionError):
            raise
        except Exception:  # noqa: BLE001 - throttling, timeouts: may pass
            if delay is None:
                raise
            time.sleep(delay)
    raise AssertionError("unreachable")


def has_credentials(location: str) -> bool:
    return redact(location) != str(location)


def _key(location: str) -> tuple[str, str]:
    """(protocol, absolute path without trailing slash) for comparing two locations."""
    text = normalise(location)
    if not is_remote(text):
        return "file", os.path.realpath(text)
    protocol, _, rest = text.partition("://")
    return protocol.lower(), "/" + rest.strip("/")


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip("/") + "/")


def check_input(location: str) -> None:
    """The input must exist: a local folder or file, or a bucket/prefix holding something."""
    if has_credentials(location):
        raise LocationError(f"credentials in a location are refused (use the environment): {redact(location)}")
    if not is_remote(location):
        path = Path(normalise(location))
        if not path.exists():
            raise LocationError(f"input not found: {location}")
        if not (path.is_dir() or path.is_file()):
            raise LocationError(f"input is neither a folder nor a regular file: {location}")
        return
    storage = Storage(location)
    try:
        found = _remote(lambda: storage.fs.exists(storage.root))
    except Exception as exc:  # noqa: BLE001 - e.g. no such bucket, access denied
        raise LocationError(f"input location cannot be read: {redact(location)} ({type(exc).__name__}: "
                            f"{redact(str(exc))})") from None
    if not found:
        raise LocationError(f"input location not found: {redact(location)}")


def check_output(location: str) -> None:
    """The output must be writable: a probe object is written and removed under its root."""
    if has_credentials(location):
        raise LocationError(f"credentials in a location are refused (use the environment): {redact(location)}")
    storage = Storage(location)
    probe = storage.path("_locks", f".write-check-{uuid.uuid4().hex}")
    try:
        if storage.local and os.path.exists(storage.root) and not os.path.isdir(storage.root):
            raise LocationError(f"output location is not a folder: {location}")
        storage.makedirs(os.path.dirname(probe))
        if storage.local:
            storage.write_bytes(probe, b"")
            storage.fs.rm(probe)
        else:
            _remote(lambda: storage.write_bytes(probe, b""))
            _remote(lambda: storage.fs.rm(probe))
    except LocationError:
        raise
    except Exception as exc:  # noqa: BLE001 - permission, read-only file system, no such bucket, ...
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else f"{type(exc).__name__}: {exc}"
        raise LocationError(f"output location cannot be written: {redact(location)} ({redact(reason)})") from None


def check_locations(input_location: str, output_location: str) -> None:
    """Everything a run needs of its locations, or a `LocationError` naming what is wrong.

    The output may not be at or inside the input (the run would ingest its own lock files
    and Data Docs), nor the input inside the output (it would read its own tables)."""
    check_input(input_location)
    source, target = _key(input_location), _key(output_location)
    if source[0] == target[0]:
        if _inside(target[1], source[1]):
            raise LocationError(f"the output location {redact(output_location)} is inside the input "
                                f"{redact(input_location)}: choose an output outside it")
        if _inside(source[1], target[1]):
            raise LocationError(f"the input {redact(input_location)} is inside the output location "
                                f"{redact(output_location)}: choose an input outside it")
    check_output(output_location)


def remote_cluster(address: str | None) -> bool:
    """Whether `address` names a Dask cluster whose workers may run on other machines: any
    scheduler address; not "local" (a LocalCluster on this machine) and not none."""
    return bool(address) and str(address).strip().lower() != "local"


def check_cluster_locations(input_location: str, output_location: str, dask_address: str | None) -> None:
    """A remote Dask cluster's workers read the inputs and write the staged batches
    themselves, so both locations must be object storage (or another URL every machine
    reaches). Refused up front, with one line: a local path used to surface only as an
    unrelated "No such file ... batch-00000.json" deep inside a worker."""
    if not remote_cluster(dask_address):
        return
    local = [f"{what} {redact(str(where))}" for what, where in (("input", input_location),
                                                                 ("output", output_location))
             if where and not is_remote(str(where))]
    if local:
        raise LocationError(f"the Dask cluster at {redact(str(dask_address))} cannot reach the local "
                            f"{' and '.join(local)}: use object storage (s3://...) for both, or --dask local")
