"""The worker processes a run's partitions share, owned by one object handed to them.

A run opens its `RunResources` once (`run_resources`), and every partition subflow of the
run uses them; a partition started on its own opens its own. On Dask no pool travels with
the tasks: each Dask worker keeps its own supervised processes (`cluster_pool`).
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from flows import batch_work
from flows.workers import LazyWorkerPool, allow_child_processes, default_processes
from settings import DEFAULT_LIMITS
from settings.run import WORKER_PRELOAD


@dataclass
class RunResources:
    """What one run's partitions share: the supervised worker processes (None: the work runs
    in the flow's own process, or on a Dask cluster)."""

    pool: LazyWorkerPool | None = None

    @classmethod
    def open(cls, workers: int | None, dask: bool = False) -> RunResources:
        """`workers` processes (None: one per core; 0: none), started lazily on first use; none
        on Dask, where each Dask worker keeps its own (`cluster_pool`)."""
        if dask:
            return cls()
        return cls(open_worker_pool(default_processes() if workers is None else workers))

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()


# The run's resources, set by the parent flow around its partition subflows and read by them.
# A context variable, not a subflow parameter: Prefect validates and serialises a subflow's
# parameters for its API, and a pool of live processes is neither. Each subflow runs in a copy
# of the parent's context, so it sees the value set here. Read through `current_resources`:
# a ContextVar cannot be pickled, and on Dask the flow's function travels with its tasks.
_CURRENT: ContextVar[RunResources | None] = ContextVar("newsetl_run_resources", default=None)


def current_resources() -> RunResources | None:
    """The resources of the run this partition belongs to; None for a partition run alone."""
    return _CURRENT.get()


@contextmanager
def run_resources(workers: int | None, dask: bool) -> Iterator[RunResources]:
    """The run's resources (no pool on Dask), current for the subflows started inside, closed
    on the way out."""
    resources = RunResources.open(workers, dask)
    token = _CURRENT.set(resources)
    try:
        yield resources
    finally:
        _CURRENT.reset(token)
        resources.close()


def open_worker_pool(processes: int) -> LazyWorkerPool | None:
    """Supervised worker processes with the run's limits, each warmed up once (None for 0)."""
    if processes <= 0:
        return None
    return LazyWorkerPool(processes, seconds_per_item=DEFAULT_LIMITS.max_seconds_per_document,
                          memory_limit=DEFAULT_LIMITS.max_worker_memory_bytes, initializer=batch_work.warm_up,
                          recycle_after=DEFAULT_LIMITS.recycle_worker_after, preload=WORKER_PRELOAD)


_CLUSTER_POOL: LazyWorkerPool | None = None
_CLUSTER_POOL_LOCK = threading.Lock()


def cluster_pool(processes: int | None) -> LazyWorkerPool | None:
    """The supervised worker processes of this Dask worker, shared by every batch task it
    runs and kept for its lifetime (each loads the models once): the same time limit,
    memory cap and crash isolation as a local run, so a document that kills its process is
    quarantined alone instead of failing its batch. `processes`: how many (None: one per
    thread of this Dask worker), fixed by the first task that asks; 0, or not on a Dask
    worker, means none (in-process work).

    The processes end with the Dask worker: they exit when their pipe to it closes."""
    global _CLUSTER_POOL
    if processes == 0:
        return None
    try:
        from distributed import get_worker

        worker = get_worker()
    except (ImportError, ValueError):  # not running on a Dask worker
        return None
    with _CLUSTER_POOL_LOCK:
        if _CLUSTER_POOL is None:
            allow_child_processes()  # a nanny starts its Dask worker as a daemon process
            count = processes or max(1, int(getattr(worker.state, "nthreads", 0) or getattr(worker, "nthreads", 1)))
            _CLUSTER_POOL = open_worker_pool(count)
        return _CLUSTER_POOL
