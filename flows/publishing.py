"""Publishing a decided partition: stage every table's new partition file, audit it, swap it in.

The step behind the flow's `publish_tables` task. Children are swapped in before parents, and
the swaps are journaled first, so a publish that dies half-way is completed, not left mixed.
"""
from __future__ import annotations

import pickle

import pyarrow.compute as pc

from flows.context import RunContext, ValidationFailed
from flows.partition import DecidedPartition, MergedPartition
from flows.runtime import release_memory
from schemas import CONTENT_TABLES, PARTITION_TABLES, TABLES
from storage.tables import PUBLISH_JOURNAL, TableStore


def publish_partition(ctx: RunContext, decided: DecidedPartition) -> dict[str, tuple[int, int]]:
    """Publish the partition `flows.partition.decide_partition` left in the staging area.
    Returns, per table, the rows in the partition and the rows this run added to it."""
    store = TableStore(ctx.output_dir)
    merged = pickle.loads(store.storage.read_bytes(decided.staged))
    try:
        return stage_and_swap(TableStore(ctx.output_dir), ctx, merged)
    finally:
        release_memory()


def stage_and_swap(store: TableStore, ctx: RunContext, merged: MergedPartition) -> dict[str, tuple[int, int]]:
    """Stage every table's new partition file (content tables streamed from their sources),
    audit each, then swap them in, children before parents. Returns, per table, the rows in
    the partition and the rows this run added to it.

    The swaps are journaled first (`TableStore.publish`). If this step dies between two
    swaps, its retry completes them from the journal instead of staging everything again:
    the partition is mixed (children new, parents old) only until then.
    """
    if merged.table_failures:
        raise ValidationFailed("validation failed, nothing published:\n  " + "\n  ".join(merged.table_failures))
    done = store.finish_publish(ctx.run_id, ctx.day)
    if done is not None:
        return {table: (rows, added) for table, (rows, added) in done.items()}
    staged = []
    for name in PARTITION_TABLES:
        if name in CONTENT_TABLES:
            staged.append(store.stage_merged(ctx.run_id, TABLES[name], ctx.day, merged.sources[name]))
        else:
            staged.append(store.stage(ctx.run_id, TABLES[name], ctx.day, merged.tables[name]))
    added = {}
    for part in staged:
        if part.table in CONTENT_TABLES:
            from_published = part.source_rows[0] if part.table in merged.merges_published else 0
            added[part.table] = part.rows - from_published
        else:
            added[part.table] = int(pc.sum(pc.equal(merged.tables[part.table]["run_id"], ctx.run_id)).as_py() or 0)
    result = {part.table: (part.rows, added[part.table]) for part in staged}
    store.publish(staged, journal=f"{store.staging_dir(ctx.run_id, ctx.day)}/{PUBLISH_JOURNAL}", result=result)
    return result
