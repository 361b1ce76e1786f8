"""The ingest flows: raw articles in, validated Parquet tables out.

    newsetl-ingest    (scheduled)  every landing partition with new files ─┐
    newsetl-backfill  (by hand)    the landing partitions start..end      ─┴─► newsetl-partition × N

    newsetl-partition: discover ─► read ledger
                       ─► [load ─► clean ─► extract ─► validate rows (GX; quarantine) ─► stage] × batches
                       ─► validate partition (ledger, duplicates across batches) ─► merge + audit ─► publish

Landing layout: `<input>/<YYYY-MM-DD>/...` is published into the partition of that date;
loose files (not under a date folder) into the run's own date. One task per batch of
documents, never one per document (Prefect's per-task cost and the local server's task-run
bookkeeping would dominate). The per-document work, each batch's validation and staging,
and each partition's validation and publishing run in supervised worker processes, so the
flow's own process only orchestrates and one worker uses one core; a partition's rows are
never all in memory at once.
"""
from __future__ import annotations

import os

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")

import contextvars  # noqa: E402
import json  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from concurrent.futures import ThreadPoolExecutor  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from datetime import date, datetime, timezone  # noqa: E402
from typing import Any  # noqa: E402

import pyarrow as pa  # noqa: E402
import pyarrow.compute as pc  # noqa: E402
from prefect import flow, get_run_logger, task, unmapped  # noqa: E402
from prefect.artifacts import create_markdown_artifact, create_table_artifact  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402
from prefect.futures import as_completed  # noqa: E402
from prefect.runtime import flow_run  # noqa: E402
from prefect.task_runners import ThreadPoolTaskRunner  # noqa: E402

from extractors.ledger import DigestSet, PublishedIndex  # noqa: E402
from settings import DEFAULT_LIMITS  # noqa: E402
from flows import steps  # noqa: E402
from flows.progress import Progress  # noqa: E402
from flows.versions import code_version, library_versions  # noqa: E402
from flows.workers import LazyWorkerPool, allow_child_processes, default_processes  # noqa: E402
from schemas import PARTITION_TABLES, TABLES  # noqa: E402
from storage.fs import normalise  # noqa: E402
from storage.locations import check_cluster_locations, check_locations, redact, remote_cluster  # noqa: E402
from storage.landing import InputFile, discover_partition, landing_dates  # noqa: E402
from storage.tables import TableStore  # noqa: E402

steps.bound_malloc_arenas()  # before the task runners start their threads

DEFAULT_BATCH_SIZE = 200
DEFAULT_CONCURRENCY = 2  # partitions processed at once (they share the worker processes)
SUMMARY_EXAMPLES = 5  # paths with reasons per status in the run summary (`documents` holds them all)


# -- tasks: thin wrappers around flows/steps.py ----------------------------------------------
def _retry_unless_missing(task, task_run, state) -> bool:
    """Retry I/O errors that may pass (timeouts, throttling), not a location that is absent."""
    try:
        state.result()
    except FileNotFoundError:
        return False
    except Exception:  # noqa: BLE001 - anything else may be transient
        return True
    return True


@task(retries=2, retry_delay_seconds=[1, 5], retry_condition_fn=_retry_unless_missing, cache_policy=NO_CACHE)
def discover_inputs(input_dir: str, day: date | None) -> list[InputFile]:
    return steps.partition_inputs(input_dir, day)


@task(retries=3, retry_delay_seconds=[1, 5, 15], retry_condition_fn=_retry_unless_missing,
      cache_policy=NO_CACHE)
def plan_partitions(input_dir: str, output_dir: str, loose_day: date,
                    reprocess: bool) -> tuple[list[tuple[date, bool]], bool]:
    """Which partitions have something new: (day, is a landing folder), and whether the
    input holds any file at all (to tell "no input files" from "nothing new" without a second
    walk). A landing partition whose files are all recorded unchanged (same path, size and
    modification time) is left out unread."""
    recorded = steps.recorded_files(TableStore(output_dir)) if not reprocess else DigestSet()
    plan: list[tuple[date, bool]] = []
    found = False
    for day in landing_dates(input_dir):
        files = discover_partition(input_dir, day)
        found = found or bool(files)
        if reprocess or steps.has_new_files(files, recorded):
            plan.append((day, True))
    loose = discover_partition(input_dir, None)
    if loose and (reprocess or steps.has_new_files(loose, recorded)):
        plan.append((loose_day, False))
    return plan, found or bool(loose)


@task(retries=3, retry_delay_seconds=[1, 5, 15], retry_condition_fn=_retry_unless_missing,
      cache_policy=NO_CACHE)
def list_landing_dates(input_dir: str) -> list[date]:
    return landing_dates(input_dir)


@task(retries=2, retry_delay_seconds=[1, 5], cache_policy=NO_CACHE)
def read_ledger(output_dir: str, day: date, reprocess: bool) -> PublishedIndex:
    return steps.read_index(TableStore(output_dir), day, reprocess)


@task(retries=1, retry_delay_seconds=[2], cache_policy=NO_CACHE)
def process_batch(ctx: steps.RunContext, number: int, files: list[InputFile], index: PublishedIndex,
                  pool: LazyWorkerPool | None, cluster_processes: int | None = 0) -> steps.BatchResult:
    """`cluster_processes` (Dask only, where no pool travels with the task): the supervised
    processes of the Dask worker running this task (see `cluster_pool`); 0 runs the
    documents in the Dask worker's own process, without isolation."""
    return steps.process_batch(ctx, number, files, index, pool or cluster_pool(cluster_processes))


@task(retries=1, retry_delay_seconds=[5], cache_policy=NO_CACHE)
def validate_partition(ctx: steps.RunContext, results: list[steps.BatchResult], replace: bool,
                       pool: LazyWorkerPool | None, cluster_processes: int | None = 0) -> steps.PartitionCheck:
    return steps.in_worker(pool or cluster_pool(cluster_processes), steps.validate_partition_staged, ctx, results,
                           replace)


@task(retries=2, retry_delay_seconds=[2, 10], cache_policy=NO_CACHE)
def publish_tables(ctx: steps.RunContext, check: steps.PartitionCheck,
                   pool: LazyWorkerPool | None, cluster_processes: int | None = 0) -> dict[str, tuple[int, int]]:
    return steps.in_worker(pool or cluster_pool(cluster_processes), steps.publish_staged, ctx, check)


@task(retries=2, retry_delay_seconds=[1, 5], cache_policy=NO_CACHE)
def record_run(output_dir: str, row: dict[str, Any], pool: LazyWorkerPool | None = None) -> None:
    """Validate and append the run's `runs` row, in a worker when the run started any (see
    `steps.record_run_row`), else here."""
    steps.in_worker(pool, steps.record_run_row, output_dir, row)


@task(retries=2, retry_delay_seconds=[1, 5], cache_policy=NO_CACHE)
def write_manifest(output_dir: str, run_id: str, summary: dict[str, Any]) -> str:
    return TableStore(output_dir).write_manifest(run_id, summary)


# -- worker processes shared by a run's partitions -------------------------------------------
_POOLS: dict[str, LazyWorkerPool] = {}
_POOLS_LOCK = threading.Lock()


def _open_pool(key: str, workers: int | None) -> LazyWorkerPool | None:
    processes = default_processes() if workers is None else workers
    if processes <= 0:
        return None
    pool = LazyWorkerPool(processes, seconds_per_item=DEFAULT_LIMITS.max_seconds_per_document,
                          memory_limit=DEFAULT_LIMITS.max_worker_memory_bytes, initializer=steps.warm_up,
                          recycle_after=DEFAULT_LIMITS.recycle_worker_after)
    with _POOLS_LOCK:
        _POOLS[key] = pool
    return pool


def _close_pool(key: str) -> None:
    with _POOLS_LOCK:
        pool = _POOLS.pop(key, None)
    if pool is not None:
        pool.close()


_CLUSTER_POOL: LazyWorkerPool | None = None


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
    with _POOLS_LOCK:
        if _CLUSTER_POOL is None:
            allow_child_processes()  # a nanny starts its Dask worker as a daemon process
            count = processes or max(1, int(getattr(worker.state, "nthreads", 0) or getattr(worker, "nthreads", 1)))
            _CLUSTER_POOL = LazyWorkerPool(count, seconds_per_item=DEFAULT_LIMITS.max_seconds_per_document,
                                           memory_limit=DEFAULT_LIMITS.max_worker_memory_bytes,
                                           initializer=steps.warm_up,
                                           recycle_after=DEFAULT_LIMITS.recycle_worker_after)
        return _CLUSTER_POOL


# -- one partition ----------------------------------------------------------------------------
@flow(name="newsetl-partition", task_runner=ThreadPoolTaskRunner(max_workers=2))
def ingest_partition(input_dir: str, output_dir: str, day: date, landing: bool = True, reprocess: bool = False,
                     batch_size: int = DEFAULT_BATCH_SIZE, workers: int | None = None,
                     pool_key: str | None = None, dask_address: str | None = None) -> dict[str, Any]:
    """Process one output partition: the landing folder `<input>/<day>/` (or, with
    `landing=False`, the loose files) into `<output>/<table>/ingest_date=<day>/`.

    Without `reprocess`, inputs the ledger already records are skipped; with it, the
    partition is rebuilt from its landing folder alone and replaced as a whole.

    With `dask_address` (this flow then runs with a DaskTaskRunner), the batch tasks and the
    partition step (validate, publish) run on the cluster's workers, each Dask worker with
    `workers` supervised processes of its own (None: one per Dask worker thread, 0: none),
    and the run fails, releasing the partition's lock, when the cluster has had no workers
    for `dask_worker_timeout()` seconds.
    """
    logger = get_run_logger()
    ctx = steps.RunContext(run_id=str(flow_run.get_id() or uuid.uuid4()), day=day,
                           ingested_at=datetime.now(timezone.utc), input_dir=input_dir, output_dir=output_dir)
    store = TableStore(output_dir)
    store.storage.makedirs(store.storage.root)
    # On Dask no pool travels with the tasks: each Dask worker keeps its own (`cluster_pool`).
    cluster_processes = workers if dask_address else 0
    own_pool = not dask_address and (pool_key is None or pool_key not in _POOLS)
    key = pool_key if not own_pool else f"partition-{ctx.run_id}"
    pool = None if dask_address else _open_pool(key, workers) if own_pool else _POOLS[key]
    watch = ClusterWatch(dask_address) if dask_address else None
    try:
        with store.lock(day):  # one writer per partition; a concurrent run waits its turn
            stale = store.clear_stale_staging(day)
            if stale:
                logger.warning("removed staging left by interrupted run(s): %s", ", ".join(stale))
            try:
                files = discover_inputs(input_dir, day if landing else None)
                index = read_ledger(output_dir, day, reprocess)
                batches = steps.plan_batches(files, batch_size) or [[]]
                futures = process_batch.map(unmapped(ctx), list(range(len(batches))), batches, unmapped(index),
                                            unmapped(pool), unmapped(cluster_processes))
                sizes = {future.task_run_id: sum(f.documents for f in batch) for future, batch in zip(futures, batches)}
                progress = Progress(f"ingest_date={day}", sum(sizes.values()), logger)
                for future in (watch.as_completed(futures) if watch else as_completed(futures)):
                    progress.advance(sizes[future.task_run_id])
                progress.close()
                results = [f.result() for f in futures]
                skipped = sum(r.skipped for r in results)
                deferred = {path: why for r in results for path, why in r.deferred.items()}
                if not any(r.documents for r in results) and not reprocess:
                    logger.info("ingest_date=%s: nothing new (%d inputs already ingested)", day, skipped)
                    return _partition_summary(ctx, skipped, None, {}, deferred)
                check = _partition_step(watch, validate_partition, ctx, results, replace=reprocess, pool=pool,
                                        cluster_processes=cluster_processes)
                del futures, results  # the batches' ledger rows are merged and staged now
                if check.table_failures:
                    raise steps.ValidationFailed(f"ingest_date={day}: validation failed, nothing published "
                                                 f"(report: {check.report}):\n  " + "\n  ".join(check.table_failures))
                partition_rows = _partition_step(watch, publish_tables, ctx, check, pool=pool,
                                                 cluster_processes=cluster_processes)
            finally:  # batches are staged as they finish; nothing of this run stays behind
                store.discard_staging(ctx.run_id, day)
    finally:
        if own_pool:
            _close_pool(key)
    return _partition_summary(ctx, skipped, check, partition_rows, deferred)


def _partition_step(watch: ClusterWatch | None, step, *args: Any, **kwargs: Any) -> Any:
    """A partition step (validate, publish): called here, where it runs in the run's worker
    pool (or this process); on Dask, submitted to the cluster like the batches, so the
    driver only orchestrates there too. Staging, the journal and the swaps are the same
    functions either way (`steps.validate_partition_staged`, `steps.publish_staged`)."""
    if watch is None:
        return step(*args, **kwargs)
    [future] = list(watch.as_completed([step.submit(*args, **kwargs)]))
    return future.result()


def _partition_summary(ctx: steps.RunContext, skipped: int, check: steps.PartitionCheck | None,
                       partition_rows: dict[str, tuple[int, int]],
                       deferred: dict[str, str] | None = None) -> dict[str, Any]:
    """`deferred`: files that changed while they were read; nothing is recorded for them, and
    the next run takes them whole (see `steps.load_batch`)."""
    return {
        "deferred": [{"path": path, "reason": why} for path, why in sorted((deferred or {}).items())],
        "ingest_date": ctx.day.isoformat(),
        "run_id": ctx.run_id,
        "documents_read": (check.documents if check else 0) + skipped,
        "already_ingested": skipped,
        **(check.counts if check else steps.counts([])),
        "quarantined_by_validation": check.quarantined_by_validation if check else 0,
        "rows_this_run": {name: partition_rows.get(name, (0, 0))[1] for name in PARTITION_TABLES},
        "rows_in_partition": {name: rows for name, (rows, _) in partition_rows.items()},
        "validation": "skipped (nothing new)" if check is None else "passed",
        "validation_report": str(check.report) if check else None,
        "data_docs": str(check.data_docs) if check else None,
    }


def logical_date() -> date:
    """The date loose files are published under when no `ingest_date` is given: the UTC date
    of the flow run's scheduled start. A scheduled run that starts late, or is retried the
    next morning, therefore still processes its own day; a run started by hand is scheduled
    "now", so it gets today."""
    return flow_run.scheduled_start_time.astimezone(timezone.utc).date()


# -- the top-level flows ----------------------------------------------------------------------
@flow(name="newsetl-ingest", log_prints=True)
def ingest(input_dir: str = "data/raw", output_dir: str = "data/processed", ingest_date: date | None = None,
           batch_size: int = DEFAULT_BATCH_SIZE, workers: int | None = None, reprocess: bool = False,
           max_concurrency: int = DEFAULT_CONCURRENCY, dask_address: str | None = None) -> dict[str, Any]:
    """Ingest what is new under `input_dir`: every landing partition `<input>/<YYYY-MM-DD>/`
    with files the ledger has not recorded, plus loose files into `ingest_date` (default:
    the UTC date of the run's scheduled start, see `logical_date`). A landing partition whose
    files are all recorded unchanged (same path, size and modification time) is skipped
    without reading them, so a run that finds nothing new is quick.
    `workers` worker processes (default: one per core; 0 = in the flow's own process,
    without crash isolation) do the per-document work, or the workers of a Dask cluster when
    `dask_address` (or NEWSETL_DASK_ADDRESS) is a scheduler address or "local".
    """
    started = datetime.now(timezone.utc)
    input_dir, output_dir = normalise(input_dir), normalise(output_dir)
    params = {"input_dir": input_dir, "output_dir": output_dir, "ingest_date": ingest_date, "batch_size": batch_size,
              "workers": workers, "reprocess": reprocess, "max_concurrency": max_concurrency,
              "dask_address": dask_address}
    nothing = None
    with _recorded_if_planning_fails("newsetl-ingest", params, started):
        check_cluster_locations(input_dir, output_dir, dask_address_of(params))
        check_locations(input_dir, output_dir)
        plan, found = plan_partitions(input_dir, output_dir, ingest_date or logical_date(), reprocess)
        if not plan:
            nothing = (f"nothing new under {redact(input_dir)}: every input is already ingested" if found
                       else f"no input files under {redact(input_dir)}")
            get_run_logger().info(nothing)
        _check_cluster(params, plan)
    return _run_partitions("newsetl-ingest", params, started, plan, reprocess, nothing)


@flow(name="newsetl-backfill", log_prints=True)
def backfill(start: date, end: date, input_dir: str = "data/landing", output_dir: str = "data/processed",
             reprocess: bool = False, batch_size: int = DEFAULT_BATCH_SIZE, workers: int | None = None,
             max_concurrency: int = DEFAULT_CONCURRENCY, dask_address: str | None = None) -> dict[str, Any]:
    """(Re)process the landing partitions dated `start`..`end` (inclusive), at most
    `max_concurrency` at a time. Without `reprocess`, only inputs the ledger has not recorded
    are added; with it, each matching output partition is rebuilt from its landing folder and
    replaced exactly. Partitions of other dates are never touched.
    """
    if end < start:
        raise ValueError(f"backfill: end {end} is before start {start}")
    started = datetime.now(timezone.utc)
    input_dir, output_dir = normalise(input_dir), normalise(output_dir)
    params = {"start": start, "end": end, "input_dir": input_dir, "output_dir": output_dir, "reprocess": reprocess,
              "batch_size": batch_size, "workers": workers, "max_concurrency": max_concurrency,
              "dask_address": dask_address}
    nothing = None
    with _recorded_if_planning_fails("newsetl-backfill", params, started):
        check_cluster_locations(input_dir, output_dir, dask_address_of(params))
        check_locations(input_dir, output_dir)
        plan = [(day, True) for day in list_landing_dates(input_dir) if start <= day <= end]
        if not plan:
            nothing = f"no landing folders between {start} and {end} under {redact(input_dir)}"
            get_run_logger().info(nothing)
        _check_cluster(params, plan)
    return _run_partitions("newsetl-backfill", params, started, plan, reprocess, nothing)


def _check_cluster(params: dict[str, Any], plan: list[tuple[date, bool]]) -> None:
    """Before any partition is locked: a remote Dask cluster must have a worker (within
    `dask_worker_timeout()`). Not checked when there is nothing to do, which needs no worker."""
    address = dask_address_of(params)
    if plan and remote_cluster(address):
        count = wait_for_dask_workers(address)
        get_run_logger().info("Dask cluster at %s: %d worker(s)", redact(address), count)


@contextmanager
def _recorded_if_planning_fails(flow_name: str, params: dict[str, Any], started: datetime) -> Iterator[None]:
    """A run that fails before any partition starts (e.g. an unreachable input) is still
    recorded in `runs`, when the output location can be written, and then fails."""
    try:
        yield
    except Exception as exc:
        run_id = str(flow_run.get_id() or uuid.uuid4())
        error = f"planning failed: {type(exc).__name__}: {redact(str(exc))}"
        summary = _run_summary(run_id, params, [], [], [error])
        try:
            record_run(params["output_dir"], _runs_row(flow_name, run_id, params, started,
                                                       datetime.now(timezone.utc), summary, [error]))
        except Exception:  # noqa: BLE001 - the original failure is the one to report
            get_run_logger().exception("could not record the failed run in `runs`")
        raise


DASK_WORKER_TIMEOUT_ENV = "NEWSETL_DASK_WORKER_TIMEOUT"
DEFAULT_DASK_WORKER_TIMEOUT = 60.0  # seconds a run waits for a Dask cluster with no workers
CLUSTER_POLL_SECONDS = 2.0


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


def _run_partitions(flow_name: str, params: dict[str, Any], started: datetime, plan: list[tuple[date, bool]],
                    reprocess: bool, nothing_to_do: str | None = None) -> dict[str, Any]:
    """Run the partition subflows (bounded concurrency, one shared worker pool), then record
    the run in `runs`, whether it succeeded or not."""
    run_id = str(flow_run.get_id() or uuid.uuid4())
    pool_key = f"run-{run_id}"
    dask = dask_address_of(params)
    # On Dask the batch tasks and partition steps run on the cluster's workers, each with its
    # own supervised processes (`cluster_pool`); no local worker pool is started.
    partition_flow = ingest_partition.with_options(task_runner=dask_task_runner(dask)) if dask else ingest_partition
    if not dask:
        _open_pool(pool_key, params["workers"])
    summaries: list[dict[str, Any]] = []
    errors: list[str] = []
    failures: list[BaseException] = []

    def one(day: date, landing: bool):
        return partition_flow(params["input_dir"], params["output_dir"], day, landing=landing, reprocess=reprocess,
                              batch_size=params["batch_size"], workers=params["workers"], pool_key=pool_key,
                              dask_address=dask, return_state=True)

    try:
        with ThreadPoolExecutor(max_workers=max(1, params["max_concurrency"])) as threads:
            # Each subflow runs in a thread with a copy of this thread's context, taken here (a
            # copy taken inside the pool's thread would be empty), so the server links it to
            # this flow run as its child.
            futures = [threads.submit(contextvars.copy_context().run, one, *item) for item in plan]
            states = [f.result() for f in futures]
        for (day, _), state in zip(plan, states):
            if state.is_completed():
                summaries.append(state.result())
            else:
                failure = state.result(raise_on_failure=False)
                failures.append(failure)
                kind = "" if isinstance(failure, steps.ValidationFailed) else f"{type(failure).__name__}: "
                text = redact(str(failure)).removeprefix(f"ingest_date={day}: ")
                errors.append(f"ingest_date={day}: {kind}{text}")
        summary = _run_summary(run_id, params, plan, summaries, errors)
        summary["nothing_to_do"] = nothing_to_do
        ended = datetime.now(timezone.utc)
        # Before the pool closes: its workers have GX loaded, this process has not (see `record_run`).
        record_run(params["output_dir"], _runs_row(flow_name, run_id, params, started, ended, summary, errors),
                   pool=_POOLS.get(pool_key))
    finally:
        _close_pool(pool_key)
    summary["manifest"] = write_manifest(params["output_dir"], run_id, summary)  # written last
    _publish_artifacts(summary)
    if errors:
        # ValidationFailed only when validation is what failed; a lost cluster, a storage
        # error or a dead worker is reported as what it is.
        kind = (steps.ValidationFailed if all(isinstance(f, steps.ValidationFailed) for f in failures)
                else ClusterUnavailable if all(isinstance(f, ClusterUnavailable) for f in failures)
                else RunFailed)
        raise kind("some partitions failed (the others were published):\n  " + "\n  ".join(errors))
    return summary


class RunFailed(RuntimeError):
    """Partitions failed for reasons other than validation (storage, workers, cluster)."""


def _run_summary(run_id: str, params: dict[str, Any], plan, summaries: list[dict[str, Any]],
                 errors: list[str]) -> dict[str, Any]:
    store = TableStore(params["output_dir"])
    totals = {k: sum(s[k] for s in summaries) for k in
              ("documents_read", "already_ingested", "published", "quarantined", "duplicate", "unreadable")}
    rows = {name: sum(s["rows_this_run"].get(name, 0) for s in summaries) for name in PARTITION_TABLES}
    rows["runs"] = 1  # the record of this run itself
    quarantined = sum(s["quarantined_by_validation"] for s in summaries)
    validated = [s for s in summaries if s["validation"] == "passed"]
    validation = ("failed" if errors else "skipped (nothing new)" if not validated
                  else "passed" if not quarantined else f"passed with {quarantined} document(s) quarantined")
    return {
        "run_id": run_id,
        "ingest_dates": [d.isoformat() for d, _ in plan],
        "input_dir": redact(params["input_dir"]),
        "output_dir": redact(params["output_dir"]),
        **totals,
        "rows_this_run": rows,
        "validation": validation,
        "partitions": summaries,
        # Only tables that exist: a run that wrote nothing lists no paths that were never written.
        "tables": {name: store.storage.display(store.table_dir(name)) for name in TABLES
                   if rows.get(name) or store.storage.exists(store.table_dir(name))},
        "examples": _examples(store, summaries),
        "deferred": [d for s in summaries for d in s["deferred"]],
        "validation_reports": [s["validation_report"] for s in summaries if s["validation_report"]],
        "data_docs": next((s["data_docs"] for s in summaries if s["data_docs"]), None),
    }


def _examples(store: TableStore, summaries: list[dict[str, Any]],
              limit: int = SUMMARY_EXAMPLES) -> dict[str, list[dict[str, str]]]:
    """The first `limit` inputs of this run per status other than published, with their
    reasons (read back from the published `documents` partitions: every reason is there)."""
    examples: dict[str, list[dict[str, str]]] = {}
    for part in summaries:
        if not any(part[s] for s in ("quarantined", "duplicate", "unreadable")):
            continue
        ledger = store.read_partition(TABLES["documents"], date.fromisoformat(part["ingest_date"]),
                                      ["path", "record", "status", "reason", "run_id"])
        mine = ledger.filter(pc.and_(pc.equal(ledger["run_id"], part["run_id"]),
                                     pc.not_equal(ledger["status"], "published")))
        for row in mine.to_pylist():
            shown = examples.setdefault(row["status"], [])
            if len(shown) < limit:
                path = row["path"] + (f"#{row['record']}" if row["record"] is not None else "")
                shown.append({"path": path, "reason": row["reason"] or ""})
    return examples


def _runs_row(flow_name: str, run_id: str, params: dict[str, Any], started: datetime, ended: datetime,
              summary: dict[str, Any], errors: list[str]) -> dict[str, Any]:
    shown = {k: redact(v) if isinstance(v, str) else v for k, v in params.items()}
    return {
        "run_id": run_id, "flow": flow_name, "parameters_json": json.dumps(shown, default=str, sort_keys=True),
        "started_at": started, "ended_at": ended, "status": "failed" if errors else "completed",
        "error": "\n".join(errors) or None, "partitions": [date.fromisoformat(d) for d in summary["ingest_dates"]],
        **{k: summary[k] for k in ("documents_read", "already_ingested", "published", "quarantined", "duplicate",
                                   "unreadable")},
        "rows_json": json.dumps(summary["rows_this_run"], sort_keys=True), "validation": summary["validation"],
        "code_version": code_version(), "versions_json": json.dumps(library_versions(), sort_keys=True),
    }


def _publish_artifacts(summary: dict[str, Any]) -> None:
    rows = [{"ingest_date": p["ingest_date"], "read": p["documents_read"], "already ingested": p["already_ingested"],
             "published": p["published"], "quarantined": p["quarantined"], "duplicate": p["duplicate"],
             "unreadable": p["unreadable"], "validation": p["validation"]} for p in summary["partitions"]]
    create_table_artifact(key="newsetl-run-summary", table=rows or [{"ingest_date": "-", "read": 0}],
                          description=f"newsetl run {summary['run_id']}")
    create_markdown_artifact(
        key="newsetl-run-report",
        markdown=(f"# newsetl run {summary['run_id']}\n\n"
                  f"- partitions: {', '.join(summary['ingest_dates']) or summary['nothing_to_do'] or 'none'}\n"
                  f"- documents read: {summary['documents_read']} "
                  f"(already ingested: {summary['already_ingested']})\n"
                  f"- published: {summary['published']}, quarantined: {summary['quarantined']}, "
                  f"duplicate: {summary['duplicate']}, unreadable: {summary['unreadable']}\n"
                  f"- validation: {summary['validation']}\n"
                  f"- validation reports: {', '.join(f'`{r}`' for r in summary['validation_reports']) or '-'}\n"
                  + (f"- data docs: `{summary['data_docs']}`\n" if summary["data_docs"] else "")),
    )
