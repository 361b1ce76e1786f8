"""Amounts: numbers in the text with what they count, normalised.

Why our own rules: spaCy's CARDINAL/MONEY/PERCENT entities give spans but no values, no
counted object and no way to tell a year or a model number from a count; GDELT's amounts
(value, object, offset) is the shape we follow. Numbers are found with a regular expression
(digits with thousands separators, number words, scale words, currency signs, "per cent");
the counted object is read from spaCy's parse (the noun the number modifies).

What is not a counted amount is still recorded, with its `kind`, so nobody sums it:
- `year` (1800-2100 written as four digits, or "the 1990s"),
- `age` ("21-year-old", "aged 40", "40 years old"),
- `identifier` (digits glued to letters, "SPG-9", "F-16", or after a capitalised name
  word, "Project 42174", "Flight 370", "Article 5"),
- `date` (a number inside a spaCy DATE/TIME entity: "March 3", "three days").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Token

from extractors.sentences import SentenceIndex

_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
          "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
WORD_VALUES: dict[str, float] = {w: float(i) for i, w in enumerate(_UNITS)}
WORD_VALUES.update({w: float(v) for w, v in _TENS.items()})
WORD_VALUES.update({"a dozen": 12.0, "dozen": 12.0, "a hundred": 100.0, "hundred": 100.0, "a thousand": 1000.0})
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "mn": 1e6, "m": 1e6,
          "k": 1e3}
CURRENCY_SIGNS = {"US$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₽": "RUB", "₹": "INR"}
CURRENCY_WORDS = {"dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR", "pounds": "GBP",
                  "roubles": "RUB", "rubles": "RUB", "yuan": "CNY", "yen": "JPY", "rupees": "INR"}
QUALIFIERS = ("more than", "over", "about", "around", "approximately", "roughly", "nearly", "almost", "up to",
              "at least", "at most", "fewer than", "less than", "some", "an estimated", "as many as",
              "as much as", "as few as", "just over", "just under", "close to", "under", "below", "above",
              "exactly", "only", "estimated", "more than a", "upwards of")
KINDS = ("count", "money", "percent", "year", "age", "identifier", "date")
COUNTED_KINDS = frozenset({"count", "money", "percent"})

_word = "|".join(sorted([w for w in WORD_VALUES if " " not in w], key=len, reverse=True))
_tens = "|".join(_TENS)
_qual = "|".join(sorted((re.escape(q) for q in QUALIFIERS), key=len, reverse=True))
AMOUNT = re.compile(
    rf"(?:(?P<qual>\b(?:{_qual}))\s+)?"
    rf"(?P<cur>US\$|[$€£¥₽₹])?\s?"
    rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?(?![\d,]\d)|\d+(?:\.\d+)?(?:s\b)?|\b(?:a dozen|a hundred|a thousand)\b"
    rf"|\b(?:{_tens})-(?:one|two|three|four|five|six|seven|eight|nine)\b|\b(?:{_word})\b)"
    rf"(?P<scale>\s?(?:thousand|million|billion|trillion)\b|(?<=\d)(?:bn|mn|m|k)\b)?"
    rf"(?P<pct>\s?(?:%|per cent\b|percent\b|percentage points?\b))?"
    rf"(?P<curword>\s(?:dollars|euros|pounds|roubles|rubles|yuan|yen|rupees)\b)?",
    re.IGNORECASE,
)
_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
           "dec"}
_BREAKDOWN = re.compile(r"^\s*(?:—|–|--|:|\(|,\s*(?:including|of which|of whom|among them|made up of)\b)")


@dataclass
class Amount:
    index: int
    start: int
    end: int
    value: float
    kind: str
    currency: str | None
    unit: str | None
    qualifier: str | None
    object: str | None
    object_start: int | None
    object_end: int | None
    sentence_index: int
    part_of: int | None = None


def word_value(text: str) -> float | None:
    """'six' -> 6, 'twenty-five' -> 25, 'a dozen' -> 12; None when not a number word."""
    lowered = text.lower()
    if lowered in WORD_VALUES:
        return WORD_VALUES[lowered]
    if "-" in lowered:
        tens, _, unit = lowered.partition("-")
        if tens in _TENS and unit in WORD_VALUES:
            return _TENS[tens] + WORD_VALUES[unit]
    return None


def parse_number(text: str) -> float | None:
    """'50,000' -> 50000.0, '2.5' -> 2.5, 'six' -> 6.0."""
    cleaned = text.replace(",", "")
    try:
        return float(cleaned)
    except ValueError:
        return word_value(text)


def _token_at(doc: Doc, offset: int) -> Token | None:
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _classify(text: str, m: re.Match, doc: Doc, in_date: bool) -> str:
    num = m.group("num")
    start, end = m.start("num"), m.end("num")
    before = text[max(0, start - 30):start]
    after = text[end:end + 20]
    if m.group("cur") or m.group("curword"):
        return "money"
    if m.group("pct"):
        return "percent"
    if re.search(r"[A-Za-z][-‑]?$", before) or re.match(r"[-‑]?[A-Za-z]{1,3}\d", after):
        return "identifier"  # SPG-9, F-16, COVID-19, G7
    if re.match(r"[-‑\s]*(?:years?|yr)[-‑\s]*old\b", after, re.I) or re.search(r"\b(?:aged?)\s*$", before, re.I):
        return "age"
    if num.lower().endswith("s") and num[:-1].isdigit():
        return "year"  # the 1990s
    value = parse_number(num)
    if num.isdigit() and len(num) == 4 and value is not None and 1800 <= value <= 2100 and not m.group("scale"):
        return "year"
    if in_date:
        return "date"
    previous_word = re.search(r"([A-Za-z][\w’']*)\s*[#№]?\s*$", before)
    if num[:1].isdigit() and previous_word:
        word = previous_word.group(1)
        word_at = start - len(before) + previous_word.start(1)
        preceding = text[:word_at].rstrip()
        sentence_initial = not preceding or preceding[-1] in ".!?\n"
        tok = _token_at(doc, start)
        # "Project 42174", "Flight 370 crashed": a name word, then the number, then no noun;
        # "sent Wagner 300 rifles": the number is followed by what it counts.
        nxt = doc[tok.i + 1] if tok is not None and tok.i + 1 < len(doc) else None
        counts_something = nxt is not None and nxt.pos_ in {"NOUN", "PROPN", "ADJ", "NUM"}
        if (word[0].isupper() and not counts_something and word.lower() not in _MONTHS
                and not sentence_initial and not word.isupper()):
            return "identifier"  # Project 42174, Flight 370, Article 5
        if word.lower() in {"no", "number"} and word[0].isupper():
            return "identifier"
    return "count"


def _object(doc: Doc, last: Token, amount_end: int) -> tuple[int, int] | None:
    """Character span of what the number counts, or None. A date or time is never what an
    amount counts ("3 per cent last month"): the parse sometimes attaches one."""
    span = _object_span(doc, last, amount_end)
    if span is None:
        return None
    tokens = doc.char_span(span[0], span[1], alignment_mode="expand")
    if tokens is not None and any(t.ent_type_ in ("DATE", "TIME") for t in tokens):
        return None
    return span


def _object_span(doc: Doc, last: Token, amount_end: int) -> tuple[int, int] | None:
    """The noun the number modifies with the words between, or, for "N per cent of X" and
    "N of X", the object of "of"."""
    head = last.head if last.dep_ in {"nummod", "quantmod", "compound", "amod", "npadvmod"} else None
    if head is not None and head.i > last.i and head.pos_ in {"NOUN", "PROPN"}:
        first = last.i + 1
        while first <= head.i and doc[first].is_punct:
            first += 1
        return doc[first].idx, head.idx + len(head)
    nxt = last.i + 1
    if nxt < len(doc) and doc[nxt].lower_ == "of":
        objs = [c for c in doc[nxt].children if c.dep_ == "pobj"]
        if objs:
            toks = [t for t in objs[0].subtree if t.i > nxt]
            toks = [t for t in toks if t.i <= objs[0].i]
            if toks:
                return toks[0].idx, objs[0].idx + len(objs[0])
    # fallback: adjectives and nouns right after the number
    i = last.i + 1
    first = None
    end = None
    while i < len(doc) and doc[i].pos_ in {"ADJ", "NOUN", "PROPN"} and doc[i].idx >= amount_end:
        first = doc[i] if first is None else first
        end = doc[i].idx + len(doc[i])
        i += 1
    if first is not None and end is not None and doc[i - 1].pos_ in {"NOUN", "PROPN"}:
        return first.idx, end
    return None


def extract_amounts(doc: Doc, sentences: SentenceIndex) -> list[Amount]:
    text = doc.text
    date_spans = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in {"DATE", "TIME"}]
    amounts: list[Amount] = []
    for m in AMOUNT.finditer(text):
        num = m.group("num")
        if not num:
            continue
        if not num[0].isdigit():  # a number word counts only where the tagger reads a number
            tok = _token_at(doc, m.start("num"))
            if tok is None or tok.pos_ != "NUM" and tok.lower_ not in {"a"}:
                continue
        start = m.start("cur") if m.group("cur") else m.start("num")
        qual_start = m.start("qual") if m.group("qual") else None
        end = m.end()
        in_date = any(s <= m.start("num") < e for s, e in date_spans)
        kind = _classify(text, m, doc, in_date)
        value = parse_number(num[:-1] if kind == "year" and num.lower().endswith("s") else num)
        if value is None:
            continue
        if m.group("scale"):
            value *= SCALES[m.group("scale").strip().lower()]
        currency = CURRENCY_SIGNS.get(m.group("cur") or "") or CURRENCY_WORDS.get(
            (m.group("curword") or "").strip().lower())
        unit = "percent" if m.group("pct") else (currency and "currency") or None
        obj = None
        if kind in COUNTED_KINDS:
            last = _token_at(doc, end - 1)
            obj = _object(doc, last, end) if last is not None else None
        amounts.append(Amount(
            index=len(amounts), start=qual_start if qual_start is not None else start, end=end, value=value,
            kind=kind, currency=currency, unit=unit, qualifier=m.group("qual").lower() if m.group("qual") else None,
            object=text[obj[0]:obj[1]] if obj else None, object_start=obj[0] if obj else None,
            object_end=obj[1] if obj else None, sentence_index=sentences.of(start)))
    _link_parts(text, amounts)
    return amounts


def _link_parts(text: str, amounts: list[Amount]) -> None:
    """A total followed by a dash, colon, parenthesis or "including" and then amounts of the
    same kind that add up to no more than it ("50 staff — 20 doctors and 30 nurses"): the
    later ones are parts of the first."""
    for i, total in enumerate(amounts):
        if total.kind not in COUNTED_KINDS:
            continue
        after = max(total.end, total.object_end or 0)
        if not _BREAKDOWN.match(text[after:after + 20]):
            continue
        parts = []
        for later in amounts[i + 1:]:
            if later.sentence_index != total.sentence_index or later.kind != total.kind:
                break
            gap = text[after:later.start]
            if re.search(r"[.;]\s|\)|—.*—", gap) and parts:
                break
            parts.append(later)
            after = max(later.end, later.object_end or 0)
            if re.match(r"\s*(?:—|–|\))", text[after:after + 3]):
                break
        if parts and sum(p.value for p in parts) <= total.value:
            for p in parts:
                p.part_of = total.index


def amount_rows(doc_id: str, text: str, amounts: list[Amount]) -> list[dict[str, Any]]:
    return [
        {"doc_id": doc_id, "amount_index": a.index, "start": a.start, "end": a.end, "text": text[a.start:a.end],
         "value": a.value, "kind": a.kind, "is_counted": a.kind in COUNTED_KINDS, "currency": a.currency,
         "unit": a.unit, "qualifier": a.qualifier, "object": a.object, "object_start": a.object_start,
         "object_end": a.object_end, "part_of_amount_index": a.part_of, "sentence_index": a.sentence_index}
        for a in amounts
    ]
