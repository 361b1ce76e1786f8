"""Word lists and patterns of bylines and datelines: month and zone names, the cues that
introduce a writer ("By", "Written by"), job titles, organisation words, name particles, the
labels a dateline carries.

Why apart from `bylines.py`: the lists follow what news sites print and grow with them, while
the reading rules stay the same. Plain data only; limits live in `settings.cleaning`.
"""
from __future__ import annotations

import re

# --------------------------------------------------------------------------- dates
MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
         r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
ORDINAL = r"(?:st|nd|rd|th)?"
DATE_RX = re.compile(
    r"(?<![\w/.-])(?:"
    rf"{WEEKDAY}(?P<m1>{MONTH})\.?\s+(?P<d1>\d{{1,2}}){ORDINAL},?\s+(?P<y1>(?:19|20)\d\d)"
    rf"|{WEEKDAY}(?P<d2>\d{{1,2}}){ORDINAL}\s+(?:of\s+)?(?P<m2>{MONTH})\.?,?\s+(?P<y2>(?:19|20)\d\d)"
    r"|(?P<y3>(?:19|20)\d\d)(?P<sep3>[-./])(?P<m3>\d\d)(?P=sep3)(?P<d3>\d\d)"
    r"(?:[T ](?P<iso_t>\d\d:\d\d(?::\d\d)?)"
    r"(?P<iso_z>Z|[+-]\d\d:?\d\d)?)?"
    r"|(?P<a4>\d{1,2})(?P<sep4>[/.])(?P<b4>\d{1,2})(?P=sep4)(?P<y4>(?:19|20)\d\d)"
    r")(?![\d-])", re.I)
TIME_RX = re.compile(
    r"(?<![\w:])(?P<h>\d{1,2})(?::(?P<mi>\d\d))?(?::\d\d)?\s*(?P<ap>[aApP]\.?\s?[mM]\.?)?"
    r"(?:\s*\(?(?P<tz>[A-Z]{2,5}|(?:GMT|UTC)\s*[+-]\s*\d{1,2}(?::?\d\d)?|[+-]\d\d:?\d\d)\)?)?"
    r"(?![\w:])")

# Zone abbreviations as news sites print them: the fixed ones by offset, the generic ones
# ("ET", "PT": whichever of standard or daylight time applies that day) by IANA zone.
FIXED_ZONES = {
    "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "BST": 60, "IST": 330, "CET": 60, "CEST": 120,
    "EET": 120, "EEST": 180, "MSK": 180, "EST": -300, "EDT": -240, "CST": -360, "CDT": -300,
    "MST": -420, "MDT": -360, "PST": -480, "PDT": -420, "AKST": -540, "AKDT": -480,
    "HST": -600, "AEST": 600, "AEDT": 660, "ACST": 570, "AWST": 480, "NZST": 720,
    "NZDT": 780, "JST": 540, "KST": 540, "HKT": 480, "SGT": 480, "PHT": 480,
}
GENERIC_ZONES = {"ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver",
                 "PT": "America/Los_Angeles"}

# Labels that say which date a dateline gives
UPDATED_LABEL = re.compile(r"\b(?:updated|modified|revised|edited|refreshed|reviewed)\b", re.I)
PUBLISHED_LABEL = re.compile(r"\b(?:published|posted|first published|released|written|date)\b", re.I)

# --------------------------------------------------------------------------- names
CUE = re.compile(r"^\s*(?:(?:written|words|reporting|story|text|posted|published|"
                 r"compiled|article|authored)\s+)?by\s*:?\s+|^\s*authors?\s*(?::|\s)\s*", re.I)
WEAK_CUE = re.compile(r"^\s*authors?\s+(?!by\b)", re.I)  # "Author Jane Roe": a label, no colon
# the cues that name the writer outright, trusted anywhere on a page (not a bare "By")
STRONG_CUE = re.compile(r"^\s*(?:written|posted|authored|story|words)\s+by\s*:?\s+\S|"
                        r"^\s*authors?\s*:\s*\S", re.I)
# a sentence about the article itself naming its writer ("This post was written by Jane Roe");
# not any "written by" ("The song, written by Paul Simon, ...")
WRITTEN_BY = re.compile(r"\b(?:this|the)\s+(?:post|article|story|piece|guide|review|blog(?:\s+post)?|"
                        r"report|column|essay)\b[^.]{0,30}?\b(?:written|authored)\s+by\s+(?=[A-Z])",
                        re.I)
# a reader comment's header: "by jdoe ( 1234 ) writes:", "Jane Roe says:"
COMMENT_HEADER = re.compile(r"\b(?:writes|wrote|says|said|replies|replied)\s*:\s*$", re.I)
MID_BY = re.compile(r"\s(?:written\s+|posted\s+)?by\s*:?\s+(?=[A-Z])", re.I)
# "Reviewed by", "Edited by", "Photos by": a credit, but not for the article's words
NOT_AUTHOR_CUE = re.compile(r"\b(?:reviewed|edited|fact[- ]checked|checked|photos?|"
                            r"photographs?|images?|illustrat\w*|video|graphics?|"
                            r"translated|produced|designed|sponsored|powered|presented|"
                            r"hosted|moderated|narrated|curated)\s+by\b", re.I)
# Job titles and desk words: a byline's "Staff Writer", "Senior Correspondent"
ROLE_WORDS = frozenset("""writer writers reporter reporters correspondent correspondents editor
editors contributor contributors columnist columnists journalist journalists author authors
staff analyst analysts producer producers intern interns expert experts specialist specialists
strategist manager director founder cofounder co-founder ceo cto cfo coo president chief head
coordinator officer consultant advisor adviser fellow professor scientist engineer developer
designer lead senior junior associate assistant managing executive deputy contributing special
freelance freelancer guest photographer researcher researchers economist host anchor blogger
bloggers team desk newsroom board""".split())
# Words that make a name an organisation: a news agency, an outlet, a company
ORG_WORDS = frozenset("""press news newswire wire agency agencies media times post journal
herald tribune gazette magazine network networks bureau service services inc inc. llc ltd
ltd. corp corp. company group reuters afp bloomberg associated broadcasting radio television
tv online daily weekly publishing publications foundation institute university college
association society council department""".split())
# Small words inside names ("Ludwig van Beethoven", "Ibn Saud")
PARTICLES = frozenset("de del della der di da dos das du la le van von den ten ter bin ibn "
                      "al el st. y".split())
CREDENTIAL = re.compile(r"^(?:[A-Z][A-Za-z]?\.){1,4}[A-Z]?[A-Za-z]?\.?$|^[A-Z]{2,6}$|"
                        r"^(?i:ph\.?d|m\.?d|jr|sr|esq|ii|iii|iv|cpa|rn|rd|ms|ma|mba|dvm)\.?$")
# A name line without "By" counts only in the wire-service shape "Tom Davies Associated Press"
AGENCY_END = frozenset("press reuters afp bloomberg newswire wire".split())
# Words a byline element holds besides names ("Updated", "Share"): never a person
LABEL_WORDS = frozenset("""published updated posted modified written by author authors date
share follow comments comment reviewed edited min read minutes views""".split())
# between the names of a byline ("A, B and C") / where the names end (a separator, a label)
NAME_SPLIT = re.compile(r"\s*(?:,|;|\s&\s|\band\b|\s/\s|\|)\s*")
NAME_CUT = re.compile(r"\s+(?:[|•·—–]|-\s)\s*|\s+(?=(?:published|updated|posted|last updated|"
                      r"on|at|in|for|from|via)\b)|\s*\(", re.I)
# one word of a name: capitalised, an initial, or camel case ("McDonald")
NAME_TOKEN = re.compile(r"^(?:[A-Z][\w'’.-]*|[A-Z]\.|[A-Z][a-z]*[A-Z][\w'’-]*)$")
# words a name never starts with
LEADING_NOT_NAME = frozenset("the a an our your this that these those my his her their its "
                             "all more about share follow read see view on in at for with from to of".split())

# a list bullet in front of a candidate line
BYLINE_BULLET = re.compile(r"^(?:[*+•·▪◦‣o]|-)\s+")
# rendered pages glue neighbouring inline elements: "Korin MillerPublished Jan 3, 2025"
GLUED_LABEL = re.compile(r"(?<=[a-z])(?=(?:Published|Updated|Posted|Last [Uu]pdated|Written|"
                         r"Reviewed|Fact[- ]checked|Edited)\b)")

# a line without one of these cues or an agency at its end names nobody
MAY_NAME = re.compile(r"\b(?:by|authors?)\b|\b(?:press|reuters|afp|bloomberg|newswire|wire)\W*$",
                      re.I)

# Where a byline line changes subject: "By Jane Roe | June 3", "Reviewed by X — Written by Y"
SEGMENT = re.compile(r"\s+[|•·●⋅∙—–]\s+|\s+-\s+|"
                     r"(?<!\bDr)(?<!\bMr)(?<!\bMs)(?<!\bSt)(?<!\bJr)(?<!\bSr)(?<!\bMrs)"
                     r"(?<=\w\w)\.\s+(?=[A-Z])")

# --------------------------------------------------------------------------- datelines
# what a dateline holds besides its date: labels, clock words, zone abbreviations, separators
DATELINE_FILLER = re.compile(
    r"\b(?:published|updated|posted|last|first|modified|on|at|by|date|time|am|pm|a\.m\.|"
    r"p\.m\.|min(?:ute)?s?|read|reading|(?-i:[A-Z]{2,5}))\b|[|•·,:@()\-–—]", re.I)

# --------------------------------------------------------------------------- titles
# common words of four letters or more that do not tie a headline to its lede
TITLE_STOP = frozenset("this that with from your have what when will more about they their "
                       "there which were been into than them then these those also just".split())

# a byline or dateline label alone on its line ("Written by", "Published on")
LABEL_ONLY = re.compile(r"^(?:(?:written|posted|published|story|words|reporting)\s+by|by|"
                        r"authors?|published(?:\s+on)?|posted(?:\s+on)?|date|"
                        r"first published(?:\s+on)?)\s*:?$", re.I)

# --------------------------------------------------------------------------- small shapes
ZONE_OFFSET = re.compile(r"(?:GMT|UTC)?([+-])(\d{1,2}):?(\d\d)?")  # "+05:30", "GMT-4"
CLOCK_LEAD = re.compile(r"[\s,|•·-]*(?:at\s+|@\s*)?")  # between a date and its clock time
MIDDLE_INITIAL = re.compile(r"[A-Z]\.?")  # the "Q." of "John Q. Public"
IN_CATEGORY = re.compile(r"\s+in\s+")  # "Jane Roe in Politics"
WEB_ADDRESS = re.compile(r"\w\.[a-z]{2,}$")  # "accountingdepartment.com"
CONTENT_WORD = re.compile(r"[a-z]{4,}")  # a headline's and a lede's words of four letters or more
