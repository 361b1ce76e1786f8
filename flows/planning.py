"""Planning a run: which partitions have something new, a partition's inputs and the ledger
index they are triaged against, and the batches they are cut into.

Cheap steps in the flow's own process: they list and stat inputs (reading only JSON-lines
files, to count their records) and stream the `documents` ledger into a compact index.
"""
from __future__ import annotations

import dataclasses
from datetime import date

from extractors.ledger import DigestSet, PublishedIndex, digest
from extractors.loading import count_records, input_format
from schemas import TABLES
from settings import DEFAULT_LIMITS, Limits
from storage.landing import InputFile, discover_partition, landing_dates, read_bytes
from storage.tables import TableStore


def plan_partitions(input_dir: str, output_dir: str, loose_day: date,
                    reprocess: bool) -> tuple[list[tuple[date, bool]], bool]:
    """Which partitions have something new: (day, is a landing folder), and whether the
    input holds any file at all (to tell "no input files" from "nothing new" without a second
    walk). A landing partition whose files are all recorded unchanged (same path, size and
    modification time) is left out unread."""
    recorded = recorded_files(TableStore(output_dir)) if not reprocess else DigestSet()
    plan: list[tuple[date, bool]] = []
    found = False
    for day in landing_dates(input_dir):
        files = discover_partition(input_dir, day)
        found = found or bool(files)
        if reprocess or has_new_files(files, recorded):
            plan.append((day, True))
    loose = discover_partition(input_dir, None)
    if loose and (reprocess or has_new_files(loose, recorded)):
        plan.append((loose_day, False))
    return plan, found or bool(loose)


def read_ledger_index(store: TableStore, day: date, reprocess: bool = False) -> PublishedIndex:
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


def even_batches(files: list[InputFile], size: int) -> list[list[InputFile]]:
    """The partition's batches (`plan_batches`), cut to about the same size when that takes no
    more batches: 300 documents at 200 are two batches of 150, not 200 and 100.

    Why: a run works on two batches at once and validates each batch in one worker when its
    last chunk is done. Cut 200 + 100, the small batch finished half-way and the large one's
    validation ran alone at the end, one worker idle; cut evenly, the two end together and are
    validated side by side. Files that are never cut can make the even size need one batch
    more; then the batches stay as `size` cuts them."""
    batches = plan_batches(files, size)
    if len(batches) < 2:
        return batches
    documents = sum(item.documents for item in files)
    even = plan_batches(files, -(-documents // len(batches)))
    return even if len(even) == len(batches) else batches


def _splittable(item: InputFile) -> bool:
    """A JSON-lines file counted by its records (not yet a slice, nothing wrong with it)."""
    return not item.problem and item.records is None and input_format(item.path) == "jsonl"

