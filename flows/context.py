"""What every step of a partition run is handed: the run's identity and locations, and the
one exception that means "validation failed, nothing published"."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime


class ValidationFailed(RuntimeError):
    """A table-level expectation failed: nothing was published."""


@dataclass
class RunContext:
    run_id: str
    day: date
    ingested_at: datetime
    input_dir: str
    output_dir: str


def warn(message: str) -> None:
    """A warning in the Prefect run's log when there is a run, else in the `newsetl` logger
    (the steps also run, and are tested, without Prefect)."""
    try:
        from prefect import get_run_logger

        get_run_logger().warning(message)
    except Exception:  # noqa: BLE001 - outside a flow or task run (plain-Python use of the steps)
        logging.getLogger("newsetl").warning(message)
