"""Entity mentions and their per-document canonical names.

The mentions come from the pipeline in `extractors/nlp.py` (statistical NER + gazetteer
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
seen ("Prigozhin") as organisations.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span

from extractors.nlp import is_outlet
from extractors.sentences import SentenceIndex

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


@dataclass
class Mention:
    start: int
    end: int
    text: str
    label: str
    model_label: str
    source: str  # model | rule
    category: str  # outlet | org | country | place | person | "" (from the gazetteer id)
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


def _trimmed(span: Span) -> Span | None:
    """Drop a leading determiner and a trailing possessive: "the Wagner Group's" -> "Wagner Group"."""
    doc = span.doc
    start, end = span.start, span.end
    while start < end and (doc[start].lower_ in {"the", "a", "an"} or doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct or doc[end - 1].is_space
                           or (doc[end - 1].is_lower and doc[end - 1].pos_ in {"DET", "ADP", "CCONJ", "PART"})):
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


def find_mentions(doc: Doc, sentences: SentenceIndex) -> list[Mention]:
    """Named-entity mentions (numeric labels excluded), trimmed and split, in text order."""
    mentions = []
    for ent in doc.ents:
        if ent.label_ in NUMERIC_LABELS:
            continue
        source = "rule" if ent.ent_id_ else "model"
        parts = _split_at(ent)
        if len(parts) > 1:
            source = "rule"
        for part in parts:
            span = _trimmed(part)
            if span is None or not any(ch.isupper() for ch in span.text):
                continue  # a name has a capital; "anti" of "anti-Putin" tagged NORP does not
            mentions.append(Mention(span.start_char, span.end_char, span.text, ent.label_, ent.label_, source,
                                    ent.ent_id_, sentences.of(span.start_char)))
    return mentions


def resolve(mentions: list[Mention]) -> EntityResult:
    """Give every mention its canonical name and build one entity per canonical name."""
    full_people = [m for m in mentions if m.label == "PERSON" and len(m.text.split()) > 1]
    orgs = {m.text for m in mentions if m.label in {"ORG", "FAC", "NORP"} and len(m.text.split()) > 1}
    for m in mentions:
        key = _key(m.text)
        if key in ALIASES:
            m.canonical, m.resolution = ALIASES[key], ("self" if ALIASES[key] == m.text else "alias")
            continue
        words = m.text.split()
        if len(words) == 1 and m.label in {"PERSON", "ORG", "GPE", "NORP"} and m.category not in {"country", "place"}:
            names = {p.text for p in full_people
                     if _key(p.text.split()[-1]) == key or (m.label == "PERSON" and _key(p.text.split()[0]) == key)}
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
        categories = [m.category for m in group if m.category]
        category = categories[0] if categories else ("outlet" if is_outlet(canonical) else "")
        for m in group:
            m.label = label
        entity = Entity(len(entities), canonical, label, category, group)
        entities.append(entity)
        by_canonical[canonical] = entity
    return EntityResult(mentions, entities, by_canonical)


def extract_entities(doc: Doc, sentences: SentenceIndex) -> EntityResult:
    return resolve(find_mentions(doc, sentences))


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
