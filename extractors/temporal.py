"""Temporal expressions resolved to date intervals against an anchor date.

The anchor is the article's publication date, or the ingest date (flagged so) when the
publication date is unknown. Every expression becomes an interval [start, end] of dates
(inclusive) with a granularity, so "last month" and "mid-December" can be compared and
joined like any explicit date.

dateparser does the explicit and plain relative forms ("January 2023", "March 3",
"last Tuesday", "two weeks ago"), and reports the period we store as the granularity. It
returns nothing for "mid-December", "early 2023", "earlier this week", "since 2015" or "for
years" (measured in the research notes, §5), and its point answer for "last month" is a day,
not a month; a small rule layer handles those first. Conventions (documented, not
standard): early/mid/late month = days 1-10 / 11-20 / 21-end; early/mid/late year =
Jan-Apr / May-Aug / Sep-Dec; a month named without a year is its latest occurrence not
after the anchor's month (news refers back more often than forward).
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc

from extractors.sentences import SentenceIndex

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|" \
         r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_YEAR = r"(?:1[89]\d\d|20\d\d|2100)"
UNITS = ("day", "week", "month", "year", "decade")
GRANULARITIES = ("day", "week", "part_of_month", "month", "part_of_year", "year", "decade")
TYPES = ("date", "duration")
METHODS = ("rule", "dateparser", "unresolved")
ANCHOR_SOURCES = ("published", "ingest")

RULES: list[tuple[str, re.Pattern[str]]] = [
    ("since", re.compile(rf"\bsince\s+(?:(?:early|mid|late)[-\s]?)?(?:(?P<month>{_MONTH})\s+)?(?P<year>{_YEAR})\b",
                         re.I)),
    ("part_of", re.compile(rf"\b(?P<part>early|mid|late)[-\s]?(?:(?P<month>{_MONTH})(?:\s+(?P<year>{_YEAR}))?"
                           rf"|(?P<year_only>{_YEAR}))\b", re.I)),
    ("earlier_later_this", re.compile(r"\b(?P<which>earlier|later)\s+this\s+(?P<unit>week|month|year)\b", re.I)),
    ("this_last_next", re.compile(r"\b(?:the\s+)?(?P<which>this|last|next|past|previous|coming)\s+"
                                  r"(?P<unit>week|month|year|decade)\b", re.I)),
    ("for_units", re.compile(r"\bfor\s+(?:(?:many|several|some)\s+)?(?P<unit>days|weeks|months|years|decades)\b",
                             re.I)),
    # A bare quantity of time ("five days before the strike", "over two years") is a length of
    # time, not a calendar date: dateparser would read "two years" as two years before the anchor.
    ("bare_duration", re.compile(r"\b(?:(?:about|some|nearly|almost|around|roughly|more than|less than|over|under|"
                                 r"up to|at least)\s+)?(?:\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|"
                                 r"eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|a few|a couple of|several)"
                                 r"[-\s](?P<unit>day|week|month|year|decade)s?\b"
                                 r"(?!\s+(?:ago|earlier|later|from now|old)\b|-old)", re.I)),
    ("year", re.compile(rf"(?<![\w$£€-])(?P<year>{_YEAR})(?![\w-]|,\d)")),
]


@dataclass
class Timex:
    index: int
    start: int
    end: int
    type: str
    value_start: date | None
    value_end: date | None
    granularity: str | None
    method: str
    rule: str | None
    sentence_index: int


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _month_year(month_name: str, year: str | None, anchor: date) -> tuple[int, int]:
    month = MONTHS[month_name.lower().rstrip(".")]
    if year:
        return int(year), month
    return (anchor.year if month <= anchor.month else anchor.year - 1), month


def _shift_month(d: date, months: int) -> tuple[int, int]:
    index = d.year * 12 + d.month - 1 + months
    return index // 12, index % 12 + 1


def resolve_rule(name: str, m: re.Match[str], anchor: date) -> tuple[str, date | None, date | None, str]:
    """(type, start, end, granularity) for a rule match."""
    g = m.groupdict()
    if name == "since":
        if g.get("month"):
            y, mo = _month_year(g["month"], g["year"], anchor)
            return "duration", date(y, mo, 1), anchor, "month"
        return "duration", date(int(g["year"]), 1, 1), anchor, "year"
    if name == "part_of":
        part = g["part"].lower()
        if g.get("month"):
            y, mo = _month_year(g["month"], g.get("year"), anchor)
            first, last = month_bounds(y, mo)
            days = {"early": (1, 10), "mid": (11, 20), "late": (21, last.day)}[part]
            return "date", date(y, mo, days[0]), date(y, mo, days[1]), "part_of_month"
        y = int(g["year_only"])
        months = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}[part]
        return "date", date(y, months[0], 1), month_bounds(y, months[1])[1], "part_of_year"
    if name == "earlier_later_this":
        unit, which = g["unit"].lower(), g["which"].lower()
        if unit == "week":
            first, last = anchor - timedelta(days=anchor.weekday()), anchor + timedelta(days=6 - anchor.weekday())
        elif unit == "month":
            first, last = month_bounds(anchor.year, anchor.month)
        else:
            first, last = date(anchor.year, 1, 1), date(anchor.year, 12, 31)
        if which == "earlier":
            return "date", first, max(first, anchor - timedelta(days=1)), unit
        return "date", min(last, anchor + timedelta(days=1)), last, unit
    if name == "this_last_next":
        unit, which = g["unit"].lower(), g["which"].lower()
        step = {"this": 0, "last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}[which]
        if unit == "week":
            monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=step)
            return "date", monday, monday + timedelta(days=6), "week"
        if unit == "month":
            y, mo = _shift_month(anchor, step)
            return ("date", *month_bounds(y, mo), "month")
        if unit == "year":
            return "date", date(anchor.year + step, 1, 1), date(anchor.year + step, 12, 31), "year"
        decade = anchor.year // 10 * 10 + 10 * step
        return "date", date(decade, 1, 1), date(decade + 9, 12, 31), "decade"
    if name == "for_units":
        unit = g["unit"].lower().rstrip("s")
        return "duration", None, anchor, unit  # how long ago it began is not said
    if name == "bare_duration":
        return "duration", None, None, g["unit"].lower()  # a length only: no interval in the calendar
    if name == "year":
        y = int(g["year"])
        return "date", date(y, 1, 1), date(y, 12, 31), "year"
    raise ValueError(name)


@lru_cache(maxsize=64)
def _date_parser(anchor: date):
    from dateparser.date import DateDataParser

    base = datetime(anchor.year, anchor.month, anchor.day, 12, 0)
    return DateDataParser(languages=["en"], settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past",
                                                      "RETURN_TIME_AS_PERIOD": False})


def resolve_with_dateparser(text: str, anchor: date) -> tuple[date, date, str] | None:
    """Interval from dateparser's date and reported period (day/week/month/year)."""
    cleaned = re.sub(r"^(?:on|in|by|from|until|as of|of)\s+", "", text.strip(), flags=re.I)
    try:
        data = _date_parser(anchor).get_date_data(cleaned)
    except Exception:  # noqa: BLE001 - dateparser raises on odd input; that expression stays unresolved
        return None
    if data is None or data.date_obj is None:
        return None
    d = data.date_obj.date()
    period = data.period or "day"
    if period == "month":
        return (*month_bounds(d.year, d.month), "month")
    if period == "year":
        return date(d.year, 1, 1), date(d.year, 12, 31), "year"
    if period == "week":
        monday = d - timedelta(days=d.weekday())
        return monday, monday + timedelta(days=6), "week"
    return d, d, "day"


_NOT_DATES = re.compile(r"\d+[-\s]years?[-\s]old|^\d+$|^(?:the\s+)?(?:end|beginning|start)\s+of$", re.I)


def extract_temporal(doc: Doc, sentences: SentenceIndex, anchor: date) -> list[Timex]:
    text = doc.text
    found: list[tuple[int, int, str, str | None, date | None, date | None, str | None, str]] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    def apply(rules: list[tuple[str, re.Pattern[str]]]) -> None:
        for name, pattern in rules:
            for m in pattern.finditer(text):
                if not free(m.start(), m.end()):
                    continue
                kind, start, end, gran = resolve_rule(name, m, anchor)
                found.append((m.start(), m.end(), kind, gran, start, end, name, "rule"))
                taken.append((m.start(), m.end()))

    # Order: the phrase rules, then the model's DATE spans ("January 15, 2021" as a whole),
    # then bare years left over ("in 2014").
    apply([r for r in RULES if r[0] != "year"])
    for ent in doc.ents:
        if ent.label_ != "DATE" or _NOT_DATES.search(ent.text):
            continue
        s, e = ent.start_char, ent.end_char
        if not free(s, e):
            continue
        resolved = resolve_with_dateparser(ent.text, anchor)
        if resolved is None:
            found.append((s, e, "date", None, None, None, None, "unresolved"))
        else:
            found.append((s, e, "date", resolved[2], resolved[0], resolved[1], None, "dateparser"))
        taken.append((s, e))
    apply([r for r in RULES if r[0] == "year"])
    found.sort()
    return [Timex(i, s, e, kind, vs, ve, gran, method, rule, sentences.of(s))
            for i, (s, e, kind, gran, vs, ve, rule, method) in enumerate(found)]


def temporal_rows(doc_id: str, text: str, items: list[Timex], anchor: date, anchor_source: str) -> list[dict[str, Any]]:
    return [
        {"doc_id": doc_id, "timex_index": t.index, "start": t.start, "end": t.end, "text": text[t.start:t.end],
         "type": t.type, "value_start": t.value_start, "value_end": t.value_end, "granularity": t.granularity,
         "anchor_date": anchor, "anchor_source": anchor_source, "method": t.method, "rule": t.rule,
         "sentence_index": t.sentence_index}
        for t in items
    ]
