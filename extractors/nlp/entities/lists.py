"""Lists of names: items joined by commas and "and" are names of one kind."""
from __future__ import annotations

from collections import Counter

from extractors.nlp.entities.lexicon import LIST_KINDS
from extractors.nlp.entities.result import Entity, Mention
from settings.extraction import (LIST_KIND_MARGIN, LIST_KIND_MIN_VOTES, LIST_PLACE_MIN_VOTES, LIST_VOTES_OF_A_KNOWN_NAME,
                                 PEOPLE_LIST_MIN_VOTES)


def list_neighbours(mentions: list[Mention], text: str) -> dict[int, list[Mention]]:
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


def list_kind(entity: Entity, neighbours: dict[int, list[Mention]], labels: dict[str, str]) -> str | None:
    """The kind, ORG, PRODUCT or GPE, that the other items of the entity's lists vote for, or None.

    Each neighbouring item votes its label (a gazetteer name counts twice: its type is known);
    a kind wins with two votes or more and three times all the others'. "Siri and Alexa" makes
    Alexa a product; "Elevance Health, Centene, and Cigna" makes Centene a company; "Nikko,
    Fukuoka, Nagano and Hokkaido" makes places of all; one doubtful neighbour decides nothing."""
    votes = Counter()
    for m in entity.mentions:
        for n in neighbours.get(id(m), []):
            kind = labels.get(n.canonical, n.label)
            if n.canonical != entity.canonical and kind in LIST_KINDS:
                votes[kind] += LIST_VOTES_OF_A_KNOWN_NAME if n.category else 1
    single = len(entity.canonical.split()) == 1
    for kind in LIST_KINDS:
        if kind == "GPE" and (votes[kind] < LIST_PLACE_MIN_VOTES or not single):
            continue  # a place needs more: "Report, U.S. insurers" is no list of places
        if votes[kind] >= LIST_KIND_MIN_VOTES and votes[kind] >= LIST_KIND_MARGIN * (sum(votes.values()) - votes[kind]):
            return kind
    return None


def listed_with_people(entity: Entity, neighbours: dict[int, list[Mention]], labels: dict[str, str]) -> bool:
    """The entity stands in a list whose other items are people: PERSON votes at least
    `PEOPLE_LIST_MIN_VOTES` and `LIST_KIND_MARGIN` times all the others' (as `list_kind` counts them).
    Read only for a person-shaped name named nowhere but in such lists ("Ana Ruiz, Bo Lind, Cy Moss, Dee
    Park": the model types an unfamiliar full name in a list of credits as a body); a company's word in the
    name keeps it a body, and so does a mention outside the list, where the name's own role decides."""
    if not all(neighbours.get(id(m)) for m in entity.mentions):
        return False  # named outside the list too ("asked Acme Type to ..."): the list alone does not type it
    votes = Counter()
    for m in entity.mentions:
        for n in neighbours.get(id(m), []):
            if n.canonical != entity.canonical:
                votes[labels.get(n.canonical, n.label)] += 1
    people = votes["PERSON"]
    return people >= PEOPLE_LIST_MIN_VOTES and people >= LIST_KIND_MARGIN * (sum(votes.values()) - people)
