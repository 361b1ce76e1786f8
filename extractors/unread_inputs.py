"""Identity of inputs that could not be read: ledger keys derived from the path, never content.

An unreadable input has no content hash, yet it needs a stable `doc_id` so the ledger records
it once and a re-run recognises it. An identity rule, not orchestration.
"""
from __future__ import annotations

from extractors.loading import RawDocument, sha256_hex


def path_id(path: str) -> str:
    """The `doc_id` of an input we could not read: derived from its path (never from content)
    so it is still a stable, safe key in the ledger."""
    return sha256_hex(f"unread:{path}".encode())


def unreadable_document(path: str, size: int, records: tuple[int, int | None] | None, reason: str) -> RawDocument:
    """The ledger's `unreadable` document for an input (or a slice of a JSON-lines file's
    records, `records` = (first, count or None)) that could not be read, with why."""
    doc_id, first = path_id(path), (records or (0, None))[0]
    if first:  # a later slice of a JSON-lines file: a row of its own, never a copy of the first slice's
        count = records[1]
        doc_id = sha256_hex(f"unread:{path}#{first}".encode())
        reason += f" (records {first + 1}{'-' + str(first + count) if count else ' onwards'} of the file)"
    return RawDocument(doc_id=doc_id, path=path, record=None, format="unsupported",
                       content_type=None, bytes=size, encoding=None, content=None, status="unreadable",
                       reason=reason, file_bytes=size)
