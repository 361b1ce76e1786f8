"""Quotes: direct (in quote marks) and indirect (reported speech), with their speakers.

Why our own rules: no maintained library does speaker attribution for spaCy 3.8 (see
`extractors/nlp/attributions.py`). Quote marks are paired at the character level, because
the tokenizer does not tell an opening straight quote from a closing one (`quotation_marks.py`).

Rules:
- marks: straight "..." and curly “...”, « » too, and the typewriter pair '' ... '' of
  plain-text archives; a straight mark opens after whitespace or an opening bracket/dash, and
  closes otherwise; styles may be mixed within a quotation (“..." or "...”), so a quotation
  closed by the other style does not swallow the next one;
- a quote left open at the end of its paragraph runs on into the next paragraph when that
  one opens with a quote mark (the newspaper convention for multi-paragraph quotes);
- the speaker is the nearest attribution cue (see attributions.py) in the quote's own
  sentence(s), outside the quoted words, or right after the closing mark ("“...” he urged"),
  or ending with a colon or comma just before it ("She replied:"), or the cue whose claim
  holds the quotation;
- a quote with no cue that opens its paragraph, or follows another quote in the same
  paragraph, continues the previous quote's speaker (resolution "continuation");
- a short phrase in quote marks without a verb is a name, a title or an epithet ("the
  Iron Lady", “Operation Sea Breeze”), not speech, and is left out; so is any quoted phrase
  right after a naming cue ("known as", "dubbed", "nicknamed", "called", "codenamed") and any
  phrase in title case (titles, songs: "We're Not Gonna Take It"); but words right after a
  reporting verb are speech ("Teachers chanted “Fair pay now”");
- indirect speech: an attribution whose cue verb takes a clausal complement ("X estimated
  that ...", "X told reporters ...") that holds no direct quote.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc

from extractors.nlp.attribution_lexicon import CUE_FORMS
from extractors.nlp.attributions import Attribution
from extractors.nlp.quotation_marks import OPENING, QuoteSpan, find_quote_spans
from extractors.nlp.sentences import ParagraphIndex, SentenceIndex
from settings.attributions import (EPITHET_MAX_WORDS, LEAD_IN_MAX_CHARS, NAMING_LOOKBACK_CHARS,
                                   OWN_QUOTATION_LOOKAHEAD_CHARS)

NAMING_CUE = re.compile(r"(?:known|referred to|described|billed|branded)\s+as\s*$|(?:dubbed|nicknamed|called|named|"
                        r"codenamed|code-named|titled|entitled|so-called|the term|the phrase|the word)\s*$",
                        re.IGNORECASE)
SPEAKER_CUES = frozenset({"speech", "report", "confirmation", "denial", "according_to"})
KINDS = ("direct", "indirect")


def _is_name_or_epithet(doc: Doc, text: str, span: QuoteSpan) -> bool:
    before = text[max(0, span.mark_start - NAMING_LOOKBACK_CHARS):span.mark_start]
    if NAMING_CUE.search(before.rstrip(" ,:")):
        return True
    tokens = [t for t in doc.char_span(span.start, span.end, alignment_mode="expand") or [] if not t.is_punct]
    if not tokens:
        return True
    words = before.rstrip(" ,:").split()
    if words and words[-1].lower() in CUE_FORMS:
        return False  # right after a reporting verb ("Teachers chanted “Fair pay now”"): words spoken
    if _looks_like_title(text[span.start:span.end]):
        return True
    has_verb = any(t.pos_ in {"VERB", "AUX"} for t in tokens)
    return not has_verb and len(tokens) <= EPITHET_MAX_WORDS


_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_SENTENCE_END_INSIDE = re.compile(r"[.!?;]\s+\S")
_OPENS_QUOTATION = re.compile(r"\s*[,:]?\s*(?:[“\"]|'')")
_MINOR_WORDS = frozenset({"a", "an", "the", "and", "or", "but", "nor", "for", "of", "in", "on", "at", "to", "by",
                          "with", "from", "as", "vs", "via", "into", "over", "per"})


def _looks_like_title(quoted: str) -> bool:
    """A title, a song or a slogan in title case ("Market Size and Demand for Fuel in Ohio",
    "We're Not Gonna Take It"): every word but the minor ones capitalised, no sentence end
    inside. Speech is written in sentence case."""
    words = _WORD.findall(quoted)
    if len(words) < 2 or _SENTENCE_END_INSIDE.search(quoted.strip()):
        return False
    major = [w for w in words[1:] if w.lower() not in _MINOR_WORDS]
    return bool(major) and words[0][0].isupper() and all(w[0].isupper() for w in major)


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


_SENTENCE_CLOSE = frozenset(".!?")  # the text before a quotation ends a sentence of narration
_LEAD_IN = re.compile(r"^[^.!?“”\"]*[:,]\s*$")  # "... she said:" / "she said," right before the quotation


def _nearest_cue(span: QuoteSpan, attributions: list[Attribution], sentences: SentenceIndex,
                 text: str = "") -> Attribution | None:
    """The cue that introduces a quotation: in its own sentence(s), outside the quoted
    words; or right after the closing mark even where the parser started a new sentence
    ("“...” he urged them"); or ending the text just before it with a colon ("He replied:")."""
    first = sentences.span_of(span.mark_start)[0]
    last = sentences.span_of(max(span.mark_end - 1, span.mark_start))[1]
    best, best_distance = None, None
    for a in attributions:
        if a.cue_type not in SPEAKER_CUES:
            continue
        if span.mark_start <= a.cue_start < span.mark_end:
            continue  # a cue inside the quoted words belongs to the quoted speech
        inside = first <= a.cue_start < last
        # "“...” he urged them": a cue right after the mark, unless it opens a quotation of its own
        right_after = a.start >= span.mark_end and not text[span.mark_end:a.start].strip(" ,;—–-") \
            and not _OPENS_QUOTATION.match(text[a.end:a.end + OWN_QUOTATION_LOOKAHEAD_CHARS])
        lead_in = a.end <= span.mark_start and span.mark_start - a.end < LEAD_IN_MAX_CHARS and bool(
            _LEAD_IN.match(text[a.end:span.mark_start]))
        holds = a.content_start is not None and a.content_start <= span.start and span.end <= a.content_end + 1
        if not (inside or right_after or lead_in or holds):
            continue
        distance = span.mark_start - a.end if a.end <= span.mark_start else a.start - span.mark_end
        if holds:  # the cue whose claim holds the quotation ("predicted that they would “fight on”")
            distance = -1
        if best_distance is None or distance < best_distance:
            best, best_distance = a, distance
    return best


def _previous_paragraph_speaker(para: int, paragraphs: ParagraphIndex,
                                attributions: list[Attribution]) -> Attribution | None:
    """The speaker a paragraph-opening quotation without a cue goes on with: the last speech
    cue of the paragraph just before (the newspaper convention: "X told reporters on Monday.
    / “We will not back down. ...”" quotes X). Only the directly preceding paragraph, and
    only a cue of saying or reporting, so a quotation after narration stays unresolved."""
    if para == 0:
        return None
    before = [a for a in attributions if a.cue_type in SPEAKER_CUES and paragraphs.of(a.cue_start) == para - 1]
    return max(before, key=lambda a: a.cue_start) if before else None


def _preceding_sentence_speaker(span: QuoteSpan, text: str, paragraphs: ParagraphIndex, sentences: SentenceIndex,
                                attributions: list[Attribution]) -> Attribution | None:
    """The speaker a quotation opening a sentence goes on with when the sentence just before,
    in the same paragraph, names one ("Lau said in a statement. “...”", "..., he remarked.
    “...”"): the last speech cue of that sentence. Only the directly preceding sentence, so a
    quotation after narration that names no speaker stays unresolved."""
    before = text[:span.mark_start].rstrip()
    if not before or before[-1] not in _SENTENCE_CLOSE:
        return None
    para, previous = paragraphs.of(span.mark_start), sentences.of(len(before) - 1)
    found = [a for a in attributions if a.cue_type in SPEAKER_CUES and a.end <= span.mark_start
             and paragraphs.of(a.cue_start) == para and sentences.of(a.cue_start) == previous]
    return max(found, key=lambda a: a.cue_start) if found else None


def extract_quotes(doc: Doc, paragraphs: ParagraphIndex, sentences: SentenceIndex,
                   attributions: list[Attribution], text: str | None = None) -> list[Quote]:
    """Quotations of one parsed article, each tied to the attribution that covers it. `text` is
    `doc.text` when the caller has it already (Doc.text joins every token on each access)."""
    text = doc.text if text is None else text
    quotes: list[Quote] = []
    previous: Quote | None = None
    for span in find_quote_spans(text, paragraphs.spans):
        if _is_name_or_epithet(doc, text, span):
            continue
        para = paragraphs.of(span.start)
        p_start, p_end = paragraphs.spans[para]
        sent_start, sent_end = sentences.span_of(span.mark_start)
        whole_sentence = span.mark_start <= sent_start and span.mark_end >= sentences.span_of(span.end - 1)[1] - 2
        attribution = _nearest_cue(span, attributions, sentences, text)
        continues = None
        if attribution is not None:
            resolution = "cue"
        elif previous is not None and previous.attribution is not None and (
                paragraphs.of(previous.start) == para
                or (span.mark_start == p_start and paragraphs.of(previous.start) == para - 1)):
            attribution, resolution = previous.attribution, "continuation"
            continues = previous.index
        elif span.mark_start > p_start and (carried := _preceding_sentence_speaker(
                span, text, paragraphs, sentences, attributions)) is not None:
            attribution, resolution = carried, "continuation"
        elif span.mark_start == p_start and (carried := _previous_paragraph_speaker(para, paragraphs,
                                                                                   attributions)) is not None:
            attribution, resolution = carried, "continuation"
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
                and (text[paragraphs.spans[later.paragraph_index][0]] in OPENING
                     or text.startswith("''", paragraphs.spans[later.paragraph_index][0]))):
            earlier.attribution, earlier.speaker_resolution = later.attribution, "continuation"
            later.continues = later.continues if later.continues is not None else earlier.index
    _interrupted_quotations(quotes, text)
    direct = [(q.start, q.end) for q in quotes]
    for a in attributions:
        if a.content_from != "complement" or a.cue_type not in {"speech", "report", "confirmation", "denial"}:
            continue
        if any(s < a.content_end and a.content_start < e for s, e in direct):
            continue  # the claim is (or holds) a direct quote, already recorded
        quotes.append(Quote(len(quotes), a.content_start, a.content_end, "indirect", None, False, a, "cue", None,
                            paragraphs.of(a.content_start), sentences.of(a.content_start)))
    return quotes


def _interrupted_quotations(quotes: list[Quote], text: str) -> None:
    """“A,” she said. “B.”: one quotation interrupted by its cue, so one claim, whether the
    second piece continues the speaker or found the same cue itself (the parser may keep
    "she said. ''B.''" in one sentence with typewriter marks). The cue's
    claim (the words before it) is widened to the end of the quotation that continues it in
    the same paragraph; the quotes table keeps both pieces, the second marked as continuing.
    When the parser gave the cue the second piece instead ("“When I look at it,” she said,
    “I see ...”": one sentence, its first piece ending in a comma, unfinished), the claim is
    widened back to the first."""
    for earlier, later in zip(quotes, quotes[1:]):
        a = earlier.attribution
        if (a is None or later.attribution is not a  # continuing it, or given the same cue (one sentence)
                or later.paragraph_index != earlier.paragraph_index or a.content_start is None):
            continue
        if not earlier.end <= a.cue_start < later.start:
            continue
        if a.content_start <= earlier.start < a.content_end:
            a.content_end = max(a.content_end, later.end)
        elif a.content_start <= later.start < a.content_end and text[earlier.end:earlier.end + 1] == ",":
            a.content_start = earlier.start


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
