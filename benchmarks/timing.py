"""The benchmarks' one stopwatch idiom: add a block's wall time to a stage's total."""
from __future__ import annotations

import time
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager


@contextmanager
def elapsed_into(totals: MutableMapping[str, float], stage: str) -> Iterator[None]:
    """Add the wall time of the `with` block to `totals[stage]` (even when it raises)."""
    started = time.perf_counter()
    try:
        yield
    finally:
        totals[stage] = totals.get(stage, 0.0) + time.perf_counter() - started
