"""The structured-extraction stage: clean text in, one list of rows per table out.

`extract_batch` is the one entry point the flow calls, once per batch of articles. It
parses every paragraph of every article with a single `nlp.pipe` call (batched; the model
is loaded once per process by `extractors.nlp.get_nlp`), re-joins each article's paragraphs
into one Doc whose text is exactly the article text (so offsets need no mapping), then runs
the rule layers. A failure in one article is caught and reported on that article's result
(`error`), so the flow can quarantine it with the reason instead of losing the batch.

Rows carry the contract's columns except `run_id` and `ingested_at`, which the flow adds.
"""
from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from spacy.tokens import Doc

from extractors.nlp.amounts import amount_rows, extract_amounts
from extractors.nlp.attributions import attribution_rows, extract_attributions
from extractors.nlp.blas import single_threaded_blas
from extractors.nlp.entities import candidate_rows, entity_rows, extract_entities, mention_rows
from extractors.nlp.model import get_nlp
from extractors.nlp.quotes import extract_quotes, quote_rows
from extractors.nlp.sentences import ParagraphIndex, SentenceIndex, sentence_rows, sentence_spans
from extractors.nlp.temporal import extract_temporal, temporal_rows
from settings.extraction import PIPE_BATCH_SIZE

TABLES = ("sentences", "entity_mentions", "entities", "entity_candidates", "quotes", "attributions", "amounts",
          "temporal_expressions")


@dataclass(frozen=True)
class ArticleText:
    doc_id: str
    text: str
    paragraphs: list[tuple[int, int]]
    published: datetime | None
    ingest_date: date


@dataclass
class StructuredRows:
    doc_id: str
    sentences: list[dict[str, Any]] = field(default_factory=list)
    entity_mentions: list[dict[str, Any]] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)
    entity_candidates: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    attributions: list[dict[str, Any]] = field(default_factory=list)
    amounts: list[dict[str, Any]] = field(default_factory=list)
    temporal_expressions: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None  # set when extraction failed for this article; the row lists are then empty

    def tables(self) -> dict[str, list[dict[str, Any]]]:
        return {name: getattr(self, name) for name in TABLES}


def _chunks(article: ArticleText) -> list[str]:
    """Pieces of the text, one per paragraph, whose concatenation is exactly the text: each
    runs from its paragraph's start to the next one's (the first also takes any leading
    whitespace), so the re-joined Doc's offsets are the article's offsets."""
    text = article.text
    spans = sorted(article.paragraphs) or [(0, len(text))]
    previous_end = 0
    for start, end in spans:
        if not (previous_end <= start < end <= len(text)):
            raise ValueError(f"paragraph span {(start, end)} overlaps another or lies outside the text")
        previous_end = end
    cuts = [0] + [s for s, _ in spans[1:]] + [len(text)]
    return [text[a:b] for a, b in zip(cuts, cuts[1:]) if b > a]


def anchor_of(article: ArticleText) -> tuple[date, str]:
    if article.published is not None:
        return article.published.date(), "published"
    return article.ingest_date, "ingest"


def extract_article(article: ArticleText, doc: Doc) -> StructuredRows:
    """All tables for one parsed article; `doc.text` must equal `article.text` (as `extract_batch`
    checks), since the rule modules are given the article text instead of rebuilding `doc.text`."""
    text = article.text
    doc_id = article.doc_id
    paragraphs = ParagraphIndex(sorted(article.paragraphs) or [(0, len(text))])
    sentences = SentenceIndex(sentence_spans(doc, text))
    entities = extract_entities(doc, sentences, text)
    attributions = extract_attributions(doc, entities, sentences, text)
    quotes = extract_quotes(doc, paragraphs, sentences, attributions, text)
    amounts = extract_amounts(doc, sentences, text)  # `text` is doc.text (checked by extract_batch), read once
    anchor, anchor_source = anchor_of(article)
    timexes = extract_temporal(doc, sentences, anchor, text)
    return StructuredRows(
        doc_id=doc_id,
        sentences=sentence_rows(doc_id, text, sentences, paragraphs),
        entity_mentions=mention_rows(doc_id, entities),
        entities=entity_rows(doc_id, entities),
        entity_candidates=candidate_rows(doc_id, entities),
        quotes=quote_rows(doc_id, text, quotes),
        attributions=attribution_rows(doc_id, text, attributions),
        amounts=amount_rows(doc_id, text, amounts),
        temporal_expressions=temporal_rows(doc_id, text, timexes, anchor, anchor_source),
    )


def extract_batch(articles: list[ArticleText], nlp=None, batch_size: int = PIPE_BATCH_SIZE) -> list[StructuredRows]:
    """Rows for every article, in input order. Never raises for one article's fault."""
    nlp = nlp if nlp is not None else get_nlp()
    pieces: list[tuple[str, int]] = []
    prepared: list[str | None] = []  # None when the article is usable, else the error
    for number, article in enumerate(articles):
        try:
            chunks = _chunks(article)
            if "".join(chunks) != article.text:  # cannot happen with valid spans; guards the offsets
                raise ValueError("paragraph spans do not tile the text")
            pieces.extend((chunk, number) for chunk in chunks)
            prepared.append(None)
        except Exception as exc:  # noqa: BLE001 - one bad article must not sink the batch
            prepared.append(f"extraction failed: {type(exc).__name__}: {exc}")
    parsed: dict[int, list[Doc]] = {}
    with single_threaded_blas():  # the workers are the parallelism; BLAS threads would spin against them
        for doc, number in nlp.pipe(pieces, as_tuples=True, batch_size=batch_size):
            parsed.setdefault(number, []).append(doc)
    results = []
    for number, article in enumerate(articles):
        if prepared[number] is not None:
            results.append(StructuredRows(article.doc_id, error=prepared[number]))
            continue
        try:
            docs = parsed.get(number, [])
            doc = Doc.from_docs(docs, ensure_whitespace=False) if docs else nlp.make_doc(article.text)
            if doc.text != article.text:
                raise ValueError("parsed text differs from the article text")
            results.append(extract_article(article, doc))
        except Exception as exc:  # noqa: BLE001 - a rule bug costs one article, reported with its reason
            where = traceback.extract_tb(exc.__traceback__)[-1]
            results.append(StructuredRows(article.doc_id, error=f"extraction failed: {type(exc).__name__}: {exc} "
                                                                 f"(at {where.filename.rsplit('/', 1)[-1]}:"
                                                                 f"{where.lineno})"))
    return results
