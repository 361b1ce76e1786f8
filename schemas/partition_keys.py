"""Partition-wide key rules checked without loading the partition: the ledger merge, and
"no article from two sources".

They are rules of the `documents` and content tables' keys, not orchestration. Pure functions
over Arrow tables and plain data.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyarrow as pa

from schemas import TABLES


def merge_documents(existing: pa.Table, rows: list[dict[str, Any]]) -> pa.Table:
    """The partition's ledger: earlier rows, minus those this run decides again, plus this run's."""
    contract = TABLES["documents"]
    run_keys = {(r["doc_id"], r["path"], r["record"]) for r in rows}
    if existing.num_rows:
        keep = [(d, p, r) not in run_keys for d, p, r in zip(existing["doc_id"].to_pylist(),
                                                              existing["path"].to_pylist(),
                                                              existing["record"].to_pylist())]
        existing = existing.filter(pa.array(keep, pa.bool_()))
    return pa.concat_tables([existing, pa.Table.from_pylist(rows, schema=contract.schema)])


def article_clashes(published: Iterable[str], batches: Iterable[tuple[int, set[str]]]) -> list[str]:
    """The partition-wide primary keys stay unique without loading the partition: every
    content key starts with doc_id, each batch was checked on its own, so it is enough that
    no article comes from two sources. `published`: the doc_ids the published partition
    keeps; `batches`: (batch number, doc_ids it stages), in batch order. One message per clash."""
    seen: dict[str, str] = dict.fromkeys(published, "the published partition")
    clashes = []
    for number, doc_ids in batches:
        for doc_id in doc_ids:
            if doc_id in seen:
                clashes.append(f"articles: doc_id {doc_id} staged by batch {number} and {seen[doc_id]}")
            seen[doc_id] = f"batch {number}"
    return clashes
