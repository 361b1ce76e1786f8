"""Entity mentions and their per-document canonical names.

The mentions come from the pipeline in `extractors/nlp/model.py` (statistical NER + gazetteer
ruler). spaCy has no coreference in the small English pipeline, so short forms are joined
to their full forms here with a few transparent rules, applied inside one document only:

- a person's surname or first name alone ("Kirby") joins the one full name in the document
  that starts or ends with it ("John Kirby"); with two candidates it stays unresolved;
- an organisation's leading words ("Wagner") join the one longer organisation name that
  starts with them and adds only a designator ("Wagner Group"); an acronym joins the
  name whose initials it spells ("CIA" <- "Central Intelligence Agency");
- a small alias table joins spellings of the same country or body ("U.S." = "US").

A single-token ORG/GPE/NORP mention that equals the surname of a person named in full in
the same document is relabelled PERSON: the small model reads bare surnames it has not
seen ("Prigozhin") as organisations. A surname the model reads as a person ("Claure said")
also joins a two- or three-word name the model typed otherwise ("Marcelo Claure", ORG), and
the entity becomes a PERSON; a name ending in a company word ("Dick Clark Productions",
"Acme Inc") is an ORG whatever the model said.

Mentions are cleaned before resolution:
- a list the model read as one name is split at its commas and its last "and"/"&"
  ("CBS All Access, Disney and Hulu" -> three organisations);
- a place preceded by a capitalised direction word ("Inner Mongolia", "Northern Cape") is
  one place, not a NORP and a country;
- a single-word gazetteer outlet or organisation inside a longer capitalised run or a
  hyphenated compound is not that outlet ("Time Management", "Real-Time" are not Time);
- a model mention that is only common words capitalised by a heading or a sentence start
  is dropped: every word of it is written in lower case elsewhere in the article
  ("Organizational Skills" where the text says "organizational skills"), or none of its
  tokens is a proper noun ("Continuous monitoring", "Combine the flour");
- an initialism used like a common noun (listed in `extractors/data/common_initialisms.txt`,
  spelled out before it in lower case, pluralised, or after "a"/"an") is dropped; a model
  PERSON/GPE/LOC/NORP with a digit is a PRODUCT ("Canon R5"), one in camel case an ORG
  ("LinkedIn");
- a possessive inside a name splits off an owner named alone elsewhere ("Bloomreach's Loomi
  AI" -> "Bloomreach"; "Runner's World" stays whole), a quote mark or trailing lower-case words
  end a name, slash pairs and hashtags are dropped, and a one-word place or organisation glued
  to a following PERSON is that person's first name ("Rudri Bhatt Patel").

After resolution, `weigh_evidence` keeps an entity only when the whole article supports its
name and type (see its docstring): a PERSON needs a person's evidence (a title, a verb of
speech, a credit line, a person's appositive, he/she nearby) or must lack a product's marks;
a one-word model GPE needs a place's evidence; a NORP a demonym's shape; an unknown
initialism must act as a name; EVENT/LAW/FAC/WORK_OF_ART need their kind's head word or
quotation marks; model numbers make PRODUCTs; words capitalised only by position, title-cased
common phrases and terms spelled out before their initials are dropped. Dropping a doubtful
row is preferred to typing it wrong: the table is read for its precision.

Third pass (structure, dependency roles, lists; issue 20):
- a place or an organisation cut out of a longer capitalised name is completed ("Hong Kong" ->
  "Hong Kong University of Science and Technology", ORG) or, when the longer name's kind is
  unknown ("Georgia Tech"), dropped (`_completed_name`); a run leading into a title ("Russian
  Foreign Minister") is left alone;
- words in box-drawing diagrams and configuration lines, units glued to a number ("12,800Pa"),
  function words and verbs in capitals ("WHO is", "to START"), controls after an interface verb
  ("click Next") and the page's own tools ("our Wedding Checklist") are no names;
- items of one list share a kind (`_list_kind`: "Siri and Alexa"); what one installs or runs,
  what an appositive calls a framework or an app, what follows an organisation's possessive,
  and an organisation's name plus common words ("Bloomreach Engagement") are PRODUCTs;
- a one-word PERSON governed by an article or followed by "it" is a thing; a PERSON-typed name
  where places stand ("walk to X", "X station") is dropped; names headed by a natural place or
  a site ("Lake X", "X Shrine") are LOC/FAC; an honorific, or a verb of speech with he/she,
  makes a person-shaped name a PERSON;
- doubtful organisations are dropped: one named once in no role a body takes, one that only
  modifies a common noun ("the Zentrix framework"), one named for a document ("... Report"),
  and initials of a product spelled out before them ("Splashtop Secure Workspace (SSW)").
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span

from extractors.nlp.model import is_outlet
from extractors.nlp.sentences import SentenceIndex

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
_STOP_IN_ACRONYM = frozenset({"of", "for", "and", "the", "on", "in", "&", "de", "du", "des"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
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
_PROPER_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT"})
_LIST_JOINERS = frozenset({"and", "&", "or"})
_INITIALISMS_PATH = Path(__file__).parent / "data" / "common_initialisms.txt"
# How capitalised a line must be, and how short, to be a heading (where capitals are style).
HEADING_MAX_WORDS = 12
HEADING_MIN_CAPITALISED = 0.6


@lru_cache(maxsize=1)
def common_initialisms() -> frozenset[str]:
    """Initialisms that are common nouns ("AI", "PDF"): data in `extractors/data/`, general
    English, so a mention that is only one of them is not a named entity."""
    return frozenset(line.strip() for line in _INITIALISMS_PATH.read_text(encoding="utf-8").splitlines()
                     if line.strip() and not line.startswith("#"))


@dataclass
class Mention:
    start: int
    end: int
    text: str
    label: str
    model_label: str
    source: str  # model | rule
    category: str  # outlet | org | country | place | person | product | "" (from the gazetteer id)
    sentence_index: int
    canonical: str = ""
    resolution: str = "self"  # self | alias | partial_name | prefix | acronym


@dataclass
class Entity:
    index: int
    canonical: str
    label: str
    category: str
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class EntityResult:
    mentions: list[Mention]
    entities: list[Entity]
    by_canonical: dict[str, Entity]

    def inside(self, start: int, end: int) -> list[Mention]:
        """Mentions lying within [start, end), in text order."""
        return [m for m in self.mentions if m.start >= start and m.end <= end]

    def entity_of(self, mention: Mention) -> Entity:
        return self.by_canonical[mention.canonical]


def _key(text: str) -> str:
    return text.replace("’", "'").lower()


_QUOTES = frozenset({'"', "“", "”", "«", "»"})


def _char_after(span: Span) -> str:
    """The character right after `span` in the text, without rebuilding `doc.text` (O(document))."""
    last = span.doc[span.end - 1]
    if last.whitespace_:
        return last.whitespace_[:1]
    return span.doc[span.end].text[:1] if span.end < len(span.doc) else ""


def _trimmed(span: Span) -> Span | None:
    """Drop a leading determiner and a trailing possessive: "the Wagner Group's" -> "Wagner Group"."""
    doc = span.doc
    start, end = span.start, span.end
    while start < end and (doc[start].lower_ in {"the", "a", "an"} or doc[start].is_punct or doc[start].is_space
                           or doc[start].text in _POSSESSIVE or doc[start].lower_ in {"'s", "’s"}):
        start += 1
    for k in range(start + 1, end):
        plural_owner = doc[k].text in {"'", "’"} and doc[k - 1].text.endswith("s") and k < end - 1
        owner = plural_owner or doc[k].text in _POSSESSIVE and k < end - 1 and any(
            e.text == doc[start:k].text and _char_after(e) not in {"-", "‑", "'", "’"} for e in doc.ents)
        if doc[k].text in _QUOTES or owner:
            # "C3 “IRK": a quote opens another phrase. "Bloomreach’s Loomi AI": an owner named on its own
            # elsewhere and its product; the owner is the name ("Runner’s World", never "Runner", stays whole)
            end = k
            break
    while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct or doc[end - 1].is_space
                           or (doc[end - 1].is_lower and doc[end - 1].is_alpha
                               and not (end - 2 >= start and doc[end - 2].text in {"-", "‑"}))):
        end -= 1  # "Optum healthcare services": a name does not end in lower-case words ("Ki-moon" does)
    if end <= start:
        return None
    opened = [t.i for t in doc[start:end] if t.text == "("]
    if opened and not any(t.text == ")" for t in doc[opened[-1]:end]):
        end = opened[-1]  # "Artificial Intelligence (AI": the parenthesis is not part of the name
        while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
            end -= 1
        if end <= start:
            return None
    return doc[start:end]


def _split_at(span: Span) -> list[Span]:
    """Split "X Project at the Y Center" into its two organisations.

    Why a rule: the small model tags "<unit> at <institution>" as one ORG; "at" never
    belongs inside an organisation's name, so both sides are kept when each is capitalised.
    """
    if span.label_ != "ORG":
        return [span]
    for tok in span:
        if tok.lower_ == "at" and tok.i > span.start and tok.i < span.end - 1:
            left = span.doc[span.start:tok.i]
            right = _trimmed(span.doc[tok.i + 1:span.end])
            if right is not None and left[0].text[:1].isupper() and right[0].text[:1].isupper():
                return [Span(span.doc, left.start, left.end, label="ORG"),
                        Span(span.doc, right.start, right.end, label="ORG")]
    return [span]


def _initials(name: str) -> str:
    words = [w for w in name.replace("-", " ").split() if w.lower() not in _STOP_IN_ACRONYM]
    return "".join(w[0] for w in words if w[:1].isalpha()).upper()


def _split_list(span: Span) -> list[Span]:
    """Split "CBS All Access, Disney and Hulu" into its names.

    Why: the model tags a comma list of names as one entity. A comma never sits inside a name
    here (except before a company suffix, "Acme, Inc."); "and"/"&"/"or" splits only a list
    (the span had a comma, or a comma precedes it), so "Bosnia and Herzegovina" and "Procter &
    Gamble" stay whole.
    """
    doc = span.doc
    cuts = [t.i for t in span if t.text == "," and not (t.i + 1 < span.end and doc[t.i + 1].lower_ in COMPANY_WORDS)]
    listed = bool(cuts) or (span.start > 0 and doc[span.start - 1].text == ",")
    if listed:
        cuts += [t.i for t in span if t.lower_ in _LIST_JOINERS and t.i > span.start
                 and not any(doc[k].lower_ == "of" for k in range(span.start, t.i))]
    if not cuts:
        return [span]
    parts, start = [], span.start
    for cut in sorted(set(cuts)) + [span.end]:
        if cut > start:
            part = _trimmed(doc[start:cut])
            if part is not None and part.text[:1].isupper():
                parts.append(Span(doc, part.start, part.end, label=span.label_, span_id=span.id))
        start = cut + 1
    return parts or [span]


def _inside_longer_name(span: Span) -> bool:
    """A one-word gazetteer outlet/organisation glued to more capitalised words or a hyphen:
    "Time Management", "Real-Time", "Fortune Cookie Company" are not the outlet."""
    if len(span) != 1 or span.ent_id_ not in {"outlet", "org"}:
        return False
    doc = span.doc
    prev = doc[span.start - 1] if span.start > 0 else None
    nxt = doc[span.end] if span.end < len(doc) else None
    if prev is not None and prev.text in {"-", "‑"} or nxt is not None and nxt.text in {"-", "‑"}:
        return True
    if nxt is not None and nxt.text[:1].isupper() and nxt.is_alpha and not nxt.ent_type_ and nxt.whitespace_ != "\n":
        return not span.text.isupper()  # "CIA Director" is still the CIA
    return False


def _lowercase_words(doc: Doc) -> frozenset[str]:
    """Words the article writes in lower case somewhere (its common nouns, verbs, adjectives)."""
    return frozenset(t.text for t in doc if t.is_alpha and t.text.islower())


def _common_words_only(span: Span, lowercase: frozenset[str]) -> bool:
    """True when the mention is common words capitalised by position, not a name."""
    if span.label_ not in _PROPER_LABELS or span.ent_id_:
        return False
    words = [t for t in span if t.is_alpha and len(t.text) > 1]
    if not words:
        return False
    if all(t.text.lower() in lowercase for t in words if not t.is_stop) and any(not t.is_stop for t in words):
        return not all(t.text.isupper() for t in words)
    return not any(t.pos_ == "PROPN" for t in span)


def _heading_lines(text: str) -> list[tuple[int, int]]:
    """Spans of lines that read as headings: short, no closing sentence punctuation, most words
    capitalised ("5. Convenience Without Compromise"). Title case capitalises common words, so
    a capital there is no evidence of a name."""
    spans, offset = [], 0
    for line in text.split("\n"):
        words = re.findall(r"[A-Za-z][A-Za-z'’-]*", line)
        content = [w for w in words if len(w) > 3 or w[0].isupper()]
        closed = line.rstrip().endswith((".", "?", "!", ";", ",", "”", '"'))
        if (words and len(words) <= HEADING_MAX_WORDS and not closed
                and content and sum(w[0].isupper() for w in content) / len(content) >= HEADING_MIN_CAPITALISED):
            spans.append((offset, offset + len(line)))
        else:
            label = _RUN_IN_LABEL.match(line)
            label_words = re.findall(r"[A-Za-z][A-Za-z'’-]*", label.group(1)) if label else []
            if label and all(w[0].isupper() for w in label_words if len(w) > 3):
                spans.append((offset, offset + label.end(1)))  # "Social Engineering: These are ..."
        offset += len(line) + 1
    return spans


# A run-in heading: a few capitalised words opening a line and closed by a colon.
_RUN_IN_LABEL = re.compile(r"^\W{0,3}(?:\d{1,2}[.)]\s*)?([A-Z][\w'’&/-]*(?:\s+[A-Za-z&][\w'’&/-]*){0,5})\s*:\s")


def _defined_initialism(span: Span) -> bool:
    """"machine learning (ML)": an initialism spelled out just before it in lower case is a
    common noun's abbreviation, not a name."""
    doc = span.doc
    if len(span) != 1 or not span.text.isupper() or span.start < 2 or doc[span.start - 1].text != "(":
        return False
    words = [t for t in doc[max(0, span.start - 1 - len(span.text) * 2):span.start - 1] if t.is_alpha]
    return bool(words) and all(t.text.islower() for t in words[-len(span.text):])


def _common_initialism(span: Span) -> bool:
    """An initialism used like a common noun: pluralised ("HMOs", "DSLRs") or after "a"/"an"
    ("a PIN", "an EVF"). An organisation's initials take neither."""
    if len(span) != 1 or not re.fullmatch(r"[A-Z]{2,6}s?", span.text):
        return False
    if span.text.endswith("s") and span.text[:-1].isupper():
        return True
    return span.start > 0 and span.doc[span.start - 1].lower_ in {"a", "an"}


_CAMEL = re.compile(r"^(?!Mc|Mac|O'|O’|De|Di|Da|Du|La|Le|Van|Von)[A-Z]?[a-z]+[A-Z]")


def _product_or_company(span: Span, label: str) -> str:
    """A model PERSON/GPE/LOC/NORP that cannot be one: a name with a digit is a product
    ("Canon R5", "Tab 2" aside, models carry numbers; people and places do not), one written
    in camel case is a company or a product's brand ("LinkedIn", "HealthPartners")."""
    if label not in {"PERSON", "GPE", "LOC", "NORP"}:
        return label
    if any(ch.isdigit() for ch in span.text):
        return "PRODUCT"
    if any(_CAMEL.match(t.text) for t in span if t.is_alpha):
        return "ORG"
    return label


def _with_direction(span: Span) -> Span:
    """"Inner" + "Mongolia" -> "Inner Mongolia" for a gazetteer place or country."""
    if span.ent_id_ not in {"country", "place"} or span.start == 0:
        return span
    prev = span.doc[span.start - 1]
    if prev.text in DIRECTION_WORDS and not prev.is_sent_start:
        return Span(span.doc, span.start - 1, span.end, label=span.label_, span_id=span.id)
    return span


_WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
_NAME_CONNECTORS = frozenset({"of", "for", "de"})


def _name_word(tok, headings: list[tuple[int, int]]) -> bool:
    """A capitalised word outside every entity, mid-sentence, that could continue a name:
    not a title or a role ("Minister", "CEO"), a month or a weekday, nor in a heading."""
    return (tok.text[:1].isupper() and bool(re.fullmatch(r"[A-Za-z][A-Za-z0-9&'’.-]*", tok.text))
            and not tok.ent_type_ and not tok.is_sent_start and not tok.is_stop
            and not tok.tag_.startswith(("VB", "RB", "MD"))
            and tok.lower_ not in _TITLE_LIKE and tok.lower_.rstrip(".") not in _MONTHS | _WEEKDAYS
            and not any(a <= tok.idx < b for a, b in headings))


def _completed_name(span: Span, headings: list[tuple[int, int]]) -> Span | None:
    """The name a mention is a piece of, or None when that name's kind is unknown.

    Why: the model (and the gazetteer) cut a place or an organisation out of a longer
    capitalised name: "Georgia" of "Georgia Tech", "Hong Kong" of "Hong Kong University of
    Science and Technology", "Hole Oceanographic Institute" of "the Woods Hole ...". A
    capitalised word glued to the mention mid-sentence (same line, one space, in no entity) is
    part of the name; "of"/"for" carry it on ("University of Science"), and "and" too once
    they have. The longer name is an ORG when its head names a body, a FAC when it names a
    building, and the mention's own ORG stays; a place or a people's name cut from a name of
    unknown kind ("Georgia Tech", "Chinese Evergreen") is dropped rather than typed wrong. A run
    leading into a title ("Russian Foreign Minister Sergei Lavrov") is a title, not a name, and
    headings (where every word is capitalised) are left alone.
    """
    label = span.label_
    if label not in {"GPE", "LOC", "NORP", "ORG"} or (label == "ORG" and span.ent_id_):
        return span
    if (any(a <= span.start_char < b for a, b in headings) or not re.fullmatch(r"[\w.&'’ -]+", span.text)
            or any(ch.isdigit() for ch in span.text)):
        return span  # a heading, odd characters, or a model number ("Windows Server 2019"): left to the filters
    doc = span.doc
    end, joined = span.end, False
    while end < len(doc) and "\n" not in doc[end - 1].whitespace_ and doc[end - 1].whitespace_:
        tok = doc[end]
        if _name_word(tok, headings):
            end += 1
            continue
        connector = tok.lower_ in _NAME_CONNECTORS or (joined and tok.lower_ in {"and", "&"})
        if (connector and end > span.end and end + 1 < len(doc) and tok.whitespace_ == " "
                and _name_word(doc[end + 1], headings)):
            joined = True
            end += 2
            continue
        break
    start = span.start
    if label == "ORG":  # "The Woods [Hole Oceanographic Institute]"; a place keeps its left ("in Downtown X")
        while (start > 0 and doc[start - 1].whitespace_ == " " and _name_word(doc[start - 1], headings)
               and not _opens_sentence(doc[start - 1])):
            start -= 1
    if start == span.start and end == span.end:
        return span
    nxt = doc[end] if end < len(doc) else None
    if nxt is not None and (nxt.lower_ in _TITLE_LIKE or nxt.ent_type_ == "PERSON"):
        return span  # "Russian Foreign Minister ...": a title follows
    longer = doc[start:end]
    added = [t for t in doc[start:span.start]] + [t for t in doc[span.end:end]]
    if label != "ORG" and all(t.lower_ in COMPANY_WORDS or t.lower_ in ORG_DESIGNATORS for t in added):
        return span  # "a New York LLC": a company formed there, not a name
    if _names_a_body(longer.text):
        return Span(doc, start, end, label="ORG")
    if longer[-1].lower_ in FACILITY_WORDS:
        return Span(doc, start, end, label="FAC")
    if label == "ORG":
        return Span(doc, start, end, label="ORG")
    return None


_DRAWING = re.compile(r"[\u2500-\u259f]")
_CONFIG_LINE = re.compile(r"^\s*(?:-\s+)?[a-z][a-z0-9]*_?[a-z0-9_]*:\s")


def _in_drawing_or_config(text: str, offset: int) -> bool:
    """The line is a diagram drawn with box-drawing characters ("┌──┐", "│", "▼") or a line of
    configuration ("- name: "Den Sensor"", "unique_id: den"): its capitalised words are boxes'
    labels and settings' values, not names in running text. Prose lines do not open with a
    lower-case key and a colon."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    line = text[start:end if end >= 0 else len(text)]
    return bool(_DRAWING.search(line) or _CONFIG_LINE.match(line))


def _joined_names(ents: list[Span]) -> list[Span]:
    """"Rudri" (GPE) + "Bhatt Patel" (PERSON) with only a space between: one person's name the
    model cut in two. A one-word model place or organisation glued to a following model PERSON is
    that person's first name; nothing but a title or punctuation separates a place or a company
    from a person. A NORP stays apart ("Democrat Hillary Clinton" is a party and a person)."""
    out: list[Span] = []
    for ent in ents:
        prev = out[-1] if out else None
        if (prev is not None and ent.label_ == "PERSON" and not ent.ent_id_ and not prev.ent_id_ and len(prev) == 1
                and prev.label_ in {"GPE", "ORG", "LOC", "FAC"} and prev.end == ent.start and prev[0].is_alpha
                and prev[0].is_title
                and "\n" not in prev[0].whitespace_):
            out[-1] = Span(ent.doc, prev.start, ent.end, label="PERSON")
            continue
        out.append(ent)
    return out


def find_mentions(doc: Doc, sentences: SentenceIndex, text: str | None = None) -> list[Mention]:
    """Named-entity mentions (numeric labels excluded), trimmed and split, in text order.
    `text` is `doc.text` when the caller has it already: Doc.text joins every token on each access."""
    mentions = []
    lowercase = _lowercase_words(doc)
    text = doc.text if text is None else text
    headings = _heading_lines(text)
    body_text = "\n".join(text[e:s] for (_, e), (s, _) in zip([(0, 0)] + headings, headings + [(len(text), 0)]))
    initialisms = common_initialisms()
    ents = _joined_names([e for e in doc.ents if e.label_ not in NUMERIC_LABELS])
    extended = [_with_direction(e) for e in ents]
    absorbed = {e.start - 1 for e, x in zip(ents, extended) if x.start < e.start}
    for ent, span0 in zip(ents, extended):
        if ent.end - 1 in absorbed and len(ent) == 1:
            continue  # "Inner", now part of "Inner Mongolia"
        if _inside_longer_name(span0):
            continue
        if span0.start > 0 and doc[span0.start - 1].like_num and not doc[span0.start - 1].whitespace_:
            continue  # "12,800Pa.": a unit glued to its number, not a name
        if _in_drawing_or_config(text, span0.start_char):
            continue  # "Kick off model run" in a box-drawing diagram, "- name: "Den Sensor"": labels, not prose
        completed = _completed_name(span0, headings)
        if completed is None:
            continue  # "Georgia" of "Georgia Tech": a piece of a longer name of unknown kind
        grown = completed is not span0
        if grown:
            ent = span0 = completed
        if (span0.ent_id_ in {"outlet", "org"} and len(span0) == 1 and span0.text.lower() in lowercase
                and any(a <= span0.start_char < b for a, b in headings)):
            continue  # "... by Mileage and Time" in a heading: the common word, not the magazine
        source = "rule" if span0.ent_id_ or grown else "model"
        parts = [p for piece in _split_at(span0) for p in _split_list(piece)]
        if len(parts) > 1 or span0.start < ent.start:
            source = "rule"
        for part in parts:
            span = _trimmed(part)
            if span is None or not any(ch.isupper() for ch in span.text):
                continue  # a name has a capital; "anti" of "anti-Putin" tagged NORP does not
            span = Span(doc, span.start, span.end, label=ent.label_, span_id=ent.id)
            if not ent.ent_id_ and ("/" in span.text or (span.start > 0 and doc[span.start - 1].text in {"#", "@"})):
                continue  # "CVS Health/Aetna", "C3/C6": two names or one's parts; "#Hashtag", "@handle"
            if not ent.ent_id_ and _common_words_only(span, lowercase):
                continue
            if all(t.lower_ in COMPANY_WORDS or t.lower_ in ORG_DESIGNATORS or t.is_punct for t in span):
                continue  # "LLC", "Inc." alone: a company word, not a company
            if not ent.ent_id_ and (span.text in initialisms or _defined_initialism(span) or _common_initialism(span)):
                continue  # "AI", "a PDF", "machine learning (ML)", "HMOs"
            if (not ent.ent_id_ and any(a <= span.start_char < b for a, b in headings)
                    and span.text not in body_text):
                continue  # a capitalised phrase seen only in headings
            label = _product_or_company(span, ent.label_) if not ent.ent_id_ else ent.label_
            if (label != "ORG" and not ent.ent_id_ and len(span) > 1 and span[-1].lower_ in COMPANY_WORDS
                    and label in _PROPER_LABELS):
                label = "ORG"  # Dick Clark Productions, Acme Inc
            mentions.append(Mention(span.start_char, span.end_char, span.text, label, ent.label_, source,
                                    ent.ent_id_, sentences.of(span.start_char)))
    return sorted(mentions + _missed_surnames(doc, mentions, sentences, lowercase, headings), key=lambda m: m.start)


def _person_shaped(m: Mention) -> bool:
    """Two or three capitalised words, no company word, not from the gazetteer: a full name
    the model may have typed ORG or GPE ("Marcelo Claure")."""
    words = m.text.split()
    return (2 <= len(words) <= 3 and not m.category and m.label in _PROPER_LABELS | {"NORP"}
            and all(w[:1].isupper() and w[1:].islower() and w.replace("-", "").isalpha() for w in words)
            and words[-1].lower() not in COMPANY_WORDS and not any(w.lower() in ORG_DESIGNATORS for w in words))


def _missed_surnames(doc: Doc, mentions: list[Mention], sentences: SentenceIndex, lowercase: frozenset[str],
                     headings: list[tuple[int, int]]) -> list[Mention]:
    """A full name's last word standing alone where the model saw no entity ("Claure said"):
    a mention of that person when the word acts as a subject or a possessor (what a surname
    does in news prose), is not a word the article also writes in lower case, and is not in a
    heading."""
    covered = [(m.start, m.end) for m in mentions]
    surnames: dict[str, Mention] = {}
    for m in mentions:
        if _person_shaped(m):
            surnames.setdefault(m.text.split()[-1], m)
    found = []
    for tok in doc:
        full = surnames.get(tok.text)
        if (full is None or tok.pos_ != "PROPN" or any(s <= tok.idx < e for s, e in covered)
                or tok.text.lower() in lowercase or any(s <= tok.idx < e for s, e in headings)):
            continue  # a word the article also writes in lower case ("Reviews", "State") is no surname
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if tok.dep_ in {"nsubj", "nsubjpass"} or (nxt is not None and nxt.text in _POSSESSIVE):
            found.append(Mention(tok.idx, tok.idx + len(tok), tok.text, "PERSON", "", "rule", "",
                                 sentences.of(tok.idx)))
    return found


def resolve(mentions: list[Mention]) -> EntityResult:
    """Give every mention its canonical name and build one entity per canonical name."""
    full_people = [m for m in mentions if m.label == "PERSON" and len(m.text.split()) > 1]
    orgs = {m.text for m in mentions if m.label in {"ORG", "FAC", "NORP"} and len(m.text.split()) > 1}
    shaped = [m for m in mentions if m.label != "PERSON" and _person_shaped(m)]
    for m in mentions:
        key = _key(m.text)
        if key in ALIASES:
            m.canonical, m.resolution = ALIASES[key], ("self" if ALIASES[key] == m.text else "alias")
            continue
        words = m.text.split()
        if len(words) == 1 and m.label in {"PERSON", "ORG", "GPE", "NORP"} and m.category not in {"country", "place"}:
            names = {p.text for p in full_people
                     if _key(p.text.split()[-1]) == key or (m.label == "PERSON" and _key(p.text.split()[0]) == key)}
            if not names and m.label == "PERSON":
                # a surname whose full name the model typed ORG/GPE ("Claure" -> "Marcelo Claure")
                names = {p.text for p in shaped if _key(p.text.split()[-1]) == key}
            if len(names) == 1:
                m.canonical, m.resolution = names.pop(), "partial_name"
                m.label = "PERSON"
                continue
        if m.label in {"ORG", "FAC", "NORP"} or (m.source == "model" and m.label in {"GPE", "PERSON", "LOC"}):
            longer = {o for o in orgs if len(o.split()) > len(words) and _key(o).startswith(key + " ")
                      and all(w.lower() in ORG_DESIGNATORS for w in o.split()[len(words):])}
            if len(longer) == 1:
                m.canonical, m.resolution = longer.pop(), "prefix"
                m.label = "ORG"
                continue
            if m.text.isupper() and 2 <= len(m.text) <= 6:
                spelled = {o for o in orgs if _initials(o) == m.text.replace(".", "")}
                if len(spelled) == 1:
                    m.canonical, m.resolution = spelled.pop(), "acronym"
                    m.label = "ORG"
                    continue
        cased = {o.text for o in mentions if m.text.isupper() and len(m.text) > 3 and o.text.lower() == m.text.lower()
                 and not o.text.isupper()}
        if len(cased) == 1:
            m.canonical, m.resolution = cased.pop(), "alias"  # "PINTEREST" in a shouted line is "Pinterest"
            continue
        m.canonical = m.text

    # One label per entity: the label of its longest (fullest) mention, ties by majority.
    groups: dict[str, list[Mention]] = {}
    for m in mentions:
        groups.setdefault(m.canonical, []).append(m)
    entities: list[Entity] = []
    by_canonical: dict[str, Entity] = {}
    for canonical, group in sorted(groups.items(), key=lambda kv: kv[1][0].start):
        counts = Counter(m.label for m in group)
        label = max(counts, key=lambda lab: (max(len(m.text) for m in group if m.label == lab), counts[lab]))
        if any(m.resolution == "partial_name" for m in group) and any(_person_shaped(m) for m in group
                                                                      if m.text == canonical):
            label = "PERSON"  # its surname stands alone in the text: the full name is a person's
        categories = [m.category for m in group if m.category]
        category = categories[0] if categories else ("outlet" if is_outlet(canonical) else "")
        for m in group:
            m.label = label
        entity = Entity(len(entities), canonical, label, category, group)
        entities.append(entity)
        by_canonical[canonical] = entity
    return EntityResult(mentions, entities, by_canonical)


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
# Titles written before a person's name (general English, by sense).
PERSON_TITLES = frozenset({
    "president", "senator", "sen.", "governor", "gov.", "rep.", "representative", "secretary", "minister", "chancellor",
    "judge", "justice", "general", "gen.", "pope", "mayor", "sheriff", "coach",
    "captain", "capt.", "lt.", "sgt.", "col.", "officer", "detective", "ambassador", "commissioner", "councilman",
    "councilwoman", "congressman", "congresswoman", "speaker", "chief", "director", "professor", "pastor", "father",
    "sister", "brother", "uncle", "aunt", "st.", "saint", "archbishop", "bishop", "rabbi", "imam", "vice"})
# Words that open or are a person's title or role: a capitalised run leading into one is a title
# ("Foreign Minister"), not the rest of a name.
_TITLE_LIKE = HONORIFICS | PERSON_TITLES | PERSON_ROLES | frozenset({"prime", "deputy", "assistant", "associate",
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
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
# Prepositions that put a place after them ("in Lagos", "from Ohio").
PLACE_PREPOSITIONS = frozenset({"in", "at", "from", "to", "near", "across", "throughout", "outside", "inside", "around",
                                "into", "toward", "towards", "within", "between", "of", "via", "through", "over"})
_DETERMINERS = frozenset({"the", "a", "an", "our", "your", "its", "their", "this", "that", "these", "those", "my"})
_DEMONYM = re.compile(r"^[A-Z][a-z]+(?:an|ans|ese|ish|i|is|ic|ics|ino|inos|ina|inas|ite|ites|ist|ists|crat|crats)$"
                      r"|^(?:Dutch|French|Czech|Swiss|Welsh|Greek|Greeks|Thai|Basque|Scots|Inuit|Maori|Sikh|Sikhs|Jew|"
                      r"Jews|Muslim|Muslims|Hindu|Hindus|Arab|Arabs|Kurd|Kurds|Turk|Turks|Serb|Serbs|Croat|Croats|"
                      r"Tory|Tories|Democratic)$")
# Two-letter postal codes of US states after "City," ("Clifton, NJ"): general knowledge. Codes that
# are English words in capitals ("IN", "OR", "ME", "OK", "HI") are left out.
US_STATE_CODES = frozenset("AK AZ AR CA CO CT DC DE FL GA IA ID IL KS KY LA MA MD MI MN MO MS MT NC ND NE NH NJ NM "
                           "NV NY PA RI SC SD TN TX UT VA VT WA WI WV WY".split())
_LINE_MARKERS = frozenset({"•", "-", "–", "—", "|", "*", "·", "►", "✓", ":"})


def _tokens(doc: Doc, m: Mention) -> Span | None:
    return doc.char_span(m.start, m.end, alignment_mode="expand")


def _opens_sentence(tok) -> bool:
    """First word of a sentence, a line, a list item or a table cell: where any word is capitalised."""
    if tok.i == 0 or tok.is_sent_start:
        return True
    prev = tok.doc[tok.i - 1]
    return "\n" in prev.text or "\n" in prev.whitespace_ or prev.text in _LINE_MARKERS or bool(
        re.fullmatch(r"\d{1,2}[.)]", prev.text)) or (prev.is_space and "\n" in prev.text)


def _before(span: Span, skip_det: bool = False):
    """The token before the span (past a determiner when asked), or None."""
    i = span.start - 1
    if skip_det and i >= 0 and span.doc[i].lower_ in {"the", "a", "an"}:
        i -= 1
    return span.doc[i] if i >= 0 else None


def _person_evidence(doc: Doc, span: Span, civic: bool = True, pronouns: bool = True) -> bool:
    """A mention reads as a person: after a title ("Ms. Okafor"), subject of a verb of speech or
    thought ("Okafor said"), after "according to", or referred back to by he/she/his/her in its
    sentence (after it) or the next one (`pronouns=False` leaves out that weakest cue)."""
    prev = _before(span)
    if prev is not None and (prev.lower_ in HONORIFICS or prev.lower_ in PERSON_TITLES):
        return True  # "Ms. Okafor", "President Obama"
    if prev is not None and prev.lower_ == "by" and prev.i > 0 and doc[prev.i - 1].lower_ in CREDIT_WORDS:
        return True  # "Reporting by Will Dunham", "This tip is by Hanah Teske"
    for tok in span:
        if tok.dep_ in {"nsubj", "nsubjpass"} and tok.head.lower_ in SPEECH_VERBS:
            return True
        if (tok.dep_ == "pobj" and tok.head.lower_ == "to" and tok.head.i > 0
                and doc[tok.head.i - 1].lower_ == "according"):
            return True
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is not None and nxt.lower_ in SPEECH_VERBS:
        return True
    if _appositive_nouns(span) & PERSON_ROLES or (civic and _modifies_civic_noun(span)):
        return True  # "Lena Voss, a nurse"; "the Obama administration"
    if not pronouns:
        return False
    sent = span.sent
    stop = sent.end
    if stop < len(doc):
        stop = doc[stop].sent.end  # the next sentence too
    return any(t.lower_ in PERSON_PRONOUNS for t in doc[span.end:stop])


# Verbs of a user interface: what follows them is a button, a menu item or a field ("click Next",
# "select New Device Setup"), not a named entity. Present and -ing forms only: instructions use them.
UI_VERBS = frozenset({"click", "clicks", "clicking", "tap", "taps", "tapping", "select", "press", "pressing", "toggle",
                      "toggling"})
# Tags of function words: a word in capitals with one of them is that word shouted ("know WHO is in").
_FUNCTION_TAGS = frozenset({"WP", "WDT", "WRB", "PRP", "PRP$", "DT", "IN", "CC", "MD", "RB", "EX", "VB", "VBP", "VBZ",
                            "VBD", "VBG", "VBN"})
# Possessive determiners a page uses for its own things ("our Wedding Checklist", "your Guest Count").
_OWNER_DETERMINERS = frozenset({"our", "your", "my"})
_THING_PRONOUNS = frozenset({"it", "its", "itself"})


def _interface_object(span: Span) -> bool:
    """"click Next", "select New Device Setup", "tap on Settings": the mention is a control's label."""
    prev = _before(span, skip_det=True)
    if prev is not None and prev.lower_ == "on" and prev.i > 0:
        prev = span.doc[prev.i - 1]
    return prev is not None and prev.lower_ in UI_VERBS


def _shouted_function_word(span: Span) -> bool:
    """"WHO is in there", "to START with": one word in capitals that the tagger reads as a
    pronoun, determiner, preposition or verb is that word written in capitals, not an initialism."""
    return len(span) == 1 and span.text.isupper() and span[0].tag_ in _FUNCTION_TAGS


def _owned_by_the_page(span: Span) -> bool:
    """"our Ultimate Wedding Checklist", "your total Guest Count": a possessive determiner on the
    name itself marks the page's own tool, section or field; an organisation or a person is not
    "ours" ("my GitHub repo" is the repo's determiner, so it does not count)."""
    root, doc = span.root, span.doc
    return any(c.dep_ == "poss" and c.lower_ in _OWNER_DETERMINERS and c.i < span.start
               and not any(t.pos_ in {"NOUN", "PROPN"} for t in doc[c.i + 1:span.start])  # "my great-aunt Gretchen"
               for c in root.children)


def _thing_evidence(span: Span) -> bool:
    """A one-word PERSON that reads as a thing: an article governs it ("the Bermuda will detect",
    "the faded Levi's"; "the Obama administration" is the noun's article), or the first pronoun
    that follows it in its sentence and the next is "it"/"its" with no he/she in that window."""
    doc = span.doc
    root = span.root
    if root.dep_ not in {"compound", "amod", "nmod"} and any(
            c.dep_ == "det" and c.lower_ in {"the", "a", "an"} and c.i < span.start for c in root.children):
        return True
    stop = span.sent.end
    if stop < len(doc):
        stop = doc[stop].sent.end
    pronouns = [t.lower_ for t in doc[span.end:stop] if t.lower_ in PERSON_PRONOUNS | _THING_PRONOUNS]
    return bool(pronouns) and pronouns[0] in _THING_PRONOUNS and not set(pronouns) & PERSON_PRONOUNS


def _list_neighbours(mentions: list[Mention], text: str) -> dict[int, list[Mention]]:
    """For each mention (by id), the other items of the list it stands in: mentions joined to it,
    directly or through other items, by only a comma, "and", "or" or "&" ("Windows, Mac, iOS and
    Android"). Items of one list are names of one kind."""
    ordered = sorted(mentions, key=lambda m: m.start)
    links: dict[int, set[int]] = {id(m): set() for m in ordered}
    for a, b in zip(ordered, ordered[1:]):
        between = text[a.end:b.start].strip().lower()
        if a.end <= b.start and between in {",", "and", "or", "&", ", and", ", or", ",and"} and "\n" not in text[
                a.end:b.start]:
            links[id(a)].add(id(b))
            links[id(b)].add(id(a))
    by_id = {id(m): m for m in ordered}
    out: dict[int, list[Mention]] = {}
    for m in ordered:
        group, todo = set(), [id(m)]
        while todo:
            k = todo.pop()
            if k not in group:
                group.add(k)
                todo += links[k]
        out[id(m)] = [by_id[k] for k in group if k != id(m)]
    return out


def _list_kind(entity: Entity, neighbours: dict[int, list[Mention]], labels: dict[str, str]) -> str | None:
    """The kind, ORG, PRODUCT or GPE, that the other items of the entity's lists vote for, or None.

    Each neighbouring item votes its label (a gazetteer name counts twice: its type is known);
    a kind wins with two votes or more and three times all the others'. "Siri and Alexa" makes
    Alexa a product; "Elevance Health, Centene, and Cigna" makes Centene a company; "Nikko,
    Fukuoka, Nagano and Hokkaido" makes places of all; one doubtful neighbour decides nothing."""
    votes = Counter()
    for m in entity.mentions:
        for n in neighbours.get(id(m), []):
            kind = labels.get(n.canonical, n.label)
            if n.canonical != entity.canonical and kind in _LIST_KINDS:
                votes[kind] += 2 if n.category else 1
    single = len(entity.canonical.split()) == 1
    for kind in _LIST_KINDS:
        if kind == "GPE" and (votes[kind] < 3 or not single):
            continue  # a place needs more: "Report, U.S. insurers" is no list of places
        if votes[kind] >= 2 and votes[kind] >= 3 * (sum(votes.values()) - votes[kind]):
            return kind
    return None


_LIST_KINDS = ("ORG", "PRODUCT", "GPE")


def _product_of(entity: Entity, orgs: set[str], lowercase: frozenset[str]) -> bool:
    """"Bloomreach Engagement" where "Bloomreach" is an organisation of the article: an
    organisation's name followed by common words (written in lower case elsewhere in the
    article) that name no kind of body is one of its products or services."""
    words = entity.canonical.split()
    for k in range(1, 2):  # a one-word owner: "University of Virginia Admission" is the university's office
        if " ".join(words[:k]) in orgs:
            rest = [w.lower().strip(".,") for w in words[k:]]
            return all(w.isalpha() and w in lowercase and w not in ORGANISATION_KINDS and w not in _STOP_IN_ACRONYM
                       for w in rest)
    return False


# Nouns an appositive uses for a product ("DolphinGemma, a proposed language model"), and verbs whose
# object is software or a device ("install Vesta", "download Qorvex"): general English, by sense.
PRODUCT_NOUNS = frozenset({"app", "application", "tool", "software", "product", "device", "model", "framework",
                           "library", "browser", "extension", "plugin", "plug-in", "add-on", "package", "program",
                           "camera", "phone", "smartphone", "laptop", "tablet", "console", "game", "chatbot",
                           "integration", "utility"})
PRODUCT_VERBS = frozenset({"install", "installs", "installed", "installing", "download", "downloads", "downloaded",
                           "downloading", "uninstall", "reinstall", "update", "updates", "updated", "updating",
                           "upgrade", "upgraded", "upgrading", "run", "runs", "running", "launch", "launching",
                           "configure", "configured", "configuring"})


# Head nouns of documents and tools a page offers ("... Insurance Report", "... Comparison Spreadsheet"):
# a name ending in one is a work or a page's tool, not an organisation (general English, by sense).
WORK_NOUNS = frozenset({"report", "spreadsheet", "checklist", "guide", "handbook", "template", "worksheet",
                        "calculator", "survey", "whitepaper", "newsletter", "podcast", "series", "toolkit", "workbook"})


def _product_use(span: Span) -> bool:
    """The mention is what one installs, downloads, updates or runs ("install Vesta"), or has a
    product's appositive ("Vesta, an open-source framework"): software or a device, not a body."""
    root = span.root
    if root.dep_ in {"dobj", "pobj"} and (root.head.lower_ in PRODUCT_VERBS or (
            root.dep_ == "pobj" and root.head.head.lower_ in PRODUCT_VERBS and root.head.lower_ in {"with", "on"})):
        return True
    return any(c.dep_ == "appos" and c.i >= span.end and c.lower_ in PRODUCT_NOUNS for c in root.children)


def _owned_by_an_organisation(span: Span, org_tokens: set[int]) -> bool:
    """"Vestra's Pulse": right after an organisation's possessive, a name is what the organisation
    makes or runs (a product, a service), not a second organisation. A place's possessive
    ("China's Huawei") says nothing of the kind."""
    doc = span.doc
    i = span.start - 1
    return i >= 1 and doc[i].text in _POSSESSIVE and (i - 1) in org_tokens


def _speaker(span: Span) -> bool:
    """Subject of a verb of speech or thought ("Dale Wren said", "said Dale Wren")."""
    nxt = span.doc[span.end] if span.end < len(span.doc) else None
    return any(t.dep_ in {"nsubj", "nsubjpass"} and t.head.lower_ in SPEECH_VERBS for t in span) or (
        nxt is not None and nxt.lower_ in SPEECH_VERBS)


def _he_or_she_follows(span: Span) -> bool:
    """He/she/his/her after the mention, in its sentence or the next: the agreement of a person."""
    doc = span.doc
    stop = span.sent.end
    if stop < len(doc):
        stop = doc[stop].sent.end
    return any(t.lower_ in PERSON_PRONOUNS for t in doc[span.end:stop])


# Prepositions that put an organisation after them ("works at Acme", "a grant from Acme", "CEO of Acme").
BODY_PREPOSITIONS = frozenset({"at", "from", "of", "with", "by", "for", "to", "via", "between", "against", "join",
                               "joined", "joins", "formerly"})


def _acts_as_a_body(span: Span, named: set[int]) -> bool:
    """A one-word organisation named once shows it is one: it acts (subject, possessor, the
    source after "according to"), stands after a preposition or a verb that takes a body ("at
    Acme", "CEO of Acme", "joined Acme"; "like Acme" gives an example of any kind), is listed
    with other names, or modifies a noun of public life. Without any of these, only its
    capital letter says it is a name."""
    prev = _before(span, skip_det=True)
    return (_subject_or_possessor(span) or _listed_with(span, named) or _modifies_civic_noun(span)
            or (prev is not None and (prev.lower_ in BODY_PREPOSITIONS
                                      or prev.pos_ == "ADP" and prev.lower_ not in {"like", "as"})))


# Words before a place one goes to or through, and common nouns that follow a place's name ("Ueno
# station", "Nagano prefecture"): a name with them and no person's evidence is a place (general English).
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
                       "tower", "stadium", "cathedral", "palace", "square", "plaza", "monument", "memorial", "pier"})


def _place_kind(name: str) -> str | None:
    """LOC or FAC when a name's head (its last word, or a leading "Lake"/"Mount") names a natural
    place or a site, whatever the model said; None otherwise."""
    words = name.lower().split()
    if words[-1] in LOC_HEADS or words[0] in {"lake", "mount", "mt.", "river"}:
        return "LOC"
    if words[-1] in FAC_HEADS:
        return "FAC"
    return None


def _place_cue(span: Span) -> bool:
    """The mention sits where places do: after a preposition or a verb of going ("through Yoyogi
    Park", "visiting Shikoku") or before a place's common noun ("Yoyogi Koen station")."""
    doc = span.doc
    prev = _before(span, skip_det=True)
    nxt = doc[span.end] if span.end < len(doc) else None
    return (prev is not None and prev.lower_ in PLACE_CUES_BEFORE) or (
        nxt is not None and nxt.is_lower and nxt.lower_ in PLACE_NOUNS_AFTER)


def _only_a_modifier(span: Span) -> bool:
    """The mention stands before a common noun it modifies ("the Zentrix framework", "dual
    Qorvex cards", "our Phishing Resources section"): a brand, a format or a section named in
    passing, whose kind the sentence does not tell."""
    root = span.root
    return (root.dep_ in {"compound", "amod", "nmod"} and root.head.i >= span.end
            and root.head.is_lower and root.head.pos_ == "NOUN")


def _appositive_nouns(span: Span) -> set[str]:
    """Head nouns of the mention's appositives ("X, a registered nurse" -> {"nurse"}) and, when the
    mention is itself an appositive, of what it stands beside."""
    root = span.root
    nouns = {c.lower_ for c in root.children if c.dep_ == "appos" and c.i >= span.end}
    if root.dep_ == "appos" and root.head.i < span.start:
        nouns.add(root.head.lower_)
    return nouns


def _product_evidence(span: Span, lowercase: frozenset[str]) -> bool:
    """A mention the model typed PERSON that reads as a product or a thing: after a determiner
    ("the Ghost", "our Pricing Team"), followed by a model number ("Caldera 8", "Loft v3") or a
    trademark sign, holding a possessive inside ("Bob's Red Mill"), or ending in a word the
    article also writes in lower case ("Domain Controller" where it says "controller")."""
    doc = span.doc
    prev = _before(span)
    if prev is not None and prev.lower_ in _DETERMINERS and span.root.dep_ not in {"compound", "poss", "amod"}:
        return True  # "the Marie Kondo bandwagon": there the determiner is the noun's
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is not None and (nxt.like_num or re.fullmatch(r"v\d+|[®™]", nxt.text)):
        return True
    if any(t.text in _POSSESSIVE or "®" in t.text or "™" in t.text for t in span):
        return True
    if _appositive_nouns(span) & THING_NOUNS:
        return True  # "Yves Rocher, a global beauty brand"
    return len(span) > 1 and (span[-1].is_alpha and span[-1].text.lower() in lowercase
                              or span[0].is_alpha and span[0].text.lower() in lowercase)  # "Click Continue"


def _subject_or_possessor(span: Span) -> bool:
    """The mention acts as a name does: subject of a verb or possessor ("Gartner warns", "ISO's"),
    or the source after "according to"."""
    doc = span.doc
    nxt = doc[span.end] if span.end < len(doc) else None
    i = span.start - 1
    while i >= 0 and doc[i].lower_ in {"the", "a", "an"}:
        i -= 1
    if i >= 1 and doc[i].lower_ == "to" and doc[i - 1].lower_ == "according":
        return True
    return (any(t.dep_ in {"nsubj", "nsubjpass"} and t.head.pos_ in {"VERB", "AUX"} for t in span)
            or (nxt is not None and nxt.text in _POSSESSIVE))


def _place_evidence(span: Span, places: set[int]) -> bool:
    """A mention reads as a place: after a place preposition ("in Helena"), or next to another
    place across a comma ("Helena, Montana"), or before "-based"."""
    doc = span.doc
    i = span.start - 1
    while i >= 0 and (doc[i].lower_ in {"the", "a", "an"} or doc[i].is_lower and doc[i].pos_ == "ADJ"):
        i -= 1  # "in western Pennsylvania"
    if i >= 0 and doc[i].lower_ in PLACE_PREPOSITIONS:
        return True
    if span.root.dep_ in {"nsubj", "nsubjpass"} and span.root.head.pos_ == "VERB" and (
            span.start == 0 or doc[span.start - 1].lower_ not in _DETERMINERS):
        return True  # "Kiribati is buying land": a place acts as its government does ("the Novablast is" does not)
    if span.start >= 2 and doc[span.start - 1].text == "," and doc[span.start - 2].i in places:
        return True
    if span.end + 1 < len(doc) and doc[span.end].text == "," and doc[span.end + 1].i in places:
        return True
    if _listed_with(span, places) or _modifies_civic_noun(span):
        return True
    return span.end < len(doc) and doc[span.end].text in {"-", "‑"} and span.end + 1 < len(doc) and \
        doc[span.end + 1].lower_ == "based"


def _modifies_civic_noun(span: Span) -> bool:
    """"Indiana voters", "GOP nominee", "Pennsylvania Gov. Wolf": the word modifies a noun of
    public life, as places, parties and bodies do and a product's brand does not."""
    doc = span.doc
    nxt = doc[span.end] if span.end < len(doc) else None
    head = span.root.head if span.root.dep_ in {"compound", "amod", "nmod"} else None
    return (nxt is not None and nxt.lower_ in CIVIC_NOUNS) or (head is not None and head.i >= span.end
                                                              and head.lower_ in CIVIC_NOUNS)


def _listed_with(span: Span, tokens: set[int]) -> bool:
    """The mention is coordinated with one of `tokens` ("Louisiana and California", "the NYT,
    HuffPost and Forbes"): items of one list are names of one kind."""
    own = {t.i for t in span}
    for tok in span:
        top = tok
        while top.dep_ == "conj" and top.head.i != top.i:
            top = top.head  # the list's first item
        group, todo = set(), [top]
        while todo:  # every item of the list: "Spanish, Italian, or Thai"
            item = todo.pop()
            if item.i not in group:
                group.add(item.i)
                todo += [c for c in item.children if c.dep_ == "conj"]
        if (group - own) & tokens:
            return True
    return False


def _state_code(span: Span) -> bool:
    """"Clifton, NJ": a US state's postal code after a capitalised place and a comma."""
    doc = span.doc
    return (len(span) == 1 and span.text.replace(".", "") in US_STATE_CODES and span.start >= 2
            and doc[span.start - 1].text == "," and doc[span.start - 2].text[:1].isupper())


# Head words that make a name an event, a law, a facility or an institution (general English, by
# sense). The small model's EVENT, LAW, FAC and WORK_OF_ART are rare in its training data and, on
# web pages, mostly wrong; a name of one of those kinds almost always carries such a word.
EVENT_WORDS = frozenset({"war", "battle", "marathon", "games", "olympics", "cup", "championship", "championships",
                         "festival", "conference", "summit", "expo", "election", "elections", "revolution", "crisis",
                         "hurricane", "storm", "earthquake", "tournament", "open", "grand", "prix", "fair", "week",
                         "congress", "convention", "forum", "awards", "oscars", "massacre", "uprising", "pandemic"})
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
_MODEL_NUMBER = re.compile(r"^(?=.*[A-Za-z])(?=.*\d)[A-Za-z\d]+(?:-[A-Za-z\d]+)*$")
_IDENTIFIER = re.compile(r"^[A-Z]{2,6}-\d{4,}(?:-\d+)*$")  # "CVE-2024-49113": a registry's id, not a name
_UNIT_ONLY = re.compile(r"^\d+(?:[.,]\d+)?[A-Za-z]{1,3}$")  # "100MP", "8K", "45mm": a measure
_MONTHS = frozenset({"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
                     "january", "february", "march", "april", "june", "july", "august", "september", "october",
                     "november", "december"})


def _sense_label(text: str, label: str, quoted: bool) -> str | None:
    """The label a name's own words support, or None when they support none.

    EVENT/LAW/FAC need their kind's head word ("Boston Marathon" is an EVENT whatever the model
    said, "Clean Fifteen" is no LAW); a WORK_OF_ART needs quotation marks around it (titles are
    quoted or italic; italics are lost in text); a name ending in an institution word is an ORG
    ("... Safety Administration"); a name holding a model number is a PRODUCT ("Nikon Z9"); a
    measure ("100MP") or a date ("26 Sep 2019") is no name."""
    words = [w.lower().strip(".,") for w in text.split()]
    dated = any(w in _MONTHS for w in words) and any(w.isdigit() for w in words)
    if _UNIT_ONLY.match(text) or _IDENTIFIER.match(text) or dated:
        return None
    if words and words[-1] in INSTITUTION_WORDS:
        return "ORG"
    if label in {"ORG", "LAW", "EVENT", "WORK_OF_ART", "FAC"} and any(_MODEL_NUMBER.match(w) and not w.isdigit()
                                                                    for w in text.split()):
        return "PRODUCT"
    if any(w in EVENT_WORDS for w in words[1:]) and label in {"EVENT", "FAC", "ORG", "WORK_OF_ART", "LAW"}:
        return "EVENT" if label != "ORG" else label
    if label == "LAW":
        return label if any(w in LAW_WORDS for w in words) else None
    if label == "EVENT":
        return None
    if label == "FAC":
        return label if any(w in FACILITY_WORDS for w in words) else None
    if label == "WORK_OF_ART":
        return label if quoted or {"prize", "award", "awards", "medal"} & set(words) else None
    return label


def _number_follows(span: Span) -> bool:
    """A small number right after the name, on its line ("Caldera 8", "Glycerin GTS 21"): a model's number."""
    doc = span.doc
    if span.end >= len(doc) or "\n" in span[-1].whitespace_ or not span[-1].whitespace_:
        return False
    nxt = doc[span.end]
    return bool(re.fullmatch(r"\d{1,2}|v\d+(?:\.\d+)?", nxt.text)) and not (
        span.end + 1 < len(doc) and doc[span.end + 1].text in {"%", "percent"})


def _defined_term(own: list[Span]) -> bool:
    """"Original Equipment Manufacturer (OEM)": the phrase is followed by its initials in parentheses."""
    for span in own:
        doc = span.doc
        if span.end + 2 < len(doc) and doc[span.end].text == "(" and doc[span.end + 2].text == ")":
            if _initials(span.text) == doc[span.end + 1].text.replace(".", ""):
                return True
    return False


def _spelled_before(span: Span) -> str | None:
    """"Splashtop Secure Workspace (SSW)": the capitalised words just before the parenthesis that
    the initialism spells, or None."""
    doc = span.doc
    if len(span) != 1 or span.start < 2 or doc[span.start - 1].text != "(":
        return None
    letters = span.text.replace(".", "")
    words: list[str] = []
    i = span.start - 2
    while i >= 0 and len(words) < 2 * len(letters) and (doc[i].is_alpha and (
            doc[i].text[:1].isupper() or doc[i].lower_ in _STOP_IN_ACRONYM)):
        words.insert(0, doc[i].text)
        if _initials(" ".join(words)) == letters and words[0][:1].isupper():
            return " ".join(words)
        i -= 1
    return None


def _names_a_body(name: str) -> bool:
    """The name's head is an organisation's kind: its last word ("... Safety Administration") or
    the word before "of" ("University of Southern California")."""
    words = [w.lower().strip(".,") for w in name.split()]
    heads = {words[-1]} | {words[i - 1] for i, w in enumerate(words) if w == "of" and i > 0}
    return bool(heads & ORGANISATION_KINDS)


def _title_cased_phrase(name: str, lowercase: frozenset[str]) -> bool:
    """"Guest Count", "Domain Controllers": a phrase whose every word the article also writes in
    lower case (singular or plural) is common words in title case (a button, a section, a
    feature), unless its last word names a kind of organisation, place or event ("National
    Park"). "New York City" keeps "York", which the article never writes in lower case."""
    words = name.split()
    first, last = words[0].lower(), words[-1].lower().strip(".,")
    kinds = COMPANY_WORDS | ORG_DESIGNATORS | INSTITUTION_WORDS | FACILITY_WORDS | EVENT_WORDS | LAW_WORDS
    def written_lower(word: str) -> bool:  # "Controllers" where the text says "controller"
        return word in lowercase or word.removesuffix("s") in lowercase or word + "s" in lowercase

    content = [w.lower().strip(".,") for w in words if w.lower() not in _STOP_IN_ACRONYM]
    return bool(content) and all(written_lower(w) for w in content) and last not in kinds and first not in {"the"}


def _quoted(span: Span) -> bool:
    doc = span.doc
    before = doc[span.start - 1].text if span.start > 0 else ""
    after = doc[span.end].text if span.end < len(doc) else ""
    return before in {'"', "“", "‘", "'"} and after in {'"', "”", "’", "'"}


def weigh_evidence(doc: Doc, result: EntityResult, text: str | None = None) -> EntityResult:
    """Keep the entities the whole article supports, typed as it supports them.

    Why: the small model types a capitalised word by its shape and neighbours, one mention at a
    time, and on how-to pages, product reviews and technical notes (not its newswire) it reads
    products, commands and headings as people, places and organisations. A careful reader
    decides from the whole text; so does this step, per entity, over all its mentions:

    - a name in running text is never cut by a colon ("Patch Verification: Review");
    - one word the model tagged, standing only where every word is capitalised (a sentence,
      line or list item start) and never acting as a subject or possessor, is no name
      ("Brush away the flour", "Cabin and engine filters");
    - a PERSON needs a person's evidence somewhere: a title, a verb of speech, "according to",
      he/she nearby, or two or more words; a two- or three-word PERSON with a product's marks
      (see `_product_evidence`) and no person evidence is dropped, as is a set of PERSON names
      sharing a first word (a brand's line: "Brooks Ghost", "Brooks Caldera");
    - a model GPE/LOC needs a place's evidence (a place preposition, a comma next to a place),
      a NORP a demonym's shape ("-an", "-ese", "-ish"...);
    - an all-capitals ORG the gazetteer does not know needs to act as a name (subject,
      possessor) or to be spelled out in the text (it then joined its full form); a US state code
      after "City," is a GPE.
    Gazetteer entities are kept as they are: the gazetteer is the stronger evidence.
    """
    lowercase = _lowercase_words(doc)
    spans = {id(m): _tokens(doc, m) for m in result.mentions}
    places = {t.i for m in result.mentions if spans[id(m)] is not None and (
        m.label in {"GPE", "LOC"} or _state_code(spans[id(m)])) for t in spans[id(m)]}
    languages = {t.i for m in result.mentions if m.label == "LANGUAGE" and spans[id(m)] is not None
                 for t in spans[id(m)]}
    known = {t.i for m in result.mentions if m.category and spans[id(m)] is not None for t in spans[id(m)]}
    first_words = Counter(e.canonical.split()[0] for e in result.entities if not e.category
                          and len(e.canonical.split()) > 1)
    evidenced_first_words = {e.canonical.split()[0] for e in result.entities if e.label == "PERSON" and any(
        spans[id(m)] is not None and _person_evidence(doc, spans[id(m)]) for m in e.mentions)}
    person_first_words = Counter(e.canonical.split()[0] for e in result.entities
                                 if e.label == "PERSON" and not e.category and len(e.canonical.split()) > 1)
    neighbours = _list_neighbours(result.mentions, doc.text if text is None else text)
    labels = {e.canonical: e.label for e in result.entities}
    orgs = {e.canonical for e in result.entities if e.label == "ORG"}
    org_tokens = {t.i for m in result.mentions if m.label == "ORG" and spans[id(m)] is not None
                  for t in spans[id(m)]}
    keep: dict[str, str] = {}
    for entity in result.entities:
        label = entity.label
        own = [spans[id(m)] for m in entity.mentions if spans[id(m)] is not None]
        if own and all(_shouted_function_word(s) for s in own):
            continue  # "know WHO is in there", even where the gazetteer knows the initialism
        if entity.category or not own:
            keep[entity.canonical] = label
            continue
        if label not in {"PRODUCT", "GPE", "LOC", "NORP", "LANGUAGE"} and any(
                _interface_object(s) or _owned_by_the_page(s) for s in own):
            continue  # "click Next", "our Ultimate Wedding Checklist": a control or the page's own tool
        if any(ch in s.text for s in own for ch in ":;|"):
            continue  # "Patch Verification: Review", "Chris ; Peterson": punctuation no name holds
        if all(re.fullmatch(r"[A-Z]\.?", w) for w in entity.canonical.split()):
            continue  # "P. S.": initials alone
        single = len(entity.canonical.split()) == 1
        if not entity.category:
            sensed = _sense_label(entity.canonical, label, any(_quoted(s) for s in own))
            if sensed is None:
                continue
            label = sensed
        if label in {"ORG", "GPE"} or label == "PRODUCT" and not any(ch.isdigit() for ch in entity.canonical):
            label = _list_kind(entity, neighbours, labels) or label  # "Siri and Alexa": one kind; "Server 2019" stays
        if label == "ORG" and not single and entity.canonical.split()[-1].lower() in WORK_NOUNS:
            continue  # "Catering Comparison Spreadsheet", "Health Insurance Report": a document, not a body
        if label in {"ORG", "GPE", "NORP", "PRODUCT", "LOC", "FAC"} and _person_shaped(entity.mentions[0]) and (any(
                _before(s) is not None and _before(s).lower_ in HONORIFICS for s in own) or (
                not _names_a_body(entity.canonical) and any(_speaker(s) for s in own)
                and any(_he_or_she_follows(s) for s in own))):
            label = "PERSON"  # "Ms. Dale Wren"; "Dale Wren said ... she": only people take these
        if label == "ORG" and any(_owned_by_an_organisation(s, org_tokens) for s in own):
            label = "PRODUCT"  # "Apple's Find My", "Vestra's Pulse": what a company has is its product
        if label == "ORG" and any(_product_use(s) for s in own):
            label = "PRODUCT"  # "install Vesta", "Vesta, an open-source framework"
        if label == "ORG" and not single and _product_of(entity, orgs, lowercase):
            label = "PRODUCT"  # "Bloomreach Engagement": the company's product
        if label == "ORG" and not single and entity.canonical.split()[-1].lower() in (
                FACILITY_WORDS - ORGANISATION_KINDS - {"house"}):
            label = "FAC"  # "Hearst Castle", "Brooklyn Bridge": a building or a structure
        if label == "ORG" and single and re.fullmatch(r"[A-Z][a-z]+(?:an|ese|ish)", entity.canonical) and all(
                s.end < len(doc) and doc[s.end].is_lower and doc[s.end].pos_ == "NOUN" for s in own):
            label = "NORP"  # "my Guatemalan students": a people's adjective
        if label == "ORG" and single and len(own) == 1 and not entity.canonical.isupper() and not _acts_as_a_body(
                own[0], known | org_tokens | places) and not neighbours.get(id(entity.mentions[0])):
            continue  # named once, in no role a body takes: only its capital says it is a name
        if label == "ORG" and all(_only_a_modifier(s) for s in own) and not any(
                _listed_with(s, known) or _modifies_civic_noun(s) or _subject_or_possessor(s) for s in own) and all(
                m.resolution == "self" for m in entity.mentions):
            continue  # "the Zentrix framework", "our Phishing Resources section": doubtful, so dropped
        if label in {"ORG", "PERSON", "GPE", "PRODUCT"} and not single and not (
                label == "PERSON" and any(_person_evidence(doc, s) for s in own)):
            label = _place_kind(entity.canonical) or label  # "Lake Kawaguchi", "Kasuga Taisha Shrine"
        common_word = single and label != "NORP" and not entity.canonical.isupper() and (
            entity.canonical.lower() in lowercase)
        if common_word and all(m.resolution == "self" for m in entity.mentions) and not any(
                _before(s) is not None and _before(s).lower_ == "the" for s in own):  # "the Senate" is the body
            continue  # "Next", "Wire", "Tile": a word the article also writes as a common word
        if single and label != "NORP" and not entity.canonical.isupper() and all(len(s) == 1 for s in own) and all(
                _opens_sentence(s[0]) for s in own) and not any(
                _subject_or_possessor(s) or _modifies_civic_noun(s) for s in own):
            continue
        if not single and label in _PROPER_LABELS and _title_cased_phrase(entity.canonical, lowercase) and not any(
                _person_evidence(doc, s, civic=False) for s in own):
            continue
        if not single and entity.canonical.split()[-1] in common_initialisms():
            continue  # "BMC IP", "Private LLM": a common noun's initialism heads the phrase
        if label == "ORG" and any(m.resolution == "acronym" for m in entity.mentions) and not _names_a_body(
                entity.canonical):
            continue  # "Identity Resolving Key (IRK)": a technical term spelled out, not a body
        if any(_number_follows(s) for s in own):
            continue  # "Glycerin GTS 21", "Caldera 8": the model cut a product's number off its name
        if label == "ORG" and not single and re.fullmatch(r"\d{3,}", entity.canonical.split()[-1]):
            continue  # "Event ID 1015": a numbered item, not a body
        if label == "ORG" and re.fullmatch(r"\d{1,2}(?:\.\d+)?", entity.canonical.split()[-1]) and not single:
            label = "PRODUCT"  # "Sonic 7", "Pro Evo 1": organisations do not end in a model number
        if label == "NORP" and any(_listed_with(s, languages) for s in own):
            label = "LANGUAGE"  # "captions in Spanish, Italian, or Thai": listed with a language
        if not single and _defined_term(own) and not _names_a_body(entity.canonical):
            continue  # "Original Equipment Manufacturer (OEM)": a term spelled out, not a body
        if (label == "ORG" and not single and first_words[entity.canonical.split()[0]] >= 3
                and entity.canonical.split()[0].lower() not in lowercase and not _names_a_body(entity.canonical)):
            label = "PRODUCT"  # "Windows Update", "Windows Server", "Windows 11": a brand's line, not bodies
        if label == "ORG" and not single and not _names_a_body(entity.canonical) and _person_shaped(
                entity.mentions[0]) and any(_appositive_nouns(s) & PERSON_ROLES for s in own):
            label = "PERSON"  # "Debbie Stier, publisher": a person the model typed ORG
        if label == "PERSON" and not any(_person_evidence(doc, s) for s in own) and any(_place_cue(s) for s in own):
            continue  # "walk to Omoide Yokocho", "Yoyogi Koen station": a place the model read as a person
        if label == "PERSON":
            if single and all(m.resolution != "partial_name" for m in entity.mentions) and any(
                    _thing_evidence(s) for s in own) and not any(
                    _person_evidence(doc, s, civic=False, pronouns=False) for s in own):
                continue  # "the Bermuda will detect", "Maximo ... where it is used": a thing
            person = any(_person_evidence(doc, s) for s in own)
            person = person or single and any(  # "when Obama ran": a product rarely acts mid-sentence
                s.root.dep_ in {"nsubj", "nsubjpass"} and s.root.head.pos_ == "VERB" and not _opens_sentence(s[0])
                for s in own)
            if single and not person and all(m.resolution != "partial_name" for m in entity.mentions):
                continue
            if not entity.canonical.isupper() and any(
                    re.fullmatch(r"[A-Z]{3,}|[A-Z\d]*[A-Z][A-Z\d]*(?:-[A-Z\d]+)+", w)
                    and not re.fullmatch(r"[IVXL]+", w) for s in own for w in s.text.split()):
                continue  # "Bermuda BLE", "Canon EF-RF": a person's name holds no initialism
            if not single and not person:
                first = entity.canonical.split()[0]
                if person_first_words[first] >= 3 and first not in evidenced_first_words:
                    continue  # a brand's line of products
                if any(_product_evidence(s, lowercase) for s in own):
                    continue
        elif label in {"GPE", "LOC"}:
            if any(_state_code(s) for s in own):
                pass
            elif (single and entity.canonical.istitle() and "." not in entity.canonical
                  and entity.canonical not in ALIASES.values() and not any(_place_evidence(s, places) for s in own)):
                continue  # one ordinary word; "New York", "D.C.", "WASHINGTON" (a dateline) are left alone
            elif (re.fullmatch(r"[A-Z]{2,3}", entity.canonical) and entity.canonical not in ALIASES.values()
                  and not any(_place_evidence(s, places) for s in own)):
                continue  # "live ND": a short code the model took for a place, nowhere used as one
        elif label == "NORP":
            if not _DEMONYM.match(re.split(r"[- ]", entity.canonical)[-1]) or entity.canonical.endswith("cian"):
                # "Latin American" by its last word; "-cian" makes occupations ("Electrician"), not peoples
                continue
        elif label == "ORG" and re.fullmatch(r"[A-Z]{2,6}", entity.canonical):
            spelled = [_spelled_before(s) for s in own]
            if any(_state_code(s) for s in own):
                label = "GPE"
            elif any(spelled) and not any(_names_a_body(name) for name in spelled if name):
                continue  # "Splashtop Secure Workspace (SSW)": initials of a product or a term, not of a body
            elif all(m.resolution == "self" for m in entity.mentions) and not any(
                    _subject_or_possessor(s) or _listed_with(s, known) or _modifies_civic_noun(s)
                    or _before(s, skip_det=True) is not None and _before(s, skip_det=True).lower_ in {"at", "from"}
                    for s in own):  # "studied at NYU"
                continue
            elif any(c.dep_ in {"amod", "compound"} and c.is_lower and c.is_alpha and c.i < s.start
                     for s in own for c in s.root.children):
                continue  # "the nine-digit EIN": an initialism with an adjective is a common noun
        keep[entity.canonical] = label
    if len(keep) == len(result.entities) and all(keep[e.canonical] == e.label for e in result.entities):
        return result
    mentions = [m for m in result.mentions if m.canonical in keep]
    entities, by_canonical = [], {}
    for entity in result.entities:
        if entity.canonical in keep:
            for m in entity.mentions:
                m.label = keep[entity.canonical]
            kept = Entity(len(entities), entity.canonical, keep[entity.canonical], entity.category, entity.mentions)
            entities.append(kept)
            by_canonical[entity.canonical] = kept
    return EntityResult(mentions, entities, by_canonical)


def extract_entities(doc: Doc, sentences: SentenceIndex, text: str | None = None) -> EntityResult:
    """Entities of one parsed article; `text` is `doc.text` when the caller has it (read once)."""
    return weigh_evidence(doc, resolve(find_mentions(doc, sentences, text)), text)


def mention_rows(doc_id: str, result: EntityResult) -> list[dict[str, Any]]:
    return [
        {"doc_id": doc_id, "mention_index": i, "start": m.start, "end": m.end, "text": m.text, "label": m.label,
         "model_label": m.model_label, "source": m.source, "canonical_name": m.canonical,
         "entity_index": result.by_canonical[m.canonical].index, "resolution": m.resolution,
         "sentence_index": m.sentence_index}
        for i, m in enumerate(result.mentions)
    ]


def entity_rows(doc_id: str, result: EntityResult) -> list[dict[str, Any]]:
    return [
        {"doc_id": doc_id, "entity_index": e.index, "canonical_name": e.canonical, "label": e.label,
         "category": e.category or None, "mention_count": len(e.mentions), "first_start": e.mentions[0].start,
         "first_end": e.mentions[0].end, "aliases": sorted({m.text for m in e.mentions} - {e.canonical})}
        for e in result.entities
    ]
