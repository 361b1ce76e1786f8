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
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any, Callable

from spacy.tokens import Doc

from extractors.nlp.sentences import SentenceIndex

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|" \
         r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"  # a full name never takes the full stop
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?:1[89]\d\d|20\d\d|2100)"
_UNITS_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
          "nineteen")
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
             "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
             "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
             "twentieth": 20, "thirtieth": 30}
_DAY_WORD = r"(?:(?:twenty|thirty)[-\s](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|" + \
            "|".join(sorted(_ORDINALS, key=len, reverse=True)) + ")"
_QUARTER_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_DECADE_WORDS = {"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60, "seventies": 70,
                 "eighties": 80, "nineties": 90}
UNITS = ("day", "week", "month", "year", "decade")
GRANULARITIES = ("day", "week", "part_of_month", "month", "quarter", "part_of_year", "year", "decade")
TYPES = ("date", "time", "duration")
METHODS = ("rule", "dateparser", "unresolved")
ANCHOR_SOURCES = ("published", "ingest")

# Verbs by sense (general English, not mined from any text), as written: the lemmatizer is off.
REPORTING = frozenset(
    f"{stem}{end}" for stem in ("announc", "report", "stat", "add", "not", "confirm", "deni", "claim", "disclos",
                                "warn", "explain", "acknowledg", "insist", "indicat", "complain", "testifi",
                                "declar", "reveal", "admit")
    for end in ("e", "es", "ed", "s", "y", "ies")) | {
    "say", "says", "said", "tell", "tells", "told", "write", "writes", "wrote", "announce", "report", "state",
    "add", "note", "deny", "denies", "denied", "testify", "testified", "admits", "admitted", "declare"}
PLANNING = frozenset({
    "expect", "expects", "expected", "expecting", "plan", "plans", "planned", "planning", "schedule", "schedules",
    "scheduled", "due", "intend", "intends", "intended", "aim", "aims", "aimed", "hope", "hopes", "hoped",
    "propose", "proposes", "proposed", "slated", "poised", "likely", "prepare", "prepares", "prepared",
    "promise", "promises", "promised", "pledge", "pledged", "vow", "vowed", "threaten", "threatened", "upcoming",
    "going", "seek", "seeks", "sought", "want", "wants", "wanted", "supposed", "about", "ready"})
# Verbs whose present and past are spelt alike: the tagger's VBP is a guess between the two.
_SAME_IN_PAST = frozenset({"hurt", "put", "cut", "hit", "let", "cost", "shut", "quit", "spread", "bet", "cast",
                           "split", "read", "set", "beat", "burst", "forecast", "broadcast", "upset", "bid",
                           "rid", "thrust", "shed"})
_FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo", "would", "may", "might", "could", "should", "must", "can",
                         "ca"})
PAST, FUTURE, PRESENT, NONE = "past", "future", "present", "none"


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


# -- the calendar ---------------------------------------------------------------------------------
def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    return date(year, 3 * quarter - 2, 1), month_bounds(year, 3 * quarter)[1]


def _shift_month(d: date, months: int) -> tuple[int, int]:
    index = d.year * 12 + d.month - 1 + months
    return index // 12, index % 12 + 1


def _year_of(text: str, anchor: date) -> int:
    """A four-digit year, or a two-digit one ("'89") read as the nearest such year."""
    digits = text.strip("'’ ")
    if len(digits) == 4:
        return int(digits)
    year = anchor.year // 100 * 100 + int(digits)
    return min((year - 100, year, year + 100), key=lambda y: abs(y - anchor.year))


def _pick_period(periods: list[tuple[date, date]], anchor: date, looking: str) -> tuple[date, date]:
    """Of one calendar period in consecutive years (a month, a quarter), the latest that has
    begun by the anchor (looking back) or the earliest not over by it (looking ahead)."""
    if looking == FUTURE:
        return min((p for p in periods if p[1] >= anchor), key=lambda p: p[0])
    return max((p for p in periods if p[0] <= anchor), key=lambda p: p[0])


def month_in_direction(month: int, anchor: date, looking: str, strict: bool = False) -> tuple[int, int]:
    """(year, month) of a month named without a year. Looking back: its latest occurrence not
    after the anchor's month ("last" May, strict: before it); ahead: the earliest not before it."""
    if looking == FUTURE:
        year = anchor.year if month > anchor.month or (month == anchor.month and not strict) else anchor.year + 1
    else:
        year = anchor.year if month < anchor.month or (month == anchor.month and not strict) else anchor.year - 1
    return year, month


def month_of_tense(month: int, anchor: date, looking: str) -> int:
    """The year of a month named without a year ("in January", "mid-November") whose verb
    points `looking`: ahead, the earliest not before the anchor's month; otherwise the latest
    not after it, unless the next one is under a third as far (one or two months ahead: "gave
    it until mid-November" in late October, "agreed to sell it in January" in November), as
    for a month and day in `day_in_direction`."""
    if looking == FUTURE:
        return month_in_direction(month, anchor, FUTURE)[0]
    ahead = (month - anchor.month) % 12
    if ahead and ahead * 3 < 12 - ahead:
        return month_in_direction(month, anchor, FUTURE)[0]
    return month_in_direction(month, anchor, PAST)[0]


def _valid_day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def day_in_direction(month: int, day: int, anchor: date, looking: str) -> date | None:
    """A month and day without a year: the occurrence nearest the anchor in the verb's direction.

    Past tense takes the latest one not after the anchor unless the next is under a third as
    far (a past-tense verb about a coming deadline); future the first not before it; no tense
    the nearest one."""
    candidates = [d for d in (_valid_day(anchor.year + k, month, day) for k in (-1, 0, 1)) if d is not None]
    back = [d for d in candidates if d <= anchor]
    ahead = [d for d in candidates if d >= anchor]
    latest = max(back) if back else None
    earliest = min(ahead) if ahead else None
    if latest is None or earliest is None:
        return latest or earliest
    if looking == FUTURE:
        return earliest
    if looking == PAST:
        return earliest if (earliest - anchor).days * 3 < (anchor - latest).days else latest
    return earliest if (earliest - anchor).days < (anchor - latest).days else latest


def weekday_in_direction(weekday: int, anchor: date, looking: str, strict: bool = False) -> date:
    """A weekday without a date: the anchor day itself when it is that weekday (unless strict:
    "last Friday", "next Friday"), else the nearest one the verb points at."""
    if looking == FUTURE:
        ahead = (weekday - anchor.weekday()) % 7 or (7 if strict else 0)
        return anchor + timedelta(days=ahead)
    back = (anchor.weekday() - weekday) % 7 or (7 if strict else 0)
    return anchor - timedelta(days=back)


def _spoken_number(words: str) -> int | None:
    """0-99 written in words ("ninety-one", "six", "oh five")."""
    words = words.lower().replace("-", " ").split()
    if not words:
        return None
    if words[0] in ("oh", "o"):
        words = words[1:]
        return _UNITS_WORDS.index(words[0]) + 1 if len(words) == 1 and words[0] in _UNITS_WORDS else None
    if len(words) == 1:
        w = words[0]
        if w in _UNITS_WORDS:
            return _UNITS_WORDS.index(w) + 1
        if w in _TEENS:
            return 10 + _TEENS.index(w)
        return _TENS.get(w)
    if len(words) == 2 and words[0] in _TENS and words[1] in _UNITS_WORDS:
        return _TENS[words[0]] + _UNITS_WORDS.index(words[1]) + 1
    return None


def _day_number(text: str) -> int | None:
    text = text.lower().replace("-", " ")
    if text.isdigit():
        return int(text)
    parts = text.split()
    if len(parts) == 2 and parts[0] in ("twenty", "thirty") and parts[1] in _ORDINALS:
        return _TENS[parts[0]] + _ORDINALS[parts[1]]
    return _ORDINALS.get(text)


# -- the verb's direction -------------------------------------------------------------------------
def _is_planning(token) -> bool:
    return token.lower_ in PLANNING and token.pos_ in ("VERB", "ADJ", "AUX", "ADV", "ADP")


def verb_direction(verb) -> str:
    """past, future, present or none for a governing verb, from its tag and auxiliaries."""
    auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if auxes & _FUTURE_AUX:
        # "may have been", "would have": a modal with the perfect speaks of the past
        return PAST if auxes & {"have", "'ve"} and (verb.tag_ == "VBN" or verb.lower_ == "been") else FUTURE
    # "is expected in December", "plans to", "is due Friday": a plan points ahead; a bare participle
    # ("weapons promised by January") is told in the past like any other.
    if _is_planning(verb) and (verb.pos_ == "ADJ" or auxes & {"is", "are", "am", "be", "'s", "'re"} or
                               verb.tag_ in ("VBZ", "VBP") or
                               any(c.dep_ == "xcomp" and c.tag_ == "VB" for c in verb.children)):
        return FUTURE
    if any(_is_planning(c) for c in verb.children if c.dep_ in ("acomp", "oprd")):
        return FUTURE
    if "to" in auxes:  # an infinitive: what is set, agreed or hoped to happen lies ahead
        return FUTURE
    if auxes & {"going"}:
        return FUTURE
    tag = verb.tag_
    if tag == "VBD" or auxes & {"did", "had", "has", "have", "was", "were", "been"}:
        return PAST
    if tag == "VBN":
        return PRESENT if auxes & {"is", "are", "am", "be"} else PAST
    if tag in ("VBZ", "VBP"):
        if tag == "VBP" and verb.lower_ in _SAME_IN_PAST:
            return NONE
        if verb.lower_ in REPORTING and any(c.dep_ == "ccomp" for c in verb.children):
            return PAST  # "police say Friday that ...": the report is already made
        return PRESENT
    if tag == "VBG":
        return PRESENT if auxes & {"is", "are", "am"} else NONE
    if tag == "VB" and auxes & {"do", "does"}:
        return PRESENT
    return NONE


def direction(doc: Doc, start: int, end: int) -> str:
    """Where the verb governing the characters start..end points: past, future, present or none.

    Climbs the dependency tree from the expression to the first verb (or planning adjective:
    "due Friday"), at most six steps, and reads it with `verb_direction`."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return NONE
    token = span.root
    if token.dep_ in ("compound", "nmod", "amod", "poss") and token.head.pos_ in ("NOUN", "PROPN"):
        return NONE  # "a June agreement", "Friday's vote": the noun's own time, not the clause's
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX") or (token.pos_ == "ADJ" and token.lower_ in PLANNING):
            infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
            # "made offers to acquire it Friday", "extended offers to buy it Friday": an infinitive
            # modifying a noun or saying what for takes its time from the verb it hangs on
            if not (infinitive and token.dep_ in ("acl", "advcl")):
                return verb_direction(token)
        if token.head is token:
            return NONE
        token = token.head
    return NONE


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


_STEP = {"this": 0, "current": 0, "last": -1, "past": -1, "previous": -1, "prior": -1, "next": 1, "coming": 1}


def _r_this_last_next(m: re.Match[str], ctx: Context) -> Resolved:
    anchor = ctx.anchor
    unit, step = m["unit"].lower(), _STEP[m["which"].lower()]
    if unit == "week":
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=step)
        return "date", monday, monday + timedelta(days=6), "week"
    if unit == "month":
        y, mo = _shift_month(anchor, step)
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
    quarter = int(g["qn"]) if g.get("qn") else _QUARTER_ORD[g["ord"].lower()]
    year_text = g.get("year") or g.get("year2") or g.get("year3")
    if year_text:
        return _quarter(_year_of(year_text, ctx.anchor), quarter)
    if g.get("rel"):
        return _quarter(ctx.anchor.year + _STEP[g["rel"].lower()], quarter)
    periods = [quarter_bounds(ctx.anchor.year + k, quarter) for k in (-1, 0, 1)]
    if ctx.tense() == PAST:
        first, _ = _pick_period(periods, ctx.anchor, PAST)
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
        ref_q = _QUARTER_ORD[g["ord"]]
    if g.get("which") == "current":
        y, q = divmod(ctx.anchor.year * 4 + (ctx.anchor.month - 1) // 3, 4)
        return _quarter(y, q + 1)
    # after "the first nine months", "the 1988 period" and "the year-earlier period" are years
    by_year = ctx.compared == "year" and not g.get("ord") and "quarter" not in m.group().lower()
    if g.get("year"):
        year = _year_of(g["year"], ctx.anchor)
        return _quarter(year, ref_q) if (ctx.reference_quarter or g.get("ord")) and not by_year else \
            ("date", date(year, 1, 1), date(year, 12, 31), "year")
    back = bool(g.get("which") and re.match(r"year[-\s](?:earlier|ago)|prior[-\s]year|last year", g["which"])) or \
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
        y = _year_of(g["year"], ctx.anchor)
    else:
        y = ctx.anchor.year + _STEP[g["rel"].lower()]
    return "date", date(y, 1, 1), date(y, 12, 31), "year"


def _r_decade(m: re.Match[str], ctx: Context) -> Resolved:
    g = m.groupdict()
    if g.get("decade"):
        start = int(g["decade"])
    else:
        tens = int(g["short"]) if g.get("short") else _DECADE_WORDS[g["word"].lower()]
        start = _year_of(f"{tens:02d}", ctx.anchor)
        if start > ctx.anchor.year:  # "the nineties" spoken in 1998 is not 2090
            start -= 100
    return "date", date(start, 1, 1), date(start + 9, 12, 31), "decade"


def _r_spoken_year(m: re.Match[str], ctx: Context) -> Resolved:
    g = m.groupdict()
    if g.get("millennium"):
        rest = _spoken_number(g["rest2"]) if g.get("rest2") else 0
        if rest is None:
            return "date", None, None, None
        y = 2000 + rest
    else:
        century = 1900 if g["century"].lower() == "nineteen" else 2000
        rest = _spoken_number(g["rest"])
        if rest is None:
            return "date", None, None, None
        y = century + rest
    return "date", date(y, 1, 1), date(y, 12, 31), "year"


def _day(d: date | None) -> Resolved:
    return ("date", d, d, "day") if d else ("date", None, None, None)


def _r_month_day(m: re.Match[str], ctx: Context) -> Resolved:
    """"Nov. 6", "March eighth", "Sunday, March 8", "8 March 1998"."""
    if m["month2"]:
        month, day, year, weekday = _month_of(m["month2"]), _day_number(m["day2"]), m["year2"], None
    else:
        month, day, year, weekday = _month_of(m["month"]), _day_number(m["day"]), m["year"], m["wd"]
    if day is None:
        return "date", None, None, None
    if year:  # a complete date: dateparser reads it (and the row says so)
        ctx.memo["method"] = "dateparser"
        parsed = resolve_with_dateparser(m.group(), ctx.anchor)
        return ("date", *parsed) if parsed else _day(_valid_day(int(year), month, day))
    if weekday:  # the occurrence on that weekday nearest the anchor
        hits = [d for d in (_valid_day(ctx.anchor.year + k, month, day) for k in (-1, 0, 1))
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
        return ("date", *month_bounds(ctx.anchor.year + _STEP[g["rel"]], month), "month")
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
    if re.fullmatch(r"(?:the\s+)?year", inner, re.I):
        return "date", date(ctx.anchor.year, 1, 1), date(ctx.anchor.year, 12, 31), "year"
    if re.fullmatch(r"(?:the\s+)?month", inner, re.I):
        return ("date", *month_bounds(ctx.anchor.year, ctx.anchor.month), "month")
    if re.fullmatch(r"(?:the\s+)?quarter", inner, re.I):
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
    base = ctx.last_named[0] if ctx.last_named and _UNIT_RANK[ctx.last_named[2]] <= _UNIT_RANK[unit] else None
    if base is None:
        if shift == 0:
            return "date", None, None, None
        base = ctx.anchor
    if unit == "day":
        return _day(base + timedelta(days=shift))
    if unit == "month":
        y, mo = _shift_month(base, shift)
        return ("date", *month_bounds(y, mo), "month")
    y = base.year + shift
    return "date", date(y, 1, 1), date(y, 12, 31), "year"


_UNIT_RANK = {"day": 0, "month": 1, "year": 2}


_NUMBER_WORDS = {w: i + 1 for i, w in enumerate(_UNITS_WORDS)} | {w: 10 + i for i, w in enumerate(_TEENS)} | \
    _TENS | {"a": 1, "an": 1}


def _r_ago(m: re.Match[str], ctx: Context) -> Resolved:
    """"two years ago", "almost three weeks ago": the unit that many units before the anchor,
    at the unit's granularity (an approximate count keeps the count)."""
    count_text = m["count"].lower().replace("-", " ")
    count = int(count_text) if count_text.isdigit() else (_NUMBER_WORDS.get(count_text) or _spoken_number(count_text))
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
        y, mo = _shift_month(anchor, -count)
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


_NUM = r"(?:\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|" \
       r"thirty|a few|a couple of|several)"
RULES: list[tuple[str, re.Pattern[str], Resolver]] = [
    ("recurrence", re.compile(rf"\b(?:each|every)\s+(?:other\s+)?(?:{_WEEKDAY}|{_MONTH}|day|week|month|quarter|"
                              rf"year|morning|evening|night|weekend)\b|\b{_WEEKDAY}s\b", re.I), _unresolved),
    ("boundary_of", re.compile(rf"\b(?:the\s+)?(?:end|beginning|start|middle|close)\s+of\s+(?P<inner>(?:the\s+)?"
                               rf"(?:year|month|quarter)\b|(?:this|last|next)\s+(?:year|month|quarter)\b|"
                               rf"{_MONTH}(?:\s+{_YEAR})?(?![\w.])|{_YEAR}\b)", re.I), _r_boundary_of),
    ("anaphoric", re.compile(r"\b(?:(?:that|the\s+(?P<which>same|following|next|previous|preceding|prior))\s+"
                             r"(?P<unit>day|month|year)|the\s+(?P<unit2>day|month|year)\s+(?P<which2>before|after)(?=\s*[,.;:)]))"
                             r"\b(?![-\s](?:old|long|earlier|ago))", re.I), _r_anaphoric),
    ("this_year", re.compile(r"\b(?:(?:the\s+)?(?:full|whole|entire|current|calendar)\s+year|(?:around\s+)?"
                             r"(?:the\s+)?year[-\s]end|(?:earlier|later)\s+in\s+the\s+year)\b(?![-\s](?:ago|earlier))",
                             re.I), _r_this_year),
    ("quarter", re.compile(rf"\b(?:(?:the|its|a|their)\s+)?(?:(?P<year>{_YEAR})\s+)?(?:(?P<rel>this|last|next)\s+"
                           rf"year'?s\s+)?(?:fiscal[-\s]+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)"
                           rf"[-\s](?:fiscal[-\s])?quarter\b(?!s)(?:\s+of\s+(?:fiscal\s+)?(?P<year2>{_YEAR}))?"
                           rf"|\bQ(?P<qn>[1-4])(?:\s+(?P<year3>{_YEAR}))?\b", re.I), _r_quarter),
    ("period_ref", re.compile(rf"\b(?:the\s+)?(?:(?P<which>year[-\s]earlier|year[-\s]ago|prior[-\s]year|latest|"
                              rf"current|comparable|corresponding|same|recent|just[-\s]ended|(?P<year>{_YEAR}))\s+)"
                              rf"(?:(?P<ord>first|second|third|fourth)\s+)?(?:fiscal\s+)?(?:quarter|period)\b"
                              rf"(?:\s+(?P<tail>(?:of\s+)?last\s+year|a\s+year\s+(?:ago|earlier)))?"
                              rf"|\b(?P<rel>last|this|previous|prior)\s+year'?s\s+(?:quarter|period)\b"
                              rf"|\b(?:the|this|that)\s+quarter\b(?!\s+(?:of|ended|ending)\b)(?!-)", re.I),
     _r_period_ref),
    ("year_ago", re.compile(r"\b(?:a|one)\s+year\s+(?:ago|earlier|before)\b|\b(?:the\s+)?year[-\s](?:earlier|ago)"
                            r"\b(?!\s+(?:quarter|period))", re.I), _r_year_ago),
    ("fiscal_year", re.compile(rf"\bfiscal(?:\s+year)?\s+(?P<year>{_YEAR}|'\d\d)\b|\b(?:the\s+)?(?P<rel>current|"
                               rf"this|last|next|previous|prior|coming)\s+fiscal\s+year\b", re.I), _r_fiscal_year),
    ("decade", re.compile(r"\b(?:the\s+)?(?:(?:early|mid|late)[-\s]?)?(?:(?P<decade>(?:1[89]|20)\d0)'?s\b|"
                          r"['’](?P<short>\d0)s\b|(?P<word>twenties|thirties|forties|fifties|sixties|seventies|"
                          r"eighties|nineties)\b)", re.I), _r_decade),
    ("spoken_year", re.compile(r"\b(?:(?:the\s+)?year\s+)?(?P<century>nineteen)[-\s](?:hundred\s+(?:and\s+)?)?"
                               r"(?P<rest>(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\s]"
                               r"(?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|"
                               r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|oh[-\s](?:one|two|three|four|"
                               r"five|six|seven|eight|nine))\b(?![-\s](?:hundred|thousand|million|percent))"
                               r"|\b(?:the\s+)?year\s+(?P<millennium>two\s+thousand)(?:\s+(?:and\s+)?(?P<rest2>one|"
                               r"two|three|four|five|six|seven|eight|nine|ten))?\b", re.I), _r_spoken_year),
    ("part_of", re.compile(rf"\b(?P<part>early|mid|late)[-\s]?(?:(?P<month>{_MONTH})(?:\s+(?P<year>{_YEAR}))?"
                           rf"|(?P<year_only>{_YEAR}))(?![\w'’])", re.I), _r_part_of),
    ("earlier_later_this", re.compile(r"\b(?P<which>earlier|later)\s+this\s+(?P<unit>week|month|year)\b", re.I),
     _r_earlier_later_this),
    ("month_day", re.compile(rf"\b(?:(?P<wd>{_WEEKDAY}),?\s+)?(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}}|{_DAY_WORD})"
                             rf"(?:st|nd|rd|th)?(?![\d,]\d|:|\s*(?:percent|%|million|billion))\b(?:,?\s+"
                             rf"(?P<year>{_YEAR})\b)?|\b(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?"
                             rf"(?P<month2>{_MONTH})(?!\w)(?:,?\s+(?P<year2>{_YEAR})\b)?", re.I), _r_month_day),
    ("month", re.compile(rf"\b(?:(?P<mod>(?i:last|next|this(?:\s+(?:past|coming))?|past|coming))\s+)?"
                         rf"(?P<month>{_MONTH})(?![\w-]|['’](?!s\b))(?:,?\s+(?P<year>{_YEAR})\b|\s+(?:of\s+)?(?P<rel>this|last|"
                         rf"next)\s+year\b|\s+of\s+(?P<year_of>{_YEAR})\b)?"), _r_month_groups),
    ("weekday", re.compile(rf"\b(?:(?P<mod>last|next|this(?:\s+(?:past|coming))?|past|coming|early|late|earlier|"
                           rf"later)\s+)?(?P<wd>{_WEEKDAY})\b(?!s\b)", re.I), _r_weekday),
    ("deictic_day", re.compile(r"\b(?:(?:early|late|earlier|later)\s+)?(?P<day>today|yesterday|tomorrow|tonight)"
                               r"\b", re.I), _r_deictic_day),
    ("this_last_next", re.compile(r"\b(?:the\s+)?(?P<which>this|last|next|past|previous|coming|current)\s+"
                                  r"(?P<unit>week|month|quarter|year|decade)\b(?![-\s](?:old|long)\b)", re.I),
     _r_this_last_next),
    ("ago", re.compile(r"\b(?:(?:about|some|nearly|almost|around|roughly|more\s+than|less\s+than|over|just|only)\s+)?"
                       r"(?P<count>\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
                       r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:[-\s](?:one|two|three|four|"
                       r"five|six|seven|eight|nine))?|thirty|forty|fifty)\s+(?P<unit>day|week|month|year|decade)s?\s+"
                       r"ago\b", re.I), _r_ago),
    ("for_units", re.compile(r"\bfor\s+(?:(?:many|several|some)\s+)?(?P<unit>days|weeks|months|years|decades)\b",
                             re.I), _r_for_units),
    # A bare quantity of time ("five days before the strike", "over two years") is a length of
    # time, not a calendar date: dateparser would read "two years" as two years before the anchor.
    ("bare_duration", re.compile(rf"\b(?:(?:about|some|nearly|almost|around|roughly|more than|less than|over|under|"
                                 rf"up to|at least)\s+)?{_NUM}[-\s](?P<unit>day|week|month|year|decade)s?\b"
                                 rf"(?!\s+(?:ago|earlier|later|from now|old)\b|-old)", re.I), _r_bare_duration),
    ("year", re.compile(rf"(?<![\w$£€-])(?P<year>{_YEAR})(?![\w-]|,\d)"), _r_year),
]


# Words (lower case) at least one of which is inside every match of a rule: a necessary
# condition, checked on the lowered text before the rule's regex runs. Why: each rule is a
# case-insensitive alternation with optional leading words and no literal prefix, so `re`
# tries it at every position of the article; the 21 scans cost about 40 ms per article while
# most rules find nothing. A substring test runs at memchr speed and skips the scans that
# cannot match, so the rules stay linear in the text with a small constant. The keys follow
# from each regex's structure (every alternative names one of them), not from any text.
_MONTH_KEYS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_UNIT_KEYS = ("day", "week", "month", "quarter", "year", "decade")
RULE_KEYS: dict[str, tuple[str, ...]] = {
    "recurrence": ("each", "every", *_WEEKDAY_KEYS),
    "boundary_of": ("end", "beginning", "start", "middle", "close"),
    "anaphoric": ("day", "month", "year"),
    "this_year": ("year",),
    "quarter": ("quarter", "q1", "q2", "q3", "q4"),
    "period_ref": ("quarter", "period"),
    "year_ago": ("year",),
    "fiscal_year": ("fiscal",),
    "decade": ("0s", "0's", "0’s", "ties"),
    "spoken_year": ("nineteen", "thousand"),
    "part_of": ("early", "mid", "late"),
    "earlier_later_this": ("earlier", "later"),
    "month_day": _MONTH_KEYS,
    "month": _MONTH_KEYS,
    "weekday": _WEEKDAY_KEYS,
    "deictic_day": ("today", "yesterday", "tomorrow", "tonight"),
    "this_last_next": _UNIT_KEYS,
    "ago": ("ago",),
    "for_units": ("for",),
    "bare_duration": _UNIT_KEYS,
    "year": ("18", "19", "20", "21"),
}
# Characters that re.IGNORECASE matches to an ASCII letter but str.lower() does not turn into
# it (Python's documented four: İ ı ſ K); mapped so the key test never skips a real match.
_FOLD = str.maketrans({"ı": "i", "ſ": "s", "\u0307": None, "\u212a": "k"})


def folded(text: str) -> str:
    """The text as the key test reads it: lowered, with re.IGNORECASE's extra ASCII folds."""
    return text.lower().translate(_FOLD)


def may_match(rule: str, lowered: str) -> bool:
    """False only when rule `rule` cannot match a text whose `folded` form is `lowered`."""
    keys = RULE_KEYS.get(rule)
    return keys is None or any(key in lowered for key in keys)


# A part of the year longer than a quarter that earnings reports compare with the year before.
_YEAR_TO_DATE = re.compile(r"\b(?:first|latest|past|the|these|those)\s+(?:six|nine|6|9)[-\s]months?\b", re.I)

# A day with a time of day ("Thursday evening", "10 p.m. Wednesday", "noon Friday", "tonight") is
# a TIMEX3 TIME: the row spans both and its type says time; the interval stays the day (the
# table holds dates, and the day is what the text fixes).
_DAY_RULES = frozenset({"weekday", "month_day", "deictic_day"})
_TIME_AFTER = re.compile(r"(?:\s+|-)(?:morning|afternoon|evening|night|noon|midnight)\b", re.I)
_TIME_BEFORE = re.compile(r"\b(?:\d{1,2}(?::\d\d)?\s*[ap]\.?m\.?(?:\s+(?-i:[A-Z]{2,4})\b)?|noon|midnight)"
                          r",?\s+(?:on\s+)?$", re.I)


def _with_time_of_day(text: str, s: int, e: int, kind: str, taken: list[tuple[int, int]]) -> tuple[int, int, str]:
    """The span widened over an adjacent time of day, and type time; unchanged when there is none."""
    if text[s:e].lower().endswith("tonight"):
        return s, e, "time"
    if (after := _TIME_AFTER.match(text, e)) and not any(a < after.end() and b > e for a, b in taken if a >= e):
        return s, after.end(), "time"
    if before := _TIME_BEFORE.search(text, max(0, s - 30), s):
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
# Model DATE spans that name no point in the calendar: "the day", "the past", "recent years",
# "the weekend" without a week. dateparser reads some of them as the anchor day.
_NO_CALENDAR_VALUE = re.compile(r"^(?:the\s+)?(?:day|days|past|future|time|moment|period|season|weekend|"
                                r"(?:recent|coming|past|next|last|previous)\s+(?:days|weeks|months|years|decades))$",
                                re.I)
_NAME_LABELS = frozenset({"ORG", "WORK_OF_ART", "EVENT", "PERSON", "FAC", "PRODUCT", "LAW", "GPE", "LOC", "NORP"})
_MODAL_MONTHS = {"may", "march"}  # month names that are also verbs: kept only when the parser says PROPN


def _month_word_is_a_verb(doc: Doc, m: re.Match[str]) -> bool:
    start = m.start("month") if "month" in m.re.groupindex and m["month"] else None
    if start is None or m["month"].lower().rstrip(".") not in _MODAL_MONTHS:
        return False
    span = doc.char_span(start, start + len(m["month"]), alignment_mode="expand")
    return span is None or span[0].pos_ not in ("PROPN", "NOUN") or m["month"] != m["month"].capitalize()


def extract_temporal(doc: Doc, sentences: SentenceIndex, anchor: date, text: str | None = None) -> list[Timex]:
    """Dates and durations of one parsed article, resolved against `anchor`. `text` is
    `doc.text` when the caller has it already (Doc.text rebuilds the string on each access)."""
    text = doc.text if text is None else text
    claimed: list[tuple[int, int, str | None, Callable[[Context], Resolved] | None]] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    def claim(s: int, e: int, name: str | None, resolve: Callable[[Context], Resolved] | None) -> None:
        claimed.append((s, e, name, resolve))
        taken.append((s, e))

    # "The Sunday Times", "Black Monday", "Good Friday": calendar words inside a name are not dates.
    names = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in _NAME_LABELS]

    def in_a_name(s: int, e: int) -> bool:
        return any(a <= s and e <= b for a, b in names)

    lowered = folded(text)

    def apply(rules: list[tuple[str, re.Pattern[str], Resolver]]) -> None:
        for name, pattern, resolver in rules:
            if not may_match(name, lowered):
                continue  # none of the words every match of this rule contains is in the text
            for m in pattern.finditer(text):
                if not free(m.start(), m.end()) or in_a_name(m.start(), m.end()) or \
                        (name in ("month", "month_day") and _month_word_is_a_verb(doc, m)):
                    continue
                claim(m.start(), m.end(), name, lambda ctx, m=m, resolver=resolver: resolver(m, ctx))

    # Order: our rules (bare years last: "in 2014"), then the model's DATE spans not yet
    # covered ("two weeks ago").
    apply(RULES)
    for ent in doc.ents:
        if ent.label_ != "DATE" or _NOT_DATES.search(ent.text):
            continue
        s, e = ent.start_char, ent.end_char
        if not free(s, e):
            continue
        if _NO_CALENDAR_VALUE.match(ent.text.strip()):
            claim(s, e, None, None)
            continue
        claim(s, e, None, lambda ctx, t=ent.text: ("date", *resolved) if (
            resolved := resolve_with_dateparser(t, ctx.anchor)) else ("date", None, None, None))
    claimed.sort(key=lambda c: (c[0], c[1]))

    # Resolve in reading order, so that "the quarter" and "a year earlier" see the quarter named before them.
    reference: tuple[int, int] | None = None
    last_named: tuple[date, date, str] | None = None
    compared = "quarter"
    out: list[Timex] = []
    for i, (s, e, name, resolve) in enumerate(claimed):
        if name == "bare_duration" and _YEAR_TO_DATE.search(text, max(0, s - 12), e):
            compared = "year"  # "in the first nine months ... a year earlier": the year before
        ctx = Context(anchor, lambda s=s, e=e: direction(doc, s, e), reference, last_named, compared)
        try:
            kind, start, end, gran = resolve(ctx) if resolve else ("date", None, None, None)
        except (ValueError, OverflowError):  # "9999 years ago": no such date; the expression stays unresolved
            kind, start, end, gran = "date", None, None, None
        if kind == "date" and start is not None and gran in ("day", "month", "year") and name != "anaphoric":
            last_named = (start, end, gran)
        elif kind == "date" and start is not None and gran in ("part_of_month", "part_of_year"):
            last_named = (start, end, gran[len("part_of_"):])  # "early 2022 ... that year": 2022
        if name in ("quarter", "period_ref") and gran == "quarter":
            compared = "quarter"
        if name == "quarter" and start is not None and end < anchor and (anchor - end).days < 370:
            named = (start.year, (start.month - 1) // 3 + 1)  # a reported quarter, not a forecast
            reference = max(reference, named) if reference else named
        if name in _DAY_RULES and kind == "date":
            s, e, kind = _with_time_of_day(text, s, e, kind, taken)
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
