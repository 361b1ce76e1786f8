"""Start the pieces of a cluster as separate processes on loopback, as on separate machines.

Shared by `tests/test_dask_deployment.py` (the README's cluster recipe, run for real) and
`benchmarks/scale.py` (docs/s with 1 and 2 Dask workers against a local run), so both start
moto's S3 server, a Prefect server and `dask scheduler` / `dask worker` processes the same
way: each process in its own folder and its own session (so a kill takes its children, as
losing a machine would), logging to a file in that folder, with only the environment it is
given (no PYTHONPATH, no checkout as working folder), on ports chosen at run time.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.fs  # noqa: F401 - pa.fs below

BIN = Path(sys.executable).parent  # the installed scripts: moto_server, prefect, dask, newsetl


def free_port() -> int:
    """A loopback port free right now (the OS picks it, so parallel runs do not collide)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bare_env(home: Path, *, api: str, s3_endpoint: str, key: str, secret: str) -> dict[str, str]:
    """What each "machine" gets: the shared Prefect server, the storage credentials and a home
    of its own, nothing else from the caller's environment."""
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "LANG": "C.UTF-8",
            "PREFECT_API_URL": api, "PREFECT_HOME": str(home / "prefect"),
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "AWS_ACCESS_KEY_ID": key,
            "AWS_SECRET_ACCESS_KEY": secret, "AWS_DEFAULT_REGION": "us-east-1", "AWS_ENDPOINT_URL": s3_endpoint}


class Processes:
    """Each process in its own folder and session, logging to a file; all stopped at the end."""

    def __init__(self, root: Path, env: dict[str, str]) -> None:
        self.root, self.env, self.started = root, env, {}

    def start(self, name: str, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
        folder = self.root / name
        folder.mkdir(parents=True, exist_ok=True)
        process = subprocess.Popen(list(args), cwd=folder, env={**self.env, **(env or {})}, start_new_session=True,
                                   stdout=open(folder / "log", "w"), stderr=subprocess.STDOUT)
        self.started[name] = process
        return process

    def log(self, name: str, tail: int = 3000) -> str:
        path = self.root / name / "log"
        return f"--- {name} ---\n" + (path.read_text(errors="replace")[-tail:] if path.exists() else "")

    def logs(self) -> str:
        return "\n".join(self.log(name) for name in self.started)

    def kill(self, name: str) -> None:
        try:
            os.killpg(self.started[name].pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.started[name].wait(30)

    def stop(self, names: Iterable[str]) -> None:
        """SIGINT to each process group (a clean shutdown), SIGKILL to what is left after 20 s."""
        names = [name for name in names if name in self.started]
        for name in names:
            try:
                os.killpg(self.started[name].pid, signal.SIGINT)
            except ProcessLookupError:
                continue
        deadline = time.monotonic() + 20
        for name in names:
            try:
                self.started[name].wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
            self.kill(name)

    def stop_all(self) -> None:
        self.stop(list(self.started))


def wait_until(condition: Callable[[], object], seconds: float, what: str, logs: Callable[[], str]) -> None:
    """Poll `condition` once a second (exceptions count as "not yet"); AssertionError with
    `what` and the processes' logs when it is still false after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except Exception:  # noqa: BLE001 - not up yet
            pass
        time.sleep(1)
    raise AssertionError(f"{what} within {seconds:.0f} s\n{logs()}")


def start_s3(procs: Processes, port: int, name: str = "s3") -> subprocess.Popen:
    """moto's S3-compatible server on 127.0.0.1:`port`."""
    return procs.start(name, str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port))


def start_prefect_server(procs: Processes, port: int, name: str = "prefect-server") -> subprocess.Popen:
    """A Prefect server on 127.0.0.1:`port` (SQLite under the environment's PREFECT_HOME)."""
    return procs.start(name, str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port))


def start_dask(procs: Processes, port: int, workers: Iterable[str], prefix: str = "",
               nthreads: int = 1) -> str:
    """A `dask scheduler` on 127.0.0.1:`port` and one `dask worker` (with its nanny) per name
    in `workers`, each in its own folder under `prefix`; returns the scheduler's address.
    Wait for the workers with `wait_for_workers`."""
    scheduler = f"tcp://127.0.0.1:{port}"
    procs.start(f"{prefix}dask-scheduler", str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port",
                str(port), "--no-dashboard")
    for name in workers:
        procs.start(f"{prefix}{name}", str(BIN / "dask"), "worker", scheduler, "--name", name, "--nthreads",
                    str(nthreads), "--no-dashboard", "--local-directory", ".")
    return scheduler


def wait_for_workers(procs: Processes, scheduler: str, count: int, seconds: float = 300) -> None:
    """Until `count` workers have joined the scheduler at `scheduler`."""
    from distributed import Client

    with Client(scheduler, timeout=120, set_as_default=False) as client:
        wait_until(lambda: len(client.nthreads()) == count, seconds, f"{count} Dask worker(s) did not join",
                   procs.logs)


def read_tables(fs, prefix: str, name: str) -> pa.Table:
    """All partitions of one published table under `prefix` (a bucket path for `fs`, an
    fsspec file system: s3fs, or fsspec's local one), `ingest_date` read from the folders."""
    part = ds.partitioning(pa.schema([("ingest_date", pa.date32())]), flavor="hive")
    arrow = pa.fs.PyFileSystem(pa.fs.FSSpecHandler(fs))
    return ds.dataset(f"{prefix}/{name}", format="parquet", partitioning=part, filesystem=arrow).to_table()
