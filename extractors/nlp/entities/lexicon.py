"""Word lists, name tables and patterns the entity rules read: data apart from the logic.

General English by sense (titles, verbs of speech, head words of kinds of names), never mined
from any article; the gazetteer lives in `extractors/nlp/data/gazetteer.tsv` and the common
initialisms in `extractors/nlp/data/common_initialisms.txt`.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

# Labels that go to the amounts / temporal tables instead.
NUMERIC_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})

ENTITY_LABELS = ("PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE")

# Spellings of the same name. Small on purpose: general, and each entry is a real variant.
ALIASES: dict[str, str] = {}

for _canonical, _variants in {
    "United States": ("US", "U.S.", "USA", "U.S.A.", "United States of America", "America", "the United States"),
    "United Kingdom": ("UK", "U.K.", "Britain", "Great Britain"),
    "United Nations": ("UN", "U.N."),
    "European Union": ("EU", "E.U."),
    "NATO": ("Nato", "North Atlantic Treaty Organization"),
    "Turkey": ("Türkiye",),
    "Kyiv": ("Kiev",),
    "Democratic Republic of the Congo": ("DRC",),
    "Czech Republic": ("Czechia",),
}.items():
    for _v in _variants:
        ALIASES[_v.lower()] = _canonical
    ALIASES.setdefault(_canonical.lower(), _canonical)

# Words that turn a short organisation name into its full form ("Wagner" -> "Wagner Group").
ORG_DESIGNATORS = frozenset({
    "group", "corporation", "corp", "corp.", "inc", "inc.", "company", "co", "co.", "ltd", "ltd.", "llc", "plc",
    "holding", "holdings", "party", "foundation", "institute", "institution", "agency", "bank", "pmc", "movement",
    "organisation", "organization", "association", "society", "union", "council", "committee", "network",
})

STOP_IN_ACRONYM = frozenset({"of", "for", "and", "the", "on", "in", "&", "de", "du", "des"})

POSSESSIVES = frozenset({"'s", "’s", "'", "’"})

# Last words that make a name a company or an institution ("Dick Clark Productions").
COMPANY_WORDS = frozenset({
    "inc", "inc.", "corp", "corp.", "corporation", "co", "co.", "company", "ltd", "ltd.", "llc", "plc", "gmbh", "ag",
    "sa", "s.a.", "nv", "bv", "l.l.c.", "l.l.c", "n.v.", "b.v.",
    "productions", "studios", "pictures", "entertainment", "media", "records", "labs",
    "technologies", "systems", "holdings", "partners", "capital", "ventures", "airlines", "airways", "motors",
    "pharmaceuticals", "bank", "group", "university", "college", "institute", "foundation", "association",
})

# Capitalised words that make a longer place name from a place ("Inner Mongolia").
DIRECTION_WORDS = frozenset({"Inner", "Outer", "Northern", "Southern", "Eastern", "Western", "Upper", "Lower",
                             "Greater", "Central", "North", "South", "East", "West"})

# Labels whose names are proper nouns; NORP ("American"), LANGUAGE and LAW are often adjectives
# or common-noun phrases and are left to the model.
PROPER_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT"})

LIST_JOINERS = frozenset({"and", "&", "or"})

INITIALISMS_PATH = Path(__file__).parents[1] / "data" / "common_initialisms.txt"


@lru_cache(maxsize=1)
def common_initialisms() -> frozenset[str]:
    """Initialisms that are common nouns ("AI", "PDF"): data in `extractors/nlp/data/`, general
    English, so a mention that is only one of them is not a named entity."""
    return frozenset(line.strip() for line in INITIALISMS_PATH.read_text(encoding="utf-8").splitlines()
                     if line.strip() and not line.startswith("#"))


QUOTE_MARKS = frozenset({'"', "“", "”", "«", "»"})

# A run-in heading: a few capitalised words opening a line and closed by a colon.
RUN_IN_LABEL = re.compile(r"^\W{0,3}(?:\d{1,2}[.)]\s*)?([A-Z][\w'’&/-]*(?:\s+[A-Za-z&][\w'’&/-]*){0,5})\s*:\s")

CAMEL_CASE = re.compile(r"^(?!Mc|Mac|O'|O’|De|Di|Da|Du|La|Le|Van|Von)[A-Z]?[a-z]+[A-Z]")

WEEKDAY_WORDS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})

NAME_CONNECTORS = frozenset({"of", "for", "de"})

BOX_DRAWING = re.compile(r"[\u2500-\u259f]")

CONFIG_LINE = re.compile(r"^\s*(?:-\s+)?[a-z][a-z0-9]*_?[a-z0-9_]*:\s")

# -- whole-article evidence ----------------------------------------------------------------------
# Titles that only precede a person's name (general English, by sense).
HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "prof", "prof.", "sir", "dame",
                        "rev", "rev.", "sen.", "rep.", "gov.", "lord", "lady"})

# Verbs of speech and thought, inflected (the pipeline has no lemmatizer): their subject is a person.
SPEECH_VERBS = frozenset({
    "said", "says", "say", "told", "tells", "added", "adds", "explained", "explains", "noted", "notes", "wrote",
    "writes", "asked", "asks", "recalled", "recalls", "argued", "argues", "insisted", "insists", "replied", "replies",
    "admitted", "admits", "remembered", "remembers", "laughed", "laughs", "joked", "jokes", "thinks", "thought",
    "believes", "believed", "feels", "felt", "smiled", "smiles", "recounted", "recounts", "shared", "shares"})

# Nouns an appositive uses for a person ("Burke Lennihan, a registered nurse") and for a company or
# a product ("Yves Rocher, a global beauty brand"): general English, by sense.
PERSON_ROLES = frozenset({
    "nurse", "doctor", "physician", "founder", "cofounder", "co-founder", "ceo", "president", "director", "editor",
    "author", "writer", "reporter", "journalist", "professor", "teacher", "student", "spokesman", "spokeswoman",
    "spokesperson", "chairman", "chairwoman", "chair", "manager", "officer", "minister", "secretary", "senator",
    "governor", "mayor", "lawyer", "attorney", "analyst", "economist", "scientist", "researcher", "engineer",
    "consultant", "counselor", "counsellor", "coach", "publisher", "owner", "partner", "executive", "host",
    "contributor", "graduate", "expert", "blogger", "member", "head", "chief", "leader", "actor", "actress",
    "singer", "artist", "player", "son", "daughter", "wife", "husband", "mother", "father", "resident", "tester"})

THING_NOUNS = frozenset({
    "company", "brand", "firm", "startup", "platform", "app", "tool", "service", "provider", "maker", "manufacturer",
    "retailer", "chain", "website", "site", "software", "product", "device", "system", "insurer", "label"})

# Titles of sovereigns that open a person's name ("King Henry VIII", "Pope Gregory XIII"): a name the
# model typed as a body or a place that starts with one is that person (general English). "Saint"/"St."
# are left out: they open towns and churches ("St. Paul", "St. Mary's").
SOVEREIGN_TITLES = frozenset({"king", "queen", "emperor", "empress", "tsar", "czar", "sultan", "pharaoh", "pope"})

# Lower-case particles inside a person's full name ("Henri de Valmont", "Ludwig van Beethoven").
NAME_PARTICLES = frozenset({"de", "da", "do", "dos", "das", "del", "della", "di", "du", "van", "von", "der", "den",
                            "la", "le", "bin", "ibn", "al"})

# Words after a one-word outlet's name that show it is the outlet ("Time magazine", "Fortune reported").
OUTLET_FOLLOWERS = frozenset({"magazine", "newspaper", "reported", "reports", "reporter", "journalist", "editor"})

# Contractions of a pronoun and a verb ("I’m", "we're"): the model sometimes glues "I’m" to the
# name after it ("I’m Dana"); no name starts with one.
PRONOUN_CONTRACTIONS = frozenset({"'m", "’m", "'re", "’re", "'ve", "’ve", "'ll", "’ll", "'d", "’d"})

# Titles written before a person's name (general English, by sense).
PERSON_TITLES = frozenset({
    "president", "senator", "sen.", "governor", "gov.", "rep.", "representative", "secretary", "minister", "chancellor",
    "judge", "justice", "general", "gen.", "pope", "mayor", "sheriff", "coach",
    "captain", "capt.", "lt.", "sgt.", "col.", "officer", "detective", "ambassador", "commissioner", "councilman",
    "councilwoman", "congressman", "congresswoman", "speaker", "chief", "director", "professor", "pastor", "father",
    "sister", "brother", "uncle", "aunt", "st.", "saint", "archbishop", "bishop", "rabbi", "imam", "vice"})

# Words that open or are a person's title or role: a capitalised run leading into one is a title
# ("Foreign Minister"), not the rest of a name.
TITLE_LIKE = HONORIFICS | PERSON_TITLES | PERSON_ROLES | frozenset({"prime", "deputy", "assistant", "associate",
                                                                     "acting", "former", "interim"})

# Nouns of public life a place or a party modifies ("Indiana voters", "GOP nominee"): evidence that the
# capitalised word is the place or the body, not a product's brand (by sense).
CIVIC_NOUNS = PERSON_TITLES | PERSON_ROLES | frozenset({
    "voters", "residents", "officials", "lawmakers", "legislature", "legislators", "police", "authorities",
    "nominee", "candidate", "candidates", "leaders", "leadership", "delegation", "delegates", "members", "senators",
    "state", "county", "city", "government", "court", "primary", "primaries", "caucus", "caucuses", "election",
    "platform", "establishment", "convention", "debate", "race", "campaign", "administration", "gov.", "sen.", "rep.",
    "democrats", "republicans", "attorney", "department", "university", "chapter", "branch"})

# Words before "by" that credit a person ("Reporting by", "Photo by", "This tip is by").
CREDIT_WORDS = frozenset({"reporting", "written", "edited", "editing", "photo", "photos", "photograph", "story",
                          "article", "illustration", "posted", "compiled", "interviewed", "is", "was", "words"})

# Product class nouns that also end firms' names ("Orrin Software", "Acme Systems"): not a product's head.
FIRM_NAME_HEADS = frozenset({"software", "systems", "system", "tool", "tools", "service", "services"})

# Labels a photo caption's credit opens with ("Photo Dana Reyes", "Image: Vexa Studio"): cut off the
# name the model glues them to (general English).
CREDIT_LABELS = frozenset({"photo", "photos", "photograph", "image", "images", "credit", "credits", "courtesy",
                           "illustration", "source"})

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})

# Prepositions that put a place after them ("in Lagos", "from Ohio").
PLACE_PREPOSITIONS = frozenset({"in", "at", "from", "to", "near", "across", "throughout", "outside", "inside", "around",
                                "into", "toward", "towards", "within", "between", "of", "via", "through", "over"})

ARTICLES = frozenset({"the", "a", "an"})
DETERMINERS = frozenset({"the", "a", "an", "our", "your", "its", "their", "this", "that", "these", "those", "my"})

_DEMONYM_WORDS = (r"(?:Dutch|French|Czech|Swiss|Welsh|Greek|Greeks|Thai|Basque|Scots|Inuit|Maori|Sikh|Sikhs|Jew|"
                  r"Jews|Muslim|Muslims|Hindu|Hindus|Arab|Arabs|Kurd|Kurds|Turk|Turks|Serb|Serbs|Croat|Croats|"
                  r"Tory|Tories|Democratic)")
DEMONYM_SHAPE = re.compile(r"^[A-Z][a-z]+(?:an|ans|ese|ish|i|is|ic|ics|ino|inos|ina|inas|ite|ites|ist|ists|crat|crats)$"
                           rf"|^{_DEMONYM_WORDS}$")
# The demonyms that have no demonym's ending: written in lower case they are still the people's word
# ("french bread"), so a lower-case use elsewhere does not make them common adjectives (eleventh pass).
DEMONYM_WORDS = re.compile(_DEMONYM_WORDS)

# Two-letter postal codes of US states after "City," ("Clifton, NJ"): general knowledge. Codes that
# are English words in capitals ("IN", "OR", "ME", "OK", "HI") are left out.
US_STATE_CODES = frozenset("AK AZ AR CA CO CT DC DE FL GA IA ID IL KS KY LA MA MD MI MN MO MS MT NC ND NE NH NJ NM "
                           "NV NY PA RI SC SD TN TX UT VA VT WA WI WV WY".split())

LINE_MARKERS = frozenset({"•", "-", "–", "—", "|", "*", "·", "►", "✓", ":"})

# Verbs of a user interface: what follows them is a button, a menu item or a field ("click Next",
# "select New Device Setup"), not a named entity. Present and -ing forms only: instructions use them.
UI_VERBS = frozenset({"click", "clicks", "clicking", "tap", "taps", "tapping", "select", "press", "pressing", "toggle",
                      "toggling"})

# Tags of function words: a word in capitals with one of them is that word shouted ("know WHO is in").
FUNCTION_TAGS = frozenset({"WP", "WDT", "WRB", "PRP", "PRP$", "DT", "IN", "CC", "MD", "RB", "EX", "VB", "VBP", "VBZ",
                            "VBD", "VBG", "VBN"})

# Possessive determiners a page uses for its own things ("our Wedding Checklist", "your Guest Count").
OWNER_DETERMINERS = frozenset({"our", "your", "my"})

THING_PRONOUNS = frozenset({"it", "its", "itself"})

LIST_KINDS = ("ORG", "PRODUCT", "GPE")

# Nouns an appositive uses for a product ("DolphinGemma, a proposed language model"), and verbs whose
# object is software or a device ("install Vesta", "download Qorvex"): general English, by sense.
PRODUCT_NOUNS = frozenset({"app", "application", "tool", "software", "product", "device", "model", "framework",
                           "library", "browser", "extension", "plugin", "plug-in", "add-on", "package", "program",
                           "camera", "phone", "smartphone", "laptop", "tablet", "console", "game", "chatbot",
                           "integration", "utility"})

PRODUCT_VERBS = frozenset({"install", "installs", "installed", "installing", "download", "downloads", "downloaded",
                           "downloading", "uninstall", "reinstall", "update", "updates", "updated", "updating",
                           "upgrade", "upgraded", "upgrading", "run", "runs", "running", "launch", "launching",
                           "configure", "configured", "configuring",
                           # sixth pass: what one uses is a tool ("using Vesta", "use Qorvo"); a body is joined,
                           # hired or asked, not used
                           "use", "uses", "used", "using"})

# Verbs by which a body brings out what it makes (eleventh pass): "Acme launched Vesta", "the company
# unveiled Vesta Pro". With an organisation as the subject, the object is a product or a service, not a
# second body; a person who launches something may found a company, so only a body's subject counts
# (general English, every form written out as `PRODUCT_VERBS` does).
LAUNCH_VERBS = frozenset({"launch", "launches", "launched", "release", "releases", "released", "unveil", "unveils",
                          "unveiled", "introduce", "introduces", "introduced", "debut", "debuts", "debuted",
                          "ship", "ships", "shipped"})

# Offices and staff only a body has ("CEO of X", "staff at X"): what they belong to is an organisation, not a place
# ("President of X" is a country's too) or a product (eleventh pass; general English).
EXECUTIVE_NOUNS = frozenset({"ceo", "cto", "cfo", "coo", "cmo", "chairman", "chairwoman", "employee", "employees",
                             "staff", "shareholders", "board"})

# Kin a person has and nothing else does (eleventh pass): "Dana's husband", "Reyes's daughter" make the
# possessor a person, whatever body or place the model read the name as (general English; "family" and
# "partner" are left out: firms have families of products and partners).
KIN_NOUNS = frozenset({"husband", "wife", "son", "daughter", "mother", "father", "mom", "dad", "brother", "sister",
                       "boyfriend", "girlfriend", "fiance", "fiancé", "fiancee", "fiancée", "grandmother",
                       "grandfather", "parents", "sons", "daughters", "brothers", "sisters", "husbands", "wives"})

# Head nouns of documents and tools a page offers ("... Insurance Report", "... Comparison Spreadsheet"):
# a name ending in one is a work or a page's tool, not an organisation (general English, by sense).
WORK_NOUNS = frozenset({"report", "spreadsheet", "checklist", "guide", "handbook", "template", "worksheet",
                        "calculator", "survey", "whitepaper", "newsletter", "podcast", "series", "toolkit", "workbook"})

# Prepositions that put an organisation after them ("works at Acme", "a grant from Acme", "CEO of Acme").
BODY_PREPOSITIONS = frozenset({"at", "from", "of", "with", "by", "for", "to", "via", "between", "against", "join",
                               "joined", "joins", "formerly"})

# Words before a place one goes to or through, and common nouns that follow a place's name ("Ueno
# station", "Nagano prefecture"): a name with them and no person's evidence is a place (general English).
# Prepositions that put only a place after them, never a body ("around X", "beyond X", "across X"):
# a one-word ORG named once after one of them shows no body's role (general English).
PLACE_ONLY_PREPOSITIONS = frozenset({"around", "beyond", "across", "throughout", "near", "towards", "toward",
                                     "inside", "outside", "along"})

PLACE_CUES_BEFORE = frozenset({"in", "at", "towards", "toward", "through", "around", "near", "inside", "across",
                               "visit", "visiting", "visited", "explore", "exploring", "explored"})

PLACE_NOUNS_AFTER = frozenset({"station", "park", "shrine", "temple", "street", "district", "island", "prefecture",
                               "garden", "gardens", "lake", "river", "mountain", "city", "town", "village", "county",
                               "province", "region", "airport", "beach", "valley", "bay", "castle", "market"})

# Head words of natural places and areas (LOC) and of sites one visits (FAC), general English by sense:
# "Lake Kawaguchi", "Arashiyama Bamboo Forest", "Roppongi Hills"; "Kasuga Taisha Shrine", "Yoyogi Park".
LOC_HEADS = frozenset({"lake", "lakes", "river", "mountain", "mountains", "mount", "mt.", "forest", "island", "islands",
                       "valley", "bay", "hills", "beach", "sea", "ocean", "desert", "peninsula", "coast", "district",
                       "canyon", "falls", "gulf", "strait"})

FAC_HEADS = frozenset({"shrine", "temple", "park", "garden", "gardens", "station", "airport", "bridge", "castle",
                       "tower", "stadium", "cathedral", "palace", "square", "plaza", "monument", "memorial", "pier",
                       "trail"})  # eleventh pass: a named trail is a route one walks, as a road is

# Head words that make a name an event, a law, a facility or an institution (general English, by
# sense). The small model's EVENT, LAW, FAC and WORK_OF_ART are rare in its training data and, on
# web pages, mostly wrong; a name of one of those kinds almost always carries such a word.
EVENT_WORDS = frozenset({"war", "battle", "marathon", "games", "olympics", "cup", "championship", "championships",
                         "festival", "conference", "summit", "expo", "election", "elections", "revolution", "crisis",
                         "hurricane", "storm", "earthquake", "tournament", "open", "grand", "prix", "fair", "week",
                         "congress", "convention", "forum", "awards", "oscars", "massacre", "uprising", "pandemic"})

# Event words no organisation's name ends in ("Rugby World Cup", "Boston Marathon"): a model ORG headed
# by one is the event ("... Conference", "... Games", "... Forum" can be bodies or companies).
EVENT_ONLY_HEADS = frozenset({"cup", "championship", "championships", "olympics", "marathon", "tournament", "war",
                              "battle", "prix", "massacre", "uprising", "pandemic", "hurricane", "election",
                              "elections"})

LAW_WORDS = frozenset({"act", "law", "code", "constitution", "treaty", "amendment", "bill", "regulation", "directive",
                       "accord", "accords", "agreement", "protocol", "charter", "statute", "ordinance", "rule"})

FACILITY_WORDS = frozenset({"airport", "bridge", "stadium", "arena", "center", "centre", "hall", "street", "avenue",
                            "road", "tower", "building", "palace", "museum", "hospital", "station", "square", "park",
                            "cathedral", "church", "mosque", "temple", "library", "theater", "theatre", "prison",
                            "base", "port", "highway", "tunnel", "dam", "castle", "gardens", "house", "plaza"})

INSTITUTION_WORDS = frozenset({"administration", "agency", "department", "ministry", "commission", "bureau"})

# Head nouns of organisations' names (general English): a phrase defined by its initials is a body
# when it ends in one ("Federal Motor Carrier Safety Administration (FMCSA)").
ORGANISATION_KINDS = COMPANY_WORDS | ORG_DESIGNATORS | INSTITUTION_WORDS | frozenset({
    "authority", "board", "office", "fund", "service", "services", "force", "forces", "center", "centre", "program",
    "programme", "court", "police", "army", "navy", "school", "academy", "team", "club", "league", "federation",
    "alliance", "coalition", "front", "assembly", "parliament", "congress", "senate", "trust", "exchange", "reserve",
    "unit", "command", "guard", "church", "hospital", "clinic", "museum", "library", "laboratory", "laboratories",
    "lab", "centers", "centres", "nations", "states", "consortium", "federation", "forum", "initiative", "project"})

# A token mixing letters and digits is a model number ("Z9", "X2D", "ESP32"); people, places and
# organisations rarely carry one.
MODEL_NUMBER = re.compile(r"^(?=.*[A-Za-z])(?=.*\d)[A-Za-z\d]+(?:-[A-Za-z\d]+)*$")

IDENTIFIER = re.compile(r"^[A-Z]{2,6}-\d{4,}(?:-\d+)*$")  # "CVE-2024-49113": a registry's id, not a name

UNIT_ONLY = re.compile(r"^\d+(?:[.,]\d+)?[A-Za-z]{1,3}$")  # "100MP", "8K", "45mm": a measure

MONTH_WORDS = frozenset({"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
                     "january", "february", "march", "april", "june", "july", "august", "september", "october",
                     "november", "december"})

# Shapes of a name's words that whole-article evidence reads (`evidence`): initials alone ("P."),
# a people's adjective ("Guatemalan"), an item's number ("Event ID 1015"), a model's number
# ("Sonic 7"), an initialism inside a person's name ("Canon EF-RF"; Roman numerals aside), a short
# place code ("ND"), an all-capitals initialism ("NYU").
INITIAL = re.compile(r"[A-Z]\.?")
PEOPLES_ADJECTIVE = re.compile(r"[A-Z][a-z]+(?:an|ese|ish)")
ITEM_NUMBER = re.compile(r"\d{3,}")
MODEL_NUMBER_TAIL = re.compile(r"\d{1,2}(?:\.\d+)?")
INITIALISM_WORD = re.compile(r"[A-Z]{3,}|[A-Z\d]*[A-Z][A-Z\d]*(?:-[A-Z\d]+)+")
ROMAN_NUMERAL = re.compile(r"[IVXL]+")
# Table cells glued together by a page rendered to text ("cleanup2Add", "setup4Deploy"):
# a lower-case word, a digit, then a capital inside one token. No name is written so.
# Characters of code, never of a name ("Should_Send_Headers", "numberOfFrames=", "Plan -> Result");
# the eighth pass: on the judged splits only wrong rows held them.
CODE_CHARACTERS = frozenset("=_<>{}")
# One word opening in lower case with dotted parts: a file name or a code identifier
# ("appsettings.Development.json", "model.fit"), not a name; domains open in capitals ("Bill.com").
DOTTED_IDENTIFIER = re.compile(r"[a-z][\w-]*(?:\.[\w-]+)+")
GLUED_CELLS = re.compile(r".*[a-z]{2}\d+[A-Z][a-z].*")
PLACE_CODE = re.compile(r"[A-Z]{2,3}")
INITIALISM = re.compile(r"[A-Z]{2,6}")
# A cited author as reference lists write one (Vancouver style): a surname, possibly double or
# hyphenated, then one to three initials without dots ("Garcia MJ", "Lopez-Ruiz A", "Kim Y-S.").
# `CITED_AUTHOR_AT` finds such authors where a list puts them (line start or after a comma, before
# a comma, a full stop or "et al"); a reference line also holds a year (`CITED_YEAR`).
_SURNAME = r"[A-Z][a-zß-ÿ'’]+(?:[- ][A-Z][a-zß-ÿ'’]+)?"
_INITIALS = r"[A-Z]{1,3}(?:-[A-Z])?"
CITED_AUTHOR = re.compile(rf"{_SURNAME} {_INITIALS}\.?")
CITED_AUTHOR_AT = re.compile(rf"(?:^|, ){_SURNAME} {_INITIALS}(?=[,.]| et al)")
CITED_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
# A line of source code as pages print it: ending in a brace or a semicolon, opening with a keyword
# of a programming or query language (lower case, as code writes them; SQL's upper case), or
# calling a function ("resized()"). `evidence.code_page` counts them.
CODE_LINE = re.compile(r"[{};]\s*$|^\s*(?:def|class|import|from|return|if|for|SELECT|const|let|var|function)\b|\w\(\)")

# What a class noun says of the names it introduces or stands beside: "scientists like X", "stores
# such as X", "festivals including X", "X, the most famous temple in Kyoto" (general English, by
# sense; singular forms, plurals are read by `kinds.class_of_noun`). "" marks a kind of thing that
# is no named entity's type here (a format, a benchmark, a dish, a plant): a name the model typed
# as a body, a person or a place there is dropped rather than kept mistyped.
_CLASS_NOUNS_BY_KIND = {
    "PERSON": PERSON_ROLES - {"partner", "member", "owner", "player", "head", "leader", "chief", "publisher",
                              "tester", "graduate"} | {
        "person", "people", "celebrity", "scientist", "star", "chef", "designer", "influencer", "politician",
        "athlete", "musician", "comedian", "creator", "youtuber", "guest"},
    "ORG": {"company", "firm", "retailer", "store", "shop", "chain", "startup", "bank", "airline",
            "organisation", "organization", "agency", "university", "college", "charity", "nonprofit", "insurer",
            "manufacturer", "maker", "vendor", "carrier", "publisher", "newspaper", "magazine", "outlet",
            "supermarket", "restaurant", "hotel", "lab", "institute", "team", "club", "band",
            "brand"},  # eleventh pass: "brands like X" (the audit types a brand as ORG)
    "PRODUCT": PRODUCT_NOUNS | {
        "database", "engine", "os", "microphone", "mic", "headphone", "vacuum", "robot", "car", "vehicle", "drone",
        "watch", "lens", "printer", "router", "console", "headset", "cam", "accelerator", "camera", "feature"},
    "EVENT": {"festival", "conference", "event", "summit", "expo", "tournament", "championship", "fair",
              "convention", "marathon", "race"},
    "GPE": {"city", "town", "village", "prefecture", "country", "state", "province", "capital", "county",
            "municipality"},
    "LOC": {"district", "neighbourhood", "neighborhood", "island", "region", "area", "mountain", "lake", "river",
            "beach", "valley", "peninsula", "desert", "forest"},
    "FAC": {"temple", "shrine", "attraction", "museum", "park", "garden", "station", "landmark", "castle", "palace",
            "tower", "bridge", "stadium", "airport", "cathedral", "church", "monument", "street", "market", "mall"},
    "LAW": {"law", "regulation", "statute"},
    # eleventh pass: "books including X and Y", "films like X": titles the model reads as bodies and people
    "WORK_OF_ART": {"book", "novel", "film", "movie", "song", "album", "podcast", "documentary", "painting",
                    "memoir"},
    # eleventh pass: "languages such as X", "X became the most used language": programming and natural languages
    # alike are LANGUAGE (the audit's strictness), which the model types as bodies by their capitals
    "LANGUAGE": {"language"},
    "": {"requirement", "format", "benchmark", "standard", "protocol", "algorithm", "technique", "method",
         "technology", "setting", "mode", "dish", "food", "plant", "flower", "ingredient", "material", "fabric",
         "disease", "condition", "term", "metric", "style", "genre", "exercise", "recipe", "project", "paper",
         "course", "plan", "certification", "exam", "test", "breed", "variety", "grape"},
}
# Class nouns of natural places: "the islands of X and Y" makes them LOC even where the model said GPE, while a
# vague place noun ("areas like X") leaves a place's label as it is (eleventh pass; a subset of the LOC class).
NATURAL_PLACE_NOUNS = frozenset({"island", "mountain", "lake", "river", "beach", "valley", "peninsula", "desert",
                                 "forest"})
# Names of generations ("Gen Z", "Generation Alpha", "Millennials", "Boomers"): cohorts of an age, no body,
# person or product (eleventh pass; general English).
GENERATION_NAME = re.compile(r"(?:Gen(?:eration)?[- ]?(?:X|Y|Z|Alpha)(?:ers|s)?|Millennials?|Zoomers?|"
                             r"(?:Baby )?Boomers?)")

# Class nouns that name a firm and its line of products alike: they type a name only when no other class noun
# around it disagrees ("brands such as X" yields to "X, an eCommerce app"; eleventh pass).
BROAD_CLASS_NOUNS = frozenset({"brand", "brands"})
CLASS_NOUN_KINDS: dict[str, str] = {noun: kind for kind, nouns in _CLASS_NOUNS_BY_KIND.items() for noun in nouns}
assert len(CLASS_NOUN_KINDS) == sum(map(len, _CLASS_NOUNS_BY_KIND.values())), "a class noun with two kinds"

# Verbs whose subject names the class of their objects ("the features include X"), and copulas whose
# complement names the class of their subject ("X is a file format").
INCLUDE_VERBS = frozenset({"include", "includes", "included"})
COPULAS = frozenset({"is", "was", "are", "were", "remains", "became", "becomes"})

# Prepositions that introduce examples of a class noun ("tools like X", "benchmarks such as X",
# "stores including X").
EXAMPLE_PREPOSITIONS = frozenset({"like", "including", "as"})

# Words of going after which "to"/"by" puts a destination ("trips to X", "head to X", "make your way
# to X", "stopping by X"): general English. "go"/"went" and "move" are left out: one goes to a
# university and moves to a company.
DESTINATION_HEADS = frozenset({"trip", "trips", "head", "heads", "heading", "headed", "travel", "travels", "traveled",
                               "travelled", "traveling", "travelling", "walk", "walks", "walked", "walking", "drive",
                               "drove", "driving", "fly", "flew", "flying", "flight", "flights", "way", "ride",
                               "stroll", "hike", "journey", "stop", "stopping", "stopped", "excursion", "detour"})

# Class nouns of concrete things that, as the last word of a capitalised phrase, make it a thing's
# common name written in title case ("Snake Plant", "Vlog Mode", "Sourdough Recipe"), not a
# body, a person or a place (general English, by sense; a subset of the "" class above).
THING_HEADS = frozenset({"plant", "flower", "dish", "food", "ingredient", "mode", "setting", "format",
                         "benchmark", "breed", "variety", "grape", "recipe", "exercise", "fabric", "material"})

# Verbs that open a call to action in the imperative ("Contact Acme Plumbing today", "Call Vela Home
# Services"): capitalised by the sentence start, glued by the model to the name that follows them.
CALL_TO_ACTION_VERBS = frozenset({"contact", "call", "visit", "email", "e-mail", "ask", "hire", "choose", "trust",
                                  "join", "follow", "book", "text", "message"})

# Small shapes the rules read, compiled once.
LIST_NUMBER = re.compile(r"\d{1,2}[.)]")  # "3." or "3)" numbering a list item
VERSION_OR_MARK = re.compile(r"v\d+|[®™]")  # what follows a product's name: "v2", "®"
NUMBER_OR_VERSION = re.compile(r"\d{1,2}|v\d+(?:\.\d+)?")  # "Windows 11", "Node v18.2"
NAME_PART_SEPARATOR = re.compile(r"[- ]")
LETTER_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
SHORT_INITIALISM = re.compile(r"[A-Z]{2,6}s?")
NAME_WORD_SHAPE = re.compile(r"[A-Za-z][A-Za-z0-9&'’.-]*")
NAME_CHARACTERS = re.compile(r"[\w.&'’ -]+")
NUMBER_OPENING = re.compile(r"\d+(?:[.,]\d+)*")  # a span opening with a number ("62.21 Mbps")
NUMBER_BEFORE = re.compile(r"(?P<number>\d+(?:[.,]\d+)*)[ \u00a0]?$")  # a number right before a span
