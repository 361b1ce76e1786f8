"""The pipeline's steps as plain functions: what each Prefect task calls.

Kept out of the task bodies so the same steps run (and are tested, and benchmarked) without
Prefect, and so `flows/ingest.py` reads like the pipeline diagram.
"""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from typing import Any, Callable

import pyarrow as pa
import pyarrow.compute as pc

from extractors.ledger import PublishedIndex, describe_key, resolve_run_duplicates
from extractors.limits import DEFAULT_LIMITS, Limits
from extractors.loading import RawDocument, load_file, sha256_hex
from extractors.records import DocumentOutcome, document_row, process_document
from schemas import CONTENT_TABLES, PARTITION_TABLES, STRUCTURED_TABLES, TABLES
from schemas.validation import RowFailure, SuiteRunner, TableValidation
from flows.workers import Failure, LazyWorkerPool, WorkerPool
from storage.landing import InputFile, read_bytes
from storage.tables import StagedPartition, TableStore, drop_rows



# Documents per unit of work sent to a worker process: one nlp.pipe call, and the unit that is
# re-run item by item when a worker dies. Measured with benchmarks.pipeline (N=200, 2 workers):
# 2 per chunk was no faster than 8 (1.20x vs 1.28x speed-up, within noise), so 8 stays.
DOCUMENTS_PER_CHUNK = 8


class ValidationFailed(RuntimeError):
    """A table-level expectation failed: nothing was published."""


@dataclass
class BatchResult:
    outcomes: list[DocumentOutcome] = field(default_factory=list)
    skipped: int = 0  # inputs already recorded by an earlier partition


@dataclass
class RunContext:
    run_id: str
    day: date
    ingested_at: datetime
    input_dir: str
    output_dir: str


# -- load + clean + extract ---------------------------------------------------------------
def read_index(store: TableStore, day: date, reprocess: bool = False) -> PublishedIndex:
    """What earlier runs recorded, from the `documents` ledger.

    With `reprocess`, the partition `day` is being rebuilt from scratch, so what it holds
    now neither blocks its inputs nor counts as an earlier published copy.
    """
    docs = store.read_all(TABLES["documents"], ["doc_id", "path", "record", "status"]).to_pylist()
    published: dict[str, str] = {}
    published_keys: dict[str, tuple[str, int | None]] = {}
    elsewhere, here = set(), set()
    for row in docs:
        key = (row["doc_id"], row["path"], row["record"])
        in_partition = row["ingest_date"] == day
        (here if in_partition else elsewhere).add(key)
        if row["status"] == "published" and row["doc_id"] not in published and not (reprocess and in_partition):
            published[row["doc_id"]] = (f"{describe_key(row['path'], row['record'])} "
                                        f"(ingest_date={row['ingest_date'].isoformat()})")
            published_keys[row["doc_id"]] = (row["path"], row["record"])
    return PublishedIndex(published, published_keys, frozenset(elsewhere), frozenset(here), reprocess)


def recorded_files(store: TableStore) -> set[tuple[str, int]]:
    """(path, file size) of every input file the ledger has recorded."""
    table = store.read_all(TABLES["documents"], ["path", "file_bytes"])
    return {(p, b) for p, b in zip(table["path"].to_pylist(), table["file_bytes"].to_pylist()) if b is not None}


def has_new_files(files: list[InputFile], recorded: set[tuple[str, int]]) -> bool:
    """Cheap pre-check (no reads): does any file differ from what the ledger recorded?

    A file rewritten in place with exactly the same size is not noticed here; a backfill
    with `reprocess` picks it up.
    """
    return any((f.path, f.size) not in recorded for f in files)


def process_batch(input_dir: str, files: list[InputFile], index: PublishedIndex,
                  pool: WorkerPool | LazyWorkerPool | None = None,
                  limits: Limits = DEFAULT_LIMITS, work: Callable[[list[RawDocument]], list[DocumentOutcome]] | None = None,
                  chunk_size: int = DOCUMENTS_PER_CHUNK, ingest_date: date | None = None) -> BatchResult:
    """Read, decode and triage in this thread (cheap), then clean and extract in the workers.

    Documents whose worker dies or stalls are quarantined with the reason; the rest of the
    batch is unaffected. Without a pool, the work runs in this process (no isolation).
    """
    result = BatchResult()
    pending: list[RawDocument] = []
    for item in files:
        for raw in _load(input_dir, item, limits):
            verdict, where = index.triage((raw.doc_id, raw.path, raw.record))
            if verdict == "skip":
                result.skipped += 1
            elif verdict == "duplicate":
                result.outcomes.append(DocumentOutcome(document_row(
                    raw, "duplicate", f"same content already published as {where}", duplicate_of=where)))
            elif raw.status != "ok":
                result.outcomes.append(process_document(raw))
            else:
                pending.append(raw)
    work = work or partial(process_documents, ingest_date=ingest_date)
    if pool is None:
        with _IN_PROCESS:  # the shared spaCy pipeline is not known to be thread-safe
            result.outcomes.extend(work(pending))
        return result
    for raw, outcome in zip(pending, pool.map(work, pending, chunk_size)):
        if isinstance(outcome, Failure):
            outcome = DocumentOutcome(document_row(raw, "quarantined", outcome.reason))
        result.outcomes.append(outcome)
    return result


_IN_PROCESS = threading.Lock()


def process_documents(raws: list[RawDocument], ingest_date: date | None = None) -> list[DocumentOutcome]:
    """The per-document work a worker process runs on one chunk: clean, then extract.

    Extraction parses the whole chunk with one batched `nlp.pipe`; an article whose
    extraction fails is quarantined with the reason, the others keep their rows.
    """
    outcomes = [process_document(raw) for raw in raws]
    published = [o for o in outcomes if o.document["status"] == "published"]
    if not published:
        return outcomes
    from extractors.structure import ArticleText, extract_batch  # loads spaCy: workers only

    day = ingest_date or date.today()
    texts = [ArticleText(doc_id=o.article["doc_id"], text=o.article["text"],
                         paragraphs=[(p["start"], p["end"]) for p in o.paragraphs],
                         published=o.article["published_at"], ingest_date=day) for o in published]
    replaced: dict[int, DocumentOutcome] = {}
    for outcome, rows in zip(published, extract_batch(texts)):
        if rows.error:
            replaced[id(outcome)] = DocumentOutcome({**outcome.document, "status": "quarantined",
                                                     "reason": rows.error})
        else:
            outcome.structured = rows.tables()
    return [replaced.get(id(o), o) for o in outcomes]


def warm_up() -> None:
    """Worker initializer: import the parsers and load the models once per process."""
    from extractors.language import detect_language
    from extractors.nlp import get_nlp

    detect_language("Warming up the language model of this worker process before any document arrives.")
    get_nlp()


def _load(input_dir: str, item: InputFile, limits: Limits) -> list[RawDocument]:
    if item.problem:
        return [_unreadable(item, item.problem)]
    try:
        raw = read_bytes(input_dir, item.path, limits.max_file_bytes)
    except OSError as exc:
        return [_unreadable(item, f"cannot read file: {exc.strerror or exc}")]
    docs = load_file(item.path, raw, limits)
    if len(raw) > limits.max_file_bytes:  # only limit+1 bytes were read: report the real size
        docs = [RawDocument(**{**d.__dict__, "bytes": item.size, "file_bytes": item.size,
                               "doc_id": _path_id(item.path),
                               "reason": f"file is {item.size} bytes, over the limit "
                                         f"max_file_bytes={limits.max_file_bytes}"}) for d in docs]
    return docs


def _unreadable(item: InputFile, reason: str) -> RawDocument:
    return RawDocument(doc_id=_path_id(item.path), path=item.path, record=None, format="unsupported",
                       content_type=None, bytes=item.size, encoding=None, content=None, status="unreadable",
                       reason=reason, file_bytes=item.size)


def _path_id(path: str) -> str:
    # An input we could not read has no content hash; its id is derived from its path
    # (never from content) so it is still a stable, safe key in the ledger.
    return sha256_hex(f"unread:{path}".encode())


# -- assemble -----------------------------------------------------------------------------
def assemble(results: list[BatchResult], ctx: RunContext) -> tuple[list[DocumentOutcome], dict[str, pa.Table]]:
    """Merge batch results into one table per content table, duplicates resolved."""
    outcomes = resolve_run_duplicates([o for r in results for o in r.outcomes])
    stamp = {"run_id": ctx.run_id, "ingested_at": ctx.ingested_at}
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in CONTENT_TABLES}
    for outcome in outcomes:
        if outcome.document["status"] != "published":
            continue
        rows["articles"].append({**outcome.article, **stamp})
        rows["paragraphs"].extend({**p, **stamp} for p in outcome.paragraphs)
        rows["removed_blocks"].extend({**b, **stamp} for b in outcome.removed_blocks)
        for name in STRUCTURED_TABLES:
            rows[name].extend({**r, **stamp} for r in outcome.structured.get(name, []))
    tables = {name: pa.Table.from_pylist(rows[name], schema=TABLES[name].schema) for name in CONTENT_TABLES}
    return outcomes, tables


# -- validate -----------------------------------------------------------------------------
@dataclass
class ValidatedRun:
    tables: dict[str, pa.Table]  # every table's full partition content, ready to stage
    validations: dict[str, TableValidation]
    quarantined_doc_ids: set[str]
    outcomes: list[DocumentOutcome]

    @property
    def table_failures(self) -> list[str]:
        return [m for v in self.validations.values() for m in v.table_failures]


def validate(store: TableStore, ctx: RunContext, outcomes: list[DocumentOutcome],
             new_tables: dict[str, pa.Table], runner: SuiteRunner, replace: bool = False) -> ValidatedRun:
    """Merge the run into its partition, validate every table, quarantine failing documents.

    A document with any row failing a row-level expectation is withheld from every content
    table (no half articles) and marked quarantined in `documents`, its failing rows kept in
    `quarantine`. The partition is validated as a whole, so a key that would collide with
    rows published earlier the same day is caught before anything is published.
    """
    replaced = {o.document["doc_id"] for o in outcomes if o.document["status"] in ("published", "quarantined")}

    def existing(name: str) -> pa.Table:
        return TABLES[name].schema.empty_table() if replace else store.read_partition(TABLES[name], ctx.day)

    merged = {name: pa.concat_tables([drop_rows(existing(name), "doc_id", replaced), new_tables[name]])
              for name in CONTENT_TABLES}
    validations = {name: runner.validate(TABLES[name], merged[name]) for name in CONTENT_TABLES}
    failures = [f for name in CONTENT_TABLES for f in validations[name].row_failures]
    failures += audit_spans(merged)
    failing = {f.doc_id for f in failures if f.doc_id}
    for name in CONTENT_TABLES:
        merged[name] = drop_rows(merged[name], "doc_id", failing)

    reasons: dict[str, list[str]] = {}
    for f in failures:
        reasons.setdefault(f.doc_id, []).append(f"{f.table}.{f.column}: {f.reason} (value {json.dumps(f.values)})")
    outcomes = [_quarantine_outcome(o, reasons) for o in outcomes]

    quarantine_rows = [_quarantine_row(f, ctx) for f in failures]
    previous_q = drop_rows(existing("quarantine"), "doc_id", replaced | failing)
    merged["quarantine"] = pa.concat_tables(
        [previous_q, pa.Table.from_pylist(quarantine_rows, schema=TABLES["quarantine"].schema)])

    merged["documents"] = _merge_documents(existing("documents"), ctx, outcomes, failing, reasons)
    for name in ("quarantine", "documents"):
        validations[name] = runner.validate(TABLES[name], merged[name])
    return ValidatedRun(merged, validations, failing, outcomes)


SPAN_AUDIT = "offsets match articles.text (articles.text[start:end] == text)"


def audit_spans(tables: dict[str, pa.Table]) -> list[RowFailure]:
    """Cross-table check GX suites cannot express per table: every span row's text must be
    exactly its slice of the article's clean text, or analysts' offsets would lie."""
    texts = dict(zip(tables["articles"]["doc_id"].to_pylist(), tables["articles"]["text"].to_pylist()))
    failures = []
    for name in CONTENT_TABLES:
        contract = TABLES[name]
        if not {"start", "end", "text"} <= set(contract.column_names):
            continue
        table = tables[name]
        key_columns = list(contract.primary_key)
        rows = table.select(list(dict.fromkeys(key_columns + ["doc_id", "start", "end", "text"]))).to_pylist()
        for row in rows:
            article = texts.get(row["doc_id"])
            if article is not None and article[row["start"]:row["end"]] == row["text"]:
                continue
            failures.append(RowFailure(
                table=name, doc_id=row["doc_id"], row_key={c: row[c] for c in key_columns},
                expectation=SPAN_AUDIT, column="start,end,text",
                values={"start": row["start"], "end": row["end"], "text": row["text"][:200],
                        "article_slice": None if article is None else article[row["start"]:row["end"]][:200]},
                reason="a span must point at its own words in the article" if article is not None
                else "a row must belong to a published article"))
    return failures


def _quarantine_outcome(outcome: DocumentOutcome, reasons: dict[str, list[str]]) -> DocumentOutcome:
    doc = outcome.document
    if doc["status"] != "published" or doc["doc_id"] not in reasons:
        return outcome
    return DocumentOutcome({**doc, "status": "quarantined",
                            "reason": "failed validation: " + "; ".join(sorted(set(reasons[doc["doc_id"]])))})


def _quarantine_row(failure: RowFailure, ctx: RunContext) -> dict[str, Any]:
    return {"table": failure.table, "doc_id": failure.doc_id, "row_key": json.dumps(failure.row_key, sort_keys=True),
            "expectation": failure.expectation, "column": failure.column,
            "values_json": json.dumps(failure.values, sort_keys=True, default=str), "reason": failure.reason,
            "run_id": ctx.run_id, "ingested_at": ctx.ingested_at}


def _merge_documents(existing: pa.Table, ctx: RunContext, outcomes: list[DocumentOutcome], failing: set[str],
                     reasons: dict[str, list[str]]) -> pa.Table:
    contract = TABLES["documents"]
    run_keys = {o.key for o in outcomes}
    if existing.num_rows:
        keep = [(d, p, r) not in run_keys for d, p, r in zip(existing["doc_id"].to_pylist(),
                                                              existing["path"].to_pylist(),
                                                              existing["record"].to_pylist())]
        existing = existing.filter(pa.array(keep))
        # Rows of earlier runs whose content fails the suite now are quarantined too.
        if failing:
            hit = pc.and_(pc.is_in(existing["doc_id"], pa.array(sorted(failing))),
                          pc.equal(existing["status"], "published"))
            if pc.any(hit).as_py():
                rows = existing.to_pylist()
                for row, flag in zip(rows, hit.to_pylist()):
                    if flag:
                        row["status"] = "quarantined"
                        row["reason"] = "failed validation: " + "; ".join(sorted(set(reasons[row["doc_id"]])))
                existing = pa.Table.from_pylist(rows, schema=contract.schema)
    stamp = {"run_id": ctx.run_id, "ingested_at": ctx.ingested_at}
    new = pa.Table.from_pylist([{**o.document, **stamp} for o in outcomes], schema=contract.schema)
    return pa.concat_tables([existing, new])


# -- report + publish ---------------------------------------------------------------------
def write_validation_report(store: TableStore, ctx: RunContext, validated: ValidatedRun) -> str:
    """Every expectation result of the run, as JSON under `_validation/runs/`; returns where."""
    report = {
        "run_id": ctx.run_id,
        "ingest_date": ctx.day.isoformat(),
        "success": not validated.table_failures,
        "table_failures": validated.table_failures,
        "quarantined_doc_ids": sorted(validated.quarantined_doc_ids),
        "tables": {name: {"rows": v.rows, "success": v.success, "row_failures": len(v.row_failures),
                          "table_failures": v.table_failures, "result": v.result}
                   for name, v in validated.validations.items()},
    }
    return store.write_json(f"_validation/runs/{ctx.run_id}.json", report)


def stage(store: TableStore, ctx: RunContext, validated: ValidatedRun) -> list[StagedPartition]:
    if validated.table_failures:
        raise ValidationFailed("validation failed, nothing published:\n  " + "\n  ".join(validated.table_failures))
    return [store.stage(ctx.run_id, TABLES[name], ctx.day, validated.tables[name]) for name in PARTITION_TABLES]


def counts(outcomes: list[DocumentOutcome]) -> dict[str, int]:
    result = {"published": 0, "quarantined": 0, "duplicate": 0, "unreadable": 0}
    for outcome in outcomes:
        result[outcome.document["status"]] += 1
    return result
