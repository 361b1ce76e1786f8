"""The entity layer's plain data: a mention, an entity, and one article's result."""
from __future__ import annotations

from dataclasses import dataclass, field

# What stands behind an `entities` row beyond the model's label (see `entities.support`), strongest first; the
# `entities.support` column's value set (kept in step with `schemas/entities.py` by tests/test_entities.py).
SUPPORTS = ("gazetteer", "article", "model")


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
    support: str = "model"  # gazetteer | article | model (set by `weigh_evidence`, see `entities.support`)
    # The evidence step that gave the final label ("" when it is the model's or the ruler's): set by `weigh_evidence`.
    typed_by: str = ""
    # In `entities` (True) or `entity_candidates` (False): set by `weigh_evidence` (`support.published`).
    published: bool = True


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


def name_key(text: str) -> str:
    """How names are compared: case and the apostrophe's form aside ("Kirby's" = "kirby’s")."""
    return text.replace("’", "'").lower()
