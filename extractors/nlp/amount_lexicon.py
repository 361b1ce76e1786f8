"""Number words, currencies, qualifiers and the patterns `amounts` reads: data apart from logic.

General English (number and scale words, currency signs and names, nouns that number a
position or name a thing by its number), never mined from any text; the rules that classify a
match live in `extractors/nlp/amounts.py`.
"""
from __future__ import annotations

import re

# Number words and their values ("six", "twenty", "a dozen"), scale words, currencies, qualifiers.
UNIT_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
               "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}
WORD_VALUES: dict[str, float] = {w: float(i) for i, w in enumerate(UNIT_WORDS)}
WORD_VALUES.update({w: float(v) for w, v in TENS.items()})
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
# The pattern of a number with its qualifier, currency, scale, percent sign or currency word.
_WORD_ALTERNATION = "|".join(sorted([w for w in WORD_VALUES if " " not in w], key=len, reverse=True))
_TENS_ALTERNATION = "|".join(TENS)
_QUALIFIER_ALTERNATION = "|".join(sorted((re.escape(q) for q in QUALIFIERS), key=len, reverse=True))
AMOUNT = re.compile(
    rf"(?:(?P<qual>\b(?:{_QUALIFIER_ALTERNATION}))\s+)?"
    rf"(?P<cur>US\$|[$€£¥₽₹])?\s?"
    rf"(?P<num>\d{{1,3}}\s\d{{1,2}}/(?:2|4|8|16|32|64)(?![\d/])"  # a mixed number, as in "6 3/8%" (rates, prices)
    rf"|\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?(?![\d,]\d)|\d+(?:\.\d+)?(?:s\b)?|\b(?:a dozen|a hundred|a thousand)\b"
    rf"|\b(?:{_TENS_ALTERNATION})-(?:one|two|three|four|five|six|seven|eight|nine)\b|\b(?:{_WORD_ALTERNATION})\b)"
    rf"(?P<scale>\s?(?:thousand|million|billion|trillion)\b|(?<=\d)(?:bn|mn|m|k)\b)?"
    rf"(?P<pct>\s?(?:%|per cent\b|percent\b|percentage points?\b))?"
    rf"(?P<curword>\s(?:dollars|euros|pounds|roubles|rubles|yuan|yen|rupees)\b)?",
    re.IGNORECASE,
)
# Calendar words: a number next to one is a date, not a count.
MONTH_WORDS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
                "dec"}
WEEKDAY_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "tues",
                  "wed", "thu", "thur", "thurs", "fri", "sat", "sun"}
# What opens a breakdown of a total ("50 staff — 20 doctors and 30 nurses").
BREAKDOWN = re.compile(r"^\s*(?:—|–|--|:|\(|,\s*(?:including|of which|of whom|among them|made up of)\b)")
# Nouns that number a position rather than count ("Step 3", "phase one", "Tier 0"): general
# English, by sense.
ORDINAL_NOUNS = frozenset({
    "step", "steps", "phase", "phases", "stage", "stages", "tier", "tiers", "chapter", "chapters", "season", "episode",
    "lesson", "grade", "level", "round",
})
# Nouns that name a thing by its number ("version 1809", "Event ID 1015", "No. 5"). Only words
# that are not followed by a count in ordinary prose ("the day 300 people died" is why "day"
# and "room" are not here).
IDENTIFIER_NOUNS = frozenset({
    "version", "v", "id", "no", "item", "page", "pages", "section", "article", "clause", "paragraph", "figure",
    "fig", "exit", "gate", "platform", "route", "flight", "highway", "interstate", "model", "port",
})
DURATION_UNITS = (r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|wks?|months?|mos?|years?|yrs?"
                  r"|decades?|centur(?:y|ies)|millenni(?:um|a))")
# A unit of time after a number makes it a duration; "ago", "later" after that a point in time.
DURATION_AFTER = re.compile(rf"^[-‑\s]*{DURATION_UNITS}\b(?![-‑\s]*old\b)", re.I)
POINT_IN_TIME_AFTER = re.compile(rf"^[-‑\s]*{DURATION_UNITS}\s+(?:ago|earlier|later|before|after|from now|hence)\b",
                                 re.I)
ORDINAL_SUFFIX = re.compile(r"^(?:st|nd|rd|th)\b", re.I)
NAME_LABELS = frozenset({"ORG", "PRODUCT", "FAC", "WORK_OF_ART", "EVENT", "LAW", "PERSON", "GPE", "NORP", "LOC"})
# Numbers that give no row: a clock time, a web address, a phone number, a gallery counter.
TIME_OF_DAY_AFTER = re.compile(r"^(?::[0-5]\d\b|\s?(?:a\.m\.|p\.m\.|am\b|pm\b))", re.I)
WEB_TOKEN = re.compile(r"@|://|\bwww\.|\.(?:com|org|net|gov|edu|html?|php|aspx?)\b", re.I)
PHONE = re.compile(r"(?<![\d-])(?:\+?1[-. ]?)?(?:\(\d{3}\)\s?|\d{3}[-. ])\d{3}[-. ]\d{4}(?!\d)"
                   r"|(?<!\d)1[-. ]8\d\d[-. ]\w")
COUNTER_LINE = re.compile(r"^\s*\(?\d{1,4}\s*(?:of|/)\s*\d{1,4}\)?\s*$", re.I)
# What joins the two ends of a range ("40 to 50", "$40-50").
RANGE_GAP = re.compile(r"^\s*(?:\(\d+\)\s*)?(?:[-–—‑]\s*to|-|–|—|‑|to|through|and)\s*$", re.I)
