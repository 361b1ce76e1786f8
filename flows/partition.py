"""Deciding a partition from its batches' results: duplicates across batches, the merged
ledger and quarantine, the partition-wide checks, the report and Data Docs.

The step behind the flow's `validate_partition` task. What it decides (`MergedPartition`,
which can be large) is kept in the run's staging area for `flows.publishing`; the flow gets
back only a small `DecidedPartition`.
"""
from __future__ import annotations

import pickle
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from extractors.ledger import path_order, resolve_duplicates
from flows.batch import BatchResult
from flows.context import MergedPartition, RunContext
from flows.partition_report import DataDocs, add_batch_results_to_docs, write_validation_report
from schemas import CONTENT_TABLES, TABLES
from schemas.partition_keys import article_clashes, merge_documents
from schemas.validation import SuiteRunner
from storage.tables import TableStore, drop_rows

STATUSES = ("published", "quarantined", "duplicate", "unreadable")


@dataclass
class DecidedPartition:
    """What the flow keeps of a decided partition, small whatever the partition's size.

    The merged partition itself (`MergedPartition`: the merged ledger rows and the partition's
    `documents` and `quarantine` tables) stays in the run's staging area until it is
    published. Returned to the flow process, it cost that process about 110-140 MB per
    10,000-document partition (RSS trace of a 40,000-document benchmark run), in
    proportion to the partition.
    """

    staged: str  # the pickled `MergedPartition`, under the run's staging folder
    counts: dict[str, int]  # this run's inputs by status, after validation
    documents: int  # this run's ledger rows
    quarantined_by_validation: int
    table_failures: list[str]
    report: str
    data_docs: str


def decide_partition(ctx: RunContext, results: list[BatchResult], replace: bool) -> DecidedPartition:
    """Merge the batches, validate the partition's ledger and quarantine, write the report and
    the Data Docs, and keep what to publish in the staging area (see `DecidedPartition`).

    When a batch could not be validated and staged at all (`ValidatedBatch.failed`), the
    partition cannot be published this run: its failures are returned at once, without the
    partition's validation, report and Data Docs (writing those on a full disk would only
    replace the cause with another error)."""
    failed = [r.validated.failed for r in sorted(results, key=lambda r: r.number) if r.validated.failed]
    if failed:
        return DecidedPartition("", status_counts([]), 0, 0, failed, "none (a batch could not be validated)", "")
    merged, report, data_docs = merge_and_document(ctx, results, replace)
    store = TableStore(ctx.output_dir)
    staged = f"{store.staging_dir(ctx.run_id, ctx.day)}/finalized.pickle"
    store.write_bytes(staged, pickle.dumps(merged, protocol=pickle.HIGHEST_PROTOCOL))
    return DecidedPartition(staged, status_counts(merged.documents), len(merged.documents),
                            len(merged.quarantined_doc_ids), list(merged.table_failures), report, data_docs)


def merge_and_document(ctx: RunContext, results: list[BatchResult],
                       replace: bool) -> tuple[MergedPartition, str, str]:
    """`merge_partition`, then its validation report and Data Docs. Returns the merged
    partition, the report's location and the Data Docs index's."""
    store = TableStore(ctx.output_dir)
    docs = DataDocs(store)
    merged = merge_partition(store, ctx, results, docs.runner, replace=replace)
    report = write_validation_report(store, ctx, merged, results)
    add_batch_results_to_docs(store, docs.runner, results)
    return merged, report, docs.build()


def merge_partition(store: TableStore, ctx: RunContext, results: list[BatchResult], runner: SuiteRunner,
                    replace: bool = False) -> MergedPartition:
    """Merge the batches into the partition: O(documents) work, no content rows in memory.

    Across batches the first copy of an article (in path order) stays published and later
    copies become duplicates, exactly as within a batch. Rows already published in the
    partition for an article this run publishes or quarantines again are replaced. With
    `replace` (reprocess), the partition is rebuilt from this run alone.
    """
    results = sorted(results, key=lambda r: r.number)
    documents, leave_out = _resolve_across_batches(results)
    replaced = {d["doc_id"] for d in documents if d["status"] in ("published", "quarantined")}
    quarantined = {doc_id for r in results for doc_id in r.validated.reasons}
    sources, merges_published = _content_sources(store, ctx, results, leave_out, replaced, replace)
    tables = _ledger_tables(store, ctx, results, documents, replaced, replace)
    validations = _batch_validations(results)
    table_failures = [m for r in results for m in r.validated.table_failures]
    table_failures += _article_clashes(store, ctx, results, leave_out, replaced, replace)
    for name in ("quarantine", "documents"):
        outcome = runner.validate(TABLES[name], tables[name])
        validations[name] = {**outcome.summary(), "batches": 1, "result": outcome.result}
        table_failures += outcome.table_failures
        if outcome.row_failures:  # the ledger has no row-level rules; a row failure here is a bug
            table_failures += [f"{name}: {f.expectation} failed for {f.row_key}: {f.reason}"
                               for f in outcome.row_failures]
    return MergedPartition(documents, tables, sources, validations, table_failures, quarantined, merges_published)


def _resolve_across_batches(results: list[BatchResult]) -> tuple[list[dict[str, Any]], dict[int, set[str]]]:
    """This run's ledger rows with duplicates across batches resolved, and per batch the
    doc_ids whose staged rows are left out: a copy demoted here was published by its own
    batch."""
    batch_of = {id(doc): r.number for r in results for doc in r.documents}
    batch_rows = [doc for r in results for doc in r.documents]
    documents = resolve_duplicates(batch_rows)
    leave_out: dict[int, set[str]] = {r.number: set() for r in results}
    for before, after in zip(sorted(batch_rows, key=path_order), documents):
        if after is not before:
            leave_out[batch_of[id(before)]].add(before["doc_id"])
    return documents, leave_out


def _content_sources(store: TableStore, ctx: RunContext, results: list[BatchResult], leave_out: dict[int, set[str]],
                     replaced: set[str], replace: bool) -> tuple[dict[str, list[tuple[str, set[str]]]], set[str]]:
    """Per content table, the files its new partition file streams (the published one first,
    minus the articles this run replaces), and the tables that merge a published file."""
    sources: dict[str, list[tuple[str, set[str]]]] = {}
    merges_published = set()
    for name in CONTENT_TABLES:
        published = None if replace else store.published_file(name, ctx.day)
        if published:
            merges_published.add(name)
        sources[name] = ([(published, replaced)] if published else []) + [
            (r.validated.staged[name], leave_out[r.number]) for r in results if name in r.validated.staged]
    return sources, merges_published


def _ledger_tables(store: TableStore, ctx: RunContext, results: list[BatchResult], documents: list[dict[str, Any]],
                   replaced: set[str], replace: bool) -> dict[str, pa.Table]:
    """The partition's whole `quarantine` and `documents` tables: what was published, minus
    what this run decides again, plus this run's rows."""

    def existing(name: str) -> pa.Table:
        return TABLES[name].schema.empty_table() if replace else store.read_partition(TABLES[name], ctx.day)

    quarantine = pa.concat_tables([
        drop_rows(existing("quarantine"), "doc_id", replaced),
        pa.Table.from_pylist([q for r in results for q in r.validated.quarantine],
                             schema=TABLES["quarantine"].schema)])
    stamp = {"run_id": ctx.run_id, "ingested_at": ctx.ingested_at}
    return {"quarantine": quarantine,
            "documents": merge_documents(existing("documents"), [{**d, **stamp} for d in documents])}


def _batch_validations(results: list[BatchResult]) -> dict[str, dict[str, Any]]:
    """Each content table's validation summary over all batches."""
    validations: dict[str, dict[str, Any]] = {}
    for name in CONTENT_TABLES:
        per_batch = [r.validated.validations[name] for r in results if name in r.validated.validations]
        validations[name] = {
            "rows": sum(v["rows"] for v in per_batch), "success": all(v["success"] for v in per_batch),
            "row_failures": sum(v["row_failures"] for v in per_batch),
            "table_failures": [m for v in per_batch for m in v["table_failures"]], "batches": len(per_batch),
        }
    return validations


def _article_clashes(store: TableStore, ctx: RunContext, results: list[BatchResult],
                     leave_out: dict[int, set[str]], replaced: set[str], replace: bool) -> list[str]:
    """`schemas.partition_keys.article_clashes` over the published partition's articles (those
    this run does not replace) and each staged batch's. Checked on `articles` (one row per
    article)."""
    kept: list[str] = []
    if not replace:
        kept = drop_rows(store.read_partition(TABLES["articles"], ctx.day, columns=["doc_id"]), "doc_id",
                         replaced)["doc_id"].to_pylist()
    return article_clashes(kept, ((r.number, r.published_ids - leave_out[r.number])
                                  for r in results if r.validated.staged))


def status_counts(documents: list[dict[str, Any]]) -> dict[str, int]:
    """This run's inputs by status (every status, zero included)."""
    result = dict.fromkeys(STATUSES, 0)
    for document in documents:
        result[document["status"]] += 1
    return result
