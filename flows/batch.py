"""One batch, from files to a decided batch: load, clean + extract, tabulate, validate + stage.

The step behind the flow's `process_batch` task. Each document gets its final ledger row;
its content rows are staged as Parquet, so what a partition keeps per batch is small.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from extractors.ledger import PublishedIndex, resolve_run_duplicates
from extractors.loading import RawDocument
from extractors.records import DocumentOutcome
from flows import batch_work
from flows.batch_validation import ValidatedBatch, tabulate, validate_batch_in_worker, with_reasons
from flows.context import RunContext, warn
from flows.runtime import release_memory
from flows.workers import LazyWorkerPool, WorkerPool, next_ticket
from settings import DEFAULT_LIMITS, Limits
from settings.run import DOCUMENTS_PER_CHUNK
from storage.landing import InputFile


@dataclass
class BatchResult:
    """One batch, decided: a ledger row per input and where its validated rows are staged."""

    number: int = 0
    documents: list[dict[str, Any]] = field(default_factory=list)  # `documents` rows, without run stamps
    skipped: int = 0  # inputs already recorded by an earlier partition
    validated: ValidatedBatch = field(default_factory=ValidatedBatch)
    # Inputs left for the next run, path -> why: they changed between discovery and the end of
    # their read, or a JSON-lines file's last line is still being written (see
    # `flows.batch_loading.load_input`).
    deferred: dict[str, str] = field(default_factory=dict)

    @property
    def published_ids(self) -> set[str]:
        return {d["doc_id"] for d in self.documents if d["status"] == "published"}


def process_batch(ctx: RunContext, number: int, files: list[InputFile], index: PublishedIndex,
                  pool: WorkerPool | LazyWorkerPool | None = None, limits: Limits = DEFAULT_LIMITS,
                  work: Callable[[list[RawDocument]], list[DocumentOutcome]] | None = None,
                  chunk_size: int = DOCUMENTS_PER_CHUNK) -> BatchResult:
    """One batch from files to staged, validated rows: load, clean + extract, validate + stage.

    Documents whose worker dies or stalls are quarantined with the reason; the rest of the
    batch is unaffected. Without a pool, the work runs in this process (no isolation).
    """
    ticket = next_ticket()  # this batch's chunks and its validation job go before later batches'
    deferred: dict[str, str] = {}
    outcomes, skipped = batch_work.work_batch(ctx.input_dir, files, index, pool, limits, work, chunk_size, ctx.day,
                                              ticket, deferred=deferred)
    result = decide_batch(ctx, number, outcomes, pool, skipped, ticket)
    result.deferred = deferred
    for path, why in sorted(deferred.items()):
        warn(f"ingest_date={ctx.day}: {path} left for the next run (deferred, nothing recorded): {why}")
    release_memory()
    return result


def decide_batch(ctx: RunContext, number: int, outcomes: list[DocumentOutcome],
                 pool: WorkerPool | LazyWorkerPool | None = None, skipped: int = 0,
                 ticket: int | None = None) -> BatchResult:
    """Worked outcomes to a decided batch: duplicates within it resolved, its rows validated
    and staged (in a worker, or here without a pool), every input's ledger row final.

    `outcomes` is consumed: the list is emptied once its rows are tabulated, so the batch's
    Python objects are freed while a worker validates the (much smaller) Arrow tables."""
    resolved = resolve_run_duplicates(outcomes)
    outcomes.clear()
    documents = [o.document for o in resolved]
    tables = tabulate(resolved, ctx)
    del resolved
    # A `failed` validation keeps its documents here, undecided: the partition then fails on
    # its table-level failure (`flows.partition.decide_partition`), so none of them is recorded.
    # Dropping them instead made a one-batch partition look like "nothing new".
    validated = validate_batch_in_worker(ctx, number, tables, pool, ticket)
    return BatchResult(number, [with_reasons(d, validated.reasons) for d in documents], skipped, validated)
