"""The pipeline's steps as plain functions: what each Prefect task calls.

Kept out of the task bodies so the same steps run (and are tested, and benchmarked) without
Prefect, and so `flows/ingest.py` reads like the pipeline diagram.

Per batch of inputs (in the worker processes, so the flow's own process stays nearly idle):
clean and extract per chunk of documents, then validate the batch's rows with Great
Expectations and stage them as Parquet. Per partition (in a worker too when the batches
ran in workers, on per-document ledger rows only): resolve duplicates across batches,
validate the `documents` and `quarantine` tables, then stream the staged batches into each
table's partition file.
Memory is therefore bounded by the batch size, not by the size of the partition or run.
"""
from __future__ import annotations

import dataclasses
import json
import logging
import pickle
import shutil
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, Callable

import pyarrow as pa
import pyarrow.compute as pc

from extractors.ledger import (DigestSet, PublishedIndex, digest, path_order, resolve_duplicates,
                               resolve_run_duplicates)
from settings import DEFAULT_LIMITS, Limits
from extractors.loading import (RawDocument, count_records, decode_bytes, describe_exception, input_format, load_file,
                                sha256_hex)
from extractors.records import DocumentOutcome, document_row, process_document
from schemas import CONTENT_TABLES, PARTITION_TABLES, STRUCTURED_TABLES, TABLES
from schemas.validation import RowFailure, SuiteRunner
from flows.workers import FIRST_IN_LINE, Failure, LazyWorkerPool, WorkerPool, next_ticket
from storage.landing import ChangedDuringRead, InputFile, discover_partition, read_bytes
from storage.tables import PUBLISH_JOURNAL, TableStore, drop_rows

# Documents per unit of work sent to a worker process: one nlp.pipe call, and the unit that is
# re-run item by item when a worker dies. Measured with benchmarks.pipeline (N=200, 2 workers):
# 2 per chunk was no faster than 8 (1.20x vs 1.28x speed-up, within noise), so 8 stays.
DOCUMENTS_PER_CHUNK = 8
# Time budget for validating and staging one batch in a worker (GX takes ~2 s for 200 documents).
SECONDS_PER_BATCH_CHECK = 600.0
# Attempts at validating and staging one batch, each in another worker process, before the
# batch is given up for this run (its documents are then left unrecorded; see `_check`).
BATCH_CHECK_ATTEMPTS = 3
# Time budget for one partition step in a worker (merge, ledger validation, Data Docs,
# publish); a 25,000-document partition (1.9 million sentences) took 19 s on this machine.
SECONDS_PER_PARTITION_STEP = 3600.0


log = logging.getLogger(__name__)


class ValidationFailed(RuntimeError):
    """A table-level expectation failed: nothing was published."""


@dataclass
class RunContext:
    run_id: str
    day: date
    ingested_at: datetime
    input_dir: str
    output_dir: str


@dataclass
class BatchCheck:
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


@dataclass
class BatchResult:
    """One batch, decided: a ledger row per input and where its validated rows are staged."""

    number: int = 0
    documents: list[dict[str, Any]] = field(default_factory=list)  # `documents` rows, without run stamps
    skipped: int = 0  # inputs already recorded by an earlier partition
    check: BatchCheck = field(default_factory=BatchCheck)
    # Inputs left for the next run, path -> why: they changed between discovery and the end of
    # their read, or a JSON-lines file's last line is still being written (see `_load`).
    deferred: dict[str, str] = field(default_factory=dict)

    @property
    def published_ids(self) -> set[str]:
        return {d["doc_id"] for d in self.documents if d["status"] == "published"}


# -- load + clean + extract ---------------------------------------------------------------
def read_index(store: TableStore, day: date, reprocess: bool = False) -> PublishedIndex:
    """What earlier runs recorded, from the `documents` ledger, streamed into a compact index
    (the ledger grows with every day ever ingested; see `extractors.ledger.DigestSet`)."""
    rows = (row for batch in store.scan_all(TABLES["documents"], ["doc_id", "path", "record", "status"])
            for row in batch.to_pylist())
    return PublishedIndex.build(rows, day, reprocess)


def recorded_files(store: TableStore) -> DigestSet:
    """Digests of (path, file size, modification time) of every input file the ledger has
    recorded (see `file_stamp`). Rows written before `file_mtime_ns` existed read it as null."""
    columns = ["path", "file_bytes", "file_mtime_ns"]
    return DigestSet(file_stamp(path, size, mtime) for batch in store.scan_all(TABLES["documents"], columns)
                     for path, size, mtime in zip(*(batch.column(c).to_pylist() for c in columns))
                     if size is not None)


def file_stamp(path: str, size: int, mtime_ns: int | None) -> bytes:
    """What the pre-check compares: a file's path, size and modification time (None when
    unknown: rows recorded before the ledger had `file_mtime_ns`, inputs never read, object
    stores whose listing gives no time)."""
    return digest(path, size, mtime_ns)


def has_new_files(files: list[InputFile], recorded: DigestSet) -> bool:
    """Cheap pre-check (no reads): does any file differ from what the ledger recorded?

    A file counts as recorded when the ledger has its path with the same size and the same
    modification time (`InputFile.mtime_ns`, from the `stat` or listing discovery made
    anyway), so a file rewritten in place is noticed even when its size did not change.
    Costs one digest per file and 16 bytes per distinct recorded stamp; no file is read.
    Rows recorded without a time (older ledgers, inputs recorded unread) match on path and
    size alone, as before the time was recorded.
    """
    return any(file_stamp(f.path, f.size, f.mtime_ns) not in recorded
               and file_stamp(f.path, f.size, None) not in recorded for f in files)


def process_batch(ctx: RunContext, number: int, files: list[InputFile], index: PublishedIndex,
                  pool: WorkerPool | LazyWorkerPool | None = None, limits: Limits = DEFAULT_LIMITS,
                  work: Callable[[list[RawDocument]], list[DocumentOutcome]] | None = None,
                  chunk_size: int = DOCUMENTS_PER_CHUNK) -> BatchResult:
    """One batch from files to staged, validated rows: load, clean + extract, validate + stage.

    Documents whose worker dies or stalls are quarantined with the reason; the rest of the
    batch is unaffected. Without a pool, the work runs in this process (no isolation).
    """
    ticket = next_ticket()  # this batch's chunks and its check job go before later batches'
    deferred: dict[str, str] = {}
    outcomes, skipped = work_batch(ctx.input_dir, files, index, pool, limits, work, chunk_size, ctx.day, ticket,
                                   deferred=deferred)
    result = decide_batch(ctx, number, outcomes, pool, skipped, ticket)
    result.deferred = deferred
    for path, why in sorted(deferred.items()):
        _warn(f"ingest_date={ctx.day}: {path} left for the next run (deferred, nothing recorded): {why}")
    release_memory()
    return result


def _warn(message: str) -> None:
    """A warning in the Prefect run's log when there is a run, else in the `newsetl` logger."""
    try:
        from prefect import get_run_logger

        get_run_logger().warning(message)
    except Exception:  # noqa: BLE001 - outside a flow or task run (plain-Python use of the steps)
        logging.getLogger("newsetl").warning(message)


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
    # A `failed` check keeps its documents here, undecided: the partition then fails on the
    # check's table-level failure (`validate_partition_staged`), so none of them is recorded.
    # Dropping them instead made a one-batch partition look like "nothing new".
    check = _check(ctx, number, tables, pool, ticket)
    return BatchResult(number, [_with_reasons(d, check.reasons) for d in documents], skipped, check)


def release_memory() -> None:
    """Hand the memory a batch or a partition freed back to the OS.

    A batch's rows pass through this process as Python objects on whichever thread ran the
    batch, and glibc keeps freed memory in per-thread arenas; Arrow's pool (mimalloc) keeps
    freed pages for reuse. Without returning both, the flow process's RSS crept up batch
    after batch and partition after partition (708 MB at 200 documents, 1.2 GB at 1,600,
    one partition; benchmarks/pipeline.py) although nothing was retained.
    """
    pa.default_memory_pool().release_unused()
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)


M_ARENA_MAX = -8  # glibc's mallopt parameter number


@lru_cache(maxsize=1)
def _glibc():
    """The C library when it is glibc (it has malloc_trim and mallopt), else None."""
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return None
    return libc if hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt") else None


def bound_malloc_arenas(arenas: int = 2) -> None:
    """Cap this process's glibc malloc arenas (default: 8 per core).

    Each partition subflow has its own task-runner threads, and glibc gives a new thread its
    own arena; each arena keeps its high-water mark, so the flow process grew with the
    number of partitions a run had touched. The flow process only orchestrates, so two
    arenas cost it no measurable speed. Has no effect outside glibc.
    """
    libc = _glibc()
    if libc is not None:
        libc.mallopt(M_ARENA_MAX, arenas)


def partition_inputs(input_dir: str, day: date | None, limits: Limits = DEFAULT_LIMITS) -> list[InputFile]:
    """A partition's input files, each with its document count: what `plan_batches` takes.

    One function for the flow's `discover_inputs` and the benchmark's plain-Python run and
    task-run count, so the three plan the same batches by construction."""
    return count_documents(input_dir, discover_partition(input_dir, day), limits)


def count_documents(input_dir: str, files: list[InputFile], limits: Limits = DEFAULT_LIMITS) -> list[InputFile]:
    """`files` with each JSON-lines file's `documents` set to its records, counted exactly as
    `load_file` finds them (`extractors.loading.count_records`: decoded, blank lines left out),
    since `plan_batches` cuts large files into slices of those records.

    Why: batches are sized in documents, not files. A wire feed's file holds hundreds of
    records, and the landing's path order puts a day's feed files next to each other: in
    the 100,000-document benchmark (`--max-paragraphs 1`) ten 250-record files fell into one
    "batch of 200 inputs", 2,500 documents, and the flow process rose by about 250 MB while
    that batch was in flight. Counting costs one more read of the JSON-lines files only.
    """
    counted = []
    for item in files:
        if item.problem or input_format(item.path) != "jsonl" or item.size > limits.max_file_bytes:
            counted.append(item)
            continue
        try:
            raw = read_bytes(input_dir, item.path, limits.max_file_bytes)
        except OSError:  # reported when the batch reads it
            counted.append(item)
            continue
        records = count_records(item.path, raw, limits)
        del raw
        counted.append(dataclasses.replace(item, documents=records or 1))
    return counted


def plan_batches(files: list[InputFile], size: int) -> list[list[InputFile]]:
    """Consecutive batches of at most `size` documents and `size` files, in path order.

    A JSON-lines file with more records than `size` is cut into slices of its records
    (`InputFile.records`): the first slice fills what is left of the current batch, the
    next ones are whole batches, and the last one (open-ended, so records appended since
    counting are not lost) leaves room for the files after it. A batch therefore never holds
    more than `size` documents, however large one file is: a 100,000-record file held
    whole was one batch and took the flow process to 1.7 GB. Other files are never cut; a
    file that does not fit in the current batch starts the next one.
    """
    batches: list[list[InputFile]] = []
    current: list[InputFile] = []
    documents = 0
    for item in files:
        if _splittable(item) and item.documents > size:
            first = 0
            while first < item.documents:
                if current and (len(current) >= size or documents >= size):
                    batches.append(current)
                    current, documents = [], 0
                take = min(item.documents - first, size - documents)
                last = first + take == item.documents
                current.append(dataclasses.replace(item, documents=take, records=(first, None if last else take)))
                documents += take
                first += take
            continue
        if current and (len(current) >= size or documents + item.documents > size):
            batches.append(current)
            current, documents = [], 0
        current.append(item)
        documents += item.documents
    if current:
        batches.append(current)
    return batches


def _splittable(item: InputFile) -> bool:
    """A JSON-lines file counted by its records (not yet a slice, nothing wrong with it)."""
    return not item.problem and item.records is None and input_format(item.path) == "jsonl"


def load_batch(input_dir: str, files: list[InputFile], index: PublishedIndex, limits: Limits = DEFAULT_LIMITS,
               deferred: dict[str, str] | None = None) -> tuple[list[DocumentOutcome], list[RawDocument], int]:
    """Read, decode and triage (cheap; in the calling thread). Returns the inputs already
    decided (duplicates of published articles, unreadable), those left to work on, and how
    many were skipped as already recorded. Inputs that changed while they were read are
    neither: they go to `deferred` (path -> why) and are left for the next run."""
    decided: list[DocumentOutcome] = []
    pending: list[RawDocument] = []
    skipped = 0
    for item in files:
        for raw in _load(input_dir, item, limits, deferred):
            verdict, where = index.triage((raw.doc_id, raw.path, raw.record))
            if verdict == "skip":
                skipped += 1
            elif verdict == "duplicate":
                decided.append(DocumentOutcome(document_row(
                    raw, "duplicate", f"same content already published as {where}", duplicate_of=where)))
            elif raw.status != "ok":
                decided.append(process_document(raw))
            else:
                pending.append(raw)
    return decided, pending, skipped


def work_batch(input_dir: str, files: list[InputFile], index: PublishedIndex,
               pool: WorkerPool | LazyWorkerPool | None = None, limits: Limits = DEFAULT_LIMITS,
               work: Callable[[list[RawDocument]], list[DocumentOutcome]] | None = None,
               chunk_size: int = DOCUMENTS_PER_CHUNK,
               ingest_date: date | None = None, ticket: int | None = None,
               deferred: dict[str, str] | None = None) -> tuple[list[DocumentOutcome], int]:
    """Load here, then clean and extract in the workers. Returns every input's outcome and
    how many inputs were skipped as already recorded; inputs that changed while they were
    read go to `deferred` instead (see `load_batch`). Each ledger row gets its file's
    modification time as discovery saw it (the read checked it had not changed since).

    With a pool, files are read a chunk at a time, just before a worker is free for them:
    at most one chunk per worker plus one waiting, so the flow process holds a few chunks of
    raw input rather than every in-flight batch in full (raw input was the largest thing it
    held per batch). The waiting chunk keeps this batch first in line (see `next_ticket`).
    """
    if pool is None:
        work = work or partial(process_documents, ingest_date=ingest_date)
        outcomes, pending, skipped = load_batch(input_dir, files, index, limits, deferred)
        with _IN_PROCESS:  # the shared spaCy pipeline is not known to be thread-safe
            outcomes.extend(work(pending))
        return _with_file_times(outcomes, files), skipped
    work = work or partial(process_documents_packed, ingest_date=ingest_date)

    def one_chunk(chunk: list[InputFile]) -> tuple[list[DocumentOutcome], int]:
        decided, pending, skipped = load_batch(input_dir, chunk, index, limits, deferred)
        for raw, outcome in zip(pending, pool.map(work, pending, chunk_size, ticket=ticket)):
            if isinstance(outcome, Failure):
                outcome = DocumentOutcome(document_row(raw, "quarantined", outcome.reason))
            decided.append(outcome)
        return decided, skipped

    chunks = [files[i:i + chunk_size] for i in range(0, len(files), chunk_size)]
    outcomes: list[DocumentOutcome] = []
    skipped = 0
    with ThreadPoolExecutor(max_workers=max(1, min(pool.processes + 1, len(chunks)))) as loaders:
        for decided, skipped_here in loaders.map(one_chunk, chunks):
            outcomes.extend(decided)
            skipped += skipped_here
    return _with_file_times(outcomes, files), skipped


def _with_file_times(outcomes: list[DocumentOutcome], files: list[InputFile]) -> list[DocumentOutcome]:
    """Stamp each ledger row with its file's `file_mtime_ns`, what the next run's pre-check
    (`has_new_files`) compares besides path and size."""
    mtimes = {f.path: f.mtime_ns for f in files}
    for outcome in outcomes:
        outcome.document["file_mtime_ns"] = mtimes.get(outcome.document["path"])
    return outcomes


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
    from extractors.nlp.batch import ArticleText, extract_batch  # loads spaCy: workers only

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


def process_documents_packed(raws: list[RawDocument], ingest_date: date | None = None) -> list[DocumentOutcome]:
    """`process_documents` with each outcome's content rows pickled (`DocumentOutcome.packed`):
    what a worker sends back, so the flow process holds a batch in flight compactly."""
    return [outcome.packed() for outcome in process_documents(raws, ingest_date)]


def warm_up() -> None:
    """Worker initializer: import the parsers and load the models once per process."""
    from extractors.nlp.language import detect_language
    from extractors.nlp.model import get_nlp

    detect_language("Warming up the language model of this worker process before any document arrives.")
    get_nlp()


# A JSON-lines file whose last line is unfinished (no newline after it, not valid JSON) and
# which changed less than this long ago is taken to be still being written: it is left for a
# later run. Older, it is taken as it is (the broken line recorded `unreadable`), so a file a
# writer abandoned half-way is still accounted for.
UNFINISHED_LINE_SETTLE_SECONDS = 3600


def _load(input_dir: str, item: InputFile, limits: Limits,
          deferred: dict[str, str] | None = None) -> list[RawDocument]:
    """The documents of one input, or none when it must wait for a later run (appended to
    `deferred`): it is not the file discovery listed, or it changed while it was read, or
    its last JSON line is still being written. A later run takes such a file whole once it
    has stopped changing, so no half-written version or line is ever recorded."""
    if item.problem:
        return [_unreadable(item, item.problem)]
    try:
        raw = read_bytes(input_dir, item.path, limits.max_file_bytes, item)
    except ChangedDuringRead as exc:
        return _defer(deferred, item, exc.strerror or str(exc))
    except OSError as exc:
        return [_unreadable(item, f"cannot read file: {exc.strerror or exc}")]
    if _unfinished_last_line(item, raw, limits):
        return _defer(deferred, item, "its last line has no newline and is not valid JSON yet: still being written")
    try:
        docs = load_file(item.path, raw, limits, item.records)
    except Exception as exc:  # noqa: BLE001 - load_file does not raise on bad input; should a bug
        # make it, the file is accounted for with the error, and its batch and partition go on
        return [_unreadable(item, f"could not be loaded: {describe_exception(exc)}")]
    if len(raw) > limits.max_file_bytes:  # only limit+1 bytes were read: report the real size
        docs = [RawDocument(**{**d.__dict__, "bytes": item.size, "file_bytes": item.size,
                               "doc_id": _path_id(item.path),
                               "reason": f"file is {item.size} bytes, over the limit "
                                         f"max_file_bytes={limits.max_file_bytes}"}) for d in docs]
    return docs


def _defer(deferred: dict[str, str] | None, item: InputFile, why: str) -> list[RawDocument]:
    if deferred is not None:
        deferred[item.path] = why  # a JSON-lines file cut into slices is deferred once per slice
    return []


def _unfinished_last_line(item: InputFile, raw: bytes, limits: Limits) -> bool:
    """Whether a JSON-lines file ends in a line that is still being written: no newline after
    it, not valid JSON, and the file changed within `UNFINISHED_LINE_SETTLE_SECONDS`."""
    if input_format(item.path) != "jsonl" or not raw or len(raw) > limits.max_file_bytes:
        return False
    if raw.rstrip(b" \t\x00").endswith((b"\n", b"\r")):
        return False  # the usual case: a complete last line; nothing decoded
    if item.mtime_ns is None or time.time_ns() - item.mtime_ns >= UNFINISHED_LINE_SETTLE_SECONDS * 1_000_000_000:
        return False  # settled (or its age is unknown): taken as it is
    tail = raw[max(raw.rfind(b"\n"), raw.rfind(b"\r")) + 1:]
    if b"\x00" in tail:  # UTF-16/32: cutting at a newline byte is not safe, decode the whole file
        try:
            text = decode_bytes(raw)[0]
        except Exception:  # noqa: BLE001 - not text: the loader reports it
            return False
        text = text.replace("\r", "\n").rstrip(" \t\x00")
        tail_text = text[text.rfind("\n") + 1:]
    else:
        tail_text = tail.decode("utf-8-sig", errors="replace")
    if not tail_text.strip():
        return False
    try:
        json.loads(tail_text)
    except json.JSONDecodeError:
        return True
    except Exception:  # noqa: BLE001 - complete but refused for another reason (depth, digits): the loader says why
        return False
    return False


def _unreadable(item: InputFile, reason: str) -> RawDocument:
    doc_id, first = _path_id(item.path), (item.records or (0, None))[0]
    if first:  # a later slice of a JSON-lines file: a row of its own, never a copy of the first slice's
        count = item.records[1]
        doc_id = sha256_hex(f"unread:{item.path}#{first}".encode())
        reason += f" (records {first + 1}{'-' + str(first + count) if count else ' onwards'} of the file)"
    return RawDocument(doc_id=doc_id, path=item.path, record=None, format="unsupported",
                       content_type=None, bytes=item.size, encoding=None, content=None, status="unreadable",
                       reason=reason, file_bytes=item.size)


def _path_id(path: str) -> str:
    # An input we could not read has no content hash; its id is derived from its path
    # (never from content) so it is still a stable, safe key in the ledger.
    return sha256_hex(f"unread:{path}".encode())


# -- per batch: tabulate, validate, stage -------------------------------------------------
# Documents whose rows are Python dicts at once while a batch is tabulated: the rest of the
# batch stays packed (see `DocumentOutcome.packed`) or already in Arrow.
DOCUMENTS_PER_TABULATE_SLICE = 16


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
    ctx: RunContext
    number: int
    tables: dict[str, pa.Table]


def _check(ctx: RunContext, number: int, tables: dict[str, pa.Table],
           pool: WorkerPool | LazyWorkerPool | None, ticket: int | None = None) -> BatchCheck:
    """Validate and stage the batch in a worker process (or here, without a pool).

    A worker that dies, stalls or raises while doing so says nothing about the documents:
    the job is the same whichever worker runs it. So it is run again, in another worker
    process (the pool replaces the one that failed), up to BATCH_CHECK_ATTEMPTS in all; an
    attempt's partly staged files are overwritten by the next. If every attempt fails, the
    check comes back `failed`, with a table-level failure naming the cause: the batch's
    documents get no ledger row and the partition is not published, so the next plain run
    takes them again. (They used to be quarantined: one worker killed by SIGKILL kept 200
    good documents out of the tables until a `--reprocess`.)
    """
    if pool is None:
        with _IN_PROCESS:  # one GX context per process, not known to be thread-safe
            return check_batch(ctx, number, tables)
    job = BatchJob(ctx, number, tables)
    reasons = []
    for attempt in range(1, BATCH_CHECK_ATTEMPTS + 1):
        [outcome] = pool.map(check_batches, [job], 1, timeout=SECONDS_PER_BATCH_CHECK, ticket=ticket)
        if not isinstance(outcome, Failure):
            return outcome
        reasons.append(outcome.reason)
        log.warning("run %s, ingest_date=%s, batch %d: validating and staging failed (attempt %d of %d): %s",
                    ctx.run_id, ctx.day, number, attempt, BATCH_CHECK_ATTEMPTS, outcome.reason)
    why = (f"batch {number}: validating and staging its rows failed {len(reasons)} times, each in another "
           f"worker process ({'; '.join(dict.fromkeys(reasons))}). This is a failure of the machinery, not a "
           f"verdict on the documents: its {tables['articles'].num_rows} article(s) are left unrecorded, so the "
           f"next run takes them again")
    return BatchCheck(table_failures=[why], failed=why)


def check_batches(jobs: list[BatchJob]) -> list[BatchCheck]:
    """Worker entry point (module-level, so spawned workers can unpickle it)."""
    return [check_batch(job.ctx, job.number, job.tables) for job in jobs]


@lru_cache(maxsize=1)
def _process_runner() -> SuiteRunner:
    # One ephemeral GX context per process: building one costs ~2 s, validating a batch less.
    # Results go back as JSON; the context keeps none, so a worker's memory does not grow.
    return SuiteRunner(keep_results=False)


def record_run_row(output_dir: str, row: dict[str, Any]) -> None:
    """Validate the run's `runs` row and append it.

    Why a step of its own: it runs where GX is already loaded. In a run that started worker
    processes it goes to one of them before the pool closes (`in_worker`), instead of making
    the flow process import GX and build a context at the very end of the run, a serial 3-8 s
    (the workers already hold both, `_process_runner`).
    """
    contract = TABLES["runs"]
    table = pa.Table.from_pylist([row], schema=contract.schema)
    outcome = _process_runner().validate(contract, table)
    if outcome.table_failures:
        raise ValidationFailed("runs record failed validation: " + "; ".join(outcome.table_failures))
    TableStore(output_dir).append(contract, row["started_at"].date(), table, row["run_id"])


def check_batch(ctx: RunContext, number: int, tables: dict[str, pa.Table],
                runner: SuiteRunner | None = None) -> BatchCheck:
    """Validate one batch's content tables, withhold failing documents, stage the rest.

    A document with any row failing a row-level expectation (or the span audit) is withheld
    from every content table (no half articles) and its failing rows go to `quarantine`. A
    table-level failure means a pipeline bug: it is reported and the batch is not staged.
    Every GX result is written as JSON next to the run's report.
    """
    runner = runner or _process_runner()
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
    check = BatchCheck(reasons=reasons, quarantine=[_quarantine_row(f, ctx) for f in failures],
                       validations={name: v.summary() for name, v in validations.items()},
                       table_failures=table_failures, results_key=results_key)
    if table_failures:
        return check
    for name in CONTENT_TABLES:
        table = drop_rows(tables[name], "doc_id", set(reasons))
        if table.num_rows:
            check.staged[name] = store.stage_batch(ctx.run_id, TABLES[name], ctx.day, number, table)
    return check


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


def _with_reasons(document: dict[str, Any], reasons: dict[str, list[str]]) -> dict[str, Any]:
    if document["status"] != "published" or document["doc_id"] not in reasons:
        return document
    return {**document, "status": "quarantined",
            "reason": "failed validation: " + "; ".join(sorted(set(reasons[document["doc_id"]])))}


def _quarantine_row(failure: RowFailure, ctx: RunContext) -> dict[str, Any]:
    return {"table": failure.table, "doc_id": failure.doc_id, "row_key": json.dumps(failure.row_key, sort_keys=True),
            "expectation": failure.expectation, "column": failure.column,
            "values_json": json.dumps(failure.values, sort_keys=True, default=str), "reason": failure.reason,
            "run_id": ctx.run_id, "ingested_at": ctx.ingested_at}


# -- per partition: finalize, report, publish ---------------------------------------------
@dataclass
class Finalized:
    """A partition ready to publish: the small tables in memory, the content tables as lists
    of (Parquet file, doc_ids to leave out) to stream into one file each."""

    documents: list[dict[str, Any]]  # this run's ledger rows, duplicates across batches resolved
    tables: dict[str, pa.Table]  # `documents` and `quarantine`: the partition's full content
    sources: dict[str, list[tuple[str, set[str]]]]
    validations: dict[str, dict[str, Any]]  # table -> summary, over all batches
    table_failures: list[str]
    quarantined_doc_ids: set[str]
    merges_published: set[str] = field(default_factory=set)  # tables whose first source is the published file


def finalize(store: TableStore, ctx: RunContext, results: list[BatchResult], runner: SuiteRunner,
             replace: bool = False) -> Finalized:
    """Merge the batches into the partition: O(documents) work, no content rows in memory.

    Across batches the first copy of an article (in path order) stays published and later
    copies become duplicates, exactly as within a batch. Rows already published in the
    partition for an article this run publishes or quarantines again are replaced. With
    `replace` (reprocess), the partition is rebuilt from this run alone.
    """
    results = sorted(results, key=lambda r: r.number)
    batch_of = {id(doc): r.number for r in results for doc in r.documents}
    batch_rows = [doc for r in results for doc in r.documents]
    documents = resolve_duplicates(batch_rows)
    # A copy demoted here was published by its own batch, so its staged rows are left out.
    leave_out: dict[int, set[str]] = {r.number: set() for r in results}
    for before, after in zip(sorted(batch_rows, key=path_order), documents):
        if after is not before:
            leave_out[batch_of[id(before)]].add(before["doc_id"])
    replaced = {d["doc_id"] for d in documents if d["status"] in ("published", "quarantined")}
    quarantined = {doc_id for r in results for doc_id in r.check.reasons}

    sources: dict[str, list[tuple[str, set[str]]]] = {}
    merges_published = set()
    for name in CONTENT_TABLES:
        published = None if replace else store.published_file(name, ctx.day)
        if published:
            merges_published.add(name)
        sources[name] = ([(published, replaced)] if published else []) + [
            (r.check.staged[name], leave_out[r.number]) for r in results if name in r.check.staged]

    def existing(name: str) -> pa.Table:
        return TABLES[name].schema.empty_table() if replace else store.read_partition(TABLES[name], ctx.day)

    quarantine = pa.concat_tables([
        drop_rows(existing("quarantine"), "doc_id", replaced),
        pa.Table.from_pylist([q for r in results for q in r.check.quarantine], schema=TABLES["quarantine"].schema)])
    stamp = {"run_id": ctx.run_id, "ingested_at": ctx.ingested_at}
    tables = {"quarantine": quarantine,
              "documents": _merge_documents(existing("documents"), [{**d, **stamp} for d in documents])}

    validations: dict[str, dict[str, Any]] = {}
    for name in CONTENT_TABLES:
        per_batch = [r.check.validations[name] for r in results if name in r.check.validations]
        validations[name] = {
            "rows": sum(v["rows"] for v in per_batch), "success": all(v["success"] for v in per_batch),
            "row_failures": sum(v["row_failures"] for v in per_batch),
            "table_failures": [m for v in per_batch for m in v["table_failures"]], "batches": len(per_batch),
        }
    table_failures = [m for r in results for m in r.check.table_failures]
    table_failures += _disjoint_articles(store, ctx, results, leave_out, replaced, replace)
    for name in ("quarantine", "documents"):
        outcome = runner.validate(TABLES[name], tables[name])
        validations[name] = {**outcome.summary(), "batches": 1, "result": outcome.result}
        table_failures += outcome.table_failures
        if outcome.row_failures:  # the ledger has no row-level rules; a row failure here is a bug
            table_failures += [f"{name}: {f.expectation} failed for {f.row_key}: {f.reason}"
                               for f in outcome.row_failures]
    return Finalized(documents, tables, sources, validations, table_failures, quarantined, merges_published)


def _disjoint_articles(store: TableStore, ctx: RunContext, results: list[BatchResult],
                       leave_out: dict[int, set[str]], replaced: set[str], replace: bool) -> list[str]:
    """The partition-wide primary keys stay unique without loading the partition: every
    content key starts with doc_id, each batch was checked on its own, so it is enough that
    no article comes from two sources. Checked on `articles` (one row per article)."""
    seen: dict[str, str] = {}
    clashes = []
    if not replace:
        kept = drop_rows(store.read_partition(TABLES["articles"], ctx.day, columns=["doc_id"]), "doc_id", replaced)
        seen.update(dict.fromkeys(kept["doc_id"].to_pylist(), "the published partition"))
    for r in results:
        if not r.check.staged:
            continue
        for doc_id in r.published_ids - leave_out[r.number]:
            if doc_id in seen:
                clashes.append(f"articles: doc_id {doc_id} staged by batch {r.number} and {seen[doc_id]}")
            seen[doc_id] = f"batch {r.number}"
    return clashes


def _merge_documents(existing: pa.Table, rows: list[dict[str, Any]]) -> pa.Table:
    """The partition's ledger: earlier rows, minus those this run decides again, plus this run's."""
    contract = TABLES["documents"]
    run_keys = {(r["doc_id"], r["path"], r["record"]) for r in rows}
    if existing.num_rows:
        keep = [(d, p, r) not in run_keys for d, p, r in zip(existing["doc_id"].to_pylist(),
                                                              existing["path"].to_pylist(),
                                                              existing["record"].to_pylist())]
        existing = existing.filter(pa.array(keep, pa.bool_()))
    return pa.concat_tables([existing, pa.Table.from_pylist(rows, schema=contract.schema)])


def write_validation_report(store: TableStore, ctx: RunContext, finalized: Finalized,
                            results: list[BatchResult]) -> str:
    """The partition's validation summary as JSON under `_validation/runs/`; every GX result
    of every batch is in the batch files it lists."""
    report = {
        "run_id": ctx.run_id,
        "ingest_date": ctx.day.isoformat(),
        "success": not finalized.table_failures,
        "table_failures": finalized.table_failures,
        "quarantined_doc_ids": sorted(finalized.quarantined_doc_ids),
        "tables": finalized.validations,
        "batch_results": [store.storage.display(store.storage.path(r.check.results_key))
                          for r in sorted(results, key=lambda r: r.number) if r.check.results_key],
    }
    return store.write_json(f"_validation/runs/{ctx.run_id}.json", report)


# Data Docs pages of batch results per partition: the first batch, then failing ones. Each
# batch is a page per content table, which GX loads and renders in the flow process, about
# 0.2 s of its CPU per batch on this machine (1 batch 0.5 s, 5 batches 1.4 s, 13 batches
# 3.1 s). With about one quarantined article per batch at 10,000 articles a day, a cap of 20
# meant nearly every batch. Every result stays in its batch's JSON, every failing row in
# `quarantine`, and the partition's report lists them all.
MAX_BATCH_PAGES = 5


def add_batch_results_to_docs(store: TableStore, runner: SuiteRunner, results: list[BatchResult]) -> int:
    """Put batch results into the runner's Data Docs: the first batch (so every suite has a
    page) and batches with failures, up to MAX_BATCH_PAGES; the rest stay in the JSON files."""
    ordered = sorted(results, key=lambda r: r.number)
    chosen = [r for i, r in enumerate(ordered) if r.check.results_key and
              (i == 0 or r.check.reasons or r.check.table_failures)][:MAX_BATCH_PAGES]
    for result in chosen:
        document = json.loads(store.storage.read_bytes(store.storage.path(result.check.results_key)))
        for table, gx_result in document["tables"].items():
            runner.add_result(TABLES[table], f"batch-{result.number:05d}", gx_result)
    return len(chosen)


def validate_partition(ctx: RunContext, results: list[BatchResult], replace: bool) -> tuple[Finalized, str, str]:
    """The partition step before publishing: merge the batches' ledger rows, validate the
    partition's `documents` and `quarantine`, write the report and the Data Docs. Returns
    what to publish, the report's location and the Data Docs index's."""
    store = TableStore(ctx.output_dir)
    docs_location = store.storage.path("_validation", "data_docs")
    # GX renders Data Docs to a local folder; on object storage they are rendered to a
    # temporary folder and copied up through the same storage abstraction.
    local_docs = docs_location if store.storage.local else tempfile.mkdtemp(prefix="newsetl-docs-")
    runner = SuiteRunner(docs_dir=Path(local_docs))
    finalized = finalize(store, ctx, results, runner, replace=replace)
    report = write_validation_report(store, ctx, finalized, results)
    add_batch_results_to_docs(store, runner, results)
    store.ensure_space(docs_location, 0)
    with store.writing(docs_location):  # GX writes the pages itself: a full disk is named here
        index = runner.build_docs()
    del runner
    release_memory()
    if not store.storage.local:
        store.storage.put_tree(local_docs, docs_location)
        shutil.rmtree(local_docs, ignore_errors=True)
    return finalized, report, store.storage.display(f"{docs_location}/{index.name}")


def publish_tables(ctx: RunContext, finalized: Finalized) -> dict[str, tuple[int, int]]:
    try:
        return publish_partition(TableStore(ctx.output_dir), ctx, finalized)
    finally:
        release_memory()


@dataclass
class PartitionCheck:
    """What the flow keeps of a validated partition, small whatever the partition's size.

    The decided partition itself (`Finalized`: the merged ledger rows and the partition's
    `documents` and `quarantine` tables) stays in the run's staging area until it is
    published. Returned to the flow process, it cost that process about 110-140 MB per
    10,000-document partition (RSS trace of a 40,000-document benchmark run), in
    proportion to the partition.
    """

    staged: str  # the pickled `Finalized`, under the run's staging folder
    counts: dict[str, int]  # this run's inputs by status, after validation
    documents: int  # this run's ledger rows
    quarantined_by_validation: int
    table_failures: list[str]
    report: str
    data_docs: str


def validate_partition_staged(ctx: RunContext, results: list[BatchResult], replace: bool) -> PartitionCheck:
    """`validate_partition`, keeping what to publish in the staging area (see `PartitionCheck`).

    When a batch could not be validated and staged at all (`BatchCheck.failed`), the
    partition cannot be published this run: its failures are returned at once, without the
    partition's validation, report and Data Docs (writing those on a full disk would only
    replace the cause with another error)."""
    failed = [r.check.failed for r in sorted(results, key=lambda r: r.number) if r.check.failed]
    if failed:
        return PartitionCheck("", counts([]), 0, 0, failed, "none (a batch could not be validated)", "")
    finalized, report, data_docs = validate_partition(ctx, results, replace)
    store = TableStore(ctx.output_dir)
    staged = f"{store.staging_dir(ctx.run_id, ctx.day)}/finalized.pickle"
    store.write_bytes(staged, pickle.dumps(finalized, protocol=pickle.HIGHEST_PROTOCOL))
    return PartitionCheck(staged, counts(finalized.documents), len(finalized.documents),
                          len(finalized.quarantined_doc_ids), list(finalized.table_failures), report, data_docs)


def publish_staged(ctx: RunContext, check: PartitionCheck) -> dict[str, tuple[int, int]]:
    """`publish_tables` on the partition `validate_partition_staged` left in the staging area."""
    finalized = pickle.loads(TableStore(ctx.output_dir).storage.read_bytes(check.staged))
    return publish_tables(ctx, finalized)


def in_worker(pool: WorkerPool | LazyWorkerPool | None, fn: Callable[..., Any], *args: Any) -> Any:
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
    """Worker entry point for `in_worker`: an exception comes back as a value, so the flow
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


def publish_partition(store: TableStore, ctx: RunContext, finalized: Finalized) -> dict[str, tuple[int, int]]:
    """Stage every table's new partition file (content tables streamed from their sources),
    audit each, then swap them in, children before parents. Returns, per table, the rows in
    the partition and the rows this run added to it.

    The swaps are journaled first (`TableStore.publish`). If this step dies between two
    swaps, its retry completes them from the journal instead of staging everything again:
    the partition is mixed (children new, parents old) only until then.
    """
    if finalized.table_failures:
        raise ValidationFailed("validation failed, nothing published:\n  " + "\n  ".join(finalized.table_failures))
    done = store.finish_publish(ctx.run_id, ctx.day)
    if done is not None:
        return {table: (rows, added) for table, (rows, added) in done.items()}
    staged = []
    for name in PARTITION_TABLES:
        if name in CONTENT_TABLES:
            staged.append(store.stage_merged(ctx.run_id, TABLES[name], ctx.day, finalized.sources[name]))
        else:
            staged.append(store.stage(ctx.run_id, TABLES[name], ctx.day, finalized.tables[name]))
    added = {}
    for part in staged:
        if part.table in CONTENT_TABLES:
            from_published = part.source_rows[0] if part.table in finalized.merges_published else 0
            added[part.table] = part.rows - from_published
        else:
            added[part.table] = int(pc.sum(pc.equal(finalized.tables[part.table]["run_id"], ctx.run_id)).as_py() or 0)
    result = {part.table: (part.rows, added[part.table]) for part in staged}
    store.publish(staged, journal=f"{store.staging_dir(ctx.run_id, ctx.day)}/{PUBLISH_JOURNAL}", result=result)
    return result


def counts(documents: list[dict[str, Any]]) -> dict[str, int]:
    result = {"published": 0, "quarantined": 0, "duplicate": 0, "unreadable": 0}
    for document in documents:
        result[document["status"]] += 1
    return result
