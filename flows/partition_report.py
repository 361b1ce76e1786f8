"""A decided partition's validation report (JSON) and its Great Expectations Data Docs."""
from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from flows.batch import BatchResult
from flows.context import MergedPartition, RunContext
from flows.runtime import release_memory
from schemas import TABLES
from schemas.validation import SuiteRunner
from settings.run import MAX_BATCH_PAGES
from storage.tables import TableStore


def write_validation_report(store: TableStore, ctx: RunContext, merged: MergedPartition,
                            results: list[BatchResult]) -> str:
    """The partition's validation summary as JSON under `_validation/runs/`; every GX result
    of every batch is in the batch files it lists."""
    report = {
        "run_id": ctx.run_id,
        "ingest_date": ctx.day.isoformat(),
        "success": not merged.table_failures,
        "table_failures": merged.table_failures,
        "quarantined_doc_ids": sorted(merged.quarantined_doc_ids),
        "tables": merged.validations,
        "batch_results": [store.storage.display(store.storage.path(r.validated.results_key))
                          for r in sorted(results, key=lambda r: r.number) if r.validated.results_key],
    }
    return store.write_json(f"_validation/runs/{ctx.run_id}.json", report)


def add_batch_results_to_docs(store: TableStore, runner: SuiteRunner, results: list[BatchResult]) -> int:
    """Put batch results into the runner's Data Docs: the first batch (so every suite has a
    page) and batches with failures, up to MAX_BATCH_PAGES; the rest stay in the JSON files."""
    ordered = sorted(results, key=lambda r: r.number)
    chosen = [r for i, r in enumerate(ordered) if r.validated.results_key and
              (i == 0 or r.validated.reasons or r.validated.table_failures)][:MAX_BATCH_PAGES]
    for result in chosen:
        document = json.loads(store.storage.read_bytes(store.storage.path(result.validated.results_key)))
        for table, gx_result in document["tables"].items():
            runner.add_result(TABLES[table], f"batch-{result.number:05d}", gx_result)
    return len(chosen)


class DataDocs:
    """The partition's Data Docs: a GX runner whose validations become pages, then the site.

    GX renders Data Docs to a local folder; on object storage they are rendered to a
    temporary folder and copied up through the same storage abstraction."""

    def __init__(self, store: TableStore) -> None:
        self.store = store
        self.location = store.storage.path("_validation", "data_docs")
        self.local = self.location if store.storage.local else tempfile.mkdtemp(prefix="newsetl-docs-")
        self.runner: SuiteRunner | None = SuiteRunner(docs_dir=Path(self.local))

    def build(self) -> str:
        """Render the site (its GX objects are freed at once) and return its index's location."""
        store = self.store
        store.ensure_space(self.location, 0)
        with store.writing(self.location):  # GX writes the pages itself: a full disk is named here
            index = self.runner.build_docs()
        self.runner = None
        release_memory()
        if not store.storage.local:
            store.storage.put_tree(self.local, self.location)
            shutil.rmtree(self.local, ignore_errors=True)
        return store.storage.display(f"{self.location}/{index.name}")
