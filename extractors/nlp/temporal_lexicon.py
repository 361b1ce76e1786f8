"""Calendar words, verbs of tense and the date rules' patterns: the data `temporal` reads.

General English and the calendar (month and weekday names, number words, verbs of reporting
and planning by sense), never mined from any text; the logic that resolves a match lives in
`extractors/nlp/temporal.py`.
"""
from __future__ import annotations

import calendar
import re

# Month and weekday names (full, abbreviated) to their numbers.
MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}

MONTH_RE = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|" \
           r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"  # a full name never takes the full stop

WEEKDAY_RE = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

YEAR_RE = r"(?:1[89]\d\d|20\d\d|2100)"

UNIT_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")

TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
         "nineteen")

TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}

ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
            "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
            "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
            "twentieth": 20, "thirtieth": 30}

DAY_WORD_RE = r"(?:(?:twenty|thirty)[-\s](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|" + \
              "|".join(sorted(ORDINALS, key=len, reverse=True)) + ")"

QUARTER_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}

DECADE_WORDS = {"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60, "seventies": 70,
                "eighties": 80, "nineties": 90}

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
SAME_IN_PAST = frozenset({"hurt", "put", "cut", "hit", "let", "cost", "shut", "quit", "spread", "bet", "cast",
                          "split", "read", "set", "beat", "burst", "forecast", "broadcast", "upset", "bid",
                          "rid", "thrust", "shed"})

FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo", "would", "may", "might", "could", "should", "must", "can",
                        "ca"})

# "this"/"last"/"next" quarter, year or month: the step from the anchor's.
STEP = {"this": 0, "current": 0, "last": -1, "past": -1, "previous": -1, "prior": -1, "next": 1, "coming": 1}

# Units an anaphor ("that year") may count from: a day named counts for a month or a year.
UNIT_RANK = {"day": 0, "month": 1, "year": 2}

NUMBER_WORDS = {w: i + 1 for i, w in enumerate(UNIT_WORDS)} | {w: 10 + i for i, w in enumerate(TEENS)} | \
    TENS | {"a": 1, "an": 1}

COUNT_RE = r"(?:\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|" \
           r"thirty|a few|a couple of|several)"

# The rules' patterns, in the order they claim text (bare years last: "in 2014"); `temporal.RULES`
# binds each to the function that resolves its matches.
RULE_PATTERNS: dict[str, re.Pattern[str]] = {
    "recurrence": re.compile(rf"\b(?:each|every)\s+(?:other\s+)?(?:{WEEKDAY_RE}|{MONTH_RE}|day|week|month|quarter|"
                             rf"year|morning|evening|night|weekend)\b|\b{WEEKDAY_RE}s\b", re.I),
    "boundary_of": re.compile(rf"\b(?:the\s+)?(?:end|beginning|start|middle|close)\s+of\s+(?P<inner>(?:the\s+)?"
                              rf"(?:year|month|quarter)\b|(?:this|last|next)\s+(?:year|month|quarter)\b|"
                              rf"{MONTH_RE}(?:\s+{YEAR_RE})?(?![\w.])|{YEAR_RE}\b)", re.I),
    "anaphoric": re.compile(r"\b(?:(?:that|the\s+(?P<which>same|following|next|previous|preceding|prior))\s+"
                            r"(?P<unit>day|month|year)|the\s+(?P<unit2>day|month|year)\s+"
                            r"(?P<which2>before|after)(?=\s*[,.;:)]))"
                            r"\b(?![-\s](?:old|long|earlier|ago))", re.I),
    "this_year": re.compile(r"\b(?:(?:the\s+)?(?:full|whole|entire|current|calendar)\s+year|(?:around\s+)?"
                            r"(?:the\s+)?year[-\s]end|(?:earlier|later)\s+in\s+the\s+year)\b(?![-\s](?:ago|earlier))",
                            re.I),
    "quarter": re.compile(rf"\b(?:(?:the|its|a|their)\s+)?(?:(?P<year>{YEAR_RE})\s+)?(?:(?P<rel>this|last|next)\s+"
                          rf"year'?s\s+)?(?:fiscal[-\s]+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)"
                          rf"[-\s](?:fiscal[-\s])?quarter\b(?!s)(?:\s+of\s+(?:fiscal\s+)?(?P<year2>{YEAR_RE}))?"
                          rf"|\bQ(?P<qn>[1-4])(?:\s+(?P<year3>{YEAR_RE}))?\b", re.I),
    "period_ref": re.compile(rf"\b(?:the\s+)?(?:(?P<which>year[-\s]earlier|year[-\s]ago|prior[-\s]year|latest|"
                             rf"current|comparable|corresponding|same|recent|just[-\s]ended|(?P<year>{YEAR_RE}))\s+)"
                             rf"(?:(?P<ord>first|second|third|fourth)\s+)?(?:fiscal\s+)?(?:quarter|period)\b"
                             rf"(?:\s+(?P<tail>(?:of\s+)?last\s+year|a\s+year\s+(?:ago|earlier)))?"
                             rf"|\b(?P<rel>last|this|previous|prior)\s+year'?s\s+(?:quarter|period)\b"
                             rf"|\b(?:the|this|that)\s+quarter\b(?!\s+(?:of|ended|ending)\b)(?!-)", re.I),
    "year_ago": re.compile(r"\b(?:a|one)\s+year\s+(?:ago|earlier|before)\b|\b(?:the\s+)?year[-\s](?:earlier|ago)"
                           r"\b(?!\s+(?:quarter|period))", re.I),
    "fiscal_year": re.compile(rf"\bfiscal(?:\s+year)?\s+(?P<year>{YEAR_RE}|'\d\d)\b|\b(?:the\s+)?(?P<rel>current|"
                              rf"this|last|next|previous|prior|coming)\s+fiscal\s+year\b", re.I),
    "decade": re.compile(r"\b(?:the\s+)?(?:(?:early|mid|late)[-\s]?)?(?:(?P<decade>(?:1[89]|20)\d0)'?s\b|"
                         r"['’](?P<short>\d0)s\b|(?P<word>twenties|thirties|forties|fifties|sixties|seventies|"
                         r"eighties|nineties)\b)", re.I),
    "spoken_year": re.compile(r"\b(?:(?:the\s+)?year\s+)?(?P<century>nineteen)[-\s](?:hundred\s+(?:and\s+)?)?"
                              r"(?P<rest>(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\s]"
                              r"(?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|"
                              r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|oh[-\s](?:one|two|three|four|"
                              r"five|six|seven|eight|nine))\b(?![-\s](?:hundred|thousand|million|percent))"
                              r"|\b(?:the\s+)?year\s+(?P<millennium>two\s+thousand)(?:\s+(?:and\s+)?(?P<rest2>one|"
                              r"two|three|four|five|six|seven|eight|nine|ten))?\b", re.I),
    "part_of": re.compile(rf"\b(?P<part>early|mid|late)[-\s]?(?:(?P<month>{MONTH_RE})(?:\s+(?P<year>{YEAR_RE}))?"
                          rf"|(?P<year_only>{YEAR_RE}))(?![\w'’])", re.I),
    "earlier_later_this": re.compile(r"\b(?P<which>earlier|later)\s+this\s+(?P<unit>week|month|year)\b", re.I),
    "month_day": re.compile(rf"\b(?:(?P<wd>{WEEKDAY_RE}),?\s+)?(?P<month>{MONTH_RE})\s+(?P<day>\d{{1,2}}|{DAY_WORD_RE})"
                            rf"(?:st|nd|rd|th)?(?![\d,]\d|:|\s*(?:percent|%|million|billion))\b(?:,?\s+"
                            rf"(?P<year>{YEAR_RE})\b)?|\b(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?"
                            rf"(?P<month2>{MONTH_RE})(?!\w)(?:,?\s+(?P<year2>{YEAR_RE})\b)?", re.I),
    "month": re.compile(rf"\b(?:(?P<mod>(?i:last|next|this(?:\s+(?:past|coming))?|past|coming))\s+)?"
                        rf"(?P<month>{MONTH_RE})(?![\w-]|['’](?!s\b))"
                        rf"(?:,?\s+(?P<year>{YEAR_RE})\b|\s+(?:of\s+)?(?P<rel>this|last|"
                        rf"next)\s+year\b|\s+of\s+(?P<year_of>{YEAR_RE})\b)?"),
    "weekday": re.compile(rf"\b(?:(?P<mod>last|next|this(?:\s+(?:past|coming))?|past|coming|early|late|earlier|"
                          rf"later)\s+)?(?P<wd>{WEEKDAY_RE})\b(?!s\b)", re.I),
    "deictic_day": re.compile(r"\b(?:(?:early|late|earlier|later)\s+)?(?P<day>today|yesterday|tomorrow|tonight)"
                              r"\b", re.I),
    "this_last_next": re.compile(r"\b(?:the\s+)?(?P<which>this|last|next|past|previous|coming|current)\s+"
                                 r"(?P<unit>week|month|quarter|year|decade)\b(?![-\s](?:old|long)\b)", re.I),
    "ago": re.compile(r"\b(?:(?:about|some|nearly|almost|around|roughly|more\s+than|less\s+than|over|just|only)\s+)?"
                      r"(?P<count>\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
                      r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:[-\s](?:one|two|three|four|"
                      r"five|six|seven|eight|nine))?|thirty|forty|fifty)\s+(?P<unit>day|week|month|year|decade)s?\s+"
                      r"ago\b", re.I),
    "for_units": re.compile(r"\bfor\s+(?:(?:many|several|some)\s+)?(?P<unit>days|weeks|months|years|decades)\b",
                            re.I),
    # A bare quantity of time ("five days before the strike", "over two years") is a length of
    # time, not a calendar date: dateparser would read "two years" as two years before the anchor.
    "bare_duration": re.compile(rf"\b(?:(?:about|some|nearly|almost|around|roughly|more than|less than|over|under|"
                                rf"up to|at least)\s+)?{COUNT_RE}[-\s](?P<unit>day|week|month|year|decade)s?\b"
                                rf"(?!\s+(?:ago|earlier|later|from now|old)\b|-old)", re.I),
    "year": re.compile(rf"(?<![\w$£€-])(?P<year>{YEAR_RE})(?![\w-]|,\d)"),
}

# Words (lower case) at least one of which is inside every match of a rule: a necessary
# condition, checked on the lowered text before the rule's regex runs. Why: each rule is a
# case-insensitive alternation with optional leading words and no literal prefix, so `re`
# tries it at every position of the article; the 21 scans cost about 40 ms per article while
# most rules find nothing. A substring test runs at memchr speed and skips the scans that
# cannot match, so the rules stay linear in the text with a small constant. The keys follow
# from each regex's structure (every alternative names one of them), not from any text.
MONTH_KEYS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
UNIT_KEYS = ("day", "week", "month", "quarter", "year", "decade")

RULE_KEYS: dict[str, tuple[str, ...]] = {
    "recurrence": ("each", "every", *WEEKDAY_KEYS),
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
    "month_day": MONTH_KEYS,
    "month": MONTH_KEYS,
    "weekday": WEEKDAY_KEYS,
    "deictic_day": ("today", "yesterday", "tomorrow", "tonight"),
    "this_last_next": UNIT_KEYS,
    "ago": ("ago",),
    "for_units": ("for",),
    "bare_duration": UNIT_KEYS,
    "year": ("18", "19", "20", "21"),
}

# Characters that re.IGNORECASE matches to an ASCII letter but str.lower() does not turn into
# it (Python's documented four: İ ı ſ K); mapped so the key test never skips a real match.
CASE_FOLDS = str.maketrans({"ı": "i", "ſ": "s", "\u0307": None, "\u212a": "k"})

# A part of the year longer than a quarter that earnings reports compare with the year before.
YEAR_TO_DATE = re.compile(r"\b(?:first|latest|past|the|these|those)\s+(?:six|nine|6|9)[-\s]months?\b", re.I)

# A time of day after or before a day ("Thursday evening", "10 p.m. Wednesday"): the row is a TIME.
TIME_AFTER = re.compile(r"(?:\s+|-)(?:morning|afternoon|evening|night|noon|midnight)\b", re.I)

TIME_BEFORE = re.compile(r"\b(?:\d{1,2}(?::\d\d)?\s*[ap]\.?m\.?(?:\s+(?-i:[A-Z]{2,4})\b)?|noon|midnight)"
                         r",?\s+(?:on\s+)?$", re.I)

# Model DATE spans that are ages, bare numbers or a boundary without its period.
NOT_DATES = re.compile(r"\d+[-\s]years?[-\s]old|^\d+$|^(?:the\s+)?(?:end|beginning|start)\s+of$", re.I)

# Model DATE spans that name no point in the calendar: "the day", "the past", "recent years",
# "the weekend" without a week. dateparser reads some of them as the anchor day.
NO_CALENDAR_VALUE = re.compile(r"^(?:the\s+)?(?:day|days|past|future|time|moment|period|season|weekend|"
                               r"(?:recent|coming|past|next|last|previous)\s+(?:days|weeks|months|years|decades))$",
                               re.I)

# "The Sunday Times", "Black Monday", "Good Friday": calendar words inside a name are not dates.
NAME_LABELS = frozenset({"ORG", "WORK_OF_ART", "EVENT", "PERSON", "FAC", "PRODUCT", "LAW", "GPE", "LOC", "NORP"})

MODAL_MONTHS = {"may", "march"}  # month names that are also verbs: kept only when the parser says PROPN
