"""The `entity_mentions`, `entities` and `entity_candidates` table rows of one article's result."""
from __future__ import annotations

from typing import Any

from extractors.nlp.entities.result import EntityResult


def mention_rows(doc_id: str, result: EntityResult) -> list[dict[str, Any]]:
    """One `entity_mentions` row per mention, in text order, pointing at its entity."""
    return [
        {"doc_id": doc_id, "mention_index": i, "start": m.start, "end": m.end, "text": m.text, "label": m.label,
         "model_label": m.model_label, "source": m.source, "canonical_name": m.canonical,
         "entity_index": result.by_canonical[m.canonical].index, "resolution": m.resolution,
         "sentence_index": m.sentence_index}
        for i, m in enumerate(result.mentions)
    ]


def entity_rows(doc_id: str, result: EntityResult, published: bool = True) -> list[dict[str, Any]]:
    """One `entities` row per published entity (`published=False`: one `entity_candidates` row per
    candidate): its canonical name, label, first position, other spellings and what supports it
    (`support`: set by `weigh_evidence`; a gazetteer entity is `gazetteer` even when the evidence
    did not run). Both tables share the article's `entity_index`es, which `entity_mentions` points at."""
    return [
        {"doc_id": doc_id, "entity_index": e.index, "canonical_name": e.canonical, "label": e.label,
         "category": e.category or None, "mention_count": len(e.mentions), "first_start": e.mentions[0].start,
         "first_end": e.mentions[0].end, "aliases": sorted({m.text for m in e.mentions} - {e.canonical}),
         "support": "gazetteer" if e.category else e.support}
        for e in result.entities if e.published == published
    ]


def candidate_rows(doc_id: str, result: EntityResult) -> list[dict[str, Any]]:
    """One `entity_candidates` row per entity not published in `entities` (`support.published`)."""
    return entity_rows(doc_id, result, published=False)
