"""Recording the run: its `runs` row, validated with the run's other tables' rules."""
from __future__ import annotations

from typing import Any

import pyarrow as pa

from flows.context import ValidationFailed
from flows.suite_runner import process_suite_runner
from schemas import TABLES
from storage.tables import TableStore


def record_run_row(output_dir: str, row: dict[str, Any]) -> None:
    """Validate the run's `runs` row and append it.

    Why a step of its own: it runs where GX is already loaded. In a run that started worker
    processes it goes to one of them before the pool closes (`flows.dispatch.run_in_worker`),
    instead of making the flow process import GX and build a context at the very end of the
    run, a serial 3-8 s (the workers already hold both, `process_suite_runner`).
    """
    contract = TABLES["runs"]
    table = pa.Table.from_pylist([row], schema=contract.schema)
    outcome = process_suite_runner().validate(contract, table)
    if outcome.table_failures:
        raise ValidationFailed("runs record failed validation: " + "; ".join(outcome.table_failures))
    TableStore(output_dir).append(contract, row["started_at"].date(), table, row["run_id"])
