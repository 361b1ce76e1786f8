"""The main ingest flow: raw articles in, validated Parquet tables out.

    discover -> read ledger -> [load + clean + extract] per batch -> assemble
             -> validate (GX; quarantine) -> stage + audit -> publish -> summary artifact

One task per batch of documents, never one per document: Prefect's per-task cost and the
local server's task-run bookkeeping would otherwise dominate (see shared notes).
"""
from __future__ import annotations

import os

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")

import uuid  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from datetime import date, datetime, timezone  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from prefect import flow, get_run_logger, task, unmapped  # noqa: E402
from prefect.artifacts import create_markdown_artifact, create_table_artifact  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402
from prefect.runtime import flow_run  # noqa: E402
from prefect.task_runners import ThreadPoolTaskRunner  # noqa: E402

from extractors.ledger import PublishedIndex  # noqa: E402
from extractors.limits import DEFAULT_LIMITS  # noqa: E402
from flows import steps  # noqa: E402
from flows.workers import WorkerPool, default_processes  # noqa: E402
from schemas import TABLES  # noqa: E402
from schemas.validation import SuiteRunner  # noqa: E402
from storage.landing import InputFile, discover  # noqa: E402
from storage.tables import TableStore  # noqa: E402

DEFAULT_BATCH_SIZE = 200


@task(retries=2, retry_delay_seconds=[1, 5], cache_policy=NO_CACHE)
def discover_inputs(input_dir: str) -> list[InputFile]:
    return discover(input_dir)


@task(retries=2, retry_delay_seconds=[1, 5], cache_policy=NO_CACHE)
def read_ledger(output_dir: str, day: date) -> PublishedIndex:
    return steps.read_index(TableStore(output_dir), day)


@task(retries=1, retry_delay_seconds=[2], cache_policy=NO_CACHE)
def process_batch(input_dir: str, files: list[InputFile], index: PublishedIndex,
                  pool: WorkerPool | None, day: date) -> steps.BatchResult:
    return steps.process_batch(input_dir, files, index, pool, ingest_date=day)


@task(cache_policy=NO_CACHE)
def validate_tables(ctx: steps.RunContext, results: list[steps.BatchResult]) -> tuple[steps.ValidatedRun, Path, Path]:
    store = TableStore(ctx.output_dir)
    outcomes, new_tables = steps.assemble(results, ctx)
    validation_dir = store.root / "_validation"
    runner = SuiteRunner(docs_dir=validation_dir / "data_docs")
    validated = steps.validate(store, ctx, outcomes, new_tables, runner)
    report = steps.write_validation_report(validation_dir / "runs" / f"{ctx.run_id}.json", ctx, validated)
    docs_index = runner.build_docs()
    return validated, report, docs_index


@task(cache_policy=NO_CACHE)
def publish_tables(ctx: steps.RunContext, validated: steps.ValidatedRun) -> dict[str, int]:
    store = TableStore(ctx.output_dir)
    try:
        staged = steps.stage(store, ctx, validated)
        store.publish(staged)
    finally:
        store.discard_staging(ctx.run_id, ctx.day)
    return {part.table: part.rows for part in staged}


@contextmanager
def _worker_pool(workers: int | None) -> Iterator[WorkerPool | None]:
    processes = default_processes() if workers is None else workers
    if processes <= 0:
        yield None
        return
    limits = DEFAULT_LIMITS
    with WorkerPool(processes, seconds_per_item=limits.max_seconds_per_document,
                    memory_limit=limits.max_worker_memory_bytes, initializer=steps.warm_up) as pool:
        yield pool


def _batches(items: list[InputFile], size: int) -> list[list[InputFile]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


@flow(name="newsetl-ingest", task_runner=ThreadPoolTaskRunner(max_workers=2), log_prints=True)
def ingest(input_dir: str = "data/raw", output_dir: str = "data/processed", ingest_date: date | None = None,
           batch_size: int = DEFAULT_BATCH_SIZE, workers: int | None = None) -> dict[str, Any]:
    """Ingest every article under `input_dir` into the tables under `output_dir`.

    Rows land in the partition `ingest_date` (today, UTC, unless given). Re-running over the
    same input adds no rows: inputs recorded by earlier partitions are skipped, and rows of
    the same partition are replaced, not appended. `workers` worker processes (default: one
    per core; 0 = in this process, without crash isolation) do the per-document work.
    """
    logger = get_run_logger()
    started = datetime.now(timezone.utc)
    ctx = steps.RunContext(run_id=str(flow_run.get_id() or uuid.uuid4()), day=ingest_date or started.date(),
                           ingested_at=started, input_dir=str(Path(input_dir).resolve()),
                           output_dir=str(Path(output_dir).resolve()))
    store = TableStore(ctx.output_dir)
    store.root.mkdir(parents=True, exist_ok=True)

    files = discover_inputs(ctx.input_dir)
    logger.info("found %d input files under %s", len(files), ctx.input_dir)
    with store.lock(ctx.day):  # one writer per partition; a concurrent run waits its turn
        stale = store.clear_stale_staging(ctx.day)
        if stale:
            logger.warning("removed staging left by interrupted run(s): %s", ", ".join(stale))
        index = read_ledger(ctx.output_dir, ctx.day)
        with _worker_pool(workers) as pool:
            futures = process_batch.map(unmapped(ctx.input_dir), _batches(files, batch_size) or [[]],
                                        unmapped(index), unmapped(pool), unmapped(ctx.day))
            results = [f.result() for f in futures]
        validated, report_path, docs_index = validate_tables(ctx, results)
        if validated.table_failures:
            raise steps.ValidationFailed(
                "validation failed, nothing published (report: " + str(report_path) + "):\n  "
                + "\n  ".join(validated.table_failures))
        published_rows = publish_tables(ctx, validated)

    status_counts = steps.counts(validated.outcomes)
    summary = {
        "run_id": ctx.run_id,
        "ingest_date": ctx.day.isoformat(),
        "input_dir": ctx.input_dir,
        "output_dir": ctx.output_dir,
        "documents_read": len(validated.outcomes) + sum(r.skipped for r in results),
        "already_ingested": sum(r.skipped for r in results),
        **status_counts,
        "rows_this_run": _rows_this_run(validated, ctx.run_id),
        "rows_in_partition": published_rows,
        "validation": "passed" if not validated.quarantined_doc_ids else
        f"passed with {len(validated.quarantined_doc_ids)} document(s) quarantined",
        "tables": {name: str(store.table_dir(name)) for name in TABLES},
        "validation_report": str(report_path),
        "data_docs": str(docs_index) if docs_index else None,
    }
    summary["manifest"] = str(store.write_manifest(ctx.run_id, summary))
    _publish_artifacts(summary)
    return summary


def _rows_this_run(validated: steps.ValidatedRun, run_id: str) -> dict[str, int]:
    import pyarrow.compute as pc

    return {name: int(pc.sum(pc.equal(table["run_id"], run_id)).as_py() or 0)
            for name, table in validated.tables.items()}


def _publish_artifacts(summary: dict[str, Any]) -> None:
    rows = [{"table": name, "rows this run": summary["rows_this_run"][name],
             "rows in partition": summary["rows_in_partition"][name], "path": summary["tables"][name]}
            for name in TABLES]
    create_table_artifact(key="newsetl-run-summary", table=rows,
                          description=f"newsetl run {summary['run_id']} (ingest_date={summary['ingest_date']})")
    create_markdown_artifact(
        key="newsetl-run-report",
        markdown=(f"# newsetl run {summary['run_id']}\n\n"
                  f"- documents read: {summary['documents_read']} (already ingested: {summary['already_ingested']})\n"
                  f"- published: {summary['published']}, quarantined: {summary['quarantined']}, "
                  f"duplicate: {summary['duplicate']}, unreadable: {summary['unreadable']}\n"
                  f"- validation: {summary['validation']}\n"
                  f"- validation report: `{summary['validation_report']}`\n"
                  f"- data docs: `{summary['data_docs']}`\n"),
    )
