"""Sentences of an article, and the small span helpers the other extractors share.

The article is parsed as one spaCy Doc whose text is exactly `articles.text` (see
`extractors/nlp/batch.py`), so `token.idx` and `span.start_char` are already offsets into
the clean text. Each paragraph is parsed separately and the parses are joined, so a
sentence never crosses a paragraph break.
"""
from __future__ import annotations

from bisect import bisect_right
from typing import Any

from spacy.tokens import Doc, Span


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) so it neither starts nor ends with whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


class SpanIndex:
    """Maps a character offset to the number of the span that holds it (or the one before a gap)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self._starts = [s for s, _ in spans]

    def of(self, offset: int) -> int:
        if not self.spans:
            return 0
        return max(0, bisect_right(self._starts, offset) - 1)


class ParagraphIndex(SpanIndex):
    """Offset -> paragraph number."""


def sentence_spans(doc: Doc, text: str | None = None) -> list[tuple[int, int]]:
    """Character spans of the non-empty sentences, trimmed of surrounding whitespace. `text` is
    `doc.text` when the caller has it already: Doc.text joins every token on each access."""
    spans = []
    text = doc.text if text is None else text
    for sent in doc.sents:
        start, end = trim(text, sent.start_char, sent.end_char)
        if end > start:
            spans.append((start, end))
    return spans


class SentenceIndex(SpanIndex):
    """Offset -> sentence number, and the sentence's own span."""

    def span_of(self, offset: int) -> tuple[int, int]:
        return self.spans[self.of(offset)] if self.spans else (0, 0)


def sentence_rows(doc_id: str, text: str, sentences: SentenceIndex, paragraphs: ParagraphIndex) -> list[dict[str, Any]]:
    """Rows of the `sentences` table, from the sentence spans the rule modules used (found once)."""
    return [
        {"doc_id": doc_id, "sentence_index": i, "paragraph_index": paragraphs.of(start), "start": start, "end": end,
         "text": text[start:end]}
        for i, (start, end) in enumerate(sentences.spans)
    ]


def span_of_tokens(doc: Doc, first: int, last: int) -> Span:
    """Tokens first..last inclusive, as a Span (helper for dependency subtrees)."""
    return doc[first:last + 1]
