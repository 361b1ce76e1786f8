"""Runtime tuning of the processes a run uses, in one place: environment defaults, glibc
malloc arenas, and handing freed memory back to the OS.

Nothing here runs at import: a run's entry points (the CLI, the flow bodies) call
`prepare_flow_process`, and the steps call `release_memory` after a batch or partition.
The one exception is `apply_environment_defaults`, which `flows/ingest.py` calls before it
imports Prefect (see there).
"""
from __future__ import annotations

import os
from functools import lru_cache

import pyarrow as pa

from settings.run import FLOW_PROCESS_MALLOC_ARENAS, PREFECT_ENVIRONMENT_DEFAULTS

M_ARENA_MAX = -8  # glibc's mallopt parameter number


def apply_environment_defaults() -> None:
    """Set each of `PREFECT_ENVIRONMENT_DEFAULTS` that the environment does not set already.
    Prefect reads its settings once, when it is imported: called before that to take effect."""
    for name, value in PREFECT_ENVIRONMENT_DEFAULTS.items():
        os.environ.setdefault(name, value)


def prepare_flow_process() -> None:
    """What a run's orchestrating process sets before its task runners start threads."""
    apply_environment_defaults()
    bound_malloc_arenas()


def release_memory() -> None:
    """Hand the memory a batch or a partition freed back to the OS.

    A batch's rows pass through this process as Python objects on whichever thread ran the
    batch, and glibc keeps freed memory in per-thread arenas; Arrow's pool (mimalloc) keeps
    freed pages for reuse. Without returning both, the flow process's RSS crept up batch
    after batch and partition after partition (708 MB at 200 documents, 1.2 GB at 1,600,
    one partition; benchmarks/pipeline.py) although nothing was retained.
    """
    pa.default_memory_pool().release_unused()
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)


@lru_cache(maxsize=1)
def _glibc():
    """The C library when it is glibc (it has malloc_trim and mallopt), else None."""
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return None
    return libc if hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt") else None


def bound_malloc_arenas(arenas: int = FLOW_PROCESS_MALLOC_ARENAS) -> None:
    """Cap this process's glibc malloc arenas (see `settings.FLOW_PROCESS_MALLOC_ARENAS`):
    before the task runners start their threads, since a thread takes its arena when it
    first allocates. Has no effect outside glibc."""
    libc = _glibc()
    if libc is not None:
        libc.mallopt(M_ARENA_MAX, arenas)
