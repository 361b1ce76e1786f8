"""Workers forked from a worker server (flows/workers.py `worker_context`): what the server
preloads is loaded once, before any worker, and each worker still sees the run's environment as
it is when the worker starts. In a fresh interpreter: the server is one per process."""
import json
import os
import subprocess
import sys
import textwrap

SCENARIO = textwrap.dedent("""
    import json, os
    from flows.workers import WorkerPool, start_worker_server

    start_worker_server(["tests.worker_server_probe"])
    os.environ["NEWSETL_TEST_LATE"] = "set after the server started"
    with WorkerPool(2, seconds_per_item=60, preload=["tests.worker_server_probe"], recycle_after=2) as pool:
        from tests.worker_server_probe import what_the_worker_sees
        seen = pool.map(what_the_worker_sees, list(range(8)), chunk_size=2)
    print(json.dumps({"parent": os.getpid(), "seen": seen}))
""")


def test_workers_start_with_what_the_server_preloaded_and_the_runs_environment():
    done = subprocess.run([sys.executable, "-c", SCENARIO], capture_output=True, text=True, timeout=180,
                          env={k: v for k, v in os.environ.items() if k != "NEWSETL_TEST_LATE"})
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    seen = report["seen"]
    workers = {s["worker"] for s in seen}
    assert len(seen) == 8 and len(workers) >= 3  # recycled after 2 items: several workers in turn
    # imported once, by the server: not in the parent, not in any worker
    assert len({s["imported_in"] for s in seen}) == 1
    [loader] = {s["imported_in"] for s in seen}
    assert loader != report["parent"] and loader not in workers
    assert all(s["late"] == "set after the server started" for s in seen)
