"""Validating and staging one batch: its rows tabulated as Arrow, checked with Great
Expectations and the span audit, failing documents withheld, the rest staged as Parquet.

Runs in a worker process (a job re-run elsewhere if its worker dies), or in the calling
process without a pool. What comes back (`ValidatedBatch`) is small: it travels between
processes, and a partition keeps one per batch.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from extractors.records import DocumentOutcome
from flows.batch_work import IN_PROCESS
from flows.context import RunContext
from flows.suite_runner import process_suite_runner
from flows.workers import Failure, LazyWorkerPool, WorkerPool
from schemas import CONTENT_TABLES, STRUCTURED_TABLES, TABLES
from schemas.span_audit import audit_spans
from schemas.validation import RowFailure, SuiteRunner
from settings.run import BATCH_VALIDATION_ATTEMPTS, DOCUMENTS_PER_TABULATE_SLICE, SECONDS_PER_BATCH_VALIDATION
from storage.tables import TableStore, drop_rows

# The logger's name from before issue 22's split, kept: log filters and formats name it.
log = logging.getLogger("flows.steps")


@dataclass
class ValidatedBatch:
    """What validating and staging one batch's rows produced. Small: it travels back from a
    worker process, and a partition keeps one per batch."""

    staged: dict[str, str] = field(default_factory=dict)  # table -> staged batch file
    reasons: dict[str, list[str]] = field(default_factory=dict)  # doc_id -> why its rows failed
    quarantine: list[dict[str, Any]] = field(default_factory=list)  # `quarantine` rows (failing rows)
    validations: dict[str, dict[str, Any]] = field(default_factory=dict)  # table -> summary (no GX result)
    table_failures: list[str] = field(default_factory=list)
    results_key: str | None = None  # every GX result of the batch, as JSON (path under the output root)
    # Set when the batch could not be validated and staged at all (its workers died, stalled or
    # raised on every attempt): why. Not a verdict on its documents, which stay unrecorded.
    failed: str | None = None


def tabulate(outcomes: list[DocumentOutcome], ctx: RunContext) -> dict[str, pa.Table]:
    """The published outcomes' rows, one Arrow table per content table, stamped with the run.
    Packed outcomes are unpacked a slice of documents at a time."""
    stamp = {"run_id": ctx.run_id, "ingested_at": ctx.ingested_at}
    published = [o for o in outcomes if o.document["status"] == "published"]
    parts: dict[str, list[pa.Table]] = {name: [] for name in CONTENT_TABLES}
    for start in range(0, len(published), DOCUMENTS_PER_TABULATE_SLICE):
        rows: dict[str, list[dict[str, Any]]] = {name: [] for name in CONTENT_TABLES}
        for outcome in published[start:start + DOCUMENTS_PER_TABULATE_SLICE]:
            outcome = outcome.unpacked()
            rows["articles"].append({**outcome.article, **stamp})
            rows["paragraphs"].extend({**p, **stamp} for p in outcome.paragraphs)
            rows["removed_blocks"].extend({**b, **stamp} for b in outcome.removed_blocks)
            for name in STRUCTURED_TABLES:
                rows[name].extend({**r, **stamp} for r in outcome.structured.get(name, []))
        for name in CONTENT_TABLES:
            parts[name].append(pa.Table.from_pylist(rows[name], schema=TABLES[name].schema))
    return {name: pa.concat_tables(parts[name]).combine_chunks() if parts[name]
            else TABLES[name].schema.empty_table() for name in CONTENT_TABLES}


@dataclass
class BatchJob:
    """One batch's validation, as sent to a worker process."""

    ctx: RunContext
    number: int
    tables: dict[str, pa.Table]


def validate_batch_in_worker(ctx: RunContext, number: int, tables: dict[str, pa.Table],
                             pool: WorkerPool | LazyWorkerPool | None, ticket: int | None = None) -> ValidatedBatch:
    """Validate and stage the batch in a worker process (or here, without a pool).

    A worker that dies, stalls or raises while doing so says nothing about the documents:
    the job is the same whichever worker runs it. So it is run again, in another worker
    process (the pool replaces the one that failed), up to BATCH_VALIDATION_ATTEMPTS in all; an
    attempt's partly staged files are overwritten by the next. If every attempt fails, the
    batch comes back `failed`, with a table-level failure naming the cause: the batch's
    documents get no ledger row and the partition is not published, so the next plain run
    takes them again. (They used to be quarantined: one worker killed by SIGKILL kept 200
    good documents out of the tables until a `--reprocess`.)
    """
    if pool is None:
        with IN_PROCESS:  # one GX context per process, not known to be thread-safe
            return validate_batch(ctx, number, tables)
    job = BatchJob(ctx, number, tables)
    reasons = []
    for attempt in range(1, BATCH_VALIDATION_ATTEMPTS + 1):
        [outcome] = pool.map(validate_batches, [job], 1, timeout=SECONDS_PER_BATCH_VALIDATION, ticket=ticket)
        if not isinstance(outcome, Failure):
            return outcome
        reasons.append(outcome.reason)
        log.warning("run %s, ingest_date=%s, batch %d: validating and staging failed (attempt %d of %d): %s",
                    ctx.run_id, ctx.day, number, attempt, BATCH_VALIDATION_ATTEMPTS, outcome.reason)
    why = (f"batch {number}: validating and staging its rows failed {len(reasons)} times, each in another "
           f"worker process ({'; '.join(dict.fromkeys(reasons))}). This is a failure of the machinery, not a "
           f"verdict on the documents: its {tables['articles'].num_rows} article(s) are left unrecorded, so the "
           f"next run takes them again")
    return ValidatedBatch(table_failures=[why], failed=why)


def validate_batches(jobs: list[BatchJob]) -> list[ValidatedBatch]:
    """Worker entry point (module-level, so spawned workers can unpickle it)."""
    return [validate_batch(job.ctx, job.number, job.tables) for job in jobs]


def validate_batch(ctx: RunContext, number: int, tables: dict[str, pa.Table],
                   runner: SuiteRunner | None = None) -> ValidatedBatch:
    """Validate one batch's content tables, withhold failing documents, stage the rest.

    A document with any row failing a row-level expectation (or the span audit) is withheld
    from every content table (no half articles) and its failing rows go to `quarantine`. A
    table-level failure means a pipeline bug: it is reported and the batch is not staged.
    Every GX result is written as JSON next to the run's report.
    """
    runner = runner or process_suite_runner()
    store = TableStore(ctx.output_dir)
    validations = {name: runner.validate(TABLES[name], tables[name]) for name in CONTENT_TABLES}
    failures = [f for name in CONTENT_TABLES for f in validations[name].row_failures] + audit_spans(tables)
    reasons: dict[str, list[str]] = {}
    for f in failures:
        reasons.setdefault(f.doc_id, []).append(f"{f.table}.{f.column}: {f.reason} (value {json.dumps(f.values)})")
    table_failures = [m for v in validations.values() for m in v.table_failures]
    results_key = f"_validation/runs/{ctx.run_id}/batch-{number:05d}.json"
    store.write_json(
        results_key,
        {"run_id": ctx.run_id, "ingest_date": ctx.day.isoformat(), "batch": number,
         "tables": {name: v.result for name, v in validations.items()}})
    validated = ValidatedBatch(reasons=reasons, quarantine=[_quarantine_row(f, ctx) for f in failures],
                               validations={name: v.summary() for name, v in validations.items()},
                               table_failures=table_failures, results_key=results_key)
    if table_failures:
        return validated
    for name in CONTENT_TABLES:
        table = drop_rows(tables[name], "doc_id", set(reasons))
        if table.num_rows:
            validated.staged[name] = store.stage_batch(ctx.run_id, TABLES[name], ctx.day, number, table)
    return validated


def with_reasons(document: dict[str, Any], reasons: dict[str, list[str]]) -> dict[str, Any]:
    if document["status"] != "published" or document["doc_id"] not in reasons:
        return document
    return {**document, "status": "quarantined",
            "reason": "failed validation: " + "; ".join(sorted(set(reasons[document["doc_id"]])))}


def _quarantine_row(failure: RowFailure, ctx: RunContext) -> dict[str, Any]:
    return {"table": failure.table, "doc_id": failure.doc_id, "row_key": json.dumps(failure.row_key, sort_keys=True),
            "expectation": failure.expectation, "column": failure.column,
            "values_json": json.dumps(failure.values, sort_keys=True, default=str), "reason": failure.reason,
            "run_id": ctx.run_id, "ingested_at": ctx.ingested_at}

