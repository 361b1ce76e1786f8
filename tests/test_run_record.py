"""The run's `runs` row (flows/tasks.py `record_run`, flows/run_record.py `record_run_row`): validated
and appended in a worker process when the run has started workers, so the flow process does not
import GX and build a context at the end of every run; here when there are none."""
from __future__ import annotations

from datetime import datetime, timezone

import pyarrow.dataset as ds


def _row(run_id: str) -> dict:
    from flows.summary import RunSummary, runs_row

    params = {"input_dir": "in", "output_dir": "out", "workers": 1}
    summary = RunSummary.of(run_id, params, [], [], [])
    now = datetime.now(timezone.utc)
    return runs_row("newsetl-ingest", run_id, params, now, now, summary, [])


def _recorded(out) -> list[str]:
    return ds.dataset(str(out / "runs"), format="parquet").to_table(columns=["run_id"]).column("run_id").to_pylist()


def test_the_runs_row_is_validated_in_a_started_worker_not_in_the_flow_process(tmp_path):
    from flows.dispatch import call_each
    from flows.suite_runner import process_suite_runner
    from flows.tasks import record_run
    from flows.workers import LazyWorkerPool

    process_suite_runner.cache_clear()
    with LazyWorkerPool(1, seconds_per_item=120.0) as pool:
        pool.map(call_each, [(len, ("started",))], 1)  # the run's workers are up
        record_run.fn(str(tmp_path), _row("run-in-worker"), pool=pool)
    assert _recorded(tmp_path) == ["run-in-worker"]
    assert process_suite_runner.cache_info().currsize == 0  # no GX runner was built in this process


def test_without_started_workers_the_runs_row_is_recorded_here(tmp_path):
    from flows.ingest import record_run
    from flows.workers import LazyWorkerPool

    with LazyWorkerPool(1, seconds_per_item=120.0) as idle:  # a run that found nothing new never starts its workers
        record_run.fn(str(tmp_path), _row("run-here"), pool=idle)
        assert not idle.started
    record_run.fn(str(tmp_path), _row("run-no-pool"))
    assert sorted(_recorded(tmp_path)) == ["run-here", "run-no-pool"]

