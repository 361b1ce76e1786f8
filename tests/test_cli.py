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


def test_version_names_the_package_and_commit(tmp_path):
    result = newsetl("--version", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.startswith("newsetl 0.")


def test_missing_input_folder_is_a_usage_error(tmp_path):
    result = newsetl("run", str(tmp_path / "nope"), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"newsetl: error: input not found: {tmp_path / 'nope'}"]


@pytest.mark.parametrize("output", ["raw", "raw/out", "raw/sub/out"])
def test_an_output_at_or_inside_the_input_is_refused_before_any_work(tmp_path, output):
    (tmp_path / "raw" / "sub").mkdir(parents=True)
    result = newsetl("run", "raw", "--output", output, cwd=tmp_path)
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert "is inside the input" in line and "Traceback" not in result.stderr
    assert not (tmp_path / "raw" / "_locks").exists() and not (tmp_path / "raw" / "out").exists()


def test_an_input_inside_the_output_is_refused(tmp_path):
    (tmp_path / "tables" / "landing").mkdir(parents=True)
    result = newsetl("run", "tables/landing", "--output", "tables", cwd=tmp_path)
    assert result.returncode == 2
    assert "is inside the output location" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_an_unwritable_output_is_found_before_any_work_without_retries(tmp_path):
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "a.txt").write_text("words " * 50)
    (tmp_path / "taken").write_text("a file where the output folder should be")
    for output, why in (("taken", "is not a folder"), ("taken/below", "cannot be written")):
        result = newsetl("run", "raw", "--output", output, cwd=tmp_path)
        assert result.returncode == 2, result.stderr
        [line] = result.stderr.strip().splitlines()
        assert why in line and "Retrying" not in result.stdout + result.stderr


def test_a_read_only_output_location_is_a_usage_error(tmp_path):
    """A real read-only file system (a tmpfs mounted ro), since root ignores permission bits."""
    readonly = tmp_path / "ro"
    readonly.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(readonly)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a read-only tmpfs here: {mounted.stderr.strip()}")
    try:
        (tmp_path / "raw").mkdir()
        result = newsetl("run", "raw", "--output", "ro/tables", cwd=tmp_path)
    finally:
        subprocess.run(["umount", str(readonly)], check=False)
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert "output location cannot be written" in line and "Read-only file system" in line


def test_credentials_in_a_location_are_refused_and_never_printed(tmp_path):
    result = newsetl("run", "s3://AKIDSECRETKEY:wJalrXUtnFEMIK7MDENG@bucket/landing", "--output", "out",
                     cwd=tmp_path)
    assert result.returncode == 2
    assert "s3://***@bucket/landing" in result.stderr
    assert "AKIDSECRETKEY" not in result.stdout + result.stderr and "wJalrX" not in result.stdout + result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_an_empty_input_folder_says_so_and_lists_no_unwritten_tables(tmp_path):
    (tmp_path / "empty").mkdir()
    result = newsetl("run", "empty", "--output", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"no input files under {tmp_path / 'empty'}" in result.stdout
    assert "data docs" not in result.stdout and "None" not in result.stdout
    listed = [line.split()[0] for line in result.stdout.splitlines() if str(tmp_path / "out") in line]
    assert listed == ["runs"]  # the record of this run; no path of a table that was never written


@pytest.mark.slow
def test_a_backfill_range_without_landing_folders_says_so(tmp_path):
    (tmp_path / "landing" / "2026-10-01").mkdir(parents=True)
    result = newsetl("backfill", "landing", "--start", "2026-11-01", "--end", "2026-11-07", "--output", "out",
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"no landing folders between 2026-11-01 and 2026-11-07 under {tmp_path / 'landing'}" in result.stdout
    assert "data docs" not in result.stdout


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
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "articles").write_text("a file where a table folder should be")
    result = newsetl("run", "raw", "--output", "out", cwd=tmp_path)
    assert result.returncode == 1
    assert "run failed" in result.stderr


@pytest.mark.slow
def test_the_summary_shows_why_documents_were_not_published_and_progress_is_logged(tmp_path):
    shutil.copytree(RAW, tmp_path / "raw")
    (tmp_path / "raw" / "notes.docx").write_bytes(b"PK\x03\x04 not an article")
    (tmp_path / "raw" / "tiny.txt").write_text("Too short to be an article.\n")
    result = newsetl("run", "raw", "--output", "out", "--ingest-date", "2026-11-05", cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.splitlines()
    unreadable = lines.index(next(line for line in lines if line.strip().startswith("unreadable:")))
    assert lines[unreadable + 1].strip().startswith("notes.docx: ")
    quarantined = lines.index(next(line for line in lines if line.strip().startswith("quarantined:")))
    assert lines[quarantined + 1].strip().startswith("tiny.txt: ")
    # Not a terminal: plain progress lines, documents done / total, rate.
    logged = result.stdout + result.stderr
    assert "ingest_date=2026-11-05: 8/8 documents (100 %)" in logged, logged[-3000:]
    assert "great_expectations" not in logged  # GX's INFO housekeeping is not shown


@pytest.mark.slow
def test_quiet_prints_the_summary_and_nothing_else(tmp_path):
    shutil.copytree(RAW, tmp_path / "raw")
    result = newsetl("run", "raw", "--output", "out", "--quiet", cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stderr.strip() == "", result.stderr[-2000:]
    assert result.stdout.lstrip().startswith("newsetl run ") and "| INFO" not in result.stdout


@pytest.mark.slow
def test_a_single_file_as_input_is_ingested(tmp_path):
    shutil.copytree(RAW, tmp_path / "raw")
    result = newsetl("run", "raw/2026-city-budget.html", "--output", "out", "--ingest-date", "2026-11-05",
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "documents read:  1" in result.stdout and "published:       1" in result.stdout
    import pyarrow.parquet as pq

    ledger = pq.read_table(tmp_path / "out" / "documents" / "ingest_date=2026-11-05" / "part-0.parquet")
    assert ledger.column("path").to_pylist() == ["2026-city-budget.html"]
    again = newsetl("run", "raw/2026-city-budget.html", "--output", "out", "--ingest-date", "2026-11-05",
                    cwd=tmp_path)
    assert again.returncode == 0 and "published:       0" in again.stdout  # recorded: nothing new


@pytest.mark.slow
def test_on_an_interactive_terminal_progress_is_a_line_redrawn_in_place(tmp_path):
    """The CLI on a real pseudo-terminal (as a person runs it): one line, redrawn with \\r."""
    import pty

    shutil.copytree(RAW, tmp_path / "raw")
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "COLUMNS": "120"}
    main, secondary = pty.openpty()
    proc = subprocess.Popen([str(NEWSETL), "run", "raw", "--output", "out", "--ingest-date", "2026-11-05"],
                            cwd=tmp_path, env=env, stdin=secondary, stdout=secondary, stderr=secondary)
    os.close(secondary)
    screen = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal closed: the process has exited
            break
        if not chunk:
            break
        screen += chunk
    os.close(main)
    assert proc.wait(timeout=300) == 0, screen.decode(errors="replace")[-2000:]
    text = screen.decode(errors="replace")
    assert "\ringest_date=2026-11-05: 0/6 documents (0 %)" in text, text[-3000:]  # drawn at the start
    assert "\ringest_date=2026-11-05: 6/6 documents (100 %)" in text, text[-3000:]  # redrawn in place
    assert "published:       6" in text


def test_local_paths_with_a_remote_dask_cluster_are_refused_in_one_line(tmp_path):
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "a.txt").write_text("words " * 50)
    # Port 9 (discard): nothing is contacted, the refusal comes before any connection.
    result = newsetl("run", "raw", "--output", "s3://bucket/tables", "--dask", "tcp://127.0.0.1:9", cwd=tmp_path)
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert line == ("newsetl: error: the Dask cluster at tcp://127.0.0.1:9 cannot reach the local input raw: use "
                    "object storage (s3://...) for both, or --dask local")


def test_deploy_refuses_a_remote_cluster_with_local_paths_before_contacting_the_server(tmp_path):
    # No server runs at this address: the refusal must come first (exit 2, not 1).
    env_port = "http://127.0.0.1:9/api"
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_API_URL": env_port}
    result = subprocess.run([str(NEWSETL), "deploy", "--file", str(Path(__file__).parents[1] / "prefect.yaml"),
                             "--dask", "tcp://scheduler:8786"], cwd=tmp_path, env=env, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 2, result.stderr
    [line] = result.stderr.strip().splitlines()
    assert "cannot reach the local input" in line and str(tmp_path / "data" / "landing") in line
