"""Supervised workers: a document that kills, stalls or exhausts its worker costs only itself."""
from __future__ import annotations

import os
import signal
import time

import pytest

from extractors.ledger import PublishedIndex
from flows import batch_loading, batch_work
from flows.context import ValidationFailed
from flows.dispatch import run_in_worker
from flows.workers import Failure, WorkerPool
from storage.landing import discover

MARKER = "KILL-THIS-WORKER"
ARTICLE = ("The regional water board said on Thursday that the reservoir had reached 92 per cent of its capacity "
           "after a wet autumn, easing fears of restrictions next summer. Officials will review the forecast in "
           "the spring.\n")


def upper_or_misbehave(items: list[str]) -> list[str]:
    """Runs in a worker process: behaves badly on marked items, like a broken parser would."""
    out = []
    for item in items:
        if item == "segfault":
            os.kill(os.getpid(), signal.SIGSEGV)
        if item == "hang":
            time.sleep(600)
        if item == "exit":
            os._exit(3)
        if item == "memory":
            blob = bytearray(3 * 1024**3)  # over the worker's address-space cap: MemoryError
            out.append(str(len(blob)))
            continue
        out.append(item.upper())
    return out


def crash_on_marked_documents(raws):
    for raw in raws:
        if MARKER in (raw.content or ""):
            os.kill(os.getpid(), signal.SIGSEGV)
    return batch_work.process_documents(raws)


def this_module_imported() -> None:
    """Worker initializer: unpickling it imports this module (and flows.batch_work, pyarrow, ...)
    while the worker starts, which is not timed. Otherwise the first item a fresh worker gets
    pays that import inside its time limit, and on a loaded machine a harmless item hit it."""


@pytest.fixture(scope="module")
def pool():
    # The limit only has to catch "hang" (600 s); harmless items take microseconds once
    # imported, so 3 s leaves a loaded machine plenty of room. The address-space cap is above
    # what the imported modules reserve (about 1.5 GB) and below "memory"'s 3 GiB blob.
    with WorkerPool(2, seconds_per_item=3, memory_limit=2560 * 1024**2, initializer=this_module_imported) as p:
        yield p


def test_results_come_back_in_order(pool):
    items = [f"item{i}" for i in range(25)]
    assert pool.map(upper_or_misbehave, items, chunk_size=4) == [i.upper() for i in items]


@pytest.mark.parametrize("bad, words", [
    ("segfault", "killed by SIGSEGV"),
    ("exit", "exit code 3"),
    ("hang", "time limit"),
    ("memory", "MemoryError"),
])
def test_a_misbehaving_item_costs_only_itself(pool, bad, words):
    results = pool.map(upper_or_misbehave, ["a", "b", bad, "c", "d"], chunk_size=5)
    assert results[:2] == ["A", "B"] and results[3:] == ["C", "D"]
    assert isinstance(results[2], Failure) and words in results[2].reason


def pids(items: list) -> list:
    return [os.getpid() for _ in items]


def test_a_worker_is_replaced_by_a_fresh_process_after_recycle_after_items():
    with WorkerPool(1, seconds_per_item=30, recycle_after=4) as recycled:
        seen = recycled.map(pids, list(range(12)), chunk_size=2)
    assert len(seen) == 12  # every item answered
    assert [len(set(seen[i:i + 4])) for i in range(0, 12, 4)] == [1, 1, 1]  # 4 items per process
    assert len(set(seen)) == 3


PROGRESS_BAR_SCRIPT = """
import sys
from flows.workers import WorkerPool

def make_a_progress_bar(items):
    from tqdm import tqdm
    tqdm(disable=True)  # as GX and spaCy do inside a worker; even a disabled bar makes tqdm's lock
    return items

if __name__ == "__main__":
    with WorkerPool(1, seconds_per_item=60, recycle_after=1) as pool:
        assert pool.map(make_a_progress_bar, [1, 2, 3], chunk_size=1) == [1, 2, 3]
    print("done")
"""


def test_retired_workers_leave_no_semaphores_behind(tmp_path):
    import subprocess
    import sys

    from tests.paths import REPO

    script = tmp_path / "bars.py"
    script.write_text(PROGRESS_BAR_SCRIPT, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, str(script)], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0 and done.stdout.strip() == "done", done.stderr
    # three workers made a bar and were retired (recycle_after=1), all through os._exit
    assert "leaked semaphore" not in done.stderr, done.stderr


def test_the_pool_keeps_working_after_crashes(pool):
    pool.map(upper_or_misbehave, ["segfault", "segfault"], chunk_size=1)
    assert pool.map(upper_or_misbehave, ["x", "y", "z"], chunk_size=1) == ["X", "Y", "Z"]


def test_a_document_that_kills_its_worker_is_quarantined_and_its_batch_survives(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "b.txt").write_text(ARTICLE.replace("water board", f"water board {MARKER}"))
    (tmp_path / "c.txt").write_text(ARTICLE.replace("Thursday", "Friday"))
    # The real per-document work (cleaning + spaCy extraction), with models loaded up front as
    # in the flow, so only the marked document can use up a worker.
    with WorkerPool(1, seconds_per_item=60, initializer=batch_work.warm_up) as real_pool:
        outcomes, _ = batch_work.work_batch(str(tmp_path), discover(tmp_path), PublishedIndex(), real_pool,
                                       work=crash_on_marked_documents)
    status = {o.document["path"]: (o.document["status"], o.document["reason"]) for o in outcomes}
    assert status["a.txt"][0] == status["c.txt"][0] == "published"
    assert status["b.txt"][0] == "quarantined" and "SIGSEGV" in status["b.txt"][1]


def stamp_after_a_pause(items: list[str]) -> list[tuple[str, float]]:
    """Runs in a worker process: when each item ran."""
    out = []
    for item in items:
        time.sleep(0.3)
        out.append((item, time.monotonic()))
    return out


def test_an_earlier_batch_gets_the_workers_before_a_later_one_so_it_finishes_first():
    # Batches in flight share the workers; handed out round-robin they would all finish
    # together, and the flow process would hold every batch's outcomes at once.
    from concurrent.futures import ThreadPoolExecutor

    from flows.workers import next_ticket

    with WorkerPool(1, seconds_per_item=30) as one:
        one.map(stamp_after_a_pause, ["warm-up"], 1)
        early, late = next_ticket(), next_ticket()
        with ThreadPoolExecutor(2) as threads:
            later = threads.submit(one.map, stamp_after_a_pause, [f"late{i}" for i in range(4)], 1, None, late)
            time.sleep(0.1)  # the later batch asks first and takes the only worker
            earlier = threads.submit(one.map, stamp_after_a_pause, [f"early{i}" for i in range(4)], 1, None, early)
            late_times = [t for _, t in later.result()]
            early_times = [t for _, t in earlier.result()]
    # After the chunk already running, every chunk of the earlier batch goes first.
    assert max(early_times) < sorted(late_times)[1]
    assert min(late_times) < min(early_times)


def slow_teardown() -> None:
    """Worker initializer standing in for a heavy model whose teardown is slow."""
    import atexit

    atexit.register(time.sleep, 4)


def test_closing_the_pool_does_not_wait_for_the_workers_teardown():
    pool = WorkerPool(2, seconds_per_item=30, initializer=slow_teardown)
    assert pool.map(upper_or_misbehave, ["a", "b"], chunk_size=1) == ["A", "B"]  # both workers ready
    processes = [w.process for w in pool._all]
    started = time.perf_counter()
    pool.close()
    elapsed = time.perf_counter() - started
    assert [p.exitcode for p in processes] == [0, 0]  # they exited by themselves, not killed
    assert elapsed < 2.0, f"close took {elapsed:.1f} s: it waited for the interpreter teardown"


def hold_each_chunk_briefly(raws):
    """Runs in a worker process: a stand-in for cleaning + extraction that takes a while."""
    from extractors.records import DocumentOutcome, document_row

    time.sleep(0.05)
    return [DocumentOutcome(document_row(raw, "published")) for raw in raws]


def test_a_batch_reads_its_files_only_a_few_chunks_ahead_of_the_workers(tmp_path, monkeypatch):
    for i in range(40):
        (tmp_path / f"{i:02d}.txt").write_text(ARTICLE.replace("Thursday", f"day {i}"))
    reads, answered, ahead = [], [], []
    real_read = batch_loading.read_bytes

    def counting_read(*args, **kwargs):
        reads.append(args[1])
        ahead.append(len(reads) - len(answered))  # read but not yet answered by a worker
        return real_read(*args, **kwargs)

    monkeypatch.setattr(batch_loading, "read_bytes", counting_read)
    with WorkerPool(1, seconds_per_item=30) as one:
        class Counting:
            processes = one.processes

            def map(self, fn, items, chunk_size, timeout=None, ticket=None):
                out = one.map(fn, items, chunk_size, timeout, ticket)
                answered.extend(out)
                return out

        outcomes, skipped = batch_work.work_batch(str(tmp_path), discover(tmp_path), PublishedIndex(), Counting(),
                                             work=hold_each_chunk_briefly, chunk_size=2)
    assert len(outcomes) == 40 and skipped == 0 and len(set(reads)) == 40
    assert sorted(o.document["path"] for o in outcomes) == sorted(reads)
    # One worker: the chunk it runs and one waiting chunk (2 files each), never the batch.
    assert max(ahead) <= 4, max(ahead)


def worker_pid(tag: str) -> tuple[str, int]:
    return tag, os.getpid()


def refuse(tag: str) -> None:
    raise ValidationFailed(f"refused {tag}")


def test_a_partition_step_runs_in_a_worker_and_its_error_comes_back_as_raised():
    from flows.workers import LazyWorkerPool

    with LazyWorkerPool(1, seconds_per_item=30) as lazy:
        assert run_in_worker(lazy, worker_pid, "idle") == ("idle", os.getpid())  # not started: run here
        lazy.map(upper_or_misbehave, ["start"], 1)
        tag, pid = run_in_worker(lazy, worker_pid, "step")
        assert tag == "step" and pid != os.getpid()
        with pytest.raises(ValidationFailed, match="refused publish"):
            run_in_worker(lazy, refuse, "publish")
        assert run_in_worker(lazy, worker_pid, "again")[1] == pid  # an error does not cost the worker
    assert run_in_worker(None, worker_pid, "no pool") == ("no pool", os.getpid())


def test_a_partition_step_goes_before_batches_already_waiting_for_a_worker():
    # A finished partition's step frees the batch results the flow holds for it, so it does
    # not queue behind the chunks of batches that are still running.
    from concurrent.futures import ThreadPoolExecutor

    with WorkerPool(1, seconds_per_item=30) as one:
        one.map(stamp_after_a_pause, ["warm-up"], 1)
        with ThreadPoolExecutor(2) as threads:
            batch = threads.submit(one.map, stamp_after_a_pause, [f"chunk{i}" for i in range(4)], 1)
            time.sleep(0.1)  # the batch's first chunk holds the worker, three wait
            [(_, step_time)] = run_in_worker(one, stamp_after_a_pause, ["partition step"])
            chunk_times = [t for _, t in batch.result()]
    assert sorted(chunk_times)[0] < step_time < sorted(chunk_times)[1]
