"""Quotes: direct (in quote marks) and indirect (reported speech), with their speakers.

Why our own rules: no maintained library does speaker attribution for spaCy 3.8 (see
`extractors/attributions.py`). Quote marks are paired here at the character level, because
the tokenizer does not tell an opening straight quote from a closing one.

Rules:
- marks: straight "..." and curly “...”, « » too; a straight mark opens after whitespace
  or an opening bracket/dash, and closes otherwise;
- a quote left open at the end of its paragraph runs on into the next paragraph when that
  one opens with a quote mark (the newspaper convention for multi-paragraph quotes);
- the speaker is the nearest attribution cue (see attributions.py) in the quote's own
  sentence(s), outside the quoted words;
- a quote with no cue that opens its paragraph, or follows another quote in the same
  paragraph, continues the previous quote's speaker (resolution "continuation");
- a short phrase in quote marks without a verb is a name, a title or an epithet ("the
  Iron Lady", “Operation Sea Breeze”), not speech, and is left out; so is any quoted phrase
  right after a naming cue ("known as", "dubbed", "nicknamed", "called", "codenamed");
- indirect speech: an attribution whose cue verb takes a clausal complement ("X estimated
  that ...", "X told reporters ...") that holds no direct quote.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc

from extractors.attributions import Attribution
from extractors.sentences import ParagraphIndex, SentenceIndex, trim

OPENING = {"“": "”", "«": "»", "„": "“", '"': '"'}
NAMING_CUE = re.compile(r"(?:known|referred to|described|billed|branded)\s+as\s*$|(?:dubbed|nicknamed|called|named|"
                        r"codenamed|code-named|titled|entitled|so-called|the term|the phrase|the word)\s*$",
                        re.IGNORECASE)
SPEAKER_CUES = frozenset({"speech", "report", "confirmation", "denial", "according_to"})
KINDS = ("direct", "indirect")


@dataclass
class QuoteSpan:
    start: int  # content start (inside the marks)
    end: int
    mark_start: int  # offset of the opening mark
    mark_end: int  # one past the closing mark (or the paragraph end when left open)
    marks: str  # straight | curly | guillemets
    closed: bool


def find_quote_spans(text: str, paragraphs: list[tuple[int, int]]) -> list[QuoteSpan]:
    """Pair quote marks paragraph by paragraph."""
    spans: list[QuoteSpan] = []
    for p_start, p_end in paragraphs:
        i = p_start
        while i < p_end:
            ch = text[i]
            if ch in OPENING and (ch != '"' or _opens(text, i, p_start)):
                close_ch = OPENING[ch]
                j = text.find(close_ch, i + 1, p_end)
                kind = "straight" if ch == '"' else ("guillemets" if ch == "«" else "curly")
                closed = j != -1
                end = j if closed else p_end
                s, e = trim(text, i + 1, end)
                while e > s and text[e - 1] in ",":
                    e -= 1
                if e > s:
                    spans.append(QuoteSpan(s, e, i, (j + 1) if closed else p_end, kind, closed))
                i = (j + 1) if closed else p_end
                continue
            i += 1
    return spans


def _opens(text: str, i: int, p_start: int) -> bool:
    return i == p_start or text[i - 1].isspace() or text[i - 1] in "([{—–-/"


def _is_name_or_epithet(doc: Doc, text: str, span: QuoteSpan) -> bool:
    before = text[max(0, span.mark_start - 40):span.mark_start]
    if NAMING_CUE.search(before.rstrip(" ,:")):
        return True
    tokens = [t for t in doc.char_span(span.start, span.end, alignment_mode="expand") or [] if not t.is_punct]
    if not tokens:
        return True
    has_verb = any(t.pos_ in {"VERB", "AUX"} for t in tokens)
    return not has_verb and len(tokens) <= 6


@dataclass
class Quote:
    index: int
    start: int
    end: int
    kind: str  # direct | indirect
    marks: str | None
    is_partial: bool
    attribution: Attribution | None
    speaker_resolution: str  # cue | continuation | unresolved
    continues: int | None  # index of the quote this one continues (multi-paragraph / no-cue continuation)
    paragraph_index: int
    sentence_index: int
    closed: bool = True


def _nearest_cue(span: QuoteSpan, attributions: list[Attribution], sentences: SentenceIndex) -> Attribution | None:
    first = sentences.span_of(span.mark_start)[0]
    last = sentences.span_of(max(span.mark_end - 1, span.mark_start))[1]
    # a cue right after the closing mark may sit in the next "sentence" when the parser splits there
    best, best_distance = None, None
    for a in attributions:
        if a.cue_type not in SPEAKER_CUES:
            continue
        if span.mark_start <= a.cue_start < span.mark_end:
            continue  # a cue inside the quoted words belongs to the quoted speech
        if not (first <= a.cue_start < last):
            continue
        distance = span.mark_start - a.end if a.end <= span.mark_start else a.start - span.mark_end
        if best_distance is None or distance < best_distance:
            best, best_distance = a, distance
    return best


def extract_quotes(doc: Doc, paragraphs: ParagraphIndex, sentences: SentenceIndex,
                   attributions: list[Attribution]) -> list[Quote]:
    text = doc.text
    quotes: list[Quote] = []
    previous: Quote | None = None
    for span in find_quote_spans(text, paragraphs.spans):
        if _is_name_or_epithet(doc, text, span):
            continue
        para = paragraphs.of(span.start)
        p_start, p_end = paragraphs.spans[para]
        sent_start, sent_end = sentences.span_of(span.mark_start)
        whole_sentence = span.mark_start <= sent_start and span.mark_end >= sentences.span_of(span.end - 1)[1] - 2
        attribution = _nearest_cue(span, attributions, sentences)
        continues = None
        if attribution is not None:
            resolution = "cue"
        elif previous is not None and previous.attribution is not None and (
                paragraphs.of(previous.start) == para
                or (span.mark_start == p_start and paragraphs.of(previous.start) == para - 1)):
            attribution, resolution = previous.attribution, "continuation"
            continues = previous.index
        else:
            resolution = "unresolved"
        quote = Quote(len(quotes), span.start, span.end, "direct", span.marks,
                      is_partial=not whole_sentence and span.mark_start > sent_start, attribution=attribution,
                      speaker_resolution=resolution, continues=continues, paragraph_index=para,
                      sentence_index=sentences.of(span.start), closed=span.closed)
        quotes.append(quote)
        previous = quote
    # A quote left open at its paragraph's end, without a cue, takes the speaker named where it
    # goes on ("“First part.  /  “Second part,” she said.").
    for earlier, later in zip(quotes, quotes[1:]):
        if (not earlier.closed and earlier.attribution is None and later.attribution is not None
                and later.paragraph_index == earlier.paragraph_index + 1
                and text[paragraphs.spans[later.paragraph_index][0]] in OPENING):
            earlier.attribution, earlier.speaker_resolution = later.attribution, "continuation"
            later.continues = later.continues if later.continues is not None else earlier.index
    direct = [(q.start, q.end) for q in quotes]
    for a in attributions:
        if a.content_from != "complement" or a.cue_type not in {"speech", "report", "confirmation", "denial"}:
            continue
        if any(s < a.content_end and a.content_start < e for s, e in direct):
            continue  # the claim is (or holds) a direct quote, already recorded
        quotes.append(Quote(len(quotes), a.content_start, a.content_end, "indirect", None, False, a, "cue", None,
                            paragraphs.of(a.content_start), sentences.of(a.content_start)))
    return quotes


def quote_rows(doc_id: str, text: str, quotes: list[Quote]) -> list[dict[str, Any]]:
    rows = []
    for q in quotes:
        a = q.attribution
        rows.append({
            "doc_id": doc_id, "quote_index": q.index, "start": q.start, "end": q.end, "text": text[q.start:q.end],
            "kind": q.kind, "quote_marks": q.marks, "is_partial": q.is_partial,
            "cue": a.cue if a else None, "cue_start": a.cue_start if a else None, "cue_end": a.cue_end if a else None,
            "speaker_text": a.source_text if a else None, "speaker": a.source if a else None,
            "speaker_kind": a.source_kind if a else "unresolved", "speaker_entity": a.source_entity if a else None,
            "speaker_role": a.role if a else None, "speaker_resolution": q.speaker_resolution,
            "attribution_index": a.index if a else None, "continues_quote_index": q.continues,
            "paragraph_index": q.paragraph_index, "sentence_index": q.sentence_index,
        })
    return rows
