"""Supervised worker processes for the per-document work (parsing, cleaning, NLP).

Why processes and not threads: parsing and NLP are CPU-bound and hold the GIL, so threads do
not use the second core; and a parser that segfaults, hangs or eats all memory on one hostile
page would take a thread's whole process (the flow run) with it. Here each worker is a
process of its own with its own memory cap, forked with its models already loaded (see
`worker_context`), and the parent watches it:

- a chunk of documents goes to one idle worker; the worker answers with one result per item;
- if the worker dies (signal, MemoryError outside the per-item guard, os._exit) or exceeds
  the chunk's time budget, it is killed and replaced, and the chunk's items are re-run one
  by one in fresh workers, so exactly the item that kills a worker is reported as failed
  and every other item still gets its result.

The standard library's ProcessPoolExecutor was not enough: one dead worker breaks the whole
executor and fails every pending future, without saying which item was responsible.
"""
from __future__ import annotations

import heapq
import itertools
import multiprocessing
import multiprocessing.context
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

READY = "ready"
STARTUP_SECONDS = 180.0  # importing lxml/spaCy and loading a model in a fresh process


@dataclass(frozen=True)
class Failure:
    """An item whose worker process died or ran out of time; `reason` says which."""

    reason: str


def _worker_main(conn, initializer: Callable[[], None] | None, memory_limit: int | None,
                 environment: dict[str, str] | None = None) -> None:
    if environment is not None:
        # A forked worker has the environment its server started with; the run's may have
        # changed since (credentials, test faults), and the worker must see the run's.
        os.environ.clear()
        os.environ.update(environment)
    if memory_limit:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when workers stop
    _no_cross_process_progress_lock()
    if initializer is not None:
        initializer()
    conn.send(READY)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            # Skip the interpreter's teardown: freeing a loaded spaCy pipeline and GX object
            # by object took ~0.7 s per worker, at the very end of every run. Nothing is left
            # to flush: every result has been sent and every staged file closed.
            conn.close()
            _exit_now()
        fn, items = message
        try:
            conn.send(("ok", fn(items)))
        except BaseException as exc:  # noqa: BLE001 - reported to the parent, which isolates the items
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


def _no_cross_process_progress_lock() -> None:
    """Keep tqdm from making its multiprocessing lock in a worker.

    Why: tqdm creates a `multiprocessing.RLock` (a named semaphore) with its first bar, even
    a disabled one, and libraries the workers use make such bars. A worker leaves through
    `os._exit`, so that semaphore was never unlinked: every retired worker left one for the
    resource tracker, which warned at the end of the run ("79 leaked semaphore objects"
    after 40,000 documents). Workers show no progress bars, so tqdm's thread lock is enough.
    """
    try:
        from tqdm.std import TqdmDefaultWriteLock
    except ImportError:  # tqdm not installed: nothing makes the lock
        return
    TqdmDefaultWriteLock.mp_lock = None  # `create_mp_lock` only creates one when the attribute is absent


def _exit_now() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):
            pass
    os._exit(0)


class _Worker:
    def __init__(self, ctx, initializer, memory_limit: int | None) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, initializer, memory_limit, dict(os.environ)),
                                   daemon=True)
        self.process.start()
        child.close()
        self.ready = False
        self.items = 0  # items answered so far (a worker is retired after `recycle_after`)

    def _wait_ready(self) -> str | None:
        if self.ready:
            return None
        if not self.conn.poll(STARTUP_SECONDS):
            return f"worker process did not start within {STARTUP_SECONDS:.0f} s"
        try:
            self.conn.recv()
        except (EOFError, OSError):
            return self._death()
        self.ready = True
        return None

    def run(self, fn: Callable[[list], list], items: list, timeout: float) -> list | Failure:
        problem = self._wait_ready()
        if problem:
            return Failure(problem)
        try:
            self.conn.send((fn, items))
        except (BrokenPipeError, OSError):
            return Failure(self._death())
        if not self.conn.poll(timeout):
            self.kill()
            return Failure(f"exceeded the time limit of {timeout:.0f} s (max_seconds_per_document)")
        try:
            status, payload = self.conn.recv()
        except (EOFError, OSError):
            return Failure(self._death())
        if status == "error":
            return Failure(f"worker raised {payload}")
        return payload

    def _death(self) -> str:
        self.process.join(5)
        code = self.process.exitcode
        if code is not None and code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            return f"worker process was killed by {name} while processing it"
        return f"worker process died (exit code {code}) while processing it"

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()

    def ask_to_stop(self) -> None:
        try:
            self.conn.send(None)
        except (BrokenPipeError, OSError):
            pass

    def stop(self) -> None:
        self.ask_to_stop()
        self.wait_stopped()

    def wait_stopped(self) -> None:
        """After `ask_to_stop`: give the worker a moment to exit by itself, then make sure."""
        self.process.join(5)
        self.kill()


_TICKETS = itertools.count()
FIRST_IN_LINE = -1  # before every batch: a partition step frees what its batches left waiting


def next_ticket() -> int:
    """A place in line for the worker pools: work with a lower ticket is served first."""
    return next(_TICKETS)


class _IdleWorkers:
    """Idle workers handed out in ticket order (then arrival order), not round-robin.

    Why: several batches are in flight at once (two per partition, two partitions). Handed
    out round-robin, as a plain queue does, every batch got a chunk in turn, so they all
    finished together and the flow process held every in-flight batch's outcomes at its
    peak. Served by ticket, the oldest batch runs on all workers, finishes first and is
    validated (its check job carries the batch's ticket too), staged and freed while the
    next one runs; the workers stay just as busy.
    """

    def __init__(self) -> None:
        self._workers: list[_Worker] = []
        self._waiting: list[tuple[int, int]] = []  # heap of (ticket, arrival)
        self._arrivals = itertools.count()
        self._changed = threading.Condition()

    def put(self, worker: _Worker) -> None:
        with self._changed:
            self._workers.append(worker)
            self._changed.notify_all()

    def get(self, ticket: int) -> _Worker:
        with self._changed:
            me = (ticket, next(self._arrivals))
            heapq.heappush(self._waiting, me)
            while not (self._workers and self._waiting[0] == me):
                self._changed.wait()
            heapq.heappop(self._waiting)
            worker = self._workers.pop()
            if self._workers and self._waiting:
                self._changed.notify_all()  # another worker is idle: the next in line may go
            return worker


class WorkerPool:
    """A fixed number of supervised worker processes, shared by the flow's batch tasks.

    Thread-safe: several batch tasks may call `map` at once; each chunk takes one idle worker,
    the call with the lowest `ticket` first (see `_IdleWorkers`).
    """

    def __init__(self, processes: int, *, seconds_per_item: float, memory_limit: int | None = None,
                 initializer: Callable[[], None] | None = None, recycle_after: int | None = None,
                 preload: Sequence[str] = ()) -> None:
        if processes < 1:
            raise ValueError("a worker pool needs at least one process")
        self.processes = processes
        self.seconds_per_item = seconds_per_item
        self._memory_limit = memory_limit
        self._initializer = initializer
        # Long-lived workers grow (spaCy's string store keeps every new token it has seen):
        # a worker that has answered this many items is replaced by a fresh one.
        self.recycle_after = recycle_after
        # Forked from a worker server, not from this process: the flow process runs threads
        # (Prefect, the task runner), and forking a threaded process can deadlock the child.
        self._ctx = worker_context(preload)
        self._idle = _IdleWorkers()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        for _ in range(processes):
            self._idle.put(self._spawn())

    @property
    def started(self) -> bool:
        """Always: this pool starts its processes when it is made (see `LazyWorkerPool`)."""
        return True

    def _spawn(self) -> _Worker:
        worker = _Worker(self._ctx, self._initializer, self._memory_limit)
        with self._lock:
            self._all.append(worker)
        return worker

    def _replace(self, worker: _Worker, graceful: bool = False) -> _Worker:
        """Retire `worker` (killed, or asked to stop when it is healthy) and start its
        replacement, which loads its models at once."""
        worker.stop() if graceful else worker.kill()
        with self._lock:
            self._all.remove(worker)
        return self._spawn()

    def map(self, fn: Callable[[list], list], items: Sequence[Any], chunk_size: int,
            timeout: float | None = None, ticket: int | None = None) -> list[Any]:
        """`fn` over `items` in chunks, one result (or `Failure`) per item, in order.

        `fn` must be importable by name (the workers unpickle it) and return one result
        per item it is given. `timeout` is the budget per item (default: seconds_per_item).
        `ticket` (from `next_ticket`; default: a new one) orders calls that wait for workers.
        """
        chunks = [list(items[i:i + chunk_size]) for i in range(0, len(items), chunk_size)]
        if not chunks:
            return []
        per_item = self.seconds_per_item if timeout is None else timeout
        ticket = next_ticket() if ticket is None else ticket
        with ThreadPoolExecutor(max_workers=min(self.processes, len(chunks))) as dispatch:
            parts = list(dispatch.map(lambda chunk: self._run_chunk(fn, chunk, per_item, ticket), chunks))
        return [result for part in parts for result in part]

    def _run_chunk(self, fn: Callable[[list], list], chunk: list, per_item: float, ticket: int) -> list[Any]:
        worker = self._idle.get(ticket)
        try:
            out = worker.run(fn, chunk, timeout=per_item * len(chunk))
            if not isinstance(out, Failure):
                worker.items += len(chunk)
                if self.recycle_after and worker.items >= self.recycle_after:
                    worker = self._replace(worker, graceful=True)
                return out
            worker = self._replace(worker)
            if len(chunk) == 1:
                return [out]
            results: list[Any] = []
            for item in chunk:  # isolate: find the item that kills or stalls a worker
                single = worker.run(fn, [item], timeout=per_item)
                if isinstance(single, Failure):
                    worker = self._replace(worker)
                    results.append(single)
                else:
                    results.extend(single)
            return results
        finally:
            self._idle.put(worker)

    def close(self) -> None:
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:  # all asked first, so they exit together
            worker.ask_to_stop()
        for worker in workers:
            worker.wait_stopped()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def worker_context(preload: Sequence[str] = ()) -> multiprocessing.context.ForkServerContext:
    """How workers start: forked from multiprocessing's forkserver, a single-threaded server
    process of this process that imports `preload` once, so every worker starts with what those
    modules load (see `flows.worker_preload`). The server is one per process and keeps the
    `preload` of its first start; a later pool's initializer still runs in each worker."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(preload))
    return context


def start_worker_server(preload: Sequence[str]) -> None:
    """Start the worker server now, so it loads `preload` while the run starts up (Prefect's
    server, the flows' imports) instead of when the first chunk is waiting for a worker."""
    worker_context(preload)
    from multiprocessing import forkserver

    forkserver.ensure_running()


class LazyWorkerPool:
    """A WorkerPool that starts its processes on the first item, so a run that finds nothing
    new never forks workers. (The CLI still starts the worker server as the run begins, which
    loads the models in the background whether or not a worker is then needed: see `flows.cli`.)"""

    def __init__(self, processes: int, **options: Any) -> None:
        self.processes = processes
        self._options = options
        self._pool: WorkerPool | None = None
        self._lock = threading.Lock()

    @property
    def started(self) -> bool:
        return self._pool is not None

    def map(self, fn: Callable[[list], list], items: Sequence[Any], chunk_size: int,
            timeout: float | None = None, ticket: int | None = None) -> list[Any]:
        if not items:
            return []
        with self._lock:
            if self._pool is None:
                self._pool = WorkerPool(self.processes, **self._options)
        return self._pool.map(fn, items, chunk_size, timeout, ticket)

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.close()
                self._pool = None

    def __enter__(self) -> LazyWorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def default_processes() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def allow_child_processes() -> None:
    """Let this process start worker processes even when it is a daemon process.

    Why: a Dask nanny starts its worker as a daemonic multiprocessing process (so that it dies
    with the nanny), and multiprocessing refuses children to daemons ("daemonic processes
    are not allowed to have children"). The refusal guards against orphans; our workers
    cannot be orphaned: each blocks on its pipe to this process and exits when the pipe
    closes (EOF), however this process ends, and they are daemons themselves.
    """
    config = getattr(multiprocessing.current_process(), "_config", None)
    if isinstance(config, dict) and config.get("daemon"):
        config["daemon"] = False
