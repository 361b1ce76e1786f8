
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
- `date` (a number inside a spaCy DATE/TIME entity that is not a duration: "March 3",
  "three years ago"),
- `duration` (a number followed by a unit of time: "two hours", "five-year", "14-day"),
- `ordinal` (a position, not a quantity: list numbering "3. Budgeting", "Step 3", "phase one",
  "4th").

A range ("$40-50 billion", "40 to 50 percent", "between $80 and $130") is one amount with
`low` and `high`; its `value` is the low end. What is not an amount at all gives no row: a
time of day ("4:30 a.m."), a number inside a URL, e-mail address or telephone number, a
gallery counter ("1 of 12"), "one" used as a pronoun ("one of the biggest"), the numeral
repeating a number word in legal style ("three (3)"), and numbers on lines that repeat with
only their numbers changed (shipping banners, review timestamps: page furniture).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Token

from extractors.nlp.amount_lexicon import (
    AMOUNT, BREAKDOWN, COUNTER_LINE, CURRENCY_SIGNS, CURRENCY_WORDS, DURATION_AFTER, GLUED_MEASURE_AFTER,
    GLUED_UNIT_SYMBOLS, IDENTIFIER_NOUNS, MEASURE_AFTER, MEASURE_UNITS, MONTH_WORDS, NAME_LABELS, ORDINAL_NOUNS,
    ORDINAL_SUFFIX, PHONE, POINT_IN_TIME_AFTER, RANGE_GAP, SCALES, TENS, TIME_OF_DAY_AFTER, WEB_TOKEN, WEEKDAY_WORDS,
    WORD_VALUES,
)
from extractors.nlp.sentences import SentenceIndex
from settings.extraction import FURNITURE_MIN_WORDS, FURNITURE_REPEATS, LONG_DIGIT_RUN

KINDS = ("count", "money", "percent", "year", "age", "identifier", "date", "duration", "ordinal", "measure")

# Small patterns the rules below read, compiled once (the large ones are in `amount_lexicon.py`).
_CODE_SEPARATOR = re.compile(r"[-‑.]")
_GLUED_CODE = re.compile(r"^(?:[A-Za-z]+\d|\d+[A-Z][a-z]{3,})")  # v3, 800Accountant; not 24.2MP
_NAME_OPENS_BEFORE = re.compile(r"(?:,\s*|\()$")
_NAME_CLOSES_AFTER = re.compile(r"^\s*(?:,|\)|;|\.(?!\d)|$)")
_LETTERS_THEN_DIGIT = re.compile(r"[-‑]?[A-Za-z]{1,3}\d")
_YEARS_OLD_AFTER = re.compile(r"[-‑\s]*(?:years?|yr)[-‑\s]*old\b", re.I)
_AGED_BEFORE = re.compile(r"\b(?:aged?)\s*$", re.I)
_WORD_BEFORE = re.compile(r"([A-Za-z][\w’'.]*)\s*[#№]?\s*$")
_WORD_BEFORE_NO_DOT = re.compile(r"([A-Za-z][\w’']*)\s*[#№]?\s*$")
_NUMBER_SIGN_BEFORE = re.compile(r"[#№]\s*$")
_LIST_MARKER_AFTER = re.compile(r"^[.)]\s+\S")
_TIMES_SIGN_AFTER = re.compile(r"^\s?[x×](?![A-Za-z])")
_DIGIT_RUN = re.compile(r"[\d][\d.,]*")
_CURRENCY_MARK = re.compile(r"[$€£¥₽₹₪₩]|\b[A-Z]{2,3}\$")
_AGO_COUNTER = re.compile(r"#\s+\w+\s+ago")
_CLOCK_COLON_BEFORE = re.compile(r"\d:$")
_ANY_LETTER = re.compile(r"[A-Za-z]")
_IP_ADDRESS = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])")
_WORD_BEFORE_PARENTHESIS = re.compile(r"([A-Za-z-]+)\s\($")
_RANGE_JOINER = re.compile(r"^\s*(-|–|‑|to|and|&)\s*$")
_FROM_BEFORE = re.compile(r"\bfrom\s*$")
_BETWEEN_BEFORE = re.compile(r"\bbetween\s*$")
_BREAKDOWN_ENDS = re.compile(r"[.;]\s|\)|—.*—")
_DASH_OR_PARENTHESIS_AFTER = re.compile(r"\s*(?:—|–|\))")
COUNTED_KINDS = frozenset({"count", "money", "percent"})


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
    low: float | None = None
    high: float | None = None
    scale: float | None = None  # the scale word's factor, kept to spread it over a range ("$40-50 billion")


def word_value(text: str) -> float | None:
    """'six' -> 6, 'twenty-five' -> 25, 'a dozen' -> 12; None when not a number word."""
    lowered = text.lower()
    if lowered in WORD_VALUES:
        return WORD_VALUES[lowered]
    if "-" in lowered:
        tens, _, unit = lowered.partition("-")
        if tens in TENS and unit in WORD_VALUES:
            return TENS[tens] + WORD_VALUES[unit]
    return None


def parse_number(text: str) -> float | None:
    """'50,000' -> 50000.0, '2.5' -> 2.5, '6 3/8' -> 6.375, 'six' -> 6.0."""
    cleaned = text.replace(",", "")
    whole, _, fraction = cleaned.partition(" ")
    if fraction and "/" in fraction:  # "6 3/8" -> 6.375
        numerator, _, denominator = fraction.partition("/")
        try:
            return float(whole) + float(numerator) / float(denominator)
        except (ValueError, ZeroDivisionError):
            return None
    try:
        return float(cleaned)
    except ValueError:
        return word_value(text)


def _token_at(doc: Doc, offset: int) -> Token | None:
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _token_chain(text: str, start: int, end: int) -> str:
    """The run of letters, digits, dots and hyphens around a number ("CVE-2024-49113")."""
    left = start
    while left > 0 and (text[left - 1].isalnum() or text[left - 1] in "-‑._") :
        left -= 1
    right = end
    while right < len(text) and (text[right].isalnum() or text[right] in "-‑._"):
        right += 1
    return text[left:right].strip(".-‑_")


def _is_code(chain: str) -> bool:
    """A number that is one group of a code: letters hyphen-glued to digit groups ("CVE-2024-49113",
    "DOS-1336", "1-800Accountant"), or three or more digit groups ("10.0.17763.0", "1-844-555")."""
    groups = _CODE_SEPARATOR.split(chain)
    digit_groups = [g for g in groups if g.isdigit()]
    if len(digit_groups) >= 3:
        return True
    first_digits = next((i for i, g in enumerate(groups) if g.isdigit()), None)
    if first_digits is None:
        return False
    letters_before = any(g.isalpha() for g in groups[:first_digits])  # CVE-2024, not 60-second
    glued = any(_GLUED_CODE.match(g) for g in groups)  # v3, 800Accountant; not 24.2MP
    return letters_before or glued


def _person_age(doc: Doc, text: str, start: int, end: int, value: float) -> bool:
    """"Braun, 38," or "Braun (38)": a number of 1-119 set off right after a person's name."""
    if not (0 < value < 120):
        return False
    before = text[max(0, start - 3):start]
    if not _NAME_OPENS_BEFORE.search(before) or not _NAME_CLOSES_AFTER.match(text[end:end + 2]):
        return False
    name_end = start - len(_NAME_OPENS_BEFORE.search(before).group(0))
    if any(e.label_ == "PERSON" and e.end_char == name_end for e in doc.ents):
        return True
    # the model missed the name: a proper noun, then the number in apposition to it
    tok, name = _token_at(doc, start), _token_at(doc, name_end - 1)
    return (tok is not None and name is not None and tok.dep_ == "appos" and name.pos_ == "PROPN"
            and name.text[:1].isupper())


def measure_unit(text: str, end: int) -> tuple[str, int] | None:
    """The unit of measurement written right after an amount ending at `end` ("15ml", "1.1°C",
    "8,000Hz", "a 125-degree view"): the symbol `amounts.unit` stores and the offset where the
    unit ends; None when there is none."""
    after = text[end:end + 20]
    unit = MEASURE_AFTER.match(after)
    if unit:
        return MEASURE_UNITS[unit.group("unit").lower()], end + unit.end("unit")
    glued = GLUED_MEASURE_AFTER.match(after)
    return (GLUED_UNIT_SYMBOLS[glued.group("unit")], end + glued.end("unit")) if glued else None


_LETTER_BEFORE = re.compile(r"[A-Za-z][-‑/]?$")


def _letter_before(text: str, start: int) -> bool:
    """A letter, maybe with a hyphen or slash, right before the number ("SPG-9", "M5", "f/2.8"):
    the number belongs to a code or a model name."""
    return _LETTER_BEFORE.search(text, max(0, start - 2), start) is not None


def _kind_by_sign(text: str, m: re.Match, measure: tuple[str, int] | None) -> str | None:
    """money, percent or measure when the amount carries its sign, word or unit (`measure`: the
    unit `measure_unit` found after it); else None."""
    if m.group("cur") or m.group("curword"):
        return "money"
    if m.group("pct"):
        return "percent"
    if measure is not None and not _letter_before(text, m.start("num")):
        return "measure"  # 15ml, 1.1°C, 8,000Hz; not a model name's number ("Deco M5 GB")
    return None


def _classify(text: str, m: re.Match, doc: Doc, in_date: bool, measure: tuple[str, int] | None) -> str:
    num = m.group("num")
    start, end = m.start("num"), m.end("num")
    before = text[max(0, start - 30):start]
    after = text[end:end + 20]
    signed = _kind_by_sign(text, m, measure)
    if signed:
        return signed
    if _is_code(_token_chain(text, start, end)):
        return "identifier"  # CVE-2024-49113, 10.0.17763, 1-800-...
    if _letter_before(text, start) or _LETTERS_THEN_DIGIT.match(after):
        return "identifier"  # SPG-9, F-16, COVID-19, G7, f/2.8
    if ORDINAL_SUFFIX.match(after):
        return "ordinal"  # 4th
    if _YEARS_OLD_AFTER.match(after) or _AGED_BEFORE.search(before):
        return "age"
    value = parse_number(num[:-1] if num.lower().endswith("s") and num[:-1].isdigit() else num)
    previous = _WORD_BEFORE.search(before)
    word = previous.group(1).lower().rstrip(".") if previous else ""
    if word in ORDINAL_NOUNS | IDENTIFIER_NOUNS and not m.group("scale") and not (
            word == "no" and not (num[:1].isdigit() and previous.group(1)[0].isupper())):
        # Step 3, phase one; version 1809; "No. 5" but not "no two jobs"
        return "ordinal" if word in ORDINAL_NOUNS else "identifier"
    if _NUMBER_SIGN_BEFORE.search(before):
        return "ordinal"  # Tip #3
    if value is not None and _person_age(doc, text, start, end, value):
        return "age"  # Braun, 38,
    if num.lower().endswith("s") and num[:-1].isdigit():
        return "year"  # the 1990s
    if num.isdigit() and len(num) == 4 and value is not None and 1800 <= value <= 2100 and not m.group("scale"):
        return "year"
    tok = _token_at(doc, start)
    if tok is not None and tok.ent_type_ in NAME_LABELS:
        return "identifier"  # Windows 10, S&P 500, Fortune 500: the number is part of a name
    line_start = text.rfind("\n", 0, start) + 1
    if not text[line_start:start].strip() and _LIST_MARKER_AFTER.match(after) and value is not None and value < 100:
        return "ordinal"  # list numbering: "3. Budgeting"
    if POINT_IN_TIME_AFTER.match(after):
        return "date"  # three years ago
    if DURATION_AFTER.match(after):
        return "duration"  # two hours, five-year, 14-day
    if _TIMES_SIGN_AFTER.match(after):
        return "count"  # a multiplier, 3x
    previous_word = _WORD_BEFORE_NO_DOT.search(before)
    if num[:1].isdigit() and previous_word:
        word = previous_word.group(1)
        word_at = start - len(before) + previous_word.start(1)
        preceding = text[:word_at].rstrip()
        sentence_initial = not preceding or preceding[-1] in ".!?\n"
        # "Project 42174", "Flight 370 crashed": a name word, then the number, then no noun;
        # "sent Wagner 300 rifles": the number is followed by what it counts.
        nxt = doc[tok.i + 1] if tok is not None and tok.i + 1 < len(doc) else None
        counts_something = nxt is not None and nxt.pos_ in {"NOUN", "PROPN", "ADJ", "NUM"}
        if (word[0].isupper() and not counts_something and word.lower() not in MONTH_WORDS | WEEKDAY_WORDS
                and not sentence_initial):
            return "identifier"  # Project 42174, Flight 370, Article 5, ABC 7, RTX 5090
    if in_date:
        return "date"
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
        # Skip punctuation and whatever the amount's own span covers ("6 3/8%": the fraction).
        while first <= head.i and (doc[first].is_punct or doc[first].idx < amount_end):
            first += 1
        if first > head.i:
            return None
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


# Kinds whose two numbers may make one range.
RANGE_KINDS = frozenset({"count", "money", "percent", "duration", "date", "measure", "year"})


def _furniture_lines(text: str) -> list[tuple[int, int]]:
    """Spans of lines that recur at least FURNITURE_REPEATS times once their numbers are blanked:
    a shipping banner per country, "N days ago" under each review, a repeated caption. Prose
    never repeats a whole sentence that often; templates do."""
    lines = []
    offset = 0
    for line in text.split("\n"):
        lines.append((offset, offset + len(line), line))
        offset += len(line) + 1
    shapes: dict[str, list[tuple[int, int]]] = {}
    for start, end, line in lines:
        shape = _DIGIT_RUN.sub("#", _CURRENCY_MARK.sub("¤", line)).strip()
        if len(shape.split()) >= FURNITURE_MIN_WORDS or _AGO_COUNTER.fullmatch(shape):
            shapes.setdefault(shape, []).append((start, end))
    return [span for spans in shapes.values() if len(spans) >= FURNITURE_REPEATS for span in spans]


def _not_an_amount(text: str, m: re.Match, doc: Doc, furniture: list[tuple[int, int]]) -> bool:
    """Numbers that give no row at all (see the module docstring)."""
    start, end = m.start("num"), m.end("num")
    num = m.group("num")
    if not m.group("cur") and not m.group("pct") and (
            TIME_OF_DAY_AFTER.match(text[end:end + 6]) or _CLOCK_COLON_BEFORE.search(text[max(0, start - 3):start])):
        return True  # 4:30 a.m., 2:21 (a time of day or a clock time belongs to temporal_expressions)
    if num.isdigit() and len(num) >= LONG_DIGIT_RUN and not (m.group("cur") or m.group("scale") or m.group("curword")):
        return True  # a status, account or ISBN number: nobody writes a quantity as 12+ bare digits
    left = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
    right = min([i for i in (text.find(" ", end), text.find("\n", end)) if i >= 0] or [len(text)])
    token = text[left:right]
    if WEB_TOKEN.search(token) or (token.count("/") >= 2 and _ANY_LETTER.search(token)):
        return True  # inside a URL, a path or an e-mail address
    if _IP_ADDRESS.search(token):
        return True  # an IP address
    for phone in PHONE.finditer(text[max(0, start - 20):end + 20]):
        if phone.start() <= start - max(0, start - 20) < phone.end():
            return True
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if COUNTER_LINE.match(text[line_start:line_end if line_end >= 0 else len(text)]):
        return True  # gallery counter "3 of 12"
    if any(s <= start < e for s, e in furniture):
        return True
    if num.lower() == "one" and not m.group("qual") and not m.group("cur") and not m.group("pct"):
        tok = _token_at(doc, start)
        if tok is not None and tok.dep_ not in {"nummod", "quantmod", "compound", "amod", "npadvmod"}:
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            if nxt is None or nxt.lower_ in {"of", "that", "who", "which"} or nxt.is_punct or tok.dep_ in {
                    "nsubj", "nsubjpass", "dobj", "pobj", "attr", "conj", "appos", "ROOT"}:
                return True  # "one of the biggest", "rolled into one", "a careful one"
    if num[:1].isdigit() and text[start - 1:start] == "(" and text[end:end + 1] == ")" and not m.group("pct"):
        word = _WORD_BEFORE_PARENTHESIS.search(text[max(0, start - 25):start])
        if word and word_value(word.group(1)) == parse_number(num):
            return True  # "three (3)": the numeral repeats the word
    return False


def _counts_after(doc: Doc, offset: int) -> bool:
    """True when the word after `offset` is a noun the number could count."""
    tok = _token_at(doc, offset - 1)
    nxt = doc[tok.i + 1] if tok is not None and tok.i + 1 < len(doc) else None
    return nxt is not None and nxt.pos_ in {"NOUN", "PROPN"}


def extract_amounts(doc: Doc, sentences: SentenceIndex, text: str | None = None) -> list[Amount]:
    """Amounts of one parsed article. `text` is `doc.text` when the caller has it already:
    Doc.text rebuilds the string from every token on each access (about 10 ms for a long
    article), and the extraction stage knows the article's text (it checked the Doc against it)."""
    text = doc.text if text is None else text
    date_spans = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in {"DATE", "TIME"}]
    furniture = _furniture_lines(text)
    amounts: list[Amount] = []
    for m in AMOUNT.finditer(text):
        num = m.group("num")
        if not num:
            continue
        if not num[0].isdigit():  # a number word counts only where the tagger reads a number
            tok = _token_at(doc, m.start("num"))
            if tok is None or tok.pos_ != "NUM" and tok.lower_ not in {"a"}:
                continue
        if _not_an_amount(text, m, doc, furniture):
            continue
        start = m.start("cur") if m.group("cur") else m.start("num")
        qual_start = m.start("qual") if m.group("qual") else None
        end = m.end()
        in_date = any(s <= m.start("num") < e for s, e in date_spans)
        measure = measure_unit(text, end)  # read once: it classifies the amount and extends its span
        kind = _classify(text, m, doc, in_date, measure)
        value = parse_number(num[:-1] if kind == "year" and num.lower().endswith("s") else num)
        if value is None:
            continue
        scale = SCALES[m.group("scale").strip().lower()] if m.group("scale") else None
        if scale and m.group("scale").strip().lower() == "m" and not m.group("cur") and not _counts_after(doc, m.end()):
            scale = None  # "2.5m wide" is metres; "2.5m people" and "$2.5m" are millions
        if scale:
            value *= scale
        currency = CURRENCY_SIGNS.get(m.group("cur") or "") or CURRENCY_WORDS.get(
            (m.group("curword") or "").strip().lower())
        measure = measure if kind == "measure" else None
        unit = "percent" if m.group("pct") else (currency and "currency") or (measure[0] if measure else None)
        end = measure[1] if measure else end  # the row reads "15ml", "1.1°C", as "$750 million" holds its sign
        obj = None
        if kind in COUNTED_KINDS:
            last = _token_at(doc, end - 1)
            obj = _object(doc, last, end) if last is not None else None
        amounts.append(Amount(
            index=len(amounts), start=qual_start if qual_start is not None else start, end=end, value=value,
            kind=kind, currency=currency, unit=unit, qualifier=m.group("qual").lower() if m.group("qual") else None,
            object=text[obj[0]:obj[1]] if obj else None, object_start=obj[0] if obj else None,
            object_end=obj[1] if obj else None, sentence_index=sentences.of(start), scale=scale))
    amounts = _merge_ranges(text, amounts)
    _link_parts(text, amounts)
    return amounts


def _merge_ranges(text: str, amounts: list[Amount]) -> list[Amount]:
    """Join "$40-50 billion", "40 to 50 percent", "between $80 and $130", "from $35 up to $100"
    into one amount with low/high: the two ends share their currency, percent sign and scale
    word, which the text writes once ("$40-50 billion" is 40 and 50 billion dollars).

    "and" joins only after "between", "up to" only after "from"; the low end must not exceed
    the high end (a score "3-1" is not a range). Two years make one span of years ("2012-2021":
    one `year` row, low 2012, high 2021), and two measures one only in the same unit ("4-5 kg").
    """
    merged: list[Amount] = []
    i = 0
    while i < len(amounts):
        a = amounts[i]
        b = amounts[i + 1] if i + 1 < len(amounts) else None
        if b is not None and _is_range(text, a, b):
            low, high = a.value, b.value
            if a.scale is None and b.scale is not None:
                low *= b.scale  # $40-50 billion
            kind = next((k for k in ("money", "percent", "measure", "duration", "count", "date", "year")
                         if k in (a.kind, b.kind)))
            if low <= high:
                a.low, a.high, a.value = low, high, low
                a.end = b.end
                a.kind = kind
                a.currency = a.currency or b.currency
                a.unit = a.unit or b.unit
                a.object, a.object_start, a.object_end = (b.object, b.object_start, b.object_end) if b.object else (
                    a.object, a.object_start, a.object_end)
                if a.kind not in COUNTED_KINDS:
                    a.object = a.object_start = a.object_end = None
                merged.append(a)
                i += 2
                continue
        merged.append(a)
        i += 1
    for index, amount in enumerate(merged):
        amount.index = index
    return merged


def _is_range(text: str, a: Amount, b: Amount) -> bool:
    joined = _RANGE_JOINER.match(text[a.end:b.start])
    if a.kind in {"ordinal", "identifier"} and b.kind in {"count", "date", "year"} and joined and \
            a.sentence_index == b.sentence_index and (joined.group(1) not in {"and", "&"} or b.object is None):
        b.kind = a.kind  # "pages 6-13", "steps 1 and 2": the second number is the same sort of label
        b.object = b.object_start = b.object_end = None
        return False
    if a.kind not in RANGE_KINDS or b.kind not in RANGE_KINDS or a.sentence_index != b.sentence_index:
        return False
    if {a.kind, b.kind} & {"money"} and not {a.kind, b.kind} <= {"money", "count"}:
        return False
    if {a.kind, b.kind} & {"percent"} and not {a.kind, b.kind} <= {"percent", "count"}:
        return False
    if a.kind == "money" and b.kind == "money" and a.currency != b.currency:
        return False
    if {a.kind, b.kind} & {"measure"} and not ({a.kind, b.kind} <= {"measure", "count"} and a.unit in (None, b.unit)):
        return False  # "4-5 kg", "10 to 15 miles"; never kilograms to pounds
    if {a.kind, b.kind} & {"year"} and a.kind != b.kind:
        return False  # "2000-2004" is one span of years; "2020-25" stays apart
    gap = text[a.end:b.start]
    before = text[max(0, a.start - 12):a.start].lower()
    if b.qualifier == "up to" and not gap.strip():
        return bool(_FROM_BEFORE.search(before)) or a.qualifier is not None and "from" in before
    if b.qualifier is not None:
        return False
    if not RANGE_GAP.match(gap):
        return False
    joiner = gap.strip().lower()
    if joiner == "and":
        return bool(_BETWEEN_BEFORE.search(before))
    return True


def _link_parts(text: str, amounts: list[Amount]) -> None:
    """A total followed by a dash, colon, parenthesis or "including" and then amounts of the
    same kind that add up to no more than it ("50 staff — 20 doctors and 30 nurses"): the
    later ones are parts of the first."""
    for i, total in enumerate(amounts):
        if total.kind not in COUNTED_KINDS:
            continue
        after = max(total.end, total.object_end or 0)
        if not BREAKDOWN.match(text[after:after + 20]):
            continue
        parts = []
        for later in amounts[i + 1:]:
            if later.sentence_index != total.sentence_index or later.kind != total.kind:
                break
            gap = text[after:later.start]
            if _BREAKDOWN_ENDS.search(gap) and parts:
                break
            parts.append(later)
            after = max(later.end, later.object_end or 0)
            if _DASH_OR_PARENTHESIS_AFTER.match(text[after:after + 3]):
                break
        if parts and sum(p.value for p in parts) <= total.value:
            for p in parts:
                p.part_of = total.index


def amount_rows(doc_id: str, text: str, amounts: list[Amount]) -> list[dict[str, Any]]:
    return [
        {"doc_id": doc_id, "amount_index": a.index, "start": a.start, "end": a.end, "text": text[a.start:a.end],
         "value": a.value, "low": a.low, "high": a.high, "kind": a.kind, "is_counted": a.kind in COUNTED_KINDS,
         "currency": a.currency, "unit": a.unit, "qualifier": a.qualifier, "object": a.object,
         "object_start": a.object_start, "object_end": a.object_end, "part_of_amount_index": a.part_of,
         "sentence_index": a.sentence_index}
        for a in amounts
    ]