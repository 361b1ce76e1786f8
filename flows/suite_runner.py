"""The Great Expectations runner of a process: one, built on first use and kept."""
from __future__ import annotations

from functools import lru_cache

from schemas.validation import SuiteRunner


@lru_cache(maxsize=1)
def process_suite_runner() -> SuiteRunner:
    # One ephemeral GX context per process: building one costs ~2 s, validating a batch less.
    # Results go back as JSON; the context keeps none, so a worker's memory does not grow.
    return SuiteRunner(keep_results=False)
