"""Calendar periods: the bounds of months and quarters, and which occurrence of a month, a day
or a weekday named without a year is meant, in the direction the verb points.

Pure date arithmetic over an anchor date (no parse, no text but number words), so each
convention of `temporal` ("a month told in the past tense is its latest occurrence", "a
weekday equal to the publication day is that day") is one small function here.
"""
from __future__ import annotations

import calendar
from datetime import date, timedelta

from extractors.nlp.temporal_lexicon import ORDINALS, TEENS, TENS, UNIT_WORDS
from extractors.nlp.tense import FUTURE, PAST
from settings.extraction import NEAR_AHEAD_RATIO

def month_bounds(year: int, month: int) -> tuple[date, date]:
    """First and last day of a month."""
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    """First and last day of a calendar quarter (1-4)."""
    return date(year, 3 * quarter - 2, 1), month_bounds(year, 3 * quarter)[1]


def shift_month(d: date, months: int) -> tuple[int, int]:
    """(year, month) `months` months after (or before) the month of `d`."""
    index = d.year * 12 + d.month - 1 + months
    return index // 12, index % 12 + 1


def read_year(text: str, anchor: date) -> int:
    """A four-digit year, or a two-digit one ("'89") read as the nearest such year."""
    digits = text.strip("'’ ")
    if len(digits) == 4:
        return int(digits)
    year = anchor.year // 100 * 100 + int(digits)
    return min((year - 100, year, year + 100), key=lambda y: abs(y - anchor.year))


def pick_period(periods: list[tuple[date, date]], anchor: date, looking: str) -> tuple[date, date]:
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
    if ahead and ahead * NEAR_AHEAD_RATIO < 12 - ahead:
        return month_in_direction(month, anchor, FUTURE)[0]
    return month_in_direction(month, anchor, PAST)[0]


def valid_day(year: int, month: int, day: int) -> date | None:
    """The date, or None when there is no such day ("Feb. 30", Feb. 29 of a common year)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def day_in_direction(month: int, day: int, anchor: date, looking: str) -> date | None:
    """A month and day without a year: the occurrence nearest the anchor in the verb's direction.

    Past tense takes the latest one not after the anchor unless the next is under a third as
    far (a past-tense verb about a coming deadline); future the first not before it; no tense
    the nearest one."""
    candidates = [d for d in (valid_day(anchor.year + k, month, day) for k in (-1, 0, 1)) if d is not None]
    back = [d for d in candidates if d <= anchor]
    ahead = [d for d in candidates if d >= anchor]
    latest = max(back) if back else None
    earliest = min(ahead) if ahead else None
    if latest is None or earliest is None:
        return latest or earliest
    if looking == FUTURE:
        return earliest
    if looking == PAST:
        return earliest if (earliest - anchor).days * NEAR_AHEAD_RATIO < (anchor - latest).days else latest
    return earliest if (earliest - anchor).days < (anchor - latest).days else latest


def weekday_in_direction(weekday: int, anchor: date, looking: str, strict: bool = False) -> date:
    """A weekday without a date: the anchor day itself when it is that weekday (unless strict:
    "last Friday", "next Friday"), else the nearest one the verb points at."""
    if looking == FUTURE:
        ahead = (weekday - anchor.weekday()) % 7 or (7 if strict else 0)
        return anchor + timedelta(days=ahead)
    back = (anchor.weekday() - weekday) % 7 or (7 if strict else 0)
    return anchor - timedelta(days=back)


def spoken_number(words: str) -> int | None:
    """0-99 written in words ("ninety-one", "six", "oh five")."""
    words = words.lower().replace("-", " ").split()
    if not words:
        return None
    if words[0] in ("oh", "o"):
        words = words[1:]
        return UNIT_WORDS.index(words[0]) + 1 if len(words) == 1 and words[0] in UNIT_WORDS else None
    if len(words) == 1:
        w = words[0]
        if w in UNIT_WORDS:
            return UNIT_WORDS.index(w) + 1
        if w in TEENS:
            return 10 + TEENS.index(w)
        return TENS.get(w)
    if len(words) == 2 and words[0] in TENS and words[1] in UNIT_WORDS:
        return TENS[words[0]] + UNIT_WORDS.index(words[1]) + 1
    return None


def day_number(text: str) -> int | None:
    """A day of the month in digits or words ("6", "sixth", "twenty-first"), or None."""
    text = text.lower().replace("-", " ")
    if text.isdigit():
        return int(text)
    parts = text.split()
    if len(parts) == 2 and parts[0] in ("twenty", "thirty") and parts[1] in ORDINALS:
        return TENS[parts[0]] + ORDINALS[parts[1]]
    return ORDINALS.get(text)
