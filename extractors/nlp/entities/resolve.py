"""Name-variant resolution: every mention gets the canonical name of its entity.

Inside one document only: a surname joins its full name, a short organisation name its full
form, an acronym the name it spells, a known variant its canonical spelling (`ALIASES`).
"""
from __future__ import annotations

from collections import Counter

from extractors.nlp.entities.kinds import initials_of, person_shaped
from extractors.nlp.entities.lexicon import ALIASES, ORG_DESIGNATORS
from extractors.nlp.entities.result import Entity, EntityResult, Mention, name_key
from extractors.nlp.model import is_outlet


def resolve(mentions: list[Mention]) -> EntityResult:
    """Give every mention its canonical name and build one entity per canonical name."""
    full_people = [m for m in mentions if m.label == "PERSON" and len(m.text.split()) > 1]
    orgs = {m.text for m in mentions if m.label in {"ORG", "FAC", "NORP"} and len(m.text.split()) > 1}
    shaped = [m for m in mentions if m.label != "PERSON" and person_shaped(m)]
    for m in mentions:
        name_mention(m, mentions, full_people, orgs, shaped)
    return entities_of(mentions)


def name_mention(m: Mention, mentions: list[Mention], full_people: list[Mention], orgs: set[str],
                 shaped: list[Mention]) -> None:
    """Set the mention's canonical name, how it was found, and the label that implies. The
    first rule that names it wins: a known variant, a person's partial name, an organisation's
    leading words or its acronym, a shouted spelling, else its own text."""
    key = name_key(m.text)
    if key in ALIASES:
        m.canonical, m.resolution = ALIASES[key], ("self" if ALIASES[key] == m.text else "alias")
        return
    words = m.text.split()
    if len(words) == 1 and m.label in {"PERSON", "ORG", "GPE", "NORP"} and m.category not in {"country", "place"}:
        names = {p.text for p in full_people
                 if name_key(p.text.split()[-1]) == key or (m.label == "PERSON" and name_key(p.text.split()[0]) == key)}
        if not names and m.label == "PERSON":
            # a surname whose full name the model typed ORG/GPE ("Claure" -> "Marcelo Claure")
            names = {p.text for p in shaped if name_key(p.text.split()[-1]) == key}
        if len(names) == 1:
            m.canonical, m.resolution = names.pop(), "partial_name"
            m.label = "PERSON"
            return
    if m.label in {"ORG", "FAC", "NORP"} or (m.source == "model" and m.label in {"GPE", "PERSON", "LOC"}):
        longer = {o for o in orgs if len(o.split()) > len(words) and name_key(o).startswith(key + " ")
                  and all(w.lower() in ORG_DESIGNATORS for w in o.split()[len(words):])}
        if len(longer) == 1:
            m.canonical, m.resolution = longer.pop(), "prefix"
            m.label = "ORG"
            return
        if m.text.isupper() and 2 <= len(m.text) <= 6:
            spelled = {o for o in orgs if initials_of(o) == m.text.replace(".", "")}
            if len(spelled) == 1:
                m.canonical, m.resolution = spelled.pop(), "acronym"
                m.label = "ORG"
                return
    cased = {o.text for o in mentions if m.text.isupper() and len(m.text) > 3 and o.text.lower() == m.text.lower()
             and not o.text.isupper()}
    if len(cased) == 1:
        m.canonical, m.resolution = cased.pop(), "alias"  # "PINTEREST" in a shouted line is "Pinterest"
        return
    m.canonical = m.text


def entities_of(mentions: list[Mention]) -> EntityResult:
    """One entity per canonical name, in order of first mention, with one label for all its
    mentions: the label of its longest (fullest) mention, ties by majority."""
    groups: dict[str, list[Mention]] = {}
    for m in mentions:
        groups.setdefault(m.canonical, []).append(m)
    entities: list[Entity] = []
    by_canonical: dict[str, Entity] = {}
    for canonical, group in sorted(groups.items(), key=lambda kv: kv[1][0].start):
        counts = Counter(m.label for m in group)
        label = max(counts, key=lambda lab: (max(len(m.text) for m in group if m.label == lab), counts[lab]))
        if any(m.resolution == "partial_name" for m in group) and any(person_shaped(m) for m in group
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
