"""The per-document work of a batch: clean and extract, in the worker processes.

`work_batch` loads the batch's inputs a chunk at a time (`flows.batch_loading`) and sends each
chunk to a worker; `process_documents` is what a worker runs on one chunk. Without a pool the
work runs in the calling process, one batch at a time.
"""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from functools import partial
from typing import Callable

from extractors.ledger import PublishedIndex
from extractors.loading import RawDocument
from extractors.records import DocumentOutcome, document_row, process_document
from flows.batch_loading import load_batch
from flows.workers import Failure, LazyWorkerPool, WorkerPool
from settings import DEFAULT_LIMITS, Limits
from settings.run import DOCUMENTS_PER_CHUNK
from storage.landing import InputFile

# One batch at a time in this process when there is no pool: the shared spaCy pipeline and
# the GX context are not known to be thread-safe.
IN_PROCESS = threading.Lock()


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
        with IN_PROCESS:  # the shared spaCy pipeline is not known to be thread-safe
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


def process_documents(raws: list[RawDocument], ingest_date: date | None = None) -> list[DocumentOutcome]:
    """The per-document work a worker process runs on one chunk: clean, then extract."""
    return extract_documents(clean_documents(raws), ingest_date)


def clean_documents(raws: list[RawDocument]) -> list[DocumentOutcome]:
    """Clean each document and build its article, paragraph and audit rows (or its verdict)."""
    return [process_document(raw) for raw in raws]


def extract_documents(outcomes: list[DocumentOutcome], ingest_date: date | None = None) -> list[DocumentOutcome]:
    """The structured rows of the chunk's published articles.

    Extraction parses the whole chunk with one batched `nlp.pipe`; an article whose
    extraction fails is quarantined with the reason, the others keep their rows.
    """
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
