"""Prefect's temporary server started when a run begins (flows/ephemeral_server.py): Prefect's
clients use it and Prefect stops it, and whenever it cannot be used Prefect starts its own.
Each case runs in a fresh interpreter: Prefect reads its settings once per process."""
import os
import subprocess
import sys
import textwrap

import pytest

SCENARIO = textwrap.dedent("""
    import json, sys
    from flows.ephemeral_server import hand_over, start_early
    from prefect.client.orchestration import get_client
    from prefect.server.api.server import SubprocessASGIServer

    early = start_early()
    if early is not None and sys.argv[1] == "exited":
        early.process.kill()
        early.process.wait()
    handed = hand_over(early)
    with get_client(sync_client=True) as client:
        answered = client.hello().status_code
        api = str(client.api_url)
    server = SubprocessASGIServer()
    process = server.server_process
    print(json.dumps({"started": early is not None, "handed": handed, "answered": answered, "api": api,
                      "early_api": early.api_url if early else None,
                      "same_process": bool(early) and process is early.process}))
    server.stop()
    print(json.dumps({"stopped": process is None or process.poll() is not None}))
""")


def scenario(case: str, **env: str) -> list[dict]:
    import json

    environment = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", **env}
    done = subprocess.run([sys.executable, "-c", SCENARIO, case], env=environment, capture_output=True, text=True,
                          timeout=180)
    assert done.returncode == 0, done.stderr[-3000:]
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


@pytest.mark.slow
def test_the_early_server_is_the_one_prefect_uses_and_stops():
    used, stopped = scenario("running")
    assert used["started"] and used["handed"] and used["same_process"]
    assert used["answered"] == 200 and used["api"].rstrip("/") == used["early_api"]
    assert stopped["stopped"]


@pytest.mark.slow
def test_an_early_server_that_exited_leaves_prefect_to_start_its_own():
    used, stopped = scenario("exited")
    assert used["started"] and not used["handed"] and not used["same_process"]
    assert used["answered"] == 200 and used["api"].rstrip("/") != used["early_api"]
    assert stopped["stopped"]


def test_no_early_server_when_the_run_reports_to_a_configured_api():
    code = ("from flows.ephemeral_server import start_early; import sys; "
            "sys.exit(0 if start_early() is None else 1)")
    for env in ({"PREFECT_API_URL": "http://127.0.0.1:9/api"}, {"PREFECT_SERVER_EPHEMERAL_ENABLED": "false"}):
        done = subprocess.run([sys.executable, "-c", code], env={**os.environ, **env}, capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0, (env, done.stderr[-2000:])
