"""Loading a batch's inputs: read, decode and triage against the ledger, in the flow's process.

Cheap and in the calling thread; the expensive per-document work happens in the workers
(`flows.batch_work`). An input that is still changing is deferred to a later run rather than
recorded half-written.
"""
from __future__ import annotations

import json
import time

from extractors.ledger import PublishedIndex
from extractors.loading import RawDocument, decode_bytes, describe_exception, input_format, load_file
from extractors.records import DocumentOutcome, document_row, process_document
from extractors.unread_inputs import path_id, unreadable_document
from settings import DEFAULT_LIMITS, Limits
from settings.run import UNFINISHED_LINE_SETTLE_SECONDS
from storage.landing import ChangedDuringRead, InputFile, read_bytes


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
        for raw in load_input(input_dir, item, limits, deferred):
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


def load_input(input_dir: str, item: InputFile, limits: Limits,
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
                               "doc_id": path_id(item.path),
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
    return unreadable_document(item.path, item.size, item.records, reason)
