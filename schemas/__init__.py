"""Table contracts: the single source of truth for every published table.

Each module declares one table's Arrow schema and its expectation suite side by side; the
writers, the validator and the data dictionary all read them from `TABLES`.
"""
from schemas import articles, documents, paragraphs, quarantine, removed_blocks
from schemas.contract import PARTITION_COLUMN, PARTITION_TYPE, Column, Rule, TableContract

# Publication order: children before parents, the `documents` ledger last, so a reader
# who sees an article also sees its paragraphs, and a document marked published is there.
TABLES: dict[str, TableContract] = {
    c.name: c
    for c in (
        paragraphs.CONTRACT,
        removed_blocks.CONTRACT,
        quarantine.CONTRACT,
        articles.CONTRACT,
        documents.CONTRACT,
    )
}

# The order a reader meets the tables in (data dictionary, run summary).
READING_ORDER = ("documents", "articles", "paragraphs", "removed_blocks", "quarantine")
assert set(READING_ORDER) == set(TABLES)

__all__ = ["READING_ORDER", "TABLES", "TableContract", "Column", "Rule", "PARTITION_COLUMN", "PARTITION_TYPE"]
