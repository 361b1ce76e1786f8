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

# Units of measurement (general English and SI, by sense: length, area, mass, volume, cooking
# measures, temperature and angle, speed, pressure, energy and power, frequency, data,
# resolution). A number followed by one is a measurement ("15ml", "1.1°C", "8,000Hz", "a
# 125-degree view"), not a count of things. Spelling -> the symbol stored in `unit`. Read
# case-insensitively; the one-letter symbols below are read only glued to the number and in
# their own case ("56g", "60W", "12V"), since "5 W 42nd St" and "5G" are no measurements.
# Left out on purpose: "m" (also "million": "2.5m people"), "in" (a preposition), "l", "pounds"
# (also money), "K" (also thousand: "8K polling").
MEASURE_UNITS = {
    "mm": "mm", "millimeter": "mm", "millimeters": "mm", "millimetre": "mm", "millimetres": "mm",
    "cm": "cm", "centimeter": "cm", "centimeters": "cm", "centimetre": "cm", "centimetres": "cm",
    "meter": "m", "meters": "m", "metre": "m", "metres": "m", "km": "km", "kilometer": "km", "kilometers": "km",
    "kilometre": "km", "kilometres": "km", "inch": "in", "inches": "in", "ft": "ft", "foot": "ft", "feet": "ft",
    "yd": "yd", "yard": "yd", "yards": "yd", "mile": "mi", "miles": "mi", "nm": "nm", "nanometers": "nm",
    "sq ft": "sq ft", "sq. ft.": "sq ft", "sq. ft": "sq ft", "sqft": "sq ft", "square feet": "sq ft",
    "square foot": "sq ft", "square meters": "m²", "square metres": "m²", "m²": "m²", "km²": "km²",
    "square miles": "sq mi", "square kilometers": "km²", "square kilometres": "km²", "acre": "acre",
    "acres": "acre", "hectare": "ha", "hectares": "ha",
    "mg": "mg", "milligram": "mg", "milligrams": "mg", "gram": "g", "grams": "g", "kg": "kg", "kilogram": "kg",
    "kilograms": "kg", "kilos": "kg", "lb": "lb", "lbs": "lb", "oz": "oz", "ounce": "oz", "ounces": "oz",
    "ton": "t", "tons": "t", "tonne": "t", "tonnes": "t", "metric tons": "t",
    "ml": "ml", "milliliter": "ml", "milliliters": "ml", "millilitre": "ml", "millilitres": "ml", "liter": "l",
    "liters": "l", "litre": "l", "litres": "l", "gallon": "gal", "gallons": "gal", "gal": "gal", "fl oz": "fl oz",
    "pint": "pt", "pints": "pt", "quart": "qt", "quarts": "qt", "barrel": "bbl", "barrels": "bbl", "cup": "cup",
    "cups": "cup", "tablespoon": "tbsp", "tablespoons": "tbsp", "tbsp": "tbsp", "teaspoon": "tsp",
    "teaspoons": "tsp", "tsp": "tsp", "cc": "cc",
    "°c": "°C", "°f": "°F", "°": "°", "º": "°", "degree": "°", "degrees": "°", "kelvin": "K",
    "mph": "mph", "km/h": "km/h", "kph": "km/h", "knots": "kn", "psi": "psi", "bar": "bar",
    "calories": "kcal", "kcal": "kcal", "joules": "J", "kj": "kJ", "watt": "W", "watts": "W", "kw": "kW",
    "kilowatt": "kW", "kilowatts": "kW", "mw": "MW", "megawatt": "MW", "megawatts": "MW", "gw": "GW",
    "gigawatt": "GW", "gigawatts": "GW", "kwh": "kWh", "mwh": "MWh", "gwh": "GWh", "twh": "TWh", "volts": "V",
    "mah": "mAh", "horsepower": "hp", "hp": "hp",
    "hz": "Hz", "khz": "kHz", "mhz": "MHz", "ghz": "GHz", "db": "dB", "decibels": "dB",
    "kb": "KB", "mb": "MB", "gb": "GB", "tb": "TB", "bytes": "B", "kilobytes": "KB", "megabytes": "MB",
    "gigabytes": "GB", "terabytes": "TB", "mbps": "Mbps", "gbps": "Gbps", "kbps": "kbps",
    "dpi": "dpi", "ppi": "ppi", "fps": "fps", "mp": "MP", "megapixels": "MP", "pixels": "px", "px": "px",
}
GLUED_UNIT_SYMBOLS = {"g": "g", "W": "W", "V": "V"}
_UNIT_ALTERNATION = "|".join(re.escape(u) for u in sorted(MEASURE_UNITS, key=len, reverse=True))
# The unit right after an amount: a space, a hyphen ("a 125-degree view") or nothing between.
MEASURE_AFTER = re.compile(rf"^(?:[-‑]|\s)?(?P<unit>{_UNIT_ALTERNATION})(?![A-Za-z0-9²])", re.I)
GLUED_MEASURE_AFTER = re.compile(r"^(?P<unit>[gWV])(?![A-Za-z0-9])")
