
"""Temporal expressions resolved to date intervals against an anchor date.

The anchor is the article's publication date, or the ingest date (flagged so) when the
publication date is unknown; `extractors/nlp/batch.py` chooses it. Every expression becomes
an interval [start, end] of dates (inclusive) with a granularity, so "last month", "the
third quarter" and "mid-December" can be compared and joined like any explicit date.

Why rules before the model and dateparser: en_core_web_sm's DATE spans glue expressions
together ("Sept. 14 to Thursday", "the fourth quarter ended Aug. 26") and dateparser always
reads an incomplete date into the past ("Friday" on a Friday is a week back, "Dec. 15" in a
November story is last December). Our own patterns claim the expressions first (bare years
last), each resolved by a small function in reading order; the model's leftover DATE spans
("two weeks ago" and the like) go to dateparser.

Incomplete dates (a weekday, a month, a month and day, a quarter, all without a year) are
resolved in the direction the governing verb points, read from the dependency parse and the
Penn tag (`direction`): past tense and reporting verbs look back, "will"/modals, infinitives
("set to expire Nov. 6") and verbs of planning ("is expected in December") look ahead, but
an infinitive saying what for or modifying a noun ("extended offers to buy it Friday") takes
the time of the verb it hangs on; the publication day itself counts when a weekday matches it.

Values follow TimeML's TIMEX3 normalisation (ISO-TimeML, the convention of TimeBank and the
TempEval evaluations), where a narrower reading would be possible the standard's wins:
- "earlier this month", "later this week", "earlier this year": the whole month, week or
  year (TIMEX3 gives the unit; which side of the anchor is not a value);
- "mid-December", "early 2022", "late August": the whole month or year (the part is TIMEX3's
  `mod` START/MID/END, not a narrower value); the row's granularity is part_of_month or
  part_of_year so that the qualifier is not lost; "the early 1980s" is the whole decade;
- "since 1985", "until March": no row of its own: "1985" and "March" are DATE rows like any
  other (TimeML marks "since"/"until" as a signal, the date as the timex);
- "last week", "this week", "next week": the ISO week (Monday to Sunday), TIMEX3's
  YYYY-Www value;
- "Thursday evening", "10 p.m. Wednesday", "tonight": TIMEX3 TIMEs; the row spans the time of
  day too and has type time, its interval the day (the table holds no time of day).


Product conventions where TimeML leaves the value to the annotator:
- a month (or a part of one) whose verb does not point ahead (past or present tense, no verb)
  is its latest occurrence not after the anchor's month (news refers back more often than
  forward), unless it is one or two months ahead ("gave it until mid-November" in late
  October: a deadline told in the past tense), as for a month and day;
- a month and day in the past tense is the latest such day not after the anchor, unless the
  next one is less than a third as far ("had been set to expire Nov. 6" in late October);
  with no tense it is the nearest one;
- a quarter without a year in the past tense is the latest one begun; otherwise the nearest
  one (results are reported after a quarter ends: "will report third-quarter earnings" in
  October is this year's third quarter);
- a weekday in the present tense ("reports earnings Wednesday") looks ahead, with no verb
  back; "last Friday" is the latest Friday before the anchor day, "next Friday" the first
  after it;
- fiscal years and fiscal quarters are given as the calendar year or quarter they are named
  after (the company's fiscal calendar is not in the text), as TimeML normalises them;
- "the quarter", "the latest quarter", "a year earlier", "the year-ago period" refer to the
  latest completed quarter the article has named so far (earnings reports compare a quarter
  with the same quarter a year before); without one, "the quarter" is the last completed quarter and "a year
  earlier" the year before the anchor's; once the article has moved on to a part of the year
  longer than a quarter ("in the first nine months"), "a year earlier" is the year before;
- "that year", "the following day", "the month before" count from the day, month or year the
  article named last ("the previous year" with none named counts from the anchor);
- "almost two years ago" is the year two years back: an approximate count keeps its unit;
- "each Friday", "every month" (recurrences), "the day", "recent years" have no calendar value:
  their rows carry none; nor do calendar words inside a name ("The Sunday Times").

Where the parts live: the verb's direction in `tense`, the calendar arithmetic (which month,
day or quarter is meant) in `periods`, the words and the rules' patterns in `temporal_lexicon`,
the thresholds in `settings.extraction`; this module binds each pattern to its resolver
(`RULES`), claims the text and resolves the claims in reading order.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any, Callable

from spacy.tokens import Doc

from extractors.nlp.periods import (
    day_in_direction, day_number, month_bounds, month_in_direction, month_of_tense, pick_period, quarter_bounds,
    read_year, shift_month, spoken_number, valid_day, weekday_in_direction,
)
from extractors.nlp.sentences import SentenceIndex
from extractors.nlp.temporal_lexicon import (
    CASE_FOLDS, DECADE_WORDS, MODAL_MONTHS, MONTHS, NAME_LABELS, NOT_DATES, NO_CALENDAR_VALUE, NUMBER_WORDS,
    QUARTER_ORDINALS, RULE_KEYS, RULE_PATTERNS, STEP, TIME_AFTER, TIME_BEFORE, UNIT_RANK, WEEKDAYS, YEAR_TO_DATE,
)
from extractors.nlp.tense import FUTURE, NONE, PAST, PRESENT, direction  # NONE: re-exported for callers
from settings.extraction import REPORTED_QUARTER_MAX_DAYS, TIME_OF_DAY_LOOKBACK_CHARS, YEAR_TO_DATE_LOOKBACK_CHARS

UNITS = ("day", "week", "month", "year", "decade")
GRANULARITIES = ("day", "week", "part_of_month", "month", "quarter", "part_of_year", "year", "decade")
TYPES = ("date", "time", "duration")
METHODS = ("rule", "dateparser", "unresolved")
ANCHOR_SOURCES = ("published", "ingest")
# Small patterns the resolvers read, compiled once (the rules' patterns are in `temporal_lexicon.py`).
_A_YEAR_BACK = re.compile(r"year[-\s](?:earlier|ago)|prior[-\s]year|last year")
_THE_YEAR = re.compile(r"(?:the\s+)?year", re.I)
_THE_MONTH = re.compile(r"(?:the\s+)?month", re.I)
_THE_QUARTER = re.compile(r"(?:the\s+)?quarter", re.I)
_LEADING_PREPOSITION = re.compile(r"^(?:on|in|by|from|until|as of|of)\s+", re.I)


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


Resolved = tuple[str, date | None, date | None, str | None]  # (type, start, end, granularity)


# -- the rules ------------------------------------------------------------------------------------
@dataclass
class Context:
    """What a resolver may read: the anchor, the direction of the verb at the match (computed
    on demand: it walks the parse), and the quarter the article named last."""

    anchor: date
    looking: Callable[[], str]
    reference_quarter: tuple[int, int] | None = None  # (year, quarter)
    last_named: tuple[date, date, str] | None = None  # the latest day, month or year the article named
    compared: str = "quarter"  # the kind of period the article reported on last: quarter or year (to date)
    memo: dict[str, str] = field(default_factory=dict)

    def tense(self) -> str:
        if "d" not in self.memo:
            self.memo["d"] = self.looking()
        return self.memo["d"]


Resolver = Callable[[re.Match[str], Context], Resolved]


def _unresolved(m: re.Match[str], ctx: Context) -> Resolved:
    return "date", None, None, None


def _month_of(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _r_part_of(m: re.Match[str], ctx: Context) -> Resolved:
    """"mid-December", "early 2022": the whole month or year, as TimeML normalises them (the part
    is TIMEX3's `mod`, not a narrower value); the granularity says a part was named."""
    g = m.groupdict()
    if g.get("month"):
        month = _month_of(g["month"])
        y = int(g["year"]) if g.get("year") else month_of_tense(month, ctx.anchor, ctx.tense())
        return ("date", *month_bounds(y, month), "part_of_month")
    y = int(g["year_only"])
    return "date", date(y, 1, 1), date(y, 12, 31), "part_of_year"


def _r_earlier_later_this(m: re.Match[str], ctx: Context) -> Resolved:
    """"earlier this week", "later this year": the whole week, month or year (TimeML's value;
    the word says which side of the anchor, and TIMEX3 keeps no narrower interval)."""
    anchor = ctx.anchor
    unit = m["unit"].lower()
    if unit == "week":
        monday = anchor - timedelta(days=anchor.weekday())
        return "date", monday, monday + timedelta(days=6), "week"
    if unit == "month":
        return ("date", *month_bounds(anchor.year, anchor.month), "month")
    return "date", date(anchor.year, 1, 1), date(anchor.year, 12, 31), "year"


def _r_this_last_next(m: re.Match[str], ctx: Context) -> Resolved:
    anchor = ctx.anchor
    unit, step = m["unit"].lower(), STEP[m["which"].lower()]
    if unit == "week":
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=step)
        return "date", monday, monday + timedelta(days=6), "week"
    if unit == "month":
        y, mo = shift_month(anchor, step)
        return ("date", *month_bounds(y, mo), "month")
    if unit == "quarter":
        y, q = divmod(anchor.year * 4 + (anchor.month - 1) // 3 + step, 4)
        return ("date", *quarter_bounds(y, q + 1), "quarter")
    if unit == "year":
        return "date", date(anchor.year + step, 1, 1), date(anchor.year + step, 12, 31), "year"
    decade = anchor.year // 10 * 10 + 10 * step
    return "date", date(decade, 1, 1), date(decade + 9, 12, 31), "decade"


def _r_for_units(m: re.Match[str], ctx: Context) -> Resolved:
    return "duration", None, ctx.anchor, m["unit"].lower().rstrip("s")  # how long ago it began is not said


def _r_bare_duration(m: re.Match[str], ctx: Context) -> Resolved:
    return "duration", None, None, m["unit"].lower()  # a length only: no interval in the calendar


def _r_year(m: re.Match[str], ctx: Context) -> Resolved:
    y = int(m["year"])
    return "date", date(y, 1, 1), date(y, 12, 31), "year"


def _quarter(year: int, quarter: int) -> Resolved:
    return ("date", *quarter_bounds(year, quarter), "quarter")


def _r_quarter(m: re.Match[str], ctx: Context) -> Resolved:
    """"the third quarter", "third-quarter", "the 1988 second quarter", "Q3 2019", "this year's
    first quarter": an explicit year wins; otherwise the nearest such quarter in the verb's
    direction (the current quarter counts both ways)."""
    g = m.groupdict()
    quarter = int(g["qn"]) if g.get("qn") else QUARTER_ORDINALS[g["ord"].lower()]
    year_text = g.get("year") or g.get("year2") or g.get("year3")
    if year_text:
        return _quarter(read_year(year_text, ctx.anchor), quarter)
    if g.get("rel"):
        return _quarter(ctx.anchor.year + STEP[g["rel"].lower()], quarter)
    periods = [quarter_bounds(ctx.anchor.year + k, quarter) for k in (-1, 0, 1)]
    if ctx.tense() == PAST:
        first, _ = pick_period(periods, ctx.anchor, PAST)
    else:  # results are announced after a quarter ends: "will report third-quarter earnings" in October
        first, _ = min(periods, key=lambda p: max((p[0] - ctx.anchor).days, (ctx.anchor - p[1]).days, 0))
    return _quarter(first.year, quarter)


def _last_completed_quarter(anchor: date) -> tuple[int, int]:
    y, q = divmod(anchor.year * 4 + (anchor.month - 1) // 3 - 1, 4)
    return y, q + 1


def _r_period_ref(m: re.Match[str], ctx: Context) -> Resolved:
    """A quarter or period named by reference: "the quarter", "the latest quarter", "the
    year-earlier quarter", "the 1988 period", "the same period last year"."""
    g = {k: (v.lower() if v else v) for k, v in m.groupdict().items()}
    ref_year, ref_q = ctx.reference_quarter or _last_completed_quarter(ctx.anchor)
    if g.get("ord"):
        ref_q = QUARTER_ORDINALS[g["ord"]]
    if g.get("which") == "current":
        y, q = divmod(ctx.anchor.year * 4 + (ctx.anchor.month - 1) // 3, 4)
        return _quarter(y, q + 1)
    # after "the first nine months", "the 1988 period" and "the year-earlier period" are years
    by_year = ctx.compared == "year" and not g.get("ord") and "quarter" not in m.group().lower()
    if g.get("year"):
        year = read_year(g["year"], ctx.anchor)
        return _quarter(year, ref_q) if (ctx.reference_quarter or g.get("ord")) and not by_year else \
            ("date", date(year, 1, 1), date(year, 12, 31), "year")
    back = bool(g.get("which") and _A_YEAR_BACK.match(g["which"])) or \
        bool(g.get("tail")) or g.get("rel") in ("last", "previous", "prior")
    if by_year and (back or g.get("which") in ("comparable", "corresponding", "same")):
        year = ctx.anchor.year - 1 if back else ctx.anchor.year
        return "date", date(year, 1, 1), date(year, 12, 31), "year"
    return _quarter(ref_year - 1 if back else ref_year, ref_q)


def _r_year_ago(m: re.Match[str], ctx: Context) -> Resolved:
    """"a year earlier", "year-ago": the quarter last named, a year back; else the year before."""
    if ctx.reference_quarter and ctx.compared == "quarter":
        year, quarter = ctx.reference_quarter
        return _quarter(year - 1, quarter)
    y = ctx.anchor.year - 1
    return "date", date(y, 1, 1), date(y, 12, 31), "year"


def _r_fiscal_year(m: re.Match[str], ctx: Context) -> Resolved:
    g = m.groupdict()
    if g.get("year"):
        y = read_year(g["year"], ctx.anchor)
    else:
        y = ctx.anchor.year + STEP[g["rel"].lower()]
    return "date", date(y, 1, 1), date(y, 12, 31), "year"


def _r_decade(m: re.Match[str], ctx: Context) -> Resolved:
    g = m.groupdict()
    if g.get("decade"):
        start = int(g["decade"])
    else:
        tens = int(g["short"]) if g.get("short") else DECADE_WORDS[g["word"].lower()]
        start = read_year(f"{tens:02d}", ctx.anchor)
        if start > ctx.anchor.year:  # "the nineties" spoken in 1998 is not 2090
            start -= 100
    return "date", date(start, 1, 1), date(start + 9, 12, 31), "decade"


def _r_spoken_year(m: re.Match[str], ctx: Context) -> Resolved:
    g = m.groupdict()
    if g.get("millennium"):
        rest = spoken_number(g["rest2"]) if g.get("rest2") else 0
        if rest is None:
            return "date", None, None, None
        y = 2000 + rest
    else:
        century = 1900 if g["century"].lower() == "nineteen" else 2000
        rest = spoken_number(g["rest"])
        if rest is None:
            return "date", None, None, None
        y = century + rest
    return "date", date(y, 1, 1), date(y, 12, 31), "year"


def _day(d: date | None) -> Resolved:
    return ("date", d, d, "day") if d else ("date", None, None, None)


def _r_month_day(m: re.Match[str], ctx: Context) -> Resolved:
    """"Nov. 6", "March eighth", "Sunday, March 8", "8 March 1998"."""
    if m["month2"]:
        month, day, year, weekday = _month_of(m["month2"]), day_number(m["day2"]), m["year2"], None
    else:
        month, day, year, weekday = _month_of(m["month"]), day_number(m["day"]), m["year"], m["wd"]
    if day is None:
        return "date", None, None, None
    if year:  # a complete date: dateparser reads it (and the row says so)
        ctx.memo["method"] = "dateparser"
        parsed = resolve_with_dateparser(m.group(), ctx.anchor)
        return ("date", *parsed) if parsed else _day(valid_day(int(year), month, day))
    if weekday:  # the occurrence on that weekday nearest the anchor
        hits = [d for d in (valid_day(ctx.anchor.year + k, month, day) for k in (-1, 0, 1))
                if d and d.weekday() == WEEKDAYS[weekday.lower()]]
        if hits:
            return _day(min(hits, key=lambda d: abs((d - ctx.anchor).days)))
    return _day(day_in_direction(month, day, ctx.anchor, ctx.tense()))


def _r_month(m: re.Match[str], ctx: Context) -> Resolved:
    g = {k: (v.lower() if isinstance(v, str) else v) for k, v in m.groupdict().items()}
    month = _month_of(g["month"])
    if g.get("year"):
        return ("date", *month_bounds(int(g["year"]), month), "month")
    if g.get("rel"):
        return ("date", *month_bounds(ctx.anchor.year + STEP[g["rel"]], month), "month")
    mod = (g.get("mod") or "").split()
    if mod and mod[0] == "last" or mod[-1:] == ["past"]:
        y, _ = month_in_direction(month, ctx.anchor, PAST, strict=True)
    elif mod and mod[0] == "next" or mod[-1:] == ["coming"]:
        y, _ = month_in_direction(month, ctx.anchor, FUTURE, strict=True)
    elif mod == ["this"]:
        y = ctx.anchor.year
    else:
        y = month_of_tense(month, ctx.anchor, ctx.tense())
    return ("date", *month_bounds(y, month), "month")


def _r_weekday(m: re.Match[str], ctx: Context) -> Resolved:
    weekday = WEEKDAYS[m["wd"].lower()]
    mod = (m["mod"] or "").lower().split()
    if mod[:1] == ["last"] or mod[-1:] == ["past"]:
        return _day(weekday_in_direction(weekday, ctx.anchor, PAST, strict=True))
    if mod[:1] == ["next"] or mod[-1:] == ["coming"]:
        return _day(weekday_in_direction(weekday, ctx.anchor, FUTURE, strict=mod[:1] == ["next"]))
    tense = ctx.tense()
    looking = FUTURE if tense in (FUTURE, PRESENT) or mod == ["this"] and tense != PAST else PAST
    return _day(weekday_in_direction(weekday, ctx.anchor, looking))


def _r_deictic_day(m: re.Match[str], ctx: Context) -> Resolved:
    shift = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[m["day"].lower()]
    return _day(ctx.anchor + timedelta(days=shift))


def _r_boundary_of(m: re.Match[str], ctx: Context) -> Resolved:
    """"the end of 1990", "the beginning of the year", "the middle of October": the period whose
    end, start or middle is meant (its own granularity), resolved by the rules for the period."""
    inner = m["inner"]
    if _THE_YEAR.fullmatch(inner):
        return "date", date(ctx.anchor.year, 1, 1), date(ctx.anchor.year, 12, 31), "year"
    if _THE_MONTH.fullmatch(inner):
        return ("date", *month_bounds(ctx.anchor.year, ctx.anchor.month), "month")
    if _THE_QUARTER.fullmatch(inner):
        return _quarter(*(ctx.reference_quarter or _last_completed_quarter(ctx.anchor)))
    for name, pattern, resolver in RULES:
        if name in FRAGMENT_RULES and (sub := pattern.fullmatch(inner)):
            return resolver(sub, ctx)
    return "date", None, None, None


def _r_anaphoric(m: re.Match[str], ctx: Context) -> Resolved:
    """"that year", "the following day", "the year before": the day, month or year the article
    named last, shifted as said; without one, "the previous year" and "the next day" count from
    the anchor and "that year" stays unresolved."""
    unit = (m["unit"] or m["unit2"]).lower()
    shift = {"that": 0, "same": 0, "following": 1, "next": 1, "after": 1, "previous": -1, "preceding": -1,
             "prior": -1, "before": -1}[(m["which"] or m["which2"] or "that").lower()]
    base = ctx.last_named[0] if ctx.last_named and UNIT_RANK[ctx.last_named[2]] <= UNIT_RANK[unit] else None
    if base is None:
        if shift == 0:
            return "date", None, None, None
        base = ctx.anchor
    if unit == "day":
        return _day(base + timedelta(days=shift))
    if unit == "month":
        y, mo = shift_month(base, shift)
        return ("date", *month_bounds(y, mo), "month")
    y = base.year + shift
    return "date", date(y, 1, 1), date(y, 12, 31), "year"


def _r_ago(m: re.Match[str], ctx: Context) -> Resolved:
    """"two years ago", "almost three weeks ago": the unit that many units before the anchor,
    at the unit's granularity (an approximate count keeps the count)."""
    count_text = m["count"].lower().replace("-", " ")
    count = int(count_text) if count_text.isdigit() else (NUMBER_WORDS.get(count_text) or spoken_number(count_text))
    if not count:
        return "date", None, None, None
    unit, anchor = m["unit"].lower(), ctx.anchor
    if unit == "day":
        return _day(anchor - timedelta(days=count))
    if unit == "week":
        d = anchor - timedelta(weeks=count)
        monday = d - timedelta(days=d.weekday())
        return "date", monday, monday + timedelta(days=6), "week"
    if unit == "month":
        y, mo = shift_month(anchor, -count)
        return ("date", *month_bounds(y, mo), "month")
    if unit == "year":
        return "date", date(anchor.year - count, 1, 1), date(anchor.year - count, 12, 31), "year"
    decade = (anchor.year - 10 * count) // 10 * 10
    return "date", date(decade, 1, 1), date(decade + 9, 12, 31), "decade"


def _r_this_year(m: re.Match[str], ctx: Context) -> Resolved:
    """"the full year", "year end", "earlier in the year": the anchor's year."""
    return "date", date(ctx.anchor.year, 1, 1), date(ctx.anchor.year, 12, 31), "year"


def _r_month_groups(m: re.Match[str], ctx: Context) -> Resolved:
    g = m.groupdict()
    if g.get("year_of"):
        return ("date", *month_bounds(int(g["year_of"]), _month_of(g["month"])), "month")
    return _r_month(m, ctx)


# Each rule of `RULE_PATTERNS` with the function that resolves its matches, in the same order.
RESOLVERS: dict[str, Resolver] = {
    "recurrence": _unresolved,
    "boundary_of": _r_boundary_of,
    "anaphoric": _r_anaphoric,
    "this_year": _r_this_year,
    "quarter": _r_quarter,
    "period_ref": _r_period_ref,
    "year_ago": _r_year_ago,
    "fiscal_year": _r_fiscal_year,
    "decade": _r_decade,
    "spoken_year": _r_spoken_year,
    "part_of": _r_part_of,
    "earlier_later_this": _r_earlier_later_this,
    "month_day": _r_month_day,
    "month": _r_month_groups,
    "weekday": _r_weekday,
    "deictic_day": _r_deictic_day,
    "this_last_next": _r_this_last_next,
    "ago": _r_ago,
    "for_units": _r_for_units,
    "bare_duration": _r_bare_duration,
    "year": _r_year,
}

RULES: list[tuple[str, re.Pattern[str], Resolver]] = [(name, pattern, RESOLVERS[name])
                                                    for name, pattern in RULE_PATTERNS.items()]


def folded(text: str) -> str:
    """The text as the key test reads it: lowered, with re.IGNORECASE's extra ASCII folds."""
    return text.lower().translate(CASE_FOLDS)


def may_match(rule: str, lowered: str) -> bool:
    """False only when rule `rule` cannot match a text whose `folded` form is `lowered`."""
    keys = RULE_KEYS.get(rule)
    return keys is None or any(key in lowered for key in keys)


# A day with a time of day ("Thursday evening", "10 p.m. Wednesday", "noon Friday", "tonight") is
# a TIMEX3 TIME: the row spans both and its type says time; the interval stays the day (the
# table holds dates, and the day is what the text fixes).
_DAY_RULES = frozenset({"weekday", "month_day", "deictic_day"})


def _with_time_of_day(text: str, s: int, e: int, kind: str, taken: list[tuple[int, int]]) -> tuple[int, int, str]:
    """The span widened over an adjacent time of day, and type time; unchanged when there is none."""
    if text[s:e].lower().endswith("tonight"):
        return s, e, "time"
    if (after := TIME_AFTER.match(text, e)) and not any(a < after.end() and b > e for a, b in taken if a >= e):
        return s, after.end(), "time"
    if before := TIME_BEFORE.search(text, max(0, s - TIME_OF_DAY_LOOKBACK_CHARS), s):
        if not any(a < s and b > before.start() for a, b in taken if b <= s):
            return before.start(), e, "time"
    return s, e, kind


FRAGMENT_RULES = ("month", "this_last_next", "year", "quarter", "fiscal_year")


@lru_cache(maxsize=64)
def _date_parser(anchor: date):
    from dateparser.date import DateDataParser

    base = datetime(anchor.year, anchor.month, anchor.day, 12, 0)
    return DateDataParser(languages=["en"], settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past",
                                                      "RETURN_TIME_AS_PERIOD": False})


def resolve_with_dateparser(text: str, anchor: date) -> tuple[date, date, str] | None:
    """Interval from dateparser's date and reported period (day/week/month/year)."""
    cleaned = _LEADING_PREPOSITION.sub("", text.strip())
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


def _month_word_is_a_verb(doc: Doc, m: re.Match[str]) -> bool:
    start = m.start("month") if "month" in m.re.groupindex and m["month"] else None
    if start is None or m["month"].lower().rstrip(".") not in MODAL_MONTHS:
        return False
    span = doc.char_span(start, start + len(m["month"]), alignment_mode="expand")
    return span is None or span[0].pos_ not in ("PROPN", "NOUN") or m["month"] != m["month"].capitalize()


@dataclass
class Claims:
    """The character spans claimed so far, each with the rule that named it and the function
    that resolves it (None: a row with no calendar value). First come, first served."""

    claimed: list[tuple[int, int, str | None, Callable[[Context], Resolved] | None]] = field(default_factory=list)
    taken: list[tuple[int, int]] = field(default_factory=list)

    def free(self, s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in self.taken)

    def claim(self, s: int, e: int, name: str | None, resolve: Callable[[Context], Resolved] | None) -> None:
        self.claimed.append((s, e, name, resolve))
        self.taken.append((s, e))


@dataclass
class Narrative:
    """What the article has named so far, read in order: the latest reported quarter, the
    latest day, month or year, and the kind of period it compares (quarter or year to date)."""

    reference: tuple[int, int] | None = None
    last_named: tuple[date, date, str] | None = None
    compared: str = "quarter"

    def follow(self, name: str | None, resolved: Resolved, anchor: date) -> None:
        """Take in one resolved expression, as the next ones will read it."""
        kind, start, end, gran = resolved
        if kind == "date" and start is not None and gran in ("day", "month", "year") and name != "anaphoric":
            self.last_named = (start, end, gran)
        elif kind == "date" and start is not None and gran in ("part_of_month", "part_of_year"):
            self.last_named = (start, end, gran[len("part_of_"):])  # "early 2022 ... that year": 2022
        if name in ("quarter", "period_ref") and gran == "quarter":
            self.compared = "quarter"
        if name == "quarter" and start is not None and end < anchor and (anchor - end).days < REPORTED_QUARTER_MAX_DAYS:
            named = (start.year, (start.month - 1) // 3 + 1)  # a reported quarter, not a forecast
            self.reference = max(self.reference, named) if self.reference else named


def extract_temporal(doc: Doc, sentences: SentenceIndex, anchor: date, text: str | None = None) -> list[Timex]:
    """Dates and durations of one parsed article, resolved against `anchor`. `text` is
    `doc.text` when the caller has it already (Doc.text rebuilds the string on each access).

    Order: our rules claim text first (bare years last: "in 2014"), then the model's DATE spans
    not yet covered ("two weeks ago"); the claims are then resolved in reading order."""
    text = doc.text if text is None else text
    claims = Claims()
    claim_rule_matches(doc, text, claims)
    claim_model_dates(doc, claims)
    claims.claimed.sort(key=lambda c: (c[0], c[1]))
    return resolve_in_order(doc, text, sentences, anchor, claims)


def claim_rule_matches(doc: Doc, text: str, claims: Claims) -> None:
    """Every match of `RULES` (read here, at call time) on free text outside a name."""
    # "The Sunday Times", "Black Monday", "Good Friday": calendar words inside a name are not dates.
    names = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in NAME_LABELS]
    lowered = folded(text)
    for name, pattern, resolver in RULES:
        if not may_match(name, lowered):
            continue  # none of the words every match of this rule contains is in the text
        for m in pattern.finditer(text):
            if not claims.free(m.start(), m.end()) or any(a <= m.start() and m.end() <= b for a, b in names) or \
                    (name in ("month", "month_day") and _month_word_is_a_verb(doc, m)):
                continue
            claims.claim(m.start(), m.end(), name, lambda ctx, m=m, resolver=resolver: resolver(m, ctx))


def claim_model_dates(doc: Doc, claims: Claims) -> None:
    """The model's DATE spans the rules left free, resolved by dateparser (or with no value)."""
    for ent in doc.ents:
        if ent.label_ != "DATE" or NOT_DATES.search(ent.text):
            continue
        s, e = ent.start_char, ent.end_char
        if not claims.free(s, e):
            continue
        if NO_CALENDAR_VALUE.match(ent.text.strip()):
            claims.claim(s, e, None, None)
            continue
        claims.claim(s, e, None, lambda ctx, t=ent.text: ("date", *resolved) if (
            resolved := resolve_with_dateparser(t, ctx.anchor)) else ("date", None, None, None))


def resolve_in_order(doc: Doc, text: str, sentences: SentenceIndex, anchor: date, claims: Claims) -> list[Timex]:
    """Resolve the claims in reading order, so that "the quarter" and "a year earlier" see the
    quarter named before them."""
    narrative = Narrative()
    out: list[Timex] = []
    for i, (s, e, name, resolve) in enumerate(claims.claimed):
        if name == "bare_duration" and YEAR_TO_DATE.search(text, max(0, s - YEAR_TO_DATE_LOOKBACK_CHARS), e):
            narrative.compared = "year"  # "in the first nine months ... a year earlier": the year before
        ctx = Context(anchor, lambda s=s, e=e: direction(doc, s, e), narrative.reference, narrative.last_named,
                      narrative.compared)
        try:
            kind, start, end, gran = resolve(ctx) if resolve else ("date", None, None, None)
        except (ValueError, OverflowError):  # "9999 years ago": no such date; the expression stays unresolved
            kind, start, end, gran = "date", None, None, None
        narrative.follow(name, (kind, start, end, gran), anchor)
        if name in _DAY_RULES and kind == "date":
            s, e, kind = _with_time_of_day(text, s, e, kind, claims.taken)
        method = "unresolved" if gran is None else \
            ("rule" if name and ctx.memo.get("method") != "dateparser" else "dateparser")
        resolved = method != "unresolved"
        out.append(Timex(i, s, e, kind, start, end, gran if resolved else None, method,
                         name if method == "rule" else None, sentences.of(s)))
    return out


def temporal_rows(doc_id: str, text: str, items: list[Timex], anchor: date, anchor_source: str) -> list[dict[str, Any]]:
    return [
        {"doc_id": doc_id, "timex_index": t.index, "start": t.start, "end": t.end, "text": text[t.start:t.end],
         "type": t.type, "value_start": t.value_start, "value_end": t.value_end, "granularity": t.granularity,
         "anchor_date": anchor, "anchor_source": anchor_source, "method": t.method, "rule": t.rule,
         "sentence_index": t.sentence_index}
        for t in items
    ]