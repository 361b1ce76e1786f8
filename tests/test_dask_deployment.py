"""The README's cluster recipe, for real: every piece a separate process started from its own
empty folder with a bare environment, as on separate machines, all on loopback ports chosen
at run time:

- moto's S3 server (`moto_server`), holding the landing zone and the tables;
- a Prefect server, and a process worker on the pool the deployment names;
- a Dask scheduler (`dask scheduler`) and two Dask workers (`dask worker`, with nannies);
- the deployment registered with `newsetl deploy --dask ... --input s3://... --output s3://...`.

The deployment is run through the API; while it runs, one Dask worker that is busy is killed
with SIGKILL together with its nanny and its document process (a lost machine). The run must
complete on the other worker with rows identical to a local run of the same input, and a
second deployment run must add nothing.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from benchmarks.loopback_cluster import (BIN, Processes, bare_env, free_port, read_tables, start_dask,
                                         start_prefect_server, start_s3, wait_for_workers, wait_until)
from schemas import PARTITION_TABLES
from tests.paths import RAW, REPO

pytestmark = pytest.mark.slow
DAY = "2026-10-01"
KEY, SECRET = "AKIA-newsetl-cluster-test", "cluster-test-secret"
RUN_COLUMNS = {"run_id", "ingested_at"}  # differ between any two runs by design
# Short articles written for this test, so the run has enough batches to kill a worker in.
ARTICLES = [
    "The city council voted on Monday to extend the night bus service to the eastern suburbs from March, "
    "after a trial that carried more passengers than the planners had expected.",
    "A new footbridge over the river opened on Saturday, linking the old market to the railway station. "
    "The engineers said the structure would carry up to four thousand people an hour.",
    "The county library will stay open until nine in the evening on weekdays from next month, the council said, "
    "after students asked for more quiet places to work before their examinations.",
    "Farmers in the valley reported a late harvest this year because of the cold spring, but the local "
    "cooperative said the quality of the grain was better than in the previous two seasons.",
    "The harbour authority said on Wednesday that two new cranes would arrive in the summer, allowing larger "
    "container ships to unload at the northern quay without waiting for the tide.",
    "Residents of the old quarter met the mayor on Tuesday evening to discuss parking, noise from the new "
    "market and the plan to plant trees along the main street before the autumn.",
]
DRIVER = """
import json, sys
from prefect.deployments import run_deployment
run = run_deployment(sys.argv[1], parameters={"batch_size": 1}, timeout=1500)
print(json.dumps({"state": run.state.type.value, "message": run.state.message}), flush=True)
"""


def contents(fs, prefix: str, name: str) -> list[tuple]:
    table = read_tables(fs, prefix, name)
    keep = [c for c in table.column_names if c not in RUN_COLUMNS]
    return sorted(tuple(str(v) for v in row.values()) for row in table.select(keep).to_pylist())


def test_the_deployment_runs_on_a_dask_cluster_with_s3_and_survives_a_lost_worker(tmp_path):
    import s3fs
    from distributed import Client

    s3_port, api_port, dask_port = free_port(), free_port(), free_port()
    endpoint, api, scheduler = (f"http://127.0.0.1:{s3_port}", f"http://127.0.0.1:{api_port}/api",
                                f"tcp://127.0.0.1:{dask_port}")
    home = tmp_path / "home"
    home.mkdir()
    # What each machine gets: the installed package (absolute paths to its scripts) and this
    # environment, nothing else (no PYTHONPATH, no checkout as working folder).
    env = bare_env(home, api=api, s3_endpoint=endpoint, key=KEY, secret=SECRET)
    procs = Processes(tmp_path / "machines", env)
    try:
        start_s3(procs, s3_port)
        start_prefect_server(procs, api_port)
        assert start_dask(procs, dask_port, ("dask-worker-1", "dask-worker-2")) == scheduler

        fs = s3fs.S3FileSystem(key=KEY, secret=SECRET, endpoint_url=endpoint)
        wait_until(lambda: fs.mkdir("news") is None, 120, "moto's S3 server did not start", procs.logs)
        for source in RAW.iterdir():
            fs.pipe_file(f"news/landing/{DAY}/{source.name}", source.read_bytes())
        for i, text in enumerate(ARTICLES):
            fs.pipe_file(f"news/landing/{DAY}/local-{i}.txt", text.encode())
        import urllib.request

        wait_until(lambda: urllib.request.urlopen(f"{api}/health", timeout=5).status == 200, 180,
                   "the Prefect server did not start", procs.logs)
        wait_for_workers(procs, scheduler, 2)

        deploy = subprocess.run(
            [str(BIN / "newsetl"), "deploy", "--file", str(REPO / "prefect.yaml"), "--name", "scheduled-ingest",
             "--pool", "newsetl-dask", "--dask", scheduler, "--input", "s3://news/landing",
             "--output", "s3://news/tables"], cwd=tmp_path / "machines", env=env, capture_output=True, text=True,
            timeout=300)
        assert deploy.returncode == 0, deploy.stderr + procs.logs()
        assert deploy.stdout.split() == ["registered", "newsetl-ingest/scheduled-ingest"]
        procs.start("process-worker", str(BIN / "prefect"), "worker", "start", "--pool", "newsetl-dask")

        killed: dict[str, object] = {}
        stop = threading.Event()

        def kill_a_busy_worker_mid_run() -> None:
            """Once the run has staged its first batch, SIGKILL a Dask worker (with its nanny
            and document process) that is running a task."""
            with Client(scheduler, timeout=120, set_as_default=False) as client:
                while not stop.is_set():
                    fs.invalidate_cache()
                    staged = [p for p in fs.find("news/tables/_staging") if "/_batches/articles/" in p]
                    busy = [a for a, keys in client.processing().items() if keys]
                    if staged and busy:
                        workers = client.scheduler_info()["workers"]
                        name = workers[busy[0]]["name"]
                        killed.update(name=name, staged_before=len(staged))
                        procs.kill(name)
                        return
                    time.sleep(0.5)

        killer = threading.Thread(target=kill_a_busy_worker_mid_run, daemon=True)
        killer.start()
        driver = tmp_path / "machines" / "driver.py"
        driver.write_text(DRIVER)
        first = subprocess.run([sys.executable, str(driver), "newsetl-ingest/scheduled-ingest"],
                               cwd=tmp_path / "machines", env=env, capture_output=True, text=True, timeout=1800)
        stop.set()
        killer.join(30)
        assert first.returncode == 0, first.stderr[-3000:] + procs.logs()
        assert json.loads(first.stdout.strip().splitlines()[-1])["state"] == "COMPLETED", first.stdout + procs.logs()
        assert killed.get("name") in ("dask-worker-1", "dask-worker-2"), procs.logs()
        batches = len(fs.ls(f"news/landing/{DAY}")) + 2  # at least: the JSON-lines file holds several records
        assert killed["staged_before"] < batches  # killed mid-run, not after the last batch
        # The batches and the partition steps ran on the Dask workers, not in the flow run's process.
        on_workers = procs.log("dask-worker-1", 10**7) + procs.log("dask-worker-2", 10**7)
        in_flow_run = procs.log("process-worker", 10**7)
        for step in ("process_batch", "validate_partition", "publish_tables"):
            assert f"Task run '{step}-" in on_workers and f"Task run '{step}-" not in in_flow_run, step

        # A re-run finds nothing new and adds nothing.
        articles_before = read_tables(fs, "news/tables", "articles").num_rows
        second = subprocess.run([sys.executable, str(driver), "newsetl-ingest/scheduled-ingest"],
                                cwd=tmp_path / "machines", env=env, capture_output=True, text=True, timeout=1800)
        assert second.returncode == 0 and '"COMPLETED"' in second.stdout, second.stderr[-3000:] + procs.logs()
        assert read_tables(fs, "news/tables", "articles").num_rows == articles_before

        # The same input run locally (no Dask, the default worker processes) gives the same rows.
        local = subprocess.run([str(BIN / "newsetl"), "run", "s3://news/landing", "--output", "s3://news/local",
                                "--batch-size", "1", "--workers", "1", "--quiet"], cwd=tmp_path / "machines",
                               env=env, capture_output=True, text=True, timeout=1800)
        assert local.returncode == 0, local.stderr[-3000:]
        for name in PARTITION_TABLES:
            assert contents(fs, "news/tables", name) == contents(fs, "news/local", name), name
        documents = read_tables(fs, "news/tables", "documents").to_pylist()
        assert len({(d["path"], d["record"]) for d in documents}) == len(documents)  # no input recorded twice
        assert {d["path"] for d in documents} >= {f"{DAY}/local-{i}.txt" for i in range(len(ARTICLES))}
        runs = sorted(read_tables(fs, "news/tables", "runs").to_pylist(), key=lambda r: r["started_at"])
        assert [(r["status"], r["published"]) for r in runs] == [("completed", articles_before), ("completed", 0)]
        assert f'"dask_address": "{scheduler}"' in runs[0]["parameters_json"]
    finally:
        procs.stop_all()
        shutil.rmtree(home, ignore_errors=True)
