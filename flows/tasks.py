"""The Prefect tasks: thin wrappers that give the steps retries, logs and task runs.

Each calls one step of `flows/` by its module, so the same step runs (and is tested, and
benchmarked) without Prefect. The task names users see in Prefect (`process_batch`,
`validate_partition`, `publish_tables`, ...) are kept from before issue 22's renames.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from prefect import task
from prefect.cache_policies import NO_CACHE

from extractors.ledger import PublishedIndex
from flows import batch, partition, planning, publishing
from flows.batch import BatchResult
from flows.context import RunContext
from flows.dispatch import run_in_worker
from flows.partition import DecidedPartition
from flows.resources import cluster_pool
from flows.run_record import record_run_row
from flows.workers import LazyWorkerPool
from storage.landing import InputFile, landing_dates
from storage.tables import TableStore


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
    return planning.partition_inputs(input_dir, day)


@task(retries=3, retry_delay_seconds=[1, 5, 15], retry_condition_fn=_retry_unless_missing,
      cache_policy=NO_CACHE)
def plan_partitions(input_dir: str, output_dir: str, loose_day: date,
                    reprocess: bool) -> tuple[list[tuple[date, bool]], bool]:
    return planning.plan_partitions(input_dir, output_dir, loose_day, reprocess)


@task(retries=3, retry_delay_seconds=[1, 5, 15], retry_condition_fn=_retry_unless_missing,
      cache_policy=NO_CACHE)
def list_landing_dates(input_dir: str) -> list[date]:
    return landing_dates(input_dir)


@task(retries=2, retry_delay_seconds=[1, 5], cache_policy=NO_CACHE)
def read_ledger(output_dir: str, day: date, reprocess: bool) -> PublishedIndex:
    return planning.read_ledger_index(TableStore(output_dir), day, reprocess)


@task(retries=1, retry_delay_seconds=[2], cache_policy=NO_CACHE)
def process_batch(ctx: RunContext, number: int, files: list[InputFile], index: PublishedIndex,
                  pool: LazyWorkerPool | None, cluster_processes: int | None = 0) -> BatchResult:
    """`cluster_processes` (Dask only, where no pool travels with the task): the supervised
    processes of the Dask worker running this task (see `cluster_pool`); 0 runs the
    documents in the Dask worker's own process, without isolation."""
    return batch.process_batch(ctx, number, files, index, pool or cluster_pool(cluster_processes))


@task(name="validate_partition", retries=1, retry_delay_seconds=[5], cache_policy=NO_CACHE)
def decide_partition(ctx: RunContext, results: list[BatchResult], replace: bool,
                     pool: LazyWorkerPool | None, cluster_processes: int | None = 0) -> DecidedPartition:
    return run_in_worker(pool or cluster_pool(cluster_processes), partition.decide_partition, ctx, results, replace)


@task(name="publish_tables", retries=2, retry_delay_seconds=[2, 10], cache_policy=NO_CACHE)
def publish_partition(ctx: RunContext, decided: DecidedPartition,
                      pool: LazyWorkerPool | None, cluster_processes: int | None = 0) -> dict[str, tuple[int, int]]:
    return run_in_worker(pool or cluster_pool(cluster_processes), publishing.publish_partition, ctx, decided)


@task(retries=2, retry_delay_seconds=[1, 5], cache_policy=NO_CACHE)
def record_run(output_dir: str, row: dict[str, Any], pool: LazyWorkerPool | None = None) -> None:
    """Validate and append the run's `runs` row, in a worker when the run started any (see
    `flows.run_record.record_run_row`), else here."""
    run_in_worker(pool, record_run_row, output_dir, row)


@task(retries=2, retry_delay_seconds=[1, 5], cache_policy=NO_CACHE)
def write_manifest(output_dir: str, run_id: str, summary: dict[str, Any]) -> str:
    return TableStore(output_dir).write_manifest(run_id, summary)
