"""Decide what each input becomes before any work is spent on it.

The rules that make re-runs idempotent live here, as pure functions over plain data:
- an input (same bytes at the same path) already recorded is skipped: re-running over the
  same folder adds no rows anywhere and costs a hash per file; with `reprocess`, inputs
  recorded in the partition being rebuilt are processed again (and replace their rows);
- an article already published under another name is recorded as a duplicate of it;
- within one run, the first copy (in path order) is published and the others are duplicates.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from extractors.records import DocumentOutcome

Key = tuple[str, str, "int | None"]  # (doc_id, path, record)


def describe_key(path: str, record: int | None) -> str:
    return path if record is None else f"{path}#{record}"


@dataclass(frozen=True)
class PublishedIndex:
    """What earlier runs recorded, as read from the `documents` table."""

    published: dict[str, str] = field(default_factory=dict)  # doc_id -> "path[#record] (ingest_date=...)"
    published_keys: dict[str, tuple[str, int | None]] = field(default_factory=dict)  # doc_id -> (path, record)
    recorded_elsewhere: frozenset = frozenset()  # keys recorded in partitions other than this run's
    recorded_here: frozenset = frozenset()  # keys recorded in this run's partition
    reprocess: bool = False  # rebuild this run's partition instead of skipping what it holds

    def triage(self, key: Key) -> tuple[str, str | None]:
        """("skip", None) | ("duplicate", where) | ("process", None)."""
        if key in self.recorded_elsewhere or (key in self.recorded_here and not self.reprocess):
            return "skip", None
        doc_id, path, record = key
        where = self.published.get(doc_id)
        if where is not None and self.published_keys[doc_id] != (path, record):
            return "duplicate", where
        return "process", None


def resolve_duplicates(documents: list[dict]) -> list[dict]:
    """`documents` rows in path order, the first published copy of each article kept and the
    other published copies demoted to duplicates of it (new rows; the others unchanged)."""
    first: dict[str, str] = {}
    resolved = []
    for doc in sorted(documents, key=lambda d: (d["path"], d["record"] or 0)):
        if doc["status"] == "published":
            where = first.get(doc["doc_id"])
            if where is None:
                first[doc["doc_id"]] = describe_key(doc["path"], doc["record"])
            else:
                doc = {**doc, "status": "duplicate", "duplicate_of": where,
                       "reason": f"same content as {where}, published in this run"}
        resolved.append(doc)
    return resolved


def resolve_run_duplicates(outcomes: list[DocumentOutcome]) -> list[DocumentOutcome]:
    """Keep the first published copy of each article (in path order); demote the others."""
    outcomes = sorted(outcomes, key=lambda o: (o.document["path"], o.document["record"] or 0))
    resolved = resolve_duplicates([o.document for o in outcomes])  # same (stable) order
    return [o if doc is o.document else DocumentOutcome(doc) for o, doc in zip(outcomes, resolved)]
