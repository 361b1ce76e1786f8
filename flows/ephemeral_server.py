"""Prefect's temporary server, started when a run begins instead of at the flow's first API call.

Why: in ephemeral mode Prefect starts its server (a uvicorn subprocess that imports Prefect's
server and opens its database, about 4 s here) only when the flow first calls the API, after
the CLI has imported the flows and Prefect's server module (about 3 s more). The run waited
for the two in turn on one core while the other idled. Started as soon as Prefect's settings
are known, the server starts while the CLI imports, and the run reaches its flow sooner.

The server is Prefect's own, not a copy: the command and environment of
`SubprocessASGIServer._run_uvicorn_command` (prefect 3.8.8, pinned), handed over to Prefect's
`SubprocessASGIServer` once it answers, so every client of the run uses it and Prefect stops it
at exit as it stops its own. Whenever anything is not as expected (an API URL is configured,
ephemeral mode is off, a server is already running in this process, ours exited or did not
answer in time) ours is stopped and Prefect starts its server the usual way: the early start
can only save time, never change where the run reports.
"""
from __future__ import annotations

import atexit
import contextlib
import os
import random
import socket
import subprocess
import sys
import time
from dataclasses import dataclass

# Prefect's own range for its temporary server's port (`SubprocessASGIServer._port_range`).
PORT_RANGE = range(8000, 9000)
PORT_ATTEMPTS = 10
HEALTH_POLL_SECONDS = 0.05


@dataclass
class EarlyServer:
    """A temporary server started before the flow: its port and process."""
    port: int
    process: subprocess.Popen

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"


def start_early() -> EarlyServer | None:
    """Start Prefect's temporary server now, if the run will use one; None if it will not
    (an API URL is configured, ephemeral mode is off, or this process already has one)."""
    import prefect
    from prefect.settings import get_current_settings

    settings = get_current_settings()
    if settings.api.url or not settings.server.ephemeral.enabled or _prefect_server_running():
        return None
    port = _free_port()
    if port is None:
        return None
    environment = {**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1",
                   "PREFECT__SERVER_FINAL": "1", **settings.to_environment_variables(exclude_unset=True)}
    command = [sys.executable, "-m", "uvicorn", "--app-dir", str(prefect.__module_path__.parent), "--factory",
               "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port),
               "--log-level", "error", "--lifespan", "on"]
    return EarlyServer(port, subprocess.Popen(command, env=environment))


def hand_over(early: EarlyServer | None) -> bool:
    """Wait until the early server answers, then make it the server Prefect's clients use
    (Prefect's `SubprocessASGIServer` for no port, which `get_client` starts) and stops at exit.
    Returns whether it was handed over; if not, it is stopped and Prefect starts its own."""
    if early is None:
        return False
    from prefect.server.api.server import SubprocessASGIServer
    from prefect.settings import get_current_settings

    server = SubprocessASGIServer()
    timeout = get_current_settings().server.ephemeral.startup_timeout_seconds
    if server.running or not _answers(early, timeout):
        _stop(early.process)
        return False
    server.port, server.server_process, server.running = early.port, early.process, True
    atexit.register(server.stop)
    return True


def _prefect_server_running() -> bool:
    module = sys.modules.get("prefect.server.api.server")
    if module is None:
        return False
    server = module.SubprocessASGIServer._instances.get(None)
    return bool(server is not None and server.running)


def _free_port() -> int | None:
    """A port of Prefect's range that nothing listens on, chosen as Prefect chooses it."""
    for _ in range(PORT_ATTEMPTS):
        port = random.choice(PORT_RANGE)
        with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
            try:
                sock.bind(("127.0.0.1", port))
                return port
            except OSError:
                continue
    return None


def _answers(early: EarlyServer, timeout: float) -> bool:
    """Whether the server's health endpoint answers 200 within `timeout` seconds (False at
    once if the process exits, e.g. with uvicorn's 3 when another process took the port)."""
    import httpx

    deadline = time.monotonic() + timeout
    with httpx.Client() as client:
        while time.monotonic() < deadline:
            if early.process.poll() is not None:
                return False
            try:
                if client.get(f"{early.api_url}/health").status_code == 200:
                    return True
            except httpx.TransportError:
                pass
            time.sleep(HEALTH_POLL_SECONDS)
    return False


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
