"""The batch tasks on Dask: a LocalCluster (real worker processes) publishes exactly what the
default runner publishes; a document that kills its process on a Dask worker is quarantined
alone; a cluster without workers, or one that loses them all mid-run, fails the run in bounded
time with the reason, and the partition lock is released.

How faults reach the Dask workers: the workers preload this module (`dask_setup`, below),
which reads NEWSETL_TEST_DASK_FAULT. Nothing in the pipeline knows about it."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from datetime import date
from pathlib import Path

import pytest

from flows import batch, batch_work
from schemas import PARTITION_TABLES, TABLES
from tests.paths import RAW, REPO
from tests.support import read_table

pytestmark = pytest.mark.slow
DAY = date(2026, 11, 12)
RUN_COLUMNS = {"run_id", "ingested_at"}  # differ between any two runs by design
FAULT_ENV = "NEWSETL_TEST_DASK_FAULT"
MARKER = "KILL-THIS-PROCESS"
ARTICLE = ("The regional water board said on Thursday that the reservoir had reached 92 per cent of its capacity "
           "after a wet autumn, easing fears of restrictions next summer. Officials will review the forecast in "
           "the spring.\n")
REAL_WARM_UP = batch_work.warm_up


# -- fault points, armed in the Dask workers (preload) and their document processes ---------
def dask_setup(worker) -> None:
    """Dask worker preload hook: arm the fault NEWSETL_TEST_DASK_FAULT names."""
    fault = os.environ.get(FAULT_ENV, "")
    if fault == "crash-marked":
        # The document processes this Dask worker starts run this initializer instead.
        batch_work.warm_up = warm_up_then_crash_on_marked_documents
    elif fault.startswith("block:"):
        flag = Path(fault.removeprefix("block:"), "batch-started")

        def block(*args, **kwargs):
            flag.write_text(str(os.getpid()))
            time.sleep(600)  # the test kills this worker long before

        batch.process_batch = block


def warm_up_then_crash_on_marked_documents() -> None:
    """Document-process initializer: the real warm-up, then a document holding MARKER makes
    its process die of SIGSEGV, as a parser crash would."""
    REAL_WARM_UP()
    real = batch_work.process_documents_packed

    def crash_on_marker(raws, ingest_date=None):
        if any(MARKER in (raw.content or "") for raw in raws):
            os.kill(os.getpid(), signal.SIGSEGV)
        return real(raws, ingest_date)

    batch_work.process_documents_packed = crash_on_marker


def contents(out, name: str) -> list[tuple]:
    table = read_table(out, name)
    keep = [c for c in table.column_names if c not in RUN_COLUMNS]
    return sorted(tuple(str(v) for v in row.values()) for row in table.select(keep).to_pylist())


def test_dask_local_cluster_publishes_the_same_rows_as_the_default_runner(prefect_harness, tmp_path):
    from flows.ingest import ingest

    shutil.copytree(RAW, tmp_path / "raw")
    (tmp_path / "raw" / "empty.txt").write_bytes(b"")
    default = ingest(input_dir=str(tmp_path / "raw"), output_dir=str(tmp_path / "default"), ingest_date=DAY,
                     batch_size=2)
    on_dask = ingest(input_dir=str(tmp_path / "raw"), output_dir=str(tmp_path / "dask"), ingest_date=DAY,
                     batch_size=2, dask_address="local")
    assert default["published"] == on_dask["published"] == 6 and on_dask["quarantined"] == 1
    for name in PARTITION_TABLES:
        assert contents(tmp_path / "dask", name) == contents(tmp_path / "default", name), name
    runs = read_table(tmp_path / "dask", "runs").to_pylist()
    assert '"dask_address": "local"' in runs[0]["parameters_json"]


def test_a_document_that_kills_its_process_on_a_dask_worker_is_quarantined_alone(prefect_harness, tmp_path,
                                                                                 monkeypatch):
    import dask

    from flows.ingest import ingest

    shutil.copytree(RAW, tmp_path / "raw")
    # Sorted between two good files, so it shares a batch (of 2) with one of them.
    (tmp_path / "raw" / "001-marked.txt").write_text(ARTICLE.replace("water board", f"water board {MARKER}"))
    monkeypatch.setenv(FAULT_ENV, "crash-marked")  # inherited by the LocalCluster's worker processes
    with dask.config.set({"distributed.worker.preload": ["tests.test_dask_runner"]}):
        summary = ingest(input_dir=str(tmp_path / "raw"), output_dir=str(tmp_path / "out"), ingest_date=DAY,
                         batch_size=2, dask_address="local")
    assert summary["published"] == 6 and summary["quarantined"] == 1
    documents = {d["path"]: d for d in read_table(tmp_path / "out", "documents").to_pylist()}
    assert documents["001-marked.txt"]["status"] == "quarantined"
    assert "killed by SIGSEGV" in documents["001-marked.txt"]["reason"]
    assert documents["000_ff8034573ac0bc45.txt"]["status"] == "published"  # its batch-mate


def _memory_landing() -> tuple[str, str]:
    """A landing zone on fsspec's in-memory storage (a URL, as a remote cluster requires)."""
    import fsspec

    root = f"/newsetl-dask-{uuid.uuid4().hex[:8]}"
    fsspec.filesystem("memory").pipe_file(f"{root}/landing/2026-11-12/a.txt", ARTICLE.encode())
    return f"memory://{root}/landing", f"memory://{root}/tables"


def _recorded_runs(output: str) -> list[dict]:
    from storage.tables import TableStore

    store = TableStore(output)
    return [row for batch in store.scan_all(TABLES["runs"], ["status", "error"]) for row in batch.to_pylist()]


def test_a_cluster_without_workers_fails_the_run_within_the_timeout_saying_why(prefect_harness, monkeypatch):
    from distributed import LocalCluster

    from flows.ingest import ClusterUnavailable, ingest
    from storage.fs import Storage

    landing, tables = _memory_landing()
    monkeypatch.setenv("NEWSETL_DASK_WORKER_TIMEOUT", "2")
    with LocalCluster(n_workers=0, processes=False, protocol="tcp", host="127.0.0.1",
                      dashboard_address=None) as cluster:
        began = time.monotonic()
        with pytest.raises(ClusterUnavailable, match="has no workers: none joined within 2 s"):
            ingest(input_dir=landing, output_dir=tables, dask_address=cluster.scheduler_address)
        assert time.monotonic() - began < 120
    [run] = _recorded_runs(tables)
    assert run["status"] == "failed" and "ClusterUnavailable" in run["error"] and "no workers" in run["error"]
    storage = Storage(tables)
    assert not [p for p, _ in storage.find(storage.path("_locks")) if p.endswith(".lock")]


def test_a_run_whose_workers_all_die_fails_releases_its_lock_and_says_why(prefect_harness, tmp_path, monkeypatch):
    from distributed import Client, LocalCluster
    from prefect.settings import get_current_settings

    from flows.ingest import ClusterUnavailable, ingest
    from storage.fs import Storage

    landing, tables = _memory_landing()
    with LocalCluster(n_workers=0, processes=False, protocol="tcp", host="127.0.0.1",
                      dashboard_address=None) as cluster:
        env = {**os.environ, FAULT_ENV: f"block:{tmp_path}", "PREFECT_API_URL": get_current_settings().api.url}
        worker = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", cluster.scheduler_address,
                                   "--no-nanny", "--nthreads", "1", "--no-dashboard", "--preload",
                                   "tests.test_dask_runner", "--local-directory", str(tmp_path / "worker")],
                                  cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=open(tmp_path / "worker.log", "w"))
        try:
            with Client(cluster.scheduler_address, set_as_default=False) as client:
                deadline = time.monotonic() + 300
                while not client.nthreads() and worker.poll() is None and time.monotonic() < deadline:
                    time.sleep(0.5)
                assert client.nthreads(), (tmp_path / "worker.log").read_text()[-3000:]

            def kill_when_the_batch_runs():
                flag = tmp_path / "batch-started"
                deadline = time.monotonic() + 600
                while not flag.exists() and time.monotonic() < deadline:
                    time.sleep(0.2)
                worker.kill()  # SIGKILL: the cluster's only worker is gone mid-batch

            killer = threading.Thread(target=kill_when_the_batch_runs, daemon=True)
            killer.start()
            monkeypatch.setenv("NEWSETL_DASK_WORKER_TIMEOUT", "5")
            with pytest.raises(ClusterUnavailable, match="has had no workers for 5 s"):
                ingest(input_dir=landing, output_dir=tables, dask_address=cluster.scheduler_address)
            killer.join(5)
        finally:
            worker.kill()
            worker.wait(30)
    assert (tmp_path / "batch-started").exists()  # it failed mid-batch, not before
    [run] = _recorded_runs(tables)
    assert run["status"] == "failed" and "has had no workers" in run["error"]
    storage = Storage(tables)
    left = [p for p, _ in storage.find(storage.path("_locks")) if p.endswith(".lock")]
    assert not left and not storage.find(storage.path("_staging"))  # lock released, staging cleared


def test_a_run_given_local_paths_and_a_remote_cluster_fails_at_once_saying_why(prefect_harness, tmp_path):
    from flows.ingest import ingest
    from storage.locations import LocationError

    shutil.copytree(RAW, tmp_path / "raw")
    began = time.monotonic()
    # Port 9 (discard): nothing listens there, and nothing must try to connect before refusing.
    with pytest.raises(LocationError, match="cannot reach the local input"):
        ingest(input_dir=str(tmp_path / "raw"), output_dir=str(tmp_path / "out"), dask_address="tcp://127.0.0.1:9")
    assert time.monotonic() - began < 120  # no retries, no connection attempts
    [run] = read_table(tmp_path / "out", "runs").to_pylist()
    assert run["status"] == "failed"
    assert "LocationError: the Dask cluster at tcp://127.0.0.1:9 cannot reach the local input" in run["error"]
    assert not (tmp_path / "out" / "articles").exists()
