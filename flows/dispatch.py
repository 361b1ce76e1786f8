"""Running one step in a worker process of the run's pool, first in line, with its errors
raised here as they were raised there."""
from __future__ import annotations

import pickle
from typing import Any, Callable

from flows.workers import FIRST_IN_LINE, Failure, LazyWorkerPool, WorkerPool
from settings.run import SECONDS_PER_PARTITION_STEP


def run_in_worker(pool: WorkerPool | LazyWorkerPool | None, fn: Callable[..., Any], *args: Any) -> Any:
    """`fn(*args)` in one of the pool's worker processes, first in line; here when there is
    no pool or it has not started (starting workers to validate a partition whose batches
    needed none would cost more than it saves). Exceptions are raised here as they were
    raised there.

    Why the partition steps go to a worker: they import GX and build its objects, merge the
    ledger and stream the partition's files. Run in the flow process, that memory stayed in
    it (its RSS rose from about 405 MB to 730-960 MB after the first partition steps of a
    20,000-document run and stayed there), while a worker is replaced every
    `recycle_worker_after` documents and already has GX loaded.
    """
    if pool is None or not pool.started:
        return fn(*args)
    [outcome] = pool.map(call_each, [(fn, args)], 1, timeout=SECONDS_PER_PARTITION_STEP, ticket=FIRST_IN_LINE)
    if isinstance(outcome, Failure):
        raise RuntimeError(f"{getattr(fn, '__name__', fn)} failed in a worker process: {outcome.reason}")
    status, value = outcome
    if status == "raised":
        raise value
    return value


def call_each(calls: list[tuple[Callable[..., Any], tuple]]) -> list[tuple[str, Any]]:
    """Worker entry point for `run_in_worker`: an exception comes back as a value, so the flow
    sees the real error (and Prefect's retries apply) and the worker is not replaced."""
    out: list[tuple[str, Any]] = []
    for fn, args in calls:
        try:
            out.append(("ok", fn(*args)))
        except Exception as exc:  # noqa: BLE001 - re-raised in the flow process
            try:
                pickle.dumps(exc)
            except Exception:  # noqa: BLE001 - an exception that cannot travel is described instead
                exc = RuntimeError(f"{type(exc).__name__}: {exc}")
            out.append(("raised", exc))
    return out

