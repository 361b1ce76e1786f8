"""The `newsetl` console script, as installed, in a subprocess like a user runs it."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.paths import RAW

NEWSETL = Path(sys.executable).with_name("newsetl")


def newsetl(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    return subprocess.run([str(NEWSETL), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_help_explains_every_option(tmp_path):
    result = newsetl("run", "--help", cwd=tmp_path)
    assert result.returncode == 0
    for option in ("INPUT", "--output", "--ingest-date", "--batch-size", "Exit status"):
        assert option in result.stdout


def test_missing_input_folder_is_a_usage_error(tmp_path):
    result = newsetl("run", str(tmp_path / "nope"), cwd=tmp_path)
    assert result.returncode == 2
    assert "input folder not found" in result.stderr


@pytest.mark.slow
def test_run_prints_the_summary_and_exits_zero(tmp_path):
    shutil.copytree(RAW, tmp_path / "raw")
    result = newsetl("run", "raw", "--output", "out", "--ingest-date", "2026-11-05", cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    out = result.stdout
    for words in ("documents read:  6", "published:       6", "quarantined:     0", "validation:      passed",
                  str(tmp_path / "out" / "articles"), "validation report:", "data docs:"):
        assert words in out, words
    assert (tmp_path / "out" / "articles" / "ingest_date=2026-11-05" / "part-0.parquet").is_file()


@pytest.mark.slow
def test_failed_run_exits_non_zero_with_a_message(tmp_path):
    shutil.copytree(RAW, tmp_path / "raw")
    (tmp_path / "out").write_text("a file where the output folder should be")
    result = newsetl("run", "raw", "--output", "out", cwd=tmp_path)
    assert result.returncode == 1
    assert "run failed" in result.stderr
