"""From a loaded document to the rows of the content tables.

Rows are plain dicts keyed by the contract's column names (see `schemas/`); the flow adds
`run_id` and `ingested_at`. Offsets are computed here, once, from the clean text, so every
table's offsets agree with `articles.text` by construction.
"""
from __future__ import annotations

import pickle
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from extractors.cleaning.cleaner import CleanResult, PageMetadata, clean_html, clean_text
from extractors.nlp.language import detect_language
from extractors.loading import RawDocument

_PARAGRAPH = re.compile(r"[^\n](?:[^\n]|\n(?!\n))*")


@dataclass
class DocumentOutcome:
    """Everything one input contributes: its ledger row and, if published, its content rows."""

    document: dict[str, Any]
    article: dict[str, Any] | None = None
    paragraphs: list[dict[str, Any]] = field(default_factory=list)
    removed_blocks: list[dict[str, Any]] = field(default_factory=list)
    structured: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # sentences, quotes, ...
    packed_content: bytes | None = None  # the four fields above, pickled (see `packed`)

    @property
    def key(self) -> tuple[str, str, int | None]:
        return self.document["doc_id"], self.document["path"], self.document["record"]

    def packed(self) -> DocumentOutcome:
        """This outcome with its content rows pickled into one bytes object.

        Why: an outcome crosses from a worker process to the flow process, which holds a
        whole batch of them until the batch is tabulated. As dicts and strings the content
        rows took about four times the memory of their pickle (48 documents: 6.65 MB of
        Python objects against 1.68 MB pickled), and the pipe pickles them anyway.
        """
        if self.article is None:
            return self
        content = pickle.dumps((self.article, self.paragraphs, self.removed_blocks, self.structured),
                               protocol=pickle.HIGHEST_PROTOCOL)
        return DocumentOutcome(self.document, packed_content=content)

    def unpacked(self) -> DocumentOutcome:
        """The outcome with its content rows as dicts again (itself if it was not packed)."""
        if self.packed_content is None:
            return self
        article, paragraphs, removed_blocks, structured = pickle.loads(self.packed_content)
        return DocumentOutcome(self.document, article, paragraphs, removed_blocks, structured)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: maximal runs of text without a blank line."""
    spans = []
    for match in _PARAGRAPH.finditer(text):
        start, end = match.span()
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def word_count(text: str) -> int:
    return len(text.split())


def document_row(raw: RawDocument, status: str, reason: str = "", duplicate_of: str | None = None) -> dict[str, Any]:
    return {
        "doc_id": raw.doc_id, "path": raw.path, "record": raw.record, "format": raw.format, "bytes": raw.bytes,
        "file_bytes": raw.file_bytes, "encoding": raw.encoding, "status": status, "reason": reason, "duplicate_of": duplicate_of,
    }


def clean(raw: RawDocument) -> CleanResult:
    if raw.content_type == "html":
        return clean_html(raw.content or "", url=raw.url)
    return clean_text(raw.content or "")


def process_document(raw: RawDocument) -> DocumentOutcome:
    """Clean one decoded document and build its rows. Never raises: a failure becomes a
    quarantined ledger row with the exception named, so one bad page cannot sink a batch."""
    if raw.status != "ok":
        return DocumentOutcome(document_row(raw, raw.status, raw.reason))
    try:
        cleaned = clean(raw)
    except Exception as exc:  # noqa: BLE001 - any cleaner bug must cost one document, not the run
        return DocumentOutcome(document_row(raw, "quarantined", f"cleaner failed: {type(exc).__name__}: {exc}"))
    if not cleaned.text.strip():
        return DocumentOutcome(document_row(
            raw, "quarantined",
            f"no article body found after cleaning ({len(cleaned.removed)} blocks removed as boilerplate)"))
    return build_outcome(raw, cleaned)


def publication(raw: RawDocument, meta: PageMetadata) -> tuple[datetime | None, str | None]:
    """The article's publication time and where it came from (`PUBLISHED_AT_SOURCES`).

    The value keeps the zone it was printed in (a byline's "11:34 PM EST"): the row is
    stored in UTC by its Arrow type, but relative dates in the text are resolved against
    this value's own calendar day (`structure.anchor_of` takes `.date()` of it), which is
    the day the article's readers saw, not the UTC day (23:34 EST is already tomorrow
    in UTC)."""
    if raw.published:
        return raw.published, "input"
    if meta.published:
        return meta.published, meta.published_source or "page"
    return None, None


def build_outcome(raw: RawDocument, cleaned: CleanResult) -> DocumentOutcome:
    text = cleaned.text
    meta = cleaned.metadata
    spans = paragraph_spans(text)
    published, published_source = publication(raw, meta)
    article = {
        "doc_id": raw.doc_id,
        "source_path": raw.path,
        "source_record": raw.record,
        "format": raw.format,
        "content_type": raw.content_type,
        "url": raw.url or meta.canonical_url,
        "title": raw.title or meta.title,
        "authors": list(meta.authors),
        "publisher": meta.publisher,
        "section": meta.section,
        "copyright_year": meta.copyright_year,
        "published_at": published,
        "published_at_source": published_source,
        "modified_at": meta.modified,
        "language": detect_language(text, hint=meta.language),
        "text": text,
        "char_count": len(text),
        "word_count": word_count(text),
        "paragraph_count": len(spans),
        "removed_block_count": len(cleaned.removed),
    }
    paragraphs = [
        {"doc_id": raw.doc_id, "paragraph_index": i, "start": start, "end": end, "text": text[start:end],
         "word_count": word_count(text[start:end])}
        for i, (start, end) in enumerate(spans)
    ]
    removed = [
        {"doc_id": raw.doc_id, "block_index": i, "source_index": block.index, "rule": block.rule,
         "detail": block.detail, "text": block.text}
        for i, block in enumerate(cleaned.removed)
    ]
    return DocumentOutcome(document_row(raw, "published", raw.reason), article, paragraphs, removed)
