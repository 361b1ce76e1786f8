"""Run the real pipeline (`newsetl run` in its own process) and read its tables back: the one
way the record-quality benchmarks (attributions, dates) feed their data through the product.

Prefect state goes to a throwaway PREFECT_HOME inside the caller's temporary folder, and any
ambient PREFECT_API_URL is dropped, so a benchmark never writes to a user's server.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


def run_newsetl(input_dir: Path, output_dir: Path, ingest_date: str, *options: str) -> None:
    """`newsetl run input_dir --output output_dir --ingest-date D --quiet [options]`; exits with
    the command's output when it fails."""
    env = dict(os.environ, PREFECT_HOME=str(output_dir.parent / "prefect-home"),
               PREFECT_SERVER_ANALYTICS_ENABLED="false")
    env.pop("PREFECT_API_URL", None)
    # `newsetl` is the console script of flows.cli: run as a module of this interpreter, the
    # command uses the code of the checkout the benchmark runs from (a worktree too).
    command = [sys.executable, "-m", "flows.cli", "run", str(input_dir), "--output", str(output_dir),
               "--ingest-date", ingest_date, "--quiet", *options]
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=REPO)
    if done.returncode != 0:
        raise SystemExit(f"newsetl run failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")


def read_table(output_dir: Path, name: str, columns: list[str] | None = None) -> list[dict[str, Any]]:
    """A published table's rows (all partitions), or [] when the run published none."""
    import pyarrow.dataset as ds

    if not (output_dir / name).exists():
        return []
    return ds.dataset(output_dir / name, partitioning="hive").to_table(columns=columns).to_pylist()
