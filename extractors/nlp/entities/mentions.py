"""Finding mentions: the model's and the gazetteer's spans, reshaped and filtered.

A span that is no name (common words capitalised by a heading or a sentence start, a common
initialism, a label in a diagram) is dropped here, one mention at a time; whole-article
evidence comes later, in `evidence`.
"""
from __future__ import annotations

from spacy.attrs import ORTH
from spacy.tokens import Doc, Span

from extractors.nlp.amounts import measure_unit
from extractors.nlp.entities.cues import is_speaker, line_around, opens_sentence
from extractors.nlp.entities.kinds import person_shaped, product_or_company
from extractors.nlp.entities.lexicon import (
    BOX_DRAWING, COMPANY_WORDS, CONFIG_LINE, CREDIT_LABELS, GLUED_CELLS, LETTER_WORD, NUMBER_BEFORE, NUMBER_OPENING,
    NUMERIC_LABELS, ORG_DESIGNATORS, POSSESSIVES, PROPER_LABELS, RUN_IN_LABEL, SHORT_INITIALISM, common_initialisms,
)
from extractors.nlp.entities.result import Mention
from extractors.nlp.entities.spans import (
    body_of_place, completed_name, joined_names, split_at, split_list, trimmed_span, with_direction,
)
from extractors.nlp.sentences import SentenceIndex
from settings.extraction import HEADING_MAX_WORDS, HEADING_MIN_CAPITALISED, MEASURE_LOOKBACK_CHARS


def _inside_longer_name(span: Span) -> bool:
    """A one-word gazetteer outlet/organisation glued to more capitalised words or a hyphen:
    "Time Management", "Real-Time", "Fortune Cookie Company" are not the outlet."""
    if len(span) != 1 or span.ent_id_ not in {"outlet", "org"}:
        return False
    doc = span.doc
    prev = doc[span.start - 1] if span.start > 0 else None
    nxt = doc[span.end] if span.end < len(doc) else None
    if prev is not None and prev.text in {"-", "‑"} or nxt is not None and nxt.text in {"-", "‑"}:
        return True
    if nxt is not None and nxt.text[:1].isupper() and nxt.is_alpha and not nxt.ent_type_ and nxt.whitespace_ != "\n":
        return not span.text.isupper()  # "CIA Director" is still the CIA
    return False


def lowercase_words(doc: Doc) -> frozenset[str]:
    """Words the article writes in lower case somewhere (its common nouns, verbs, adjectives).

    Read from the token ids (one array, each distinct word once) rather than by walking the
    tokens: a Token object per word per call cost about a tenth of the entity rules' time."""
    strings = doc.vocab.strings
    words = (strings[int(orth)] for orth in set(doc.to_array(ORTH).tolist()))
    return frozenset(w for w in words if w.isalpha() and w.islower())  # Token.is_alpha is str.isalpha


def _common_words_only(span: Span, lowercase: frozenset[str]) -> bool:
    """True when the mention is common words capitalised by position, not a name."""
    if span.label_ not in PROPER_LABELS or span.ent_id_:
        return False
    words = [t for t in span if t.is_alpha and len(t.text) > 1]
    if not words:
        return False
    if all(t.text.lower() in lowercase for t in words if not t.is_stop) and any(not t.is_stop for t in words):
        return not all(t.text.isupper() for t in words)
    return not any(t.pos_ == "PROPN" for t in span)


def heading_lines(text: str) -> list[tuple[int, int]]:
    """Spans of lines that read as headings: short, no closing sentence punctuation, most words
    capitalised ("5. Convenience Without Compromise"). Title case capitalises common words, so
    a capital there is no evidence of a name."""
    spans, offset = [], 0
    for line in text.split("\n"):
        words = LETTER_WORD.findall(line)
        content = [w for w in words if len(w) > 3 or w[0].isupper()]
        closed = line.rstrip().endswith((".", "?", "!", ";", ",", "”", '"'))
        if (words and len(words) <= HEADING_MAX_WORDS and not closed
                and content and sum(w[0].isupper() for w in content) / len(content) >= HEADING_MIN_CAPITALISED):
            spans.append((offset, offset + len(line)))
        else:
            label = RUN_IN_LABEL.match(line)
            label_words = LETTER_WORD.findall(label.group(1)) if label else []
            if label and all(w[0].isupper() for w in label_words if len(w) > 3):
                spans.append((offset, offset + label.end(1)))  # "Social Engineering: These are ..."
        offset += len(line) + 1
    return spans


def _defined_initialism(span: Span) -> bool:
    """"machine learning (ML)": an initialism spelled out just before it in lower case is a
    common noun's abbreviation, not a name."""
    doc = span.doc
    if len(span) != 1 or not span.text.isupper() or span.start < 2 or doc[span.start - 1].text != "(":
        return False
    words = [t for t in doc[max(0, span.start - 1 - len(span.text) * 2):span.start - 1] if t.is_alpha]
    return bool(words) and all(t.text.islower() for t in words[-len(span.text):])


def _common_initialism(span: Span) -> bool:
    """An initialism used like a common noun: pluralised ("HMOs", "DSLRs") or after "a"/"an"
    ("a PIN", "an EVF"). An organisation's initials take neither."""
    if len(span) != 1 or not SHORT_INITIALISM.fullmatch(span.text):
        return False
    if span.text.endswith("s") and span.text[:-1].isupper():
        return True
    return span.start > 0 and span.doc[span.start - 1].lower_ in {"a", "an"}


def _in_drawing_or_config(text: str, offset: int) -> bool:
    """The line is a diagram drawn with box-drawing characters ("┌──┐", "│", "▼") or a line of
    configuration ("- name: "Den Sensor"", "unique_id: den"): its capitalised words are boxes'
    labels and settings' values, not names in running text. Prose lines do not open with a
    lower-case key and a colon."""
    _, line = line_around(text, offset)
    return bool(BOX_DRAWING.search(line) or CONFIG_LINE.match(line))


def find_mentions(doc: Doc, sentences: SentenceIndex, text: str | None = None,
                  lowercase: frozenset[str] | None = None) -> list[Mention]:
    """Named-entity mentions (numeric labels excluded), trimmed and split, in text order.
    `text` is `doc.text` when the caller has it already: Doc.text joins every token on each access."""
    mentions = []
    lowercase = lowercase_words(doc) if lowercase is None else lowercase
    text = doc.text if text is None else text
    headings = heading_lines(text)
    body_text = "\n".join(text[e:s] for (_, e), (s, _) in zip([(0, 0)] + headings, headings + [(len(text), 0)]))
    initialisms = common_initialisms()
    ents = joined_names([e for e in doc.ents if e.label_ not in NUMERIC_LABELS])
    extended = [with_direction(e) for e in ents]
    absorbed = {e.start - 1 for e, x in zip(ents, extended) if x.start < e.start}
    for ent, span0 in zip(ents, extended):
        if ent.end - 1 in absorbed and len(ent) == 1:
            continue  # "Inner", now part of "Inner Mongolia"
        if _inside_longer_name(span0):
            continue
        if span0.start > 0 and doc[span0.start - 1].like_num and not doc[span0.start - 1].whitespace_:
            continue  # "12,800Pa.": a unit glued to its number, not a name
        if not span0.ent_id_ and _a_measurement(span0, text):
            continue  # "62.21 Mbps", or "Mbps" after "62.21": a measurement, not a name
        if _in_drawing_or_config(text, span0.start_char):
            continue  # "Kick off model run" in a box-drawing diagram, "- name: "Den Sensor"": labels, not prose
        completed = completed_name(body_of_place(span0), headings)
        if completed is None:
            continue  # "Georgia" of "Georgia Tech": a piece of a longer name of unknown kind
        grown = completed is not span0
        if grown:
            ent = span0 = completed
        if (span0.ent_id_ in {"outlet", "org"} and len(span0) == 1 and span0.text.lower() in lowercase
                and any(a <= span0.start_char < b for a, b in headings)):
            continue  # "... by Mileage and Time" in a heading: the common word, not the magazine
        source = "rule" if span0.ent_id_ or grown else "model"
        parts = [p for piece in split_at(span0) for p in split_list(piece)]
        if len(parts) > 1 or span0.start < ent.start:
            source = "rule"
        for part in parts:
            span = trimmed_span(part)
            if span is None or not any(ch.isupper() for ch in span.text) or any(
                    GLUED_CELLS.fullmatch(t.text) for t in span):
                continue  # a name has a capital ("anti" of "anti-Putin" has none); "cleanup2Add": glued cells
            span, credited = _after_credit_label(span)
            span = Span(doc, span.start, span.end, label=ent.label_, span_id=ent.id)
            if not ent.ent_id_ and ("/" in span.text or (span.start > 0 and doc[span.start - 1].text in {"#", "@"})):
                continue  # "CVS Health/Aetna", "C3/C6": two names or one's parts; "#Hashtag", "@handle"
            if not ent.ent_id_ and _common_words_only(span, lowercase):
                continue
            if all(t.lower_ in COMPANY_WORDS or t.lower_ in ORG_DESIGNATORS or t.is_punct for t in span):
                continue  # "LLC", "Inc." alone: a company word, not a company
            if not ent.ent_id_ and (span.text in initialisms or _defined_initialism(span) or _common_initialism(span)):
                continue  # "AI", "a PDF", "machine learning (ML)", "HMOs"
            if (not ent.ent_id_ and any(a <= span.start_char < b for a, b in headings)
                    and span.text not in body_text):
                continue  # a capitalised phrase seen only in headings
            label = ent.label_ if ent.ent_id_ else _model_label(span, ent.label_, credited)
            mentions.append(Mention(span.start_char, span.end_char, span.text, label, ent.label_, source,
                                    ent.ent_id_, sentences.of(span.start_char)))
    return sorted(mentions + _missed_surnames(doc, mentions, sentences, lowercase, headings), key=lambda m: m.start)


def _a_measurement(span: Span, text: str) -> bool:
    """A number with its unit of measurement ("62.21 Mbps", "4 GHz"), or the unit alone right after
    a number: the amounts table's reading (`amounts.measure_unit`), so the two tables agree that
    it is a measure. Why: the model types such spans PRODUCT, ORG or even PERSON."""
    start, end = span.start_char, span.end_char
    opening = NUMBER_OPENING.match(text, start, end)
    if opening:
        number_end = opening.end()
    else:
        before = NUMBER_BEFORE.search(text, max(0, start - MEASURE_LOOKBACK_CHARS), start)
        if before is None:
            return False
        number_end = before.end("number")
    unit = measure_unit(text, number_end)
    return unit is not None and unit[1] == end


def _after_credit_label(span: Span) -> tuple[Span, bool]:
    """"Photo Dana Reyes", "Image Vexa Studio": a credit label opening a line or a sentence is the
    caption's, not the name's; the name after it is cut free (and True says it was credited).
    Why: the model glues the label to the photographer's or agency's name and types the whole a
    PRODUCT or a WORK_OF_ART."""
    doc = span.doc
    if (len(span) > 1 and span[0].lower_ in CREDIT_LABELS and opens_sentence(span[0])
            and span[1].text[:1].isupper() and span[1].is_alpha):
        return doc[span.start + 1:span.end], True
    return span, False


def _model_label(span: Span, label: str, credited: bool) -> str:
    """The label of a model mention after its shape is read: a digit or camel case retypes a
    PERSON/GPE/LOC/NORP (`product_or_company`); a company word ends an ORG ("Dick Clark
    Productions", "Acme Inc"); a credited full name ("Photo Dana Reyes") is a PERSON."""
    if credited and len(span) in (2, 3) and all(t.is_title and t.is_alpha for t in span):
        return "PERSON"
    label = product_or_company(span, label)
    if label != "ORG" and len(span) > 1 and span[-1].lower_ in COMPANY_WORDS and label in PROPER_LABELS:
        return "ORG"
    return label


def _missed_surnames(doc: Doc, mentions: list[Mention], sentences: SentenceIndex, lowercase: frozenset[str],
                     headings: list[tuple[int, int]]) -> list[Mention]:
    """A full name's last word standing alone where the model saw no entity ("Claure said"):
    a mention of that person when the word acts as a subject or a possessor (what a surname
    does in news prose), is not a word the article also writes in lower case, and is not in a
    heading. A person-shaped name the model typed otherwise lends its surname only to a speaker
    ("Claure said"): such names are mostly firms or products whose last word is common ("Straight
    North offers", "Housecall Pro's software"), and the surname mention would make them PERSONs
    (eighth pass: those rows were wrong on every split, the developed ones too)."""
    covered = [(m.start, m.end) for m in mentions]
    surnames: dict[str, Mention] = {}
    for m in mentions:
        if person_shaped(m):
            surnames.setdefault(m.text.split()[-1], m)
    found = []
    for tok in doc:
        full = surnames.get(tok.text)
        if (full is None or tok.pos_ != "PROPN" or any(s <= tok.idx < e for s, e in covered)
                or tok.text.lower() in lowercase or any(s <= tok.idx < e for s, e in headings)):
            continue  # a word the article also writes in lower case ("Reviews", "State") is no surname
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if full.label != "PERSON" and not is_speaker(doc[tok.i:tok.i + 1]):
            continue  # "Straight North offers": a firm's last word, not a person's surname
        if tok.dep_ in {"nsubj", "nsubjpass"} or (nxt is not None and nxt.text in POSSESSIVES):
            found.append(Mention(tok.idx, tok.idx + len(tok), tok.text, "PERSON", "", "rule", "",
                                 sentences.of(tok.idx)))
    return found
