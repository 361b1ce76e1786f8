"""Running a partition's steps on a Dask cluster: waiting for workers, noticing a cluster that
lost them all, and the task runner that sends the steps there."""
from __future__ import annotations

import os
import time
from collections.abc import Iterator
from typing import Any

from flows.workers import default_processes
from settings.run import CLUSTER_POLL_SECONDS, DASK_WORKER_TIMEOUT_ENV, DEFAULT_DASK_WORKER_TIMEOUT
from storage.locations import redact


class ClusterUnavailable(RuntimeError):
    """The Dask cluster cannot run the work: unreachable, or no workers for too long. A
    failure of the infrastructure, never of the documents (nothing is recorded for them)."""


def dask_worker_timeout() -> float:
    """How long a run waits for at least one Dask worker: NEWSETL_DASK_WORKER_TIMEOUT
    seconds, default 60."""
    value = os.environ.get(DASK_WORKER_TIMEOUT_ENV)
    try:
        return float(value) if value else DEFAULT_DASK_WORKER_TIMEOUT
    except ValueError:
        raise ValueError(f"{DASK_WORKER_TIMEOUT_ENV} must be a number of seconds, not {value!r}") from None


def dask_address_of(params: dict[str, Any]) -> str | None:
    return params.get("dask_address") or os.environ.get("NEWSETL_DASK_ADDRESS") or None


def wait_for_dask_workers(address: str, timeout: float | None = None) -> int:
    """The number of workers of the scheduler at `address`, once there is at least one;
    `ClusterUnavailable` when the scheduler cannot be reached or has no worker within
    `timeout` (default `dask_worker_timeout()`). Checked before any partition is locked."""
    from distributed import Client

    timeout = dask_worker_timeout() if timeout is None else timeout
    shown = redact(address)
    try:
        client = Client(address, timeout=timeout, set_as_default=False)
    except Exception as exc:  # noqa: BLE001 - OSError, TimeoutError, ...: all mean unreachable
        raise ClusterUnavailable(f"cannot reach the Dask scheduler at {shown} within {timeout:.0f} s "
                                 f"({type(exc).__name__}: {redact(str(exc))})") from None
    try:
        client.wait_for_workers(1, timeout=timeout)
        return len(client.nthreads())
    except (TimeoutError, OSError) as exc:
        raise ClusterUnavailable(f"the Dask scheduler at {shown} has no workers: none joined within "
                                 f"{timeout:.0f} s ({DASK_WORKER_TIMEOUT_ENV})") from exc
    finally:
        client.close()


class ClusterWatch:
    """Waits for a partition's Dask futures, and gives up when the cluster has had no worker
    for `timeout` seconds: without it, a run whose workers all died waited forever, holding
    its partition locks (they expire after 6 hours). Raising here ends the partition
    subflow, which discards its staging and releases its lock."""

    def __init__(self, address: str, timeout: float | None = None, poll: float = CLUSTER_POLL_SECONDS) -> None:
        self.address = address
        self.timeout = dask_worker_timeout() if timeout is None else timeout
        self.poll = poll
        self._empty_since: float | None = None

    def workers(self) -> int:
        """The cluster's worker count, through this flow run's Dask client."""
        from prefect.context import FlowRunContext

        context = FlowRunContext.get()
        client = context.task_runner.client  # the DaskTaskRunner's client, already connected
        return len(client.nthreads())

    def check(self) -> None:
        try:
            count = self.workers()
        except Exception:  # noqa: BLE001 - the scheduler itself is gone: as bad as no workers
            count = 0
        if count:
            self._empty_since = None
            return
        now = time.monotonic()
        self._empty_since = self._empty_since or now
        if now - self._empty_since >= self.timeout:
            raise ClusterUnavailable(f"the Dask cluster at {redact(self.address)} has had no workers for "
                                     f"{self.timeout:.0f} s ({DASK_WORKER_TIMEOUT_ENV}); giving up, the partition "
                                     "lock is released and nothing of this partition is recorded")

    def as_completed(self, futures: list) -> Iterator:
        """Like `prefect.futures.as_completed`, checking the cluster while nothing finishes."""
        pending = list(futures)
        while pending:
            finished = [f for f in pending if f.wrapped_future.done()]
            if not finished:
                self.check()
                time.sleep(self.poll)
                continue
            for future in finished:
                pending.remove(future)
                yield future


def dask_task_runner(address: str):
    """A DaskTaskRunner for the batch tasks: `address` of an existing scheduler
    (tcp://host:8786), or "local" for a LocalCluster with one single-threaded worker
    process per core. Dask workers report task runs to the same Prefect API as this flow
    (in ephemeral mode each would otherwise start a throwaway server of its own)."""
    from prefect.settings import get_current_settings
    from prefect_dask import DaskTaskRunner

    api = get_current_settings().api.url
    if address == "local":
        return DaskTaskRunner(cluster_kwargs={"n_workers": default_processes(), "threads_per_worker": 1,
                                              "processes": True, "env": {"PREFECT_API_URL": api} if api else {}})
    return DaskTaskRunner(address=address)

