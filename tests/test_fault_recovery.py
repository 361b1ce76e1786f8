"""Issue 24, "nothing lost, nothing leaked, no hangs": real faults, real flow runs, Parquet read back.

- A worker process killed (SIGKILL, from this test process) while it validates and stages a
  batch, or while it runs a partition step, costs no document: the job is retried on another
  worker; if it keeps failing the partition fails and its documents stay unrecorded, so the
  next plain run takes them.
- A publish interrupted between two table swaps is completed from its journal, so children
  are not left visible without their parents.
- A nearly full disk gives a clear error naming the location, never a segfault, and leaves
  the published files byte for byte as they were.

How the kills are placed: the flow's workers run `flows.batch_work.warm_up` as their initializer. The
tests swap in `warm_up_with_faults` (a function of this module, so a spawned worker imports
it by name), which also wraps one function in the worker at a named point. When a worker
reaches that point while the test still has kills to spend, it writes its pid to a file
and waits; the test's `Killer` thread reads the pid and sends SIGKILL. So the kill comes from
outside, exactly while the worker is inside the step, and the retry finds no kill left.
Nothing in the pipeline knows about this.
"""
from __future__ import annotations

import glob
import hashlib
import json
import os
import pickle
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from flows import batch_work
from flows.partition import decide_partition
from flows.publishing import stage_and_swap
from settings.run import BATCH_VALIDATION_ATTEMPTS
from schemas import CONTENT_TABLES, PARTITION_TABLES, TABLES
from storage.tables import MIN_FREE_BYTES_ENV, PART_FILE, InsufficientSpace, TableStore
from tests.paths import REPO

DAY = date(2026, 11, 7)
FAULTS_ENV = "NEWSETL_TEST_FAULTS"  # read by `warm_up_with_faults` in the worker processes
REAL_WARM_UP = batch_work.warm_up
LATE = ("Harbour master Helen Carter said on Friday that the Port of Eastmouth would close its northern quay for "
        "repairs in January, after divers from the Royal Navy found cracks in two of its pillars.\n")


# -- fault points, armed inside the worker processes ----------------------------------------
def warm_up_with_faults() -> None:
    """Worker initializer: the real warm-up, then the fault points named in FAULTS_ENV."""
    REAL_WARM_UP()
    spec = json.loads(os.environ.get(FAULTS_ENV) or "{}")
    if not spec:
        return
    folder = spec["dir"]
    points = spec["points"]

    def stop_here(point: str) -> None:
        """If a kill is left for `point`, take it, tell the killer this pid, and wait for it."""
        for i in range(points[point]["times"]):
            try:
                os.close(os.open(f"{folder}/{point}-{i}.taken", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            except FileExistsError:
                continue
            with open(f"{folder}/.{point}-{i}.tmp", "w") as handle:
                handle.write(str(os.getpid()))
            os.replace(f"{folder}/.{point}-{i}.tmp", f"{folder}/{point}-{i}.pid")
            time.sleep(900)  # the killer ends this process long before
            return

    if "check" in points:  # inside a batch's check job, after `after` of its tables are staged
        from storage.tables import TableStore as Store

        real_stage_batch = Store.stage_batch
        staged = [0]

        def stage_batch(self, *args, **kwargs):
            if staged[0] == points["check"]["after"]:
                stop_here("check")
            staged[0] += 1
            return real_stage_batch(self, *args, **kwargs)

        Store.stage_batch = stage_batch
    if "validate" in points:  # at the start of the partition's merge (validate-partition step)
        from flows import partition

        real_merge = partition.merge_partition

        def merge_partition(*args, **kwargs):
            stop_here("validate")
            return real_merge(*args, **kwargs)

        partition.merge_partition = merge_partition
    if "swap" in points:  # in the publish step, right after the `after`-th table is swapped in
        real_replace = os.replace
        swapped = [0]

        def replace(source, target, *args, **kwargs):
            real_replace(source, target, *args, **kwargs)
            if str(target).endswith(PART_FILE):
                swapped[0] += 1
                if swapped[0] == points["swap"]["after"]:
                    stop_here("swap")

        os.replace = replace


class Killer:
    """Arms fault points for the next worker processes and SIGKILLs each worker that stops at one."""

    def __init__(self, folder: Path, monkeypatch) -> None:
        self.folder = folder
        self.folder.mkdir()
        self.monkeypatch = monkeypatch
        self.killed: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def arm(self, **points: dict) -> None:
        self.monkeypatch.setattr(batch_work, "warm_up", warm_up_with_faults)  # `open_worker_pool` passes it to workers
        self.monkeypatch.setenv(FAULTS_ENV, json.dumps({"dir": str(self.folder), "points": points}))

    def disarm(self) -> None:
        self.monkeypatch.delenv(FAULTS_ENV, raising=False)

    def _watch(self) -> None:
        while not self._stop.is_set():
            for path in sorted(self.folder.glob("*.pid")):
                pid = int(path.read_text())
                try:
                    os.kill(pid, signal.SIGKILL)  # a worker of this test's flow run, waiting at the point
                except ProcessLookupError:
                    pass
                path.rename(path.with_suffix(".killed"))
                self.killed.append(path.name.rsplit("-", 1)[0])
            time.sleep(0.05)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(10)


@pytest.fixture
def killer(tmp_path, monkeypatch):
    k = Killer(tmp_path / "faults", monkeypatch)
    yield k
    k.close()


# -- helpers ---------------------------------------------------------------------------------
def run(input_dir: Path, out: Path, workers: int = 1) -> dict:
    from flows.ingest import ingest

    return ingest(input_dir=str(input_dir), output_dir=str(out), ingest_date=DAY, workers=workers)


def read(out: Path, name: str) -> pa.Table:
    return TableStore(out).read_all(TABLES[name])


def assert_consistent(out: Path) -> None:
    """Every child row belongs to a published article, every article has its rows, and the
    ledger's published documents are exactly the articles."""
    articles = read(out, "articles")
    ids = set(articles["doc_id"].to_pylist())
    for name in CONTENT_TABLES:
        orphans = set(read(out, name)["doc_id"].to_pylist()) - ids
        assert not orphans, f"{name} has rows of {len(orphans)} article(s) that are not in `articles`"
    assert sum(articles["paragraph_count"].to_pylist()) == read(out, "paragraphs").num_rows
    documents = read(out, "documents")
    published = pc.filter(documents["doc_id"], pc.equal(documents["status"], "published")).to_pylist()
    assert sorted(published) == sorted(ids)


def staged_files(out: Path) -> list[str]:
    return [p for p in glob.glob(f"{out}/_staging/**/*", recursive=True) if os.path.isfile(p)]


def published_bytes(out: Path, tables=tuple(TABLES)) -> dict[str, str]:
    return {str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
            for name in tables for p in sorted((out / name).glob(f"*/{PART_FILE}"))}


# -- fault 1: a worker killed while validating and staging a batch ---------------------------
@pytest.mark.slow
def test_a_worker_killed_while_checking_a_batch_costs_no_document(prefect_harness, sample_input, tmp_path, killer):
    out = tmp_path / "out"
    killer.arm(check={"times": 1, "after": 2})  # killed with 2 of the batch's tables staged
    summary = run(sample_input, out)

    assert killer.killed == ["check"]
    assert summary["published"] == 6 and summary["quarantined"] == 0, summary
    documents = read(out, "documents").to_pylist()
    assert len(documents) == 6 and {d["status"] for d in documents} == {"published"}
    assert not any("SIGKILL" in (d["reason"] or "") for d in documents)
    assert read(out, "articles").num_rows == 6
    assert_consistent(out)
    assert staged_files(out) == []


@pytest.mark.slow
def test_a_batch_whose_check_keeps_dying_fails_the_partition_and_its_documents_stay_unrecorded(
        prefect_harness, sample_input, tmp_path, killer):
    out = tmp_path / "out"
    killer.arm(check={"times": BATCH_VALIDATION_ATTEMPTS, "after": 2})  # every attempt is killed
    with pytest.raises(Exception) as failed:
        run(sample_input, out)

    assert killer.killed == ["check"] * BATCH_VALIDATION_ATTEMPTS
    message = str(failed.value)
    assert "SIGKILL" in message and "left unrecorded" in message and "ingest_date=2026-11-07" in message, message
    # Nothing of the partition was published or recorded, nothing of the run was left staged,
    # and the run is in `runs` as failed, with the cause.
    assert not (out / "documents").exists() and not (out / "articles").exists()
    assert staged_files(out) == []
    [record] = read(out, "runs").to_pylist()
    assert record["status"] == "failed" and "left unrecorded" in record["error"]

    killer.disarm()
    again = run(sample_input, out)  # a plain re-run takes every document
    assert again["published"] == 6 and again["quarantined"] == 0 and again["already_ingested"] == 0
    assert {d["status"] for d in read(out, "documents").to_pylist()} == {"published"}
    assert_consistent(out)


# -- partition steps in a worker: validate, publish -------------------------------------------
@pytest.mark.slow
def test_workers_killed_in_the_partition_steps_are_retried_and_the_run_completes(
        prefect_harness, sample_input, tmp_path, killer):
    out = tmp_path / "out"
    killer.arm(validate={"times": 1}, swap={"times": 1, "after": 2})
    summary = run(sample_input, out)

    assert sorted(killer.killed) == ["swap", "validate"]
    assert summary["published"] == 6 and summary["validation"] == "passed"
    assert summary["rows_this_run"]["articles"] == 6
    assert_consistent(out)
    assert staged_files(out) == []


@pytest.mark.slow
def test_a_publish_killed_between_swaps_on_every_attempt_is_completed_not_left_mixed(
        prefect_harness, sample_input, tmp_path, killer):
    out = tmp_path / "out"
    run(sample_input, out)
    before = {name: read(out, name).num_rows for name in PARTITION_TABLES}
    (sample_input / "late.txt").write_text(LATE)

    # The publish step's worker is killed after its 2nd swap on each of its 3 attempts (one
    # try and Prefect's 2 retries): children of the new article are in place, `articles` and
    # the ledger are not. Each retry completes 2 more swaps from the journal before it is
    # killed; the run's clean-up completes the rest.
    killer.arm(swap={"times": 3, "after": 2})
    with pytest.raises(Exception, match="SIGKILL"):
        run(sample_input, out)
    assert killer.killed == ["swap"] * 3
    assert read(out, "articles").num_rows == before["articles"] + 1
    assert read(out, "documents").num_rows == before["documents"] + 1
    assert_consistent(out)
    assert staged_files(out) == []

    killer.disarm()
    after = {name: read(out, name).num_rows for name in PARTITION_TABLES}
    again = run(sample_input, out)  # the ledger records the new file: nothing new to do
    assert again["published"] == 0 and again["ingest_dates"] == []
    assert {name: read(out, name).num_rows for name in PARTITION_TABLES} == after


def test_the_next_run_completes_a_publish_whose_process_died_between_swaps(tmp_path):
    """The journal's other reader: a run on the partition (holding its lock) completes a dead
    run's decided publish before anything else, so orphans cannot outlive it, even when the
    dead run's inputs are gone by then."""
    from tests.support import GOOD_ARTICLE, decided_batch, run_context

    ctx = run_context(tmp_path)
    store = TableStore(ctx.output_dir)
    results = [decided_batch(ctx, 0, ("one.txt", GOOD_ARTICLE),
                             ("two.txt", GOOD_ARTICLE.replace("spring", "autumn")))]
    check = decide_partition(ctx, results, replace=False)
    real_replace = store.storage.replace
    swaps = []

    def die_after_two(source, target):  # the process "dies" after its second swap
        if len(swaps) == 2:
            raise SystemExit("killed")
        real_replace(source, target)
        swaps.append(target)

    store.storage.replace = die_after_two
    finalized = pickle.loads(store.storage.read_bytes(check.staged))
    with pytest.raises(SystemExit):
        stage_and_swap(store, ctx, finalized)
    out = Path(ctx.output_dir)
    assert (out / "sentences").exists() and not (out / "articles").exists()  # mixed: children only

    later = TableStore(ctx.output_dir)
    with later.lock(ctx.day):
        stale = later.clear_stale_staging(ctx.day)
    assert stale == [f"{ctx.run_id} (its interrupted publish completed first)"]
    assert_consistent(out)
    assert read(out, "articles").num_rows == 2 and staged_files(out) == []


# -- fault 6: a nearly full disk --------------------------------------------------------------
def _runs_row(i: int) -> dict:
    from datetime import datetime, timezone

    now = datetime(2026, 11, 7, 12, tzinfo=timezone.utc)
    return {"run_id": f"run-{i}", "flow": "newsetl-ingest", "parameters_json": "{}", "started_at": now,
            "ended_at": now, "status": "completed", "error": None, "partitions": [DAY], "documents_read": 1,
            "already_ingested": 0, "published": 1, "quarantined": 0, "duplicate": 0, "unreadable": 0,
            "rows_json": "{}", "validation": "passed", "code_version": "test", "versions_json": "{}"}


def test_a_write_that_would_leave_less_than_min_free_bytes_is_refused_naming_the_location(tmp_path, monkeypatch):
    out = tmp_path / "out"
    contract = TABLES["runs"]
    TableStore(out).append(contract, DAY, pa.Table.from_pylist([_runs_row(0)], schema=contract.schema), "run-0")
    before = published_bytes(out)
    free = shutil.disk_usage(tmp_path).free

    # A headroom larger than the whole free space of tmp_path: every write is refused up front.
    monkeypatch.setenv(MIN_FREE_BYTES_ENV, str(free * 4))
    store = TableStore(out)
    assert store.min_free_bytes == free * 4
    with pytest.raises(InsufficientSpace) as refused:
        store.append(contract, DAY, pa.Table.from_pylist([_runs_row(1)], schema=contract.schema), "run-1")
    message = str(refused.value)
    assert str(out / "_staging") in message and "min_free_bytes" in message and MIN_FREE_BYTES_ENV in message
    with pytest.raises(InsufficientSpace, match="not enough free space to write .*_validation"):
        store.write_json("_validation/runs/x.json", {"a": 1})
    with pytest.raises(InsufficientSpace):
        store.stage_batch("run-1", TABLES["paragraphs"], DAY, 0, TABLES["paragraphs"].schema.empty_table())
    assert published_bytes(out) == before
    assert staged_files(out) == [] and not (out / "_validation").exists()

    monkeypatch.setenv(MIN_FREE_BYTES_ENV, "0")  # 0 turns the check off
    TableStore(out).append(contract, DAY, pa.Table.from_pylist([_runs_row(1)], schema=contract.schema), "run-1")
    assert read(out, "runs").num_rows == 2


@pytest.mark.slow
def test_a_flow_run_without_the_free_space_it_needs_fails_clearly_and_changes_nothing(
        prefect_harness, sample_input, tmp_path, monkeypatch):
    out = tmp_path / "out"
    run(sample_input, out, workers=0)
    before = published_bytes(out)
    (sample_input / "late.txt").write_text(LATE)

    monkeypatch.setenv(MIN_FREE_BYTES_ENV, str(shutil.disk_usage(tmp_path).free * 4))
    with pytest.raises(Exception) as failed:
        run(sample_input, out, workers=0)
    assert "not enough free space to write" in str(failed.value) and str(out) in str(failed.value)
    assert published_bytes(out) == before
    assert staged_files(out) == []

    monkeypatch.delenv(MIN_FREE_BYTES_ENV)
    assert run(sample_input, out, workers=0)["published"] == 1


@pytest.fixture
def small_disk(tmp_path):
    """A real tmpfs of 16 MiB, mounted for the test (we run as root here); skipped where
    mounting is not permitted."""
    where = tmp_path / "small"
    where.mkdir()
    try:
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(where)],
                                 capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        pytest.skip(f"cannot mount a tmpfs here: {exc}")
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {(mounted.stderr or mounted.stdout).strip()}")
    try:
        yield where
    finally:
        if subprocess.run(["umount", str(where)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(where)], capture_output=True)


def fill(where: Path, leave: int) -> None:
    """Take the file system's free space down to about `leave` bytes."""
    filler = where / "filler"
    filler.unlink(missing_ok=True)
    with open(filler, "wb") as handle:
        handle.write(b"\0" * max(0, shutil.disk_usage(where).free - leave))


APPENDS_ON_A_FULL_DISK = textwrap.dedent("""
    import hashlib, os, shutil, sys
    from datetime import date, datetime, timezone
    import pyarrow as pa
    from schemas import TABLES
    from storage.tables import InsufficientSpace, TableStore
    where, out, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    contract = TABLES["runs"]
    now = datetime.now(timezone.utc)
    def row(i):  # a `runs` row with a few KB of parameters, as a real run's can be
        return pa.Table.from_pylist([{
            "run_id": f"run-{i}", "flow": "newsetl-ingest", "parameters_json": os.urandom(3000).hex(),
            "started_at": now, "ended_at": now, "status": "completed", "error": None, "partitions": [date.today()],
            "documents_read": 1, "already_ingested": 0, "published": 1, "quarantined": 0, "duplicate": 0,
            "unreadable": 0, "rows_json": "{}", "validation": "passed", "code_version": "t", "versions_json": "{}"}],
            schema=contract.schema)
    store = TableStore(out)
    for i in range(8):
        store.append(contract, date.today(), row(i), f"setup-{i}")
    published = f"{out}/runs/ingest_date={date.today().isoformat()}/part-0.parquet"
    refused = 0
    for i in range(rounds):
        filler = f"{where}/filler"
        if os.path.exists(filler):
            os.remove(filler)
        with open(filler, "wb") as handle:  # leave 0-36 KB free, less than the partition's new file
            handle.write(b"\\0" * max(0, shutil.disk_usage(where).free - (i % 10) * 4096))
        before = hashlib.sha256(open(published, "rb").read()).hexdigest()
        try:
            store.append(contract, date.today(), row(100 + i), f"run-{i}")
        except InsufficientSpace as exc:
            assert out in str(exc), exc
            assert hashlib.sha256(open(published, "rb").read()).hexdigest() == before
            refused += 1
    print("refused", refused, "of", rounds)
""")


def test_appending_on_a_nearly_full_disk_fails_cleanly_instead_of_crashing(small_disk, tmp_path):
    """What crashed 2 of 5 runs (exit 139 in pyarrow's write_dataset during the `runs` append),
    repeated 600 times on a real, nearly full file system with the free-space check off, so
    that every write really runs out of space: each must be a clear error, never a crash."""
    script = tmp_path / "appends.py"
    script.write_text(APPENDS_ON_A_FULL_DISK)
    env = {**os.environ, "PYTHONPATH": str(REPO), MIN_FREE_BYTES_ENV: "0"}
    done = subprocess.run([sys.executable, "-X", "faulthandler", str(script), str(small_disk),
                           str(small_disk / "out"), "600"], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stderr[-3000:]}"
    refused = int(done.stdout.split()[1])
    assert refused >= 100, done.stdout  # most appends found the disk full
    assert not [p for p in glob.glob(f"{small_disk}/out/**/.tmp-*", recursive=True)]


@pytest.mark.slow
def test_a_run_on_a_nearly_full_disk_exits_with_a_clear_error_and_leaves_the_tables_as_they_were(
        small_disk, sample_input, tmp_path):
    """The real command on a real 16 MiB file system with 150 KB left, the headroom check off so
    that the writes themselves run out of space (in the worker's batch check and the flow's
    `runs` append)."""
    out = small_disk / "out"
    # 1 MiB of headroom for the runs that should succeed: the default 64 MiB is more than this disk
    env = {**os.environ, "PYTHONPATH": str(REPO), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           MIN_FREE_BYTES_ENV: str(2**20)}
    env.pop("PREFECT_API_URL", None)
    command = [sys.executable, "-X", "faulthandler", "-m", "flows.cli", "run", str(sample_input), "--output", str(out),
               "--ingest-date", DAY.isoformat(), "--workers", "1"]
    first = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=900)
    assert first.returncode == 0, first.stderr[-3000:]
    before = published_bytes(out, PARTITION_TABLES)
    runs_before = read(out, "runs").num_rows
    (sample_input / "late.txt").write_text(LATE)
    fill(small_disk, 150 * 1024)

    second = subprocess.run(command, cwd=REPO, env={**env, MIN_FREE_BYTES_ENV: "0"}, capture_output=True,
                            text=True, timeout=900)
    assert second.returncode == 1, f"exit {second.returncode}\n{second.stderr[-3000:]}"
    failure = second.stderr[second.stderr.index("newsetl: run failed"):]
    assert "space" in failure and str(out) in failure, failure
    assert published_bytes(out, PARTITION_TABLES) == before
    # `runs` holds the failed run's row if there was room for it, else it is as it was
    assert [r["status"] for r in read(out, "runs").to_pylist()[runs_before:]] in ([], ["failed"])
    assert not [p for p in glob.glob(f"{out}/**/.tmp-*", recursive=True)]

    (small_disk / "filler").unlink()  # space again: a plain re-run publishes the new article
    third = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=900)
    assert third.returncode == 0, third.stderr[-3000:]
    assert "published:       1" in third.stdout
