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

# The one thing done at import, and why: Prefect reads its settings once, when it is imported,
# so the environment defaults of a run (analytics off, the ephemeral server's start timeout)
# must be set before the Prefect import below to take effect for any entry point that imports
# this module first (the CLI applies them too, before importing it).
from flows.runtime import apply_environment_defaults

apply_environment_defaults()

import contextvars  # noqa: E402
import uuid  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from concurrent.futures import ThreadPoolExecutor  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from datetime import date, datetime, timezone  # noqa: E402
from typing import Any  # noqa: E402

from prefect import flow, get_run_logger, unmapped  # noqa: E402
from prefect.futures import as_completed  # noqa: E402
from prefect.runtime import flow_run  # noqa: E402
from prefect.task_runners import ThreadPoolTaskRunner  # noqa: E402

from extractors.ledger import PublishedIndex  # noqa: E402
from flows.batch import BatchResult  # noqa: E402
from flows.cluster import (ClusterUnavailable, ClusterWatch, dask_address_of, dask_task_runner,  # noqa: E402
                           wait_for_dask_workers)
from flows.context import RunContext, ValidationFailed  # noqa: E402
from flows.partition import DecidedPartition  # noqa: E402
from flows.planning import even_batches  # noqa: E402
from flows.progress import Progress  # noqa: E402
from flows.resources import RunResources, current_resources, run_resources  # noqa: E402
from flows.runtime import prepare_flow_process  # noqa: E402
from flows.summary import PartitionSummary, RunSummary, publish_artifacts, runs_row  # noqa: E402
from flows.workers import LazyWorkerPool  # noqa: E402
from flows.tasks import (decide_partition, discover_inputs, list_landing_dates, plan_partitions,  # noqa: E402
                         process_batch, publish_partition, read_ledger, record_run, write_manifest)
from settings.run import BATCH_TASKS_AT_ONCE, DEFAULT_BATCH_SIZE, DEFAULT_CONCURRENCY  # noqa: E402
from storage.fs import normalise  # noqa: E402
from storage.landing import InputFile  # noqa: E402
from storage.locations import check_cluster_locations, check_locations, redact, remote_cluster  # noqa: E402
from storage.tables import TableStore  # noqa: E402

__all__ = ["ClusterUnavailable", "RunFailed", "ValidationFailed", "backfill", "ingest", "ingest_partition"]


# -- one partition ----------------------------------------------------------------------------
@flow(name="newsetl-partition", task_runner=ThreadPoolTaskRunner(max_workers=BATCH_TASKS_AT_ONCE))
def ingest_partition(input_dir: str, output_dir: str, day: date, landing: bool = True, reprocess: bool = False,
                     batch_size: int = DEFAULT_BATCH_SIZE, workers: int | None = None,
                     dask_address: str | None = None) -> PartitionSummary:
    """Process one output partition: the landing folder `<input>/<day>/` (or, with
    `landing=False`, the loose files) into `<output>/<table>/ingest_date=<day>/`.

    Without `reprocess`, inputs the ledger already records are skipped; with it, the
    partition is rebuilt from its landing folder alone and replaced as a whole.

    The worker processes are the run's (`flows.resources.current_resources`, set by the
    parent flow); a partition run on its own opens its own, `workers` of them.
    With `dask_address` (this flow then runs with a DaskTaskRunner), the batch tasks and the
    partition step (validate, publish) run on the cluster's workers, each Dask worker with
    `workers` supervised processes of its own (None: one per Dask worker thread, 0: none),
    and the run fails, releasing the partition's lock, when the cluster has had no workers
    for `dask_worker_timeout()` seconds.
    """
    prepare_flow_process()
    ctx = RunContext(run_id=str(flow_run.get_id() or uuid.uuid4()), day=day, ingested_at=datetime.now(timezone.utc),
                     input_dir=input_dir, output_dir=output_dir)
    store = TableStore(output_dir)
    store.storage.makedirs(store.storage.root)
    shared = current_resources()
    resources = shared or RunResources.open(workers, dask=bool(dask_address))
    try:
        with store.lock(day):  # one writer per partition; a concurrent run waits its turn
            stale = store.clear_stale_staging(day)
            if stale:
                get_run_logger().warning("removed staging left by interrupted run(s): %s", ", ".join(stale))
            try:
                return _run_partition(ctx, landing, reprocess, batch_size, workers, resources.pool, dask_address)
            finally:  # batches are staged as they finish; nothing of this run stays behind
                store.discard_staging(ctx.run_id, day)
    finally:
        if shared is None:
            resources.close()


def _run_partition(ctx: RunContext, landing: bool, reprocess: bool, batch_size: int, workers: int | None,
                   pool: LazyWorkerPool | None, dask_address: str | None) -> PartitionSummary:
    """The partition's steps, under its lock: batches, then decide, then publish."""
    logger = get_run_logger()
    # On Dask no pool travels with the tasks: each Dask worker keeps its own (`cluster_pool`).
    cluster_processes = workers if dask_address else 0
    watch = ClusterWatch(dask_address) if dask_address else None
    files = discover_inputs(ctx.input_dir, ctx.day if landing else None)
    index = read_ledger(ctx.output_dir, ctx.day, reprocess)
    results = _run_batches(ctx, even_batches(files, batch_size) or [[]], index, pool, cluster_processes, watch)
    skipped = sum(r.skipped for r in results)
    deferred = {path: why for r in results for path, why in r.deferred.items()}
    if not any(r.documents for r in results) and not reprocess:
        logger.info("ingest_date=%s: nothing new (%d inputs already ingested)", ctx.day, skipped)
        return PartitionSummary.of(ctx, skipped, None, {}, deferred)
    decided: DecidedPartition = _partition_step(watch, decide_partition, ctx, results, replace=reprocess, pool=pool,
                                                cluster_processes=cluster_processes)
    del results  # the batches' ledger rows are merged and staged now
    if decided.table_failures:
        raise ValidationFailed(f"ingest_date={ctx.day}: validation failed, nothing published "
                               f"(report: {decided.report}):\n  " + "\n  ".join(decided.table_failures))
    partition_rows = _partition_step(watch, publish_partition, ctx, decided, pool=pool,
                                     cluster_processes=cluster_processes)
    return PartitionSummary.of(ctx, skipped, decided, partition_rows, deferred)


def _run_batches(ctx: RunContext, batches: list[list[InputFile]], index: PublishedIndex, pool: LazyWorkerPool | None,
                 cluster_processes: int | None, watch: ClusterWatch | None) -> list[BatchResult]:
    """One `process_batch` task per batch, with a progress line as they finish."""
    futures = process_batch.map(unmapped(ctx), list(range(len(batches))), batches, unmapped(index),
                                unmapped(pool), unmapped(cluster_processes))
    sizes = {future.task_run_id: sum(f.documents for f in batch) for future, batch in zip(futures, batches)}
    progress = Progress(f"ingest_date={ctx.day}", sum(sizes.values()), get_run_logger())
    for future in (watch.as_completed(futures) if watch else as_completed(futures)):
        progress.advance(sizes[future.task_run_id])
    progress.close()
    return [f.result() for f in futures]


def _partition_step(watch: ClusterWatch | None, step, *args: Any, **kwargs: Any) -> Any:
    """A partition step (decide, publish): called here, where it runs in the run's worker
    pool (or this process); on Dask, submitted to the cluster like the batches, so the
    driver only orchestrates there too. Staging, the journal and the swaps are the same
    functions either way (`flows.partition.decide_partition`, `flows.publishing.publish_partition`)."""
    if watch is None:
        return step(*args, **kwargs)
    [future] = list(watch.as_completed([step.submit(*args, **kwargs)]))
    return future.result()


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
    prepare_flow_process()
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
    prepare_flow_process()
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
        summary = RunSummary.of(run_id, params, [], [], [error])
        try:
            record_run(params["output_dir"], runs_row(flow_name, run_id, params, started,
                                                      datetime.now(timezone.utc), summary, [error]))
        except Exception:  # noqa: BLE001 - the original failure is the one to report
            get_run_logger().exception("could not record the failed run in `runs`")
        raise


def _run_partitions(flow_name: str, params: dict[str, Any], started: datetime, plan: list[tuple[date, bool]],
                    reprocess: bool, nothing_to_do: str | None = None) -> dict[str, Any]:
    """Run the partition subflows (bounded concurrency, one shared worker pool), then record
    the run in `runs`, whether it succeeded or not."""
    run_id = str(flow_run.get_id() or uuid.uuid4())
    dask = dask_address_of(params)
    # On Dask the batch tasks and partition steps run on the cluster's workers, each with its
    # own supervised processes (`cluster_pool`); no local worker pool is started.
    partition_flow = ingest_partition.with_options(task_runner=dask_task_runner(dask)) if dask else ingest_partition
    with run_resources(params["workers"], dask=bool(dask)) as resources:
        summaries, errors, failures = _partitions_in_threads(partition_flow, params, plan, reprocess, dask)
        summary = RunSummary.of(run_id, params, plan, summaries, errors, nothing_to_do)
        ended = datetime.now(timezone.utc)
        # Before the pool closes: its workers have GX loaded, this process has not (see `record_run`).
        record_run(params["output_dir"], runs_row(flow_name, run_id, params, started, ended, summary, errors),
                   pool=resources.pool)
    summary.manifest = write_manifest(params["output_dir"], run_id, summary.as_dict())  # written last
    publish_artifacts(summary)
    if errors:
        # ValidationFailed only when validation is what failed; a lost cluster, a storage
        # error or a dead worker is reported as what it is.
        kind = (ValidationFailed if all(isinstance(f, ValidationFailed) for f in failures)
                else ClusterUnavailable if all(isinstance(f, ClusterUnavailable) for f in failures)
                else RunFailed)
        raise kind("some partitions failed (the others were published):\n  " + "\n  ".join(errors))
    return summary.as_dict()


def _partitions_in_threads(partition_flow, params: dict[str, Any], plan: list[tuple[date, bool]], reprocess: bool,
                           dask: str | None) -> tuple[list[PartitionSummary], list[str], list[BaseException]]:
    """Each planned partition's subflow, `max_concurrency` at a time: the summaries of those
    that completed, an error line and the exception of each that failed."""
    summaries: list[PartitionSummary] = []
    errors: list[str] = []
    failures: list[BaseException] = []

    def one(day: date, landing: bool):
        return partition_flow(params["input_dir"], params["output_dir"], day, landing=landing, reprocess=reprocess,
                              batch_size=params["batch_size"], workers=params["workers"], dask_address=dask,
                              return_state=True)

    with ThreadPoolExecutor(max_workers=max(1, params["max_concurrency"])) as threads:
        # Each subflow runs in a thread with a copy of this thread's context, taken here (a
        # copy taken inside the pool's thread would be empty), so the server links it to
        # this flow run as its child, and it sees the run's resources (`current_resources`).
        futures = [threads.submit(contextvars.copy_context().run, one, *item) for item in plan]
        states = [f.result() for f in futures]
    for (day, _), state in zip(plan, states):
        if state.is_completed():
            summaries.append(state.result())
        else:
            failure = state.result(raise_on_failure=False)
            failures.append(failure)
            kind = "" if isinstance(failure, ValidationFailed) else f"{type(failure).__name__}: "
            text = redact(str(failure)).removeprefix(f"ingest_date={day}: ")
            errors.append(f"ingest_date={day}: {kind}{text}")
    return summaries, errors, failures


class RunFailed(RuntimeError):
    """Partitions failed for reasons other than validation (storage, workers, cluster)."""
