"""What the steps of a partition run hand each other: the run's identity and locations, the
merged partition waiting to be published, and the one exception that means "validation
failed, nothing published"."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pyarrow as pa


class ValidationFailed(RuntimeError):
    """A table-level expectation failed: nothing was published."""


@dataclass
class RunContext:
    run_id: str
    day: date
    ingested_at: datetime
    input_dir: str
    output_dir: str


@dataclass
class MergedPartition:
    """A partition ready to publish: the small tables in memory, the content tables as lists
    of (Parquet file, doc_ids to leave out) to stream into one file each."""

    documents: list[dict[str, Any]]  # this run's ledger rows, duplicates across batches resolved
    tables: dict[str, pa.Table]  # `documents` and `quarantine`: the partition's full content
    sources: dict[str, list[tuple[str, set[str]]]]
    validations: dict[str, dict[str, Any]]  # table -> summary, over all batches
    table_failures: list[str]
    quarantined_doc_ids: set[str]
    merges_published: set[str] = field(default_factory=set)  # tables whose first source is the published file


def warn(message: str) -> None:
    """A warning in the Prefect run's log when there is a run, else in the `newsetl` logger
    (the steps also run, and are tested, without Prefect)."""
    try:
        from prefect import get_run_logger

        get_run_logger().warning(message)
    except Exception:  # noqa: BLE001 - outside a flow or task run (plain-Python use of the steps)
        logging.getLogger("newsetl").warning(message)
