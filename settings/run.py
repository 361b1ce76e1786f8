"""The run's tunables: batch and chunk sizes, concurrency, time budgets, attempts, cluster waits.

Every knob of a run in one place; `flows/` imports them from here. Each keeps the comment that explains its value.
"""
from __future__ import annotations

# Documents per batch: one `process_batch` task, and what bounds memory (a batch's rows are
# staged as Parquet once validated). Was `flows.ingest.DEFAULT_BATCH_SIZE`.
DEFAULT_BATCH_SIZE = 200
DEFAULT_CONCURRENCY = 2  # partitions processed at once (they share the worker processes)
# Batch tasks of one partition subflow in flight at once (its ThreadPoolTaskRunner's threads).
BATCH_TASKS_AT_ONCE = 2
SUMMARY_EXAMPLES = 5  # paths with reasons per status in the run summary (`documents` holds them all)

# Documents per unit of work sent to a worker process: one nlp.pipe call, and the unit that is
# re-run item by item when a worker dies. Measured with benchmarks.pipeline (N=200, 2 workers):
# 2 per chunk was no faster than 8 (1.20x vs 1.28x speed-up, within noise), so 8 stays.
DOCUMENTS_PER_CHUNK = 8
# Modules the worker server imports once before it forks the run's workers, so that each starts
# with the models and Great Expectations loaded (`flows.workers.worker_context`).
WORKER_PRELOAD = ("flows.worker_preload",)
# Time budget for validating and staging one batch in a worker (GX takes ~2 s for 200 documents).
SECONDS_PER_BATCH_VALIDATION = 600.0
# Attempts at validating and staging one batch, each in another worker process, before the
# batch is given up for this run (its documents are then left unrecorded; see
# `flows.batch_validation.validate_batch_in_worker`).
BATCH_VALIDATION_ATTEMPTS = 3
# Time budget for one partition step in a worker (merge, ledger validation, Data Docs,
# publish); a 25,000-document partition (1.9 million sentences) took 19 s on this machine.
SECONDS_PER_PARTITION_STEP = 3600.0
# Documents whose rows are Python dicts at once while a batch is tabulated: the rest of the
# batch stays packed (see `DocumentOutcome.packed`) or already in Arrow.
DOCUMENTS_PER_TABULATE_SLICE = 16

# A JSON-lines file whose last line is unfinished (no newline after it, not valid JSON) and
# which changed less than this long ago is taken to be still being written: it is left for a
# later run. Older, it is taken as it is (the broken line recorded `unreadable`), so a file a
# writer abandoned half-way is still accounted for.
UNFINISHED_LINE_SETTLE_SECONDS = 3600

# Data Docs pages of batch results per partition: the first batch, then failing ones. Each
# batch is a page per content table, which GX loads and renders in the flow process, about
# 0.2 s of its CPU per batch on this machine (1 batch 0.5 s, 5 batches 1.4 s, 13 batches
# 3.1 s). With about one quarantined article per batch at 10,000 articles a day, a cap of 20
# meant nearly every batch. Every result stays in its batch's JSON, every failing row in
# `quarantine`, and the partition's report lists them all.
MAX_BATCH_PAGES = 5

# glibc malloc arenas of the flow process (glibc's default: 8 per core). Each partition
# subflow has its own task-runner threads, and glibc gives a new thread its own arena; each
# arena keeps its high-water mark, so the flow process grew with the number of partitions a
# run had touched. The flow process only orchestrates, so two arenas cost it no measurable speed.
FLOW_PROCESS_MALLOC_ARENAS = 2

# Environment defaults of a run (a value already set wins). Prefect reads its settings once,
# when it is imported, so these are applied before that (see `flows.runtime`).
PREFECT_ENVIRONMENT_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    # The ephemeral server's start on a loaded 2-core machine can exceed Prefect's 20 s default.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
}

# Dask: how long a run waits for a cluster with no workers, and how often it looks.
DASK_WORKER_TIMEOUT_ENV = "NEWSETL_DASK_WORKER_TIMEOUT"
DEFAULT_DASK_WORKER_TIMEOUT = 60.0  # seconds a run waits for a Dask cluster with no workers
CLUSTER_POLL_SECONDS = 2.0
