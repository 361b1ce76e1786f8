"""Table contracts: the single source of truth for every published table.

Each module declares one table's Arrow schema and its expectation suite side by side; the
writers, the validator and the data dictionary all read them from `TABLES`.
"""
from schemas import (
    amounts,
    articles,
    attributions,
    documents,
    entities,
    entity_candidates,
    entity_mentions,
    paragraphs,
    quarantine,
    quotes,
    removed_blocks,
    runs,
    sentences,
    temporal_expressions,
)
from schemas.contract import PARTITION_COLUMN, PARTITION_TYPE, Column, Rule, TableContract

# Publication order: children before parents, the `documents` ledger last, so a reader
# who sees an article also sees its paragraphs, and a document marked published is there.
TABLES: dict[str, TableContract] = {
    c.name: c
    for c in (
        sentences.CONTRACT,
        entity_mentions.CONTRACT,
        entities.CONTRACT,
        entity_candidates.CONTRACT,
        quotes.CONTRACT,
        attributions.CONTRACT,
        amounts.CONTRACT,
        temporal_expressions.CONTRACT,
        paragraphs.CONTRACT,
        removed_blocks.CONTRACT,
        quarantine.CONTRACT,
        articles.CONTRACT,
        documents.CONTRACT,
        runs.CONTRACT,
    )
}

# Tables published per ingest_date partition by the ingest step, in publication order;
# `runs` is written separately, once per top-level run.
PARTITION_TABLES = tuple(name for name in TABLES if name != "runs")

# Tables filled by the structured-extraction stage (extractors/nlp/batch.py).
STRUCTURED_TABLES = ("sentences", "entity_mentions", "entities", "entity_candidates", "quotes", "attributions",
                     "amounts", "temporal_expressions")
# Tables whose rows belong to a published article (replaced together, quarantined together).
CONTENT_TABLES = ("articles", "paragraphs", "removed_blocks") + STRUCTURED_TABLES

# The order a reader meets the tables in (data dictionary, run summary).
READING_ORDER = ("documents", "articles", "paragraphs", "sentences", "entity_mentions", "entities", "entity_candidates",
                 "quotes", "attributions", "amounts", "temporal_expressions", "removed_blocks", "quarantine", "runs")
assert set(READING_ORDER) == set(TABLES)

__all__ = ["READING_ORDER", "PARTITION_TABLES", "CONTENT_TABLES", "STRUCTURED_TABLES", "TABLES", "TableContract", "Column", "Rule", "PARTITION_COLUMN", "PARTITION_TYPE"]
