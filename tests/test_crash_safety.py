"""SIGKILL in the middle of publishing: readers never see a broken file; the next run heals."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from schemas import PARTITION_TABLES
from tests.paths import REPO
from tests.support import read_table, run_flow

DAY = date(2026, 11, 7)
pytestmark = pytest.mark.slow

# Runs the real flow in a child process and SIGKILLs it right after the Nth partition file
# has been swapped in: the worst moment, with some tables new and others old.
KILLER = textwrap.dedent("""
    import os, signal, sys
    from datetime import date
    real_replace = os.replace
    swapped = 0
    def replace_then_die(src, dst):
        global swapped
        real_replace(src, dst)
        if str(dst).endswith("part-0.parquet"):
            swapped += 1
            if swapped == int(sys.argv[3]):
                os.kill(os.getpid(), signal.SIGKILL)
    os.replace = replace_then_die
    from flows.ingest import ingest
    ingest(input_dir=sys.argv[1], output_dir=sys.argv[2], ingest_date=date.fromisoformat(sys.argv[4]), workers=0)
""")


def run_and_kill(input_dir: Path, out: Path, after_swaps: int, tmp_path: Path) -> int:
    script = tmp_path / "killer.py"
    script.write_text(KILLER)
    env = {**os.environ, "PYTHONPATH": str(REPO), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    child = subprocess.Popen([sys.executable, str(script), str(input_dir), str(out), str(after_swaps), DAY.isoformat()],
                             env=env, cwd=REPO, start_new_session=True, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    try:
        return child.wait(timeout=240)
    finally:
        try:  # the child's temporary Prefect server is orphaned by SIGKILL: stop its whole group
            os.killpg(child.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def test_kill_during_publish_leaves_whole_files_and_the_next_run_completes(prefect_harness, sample_input, tmp_path):
    out = tmp_path / "out"
    run_flow(sample_input, out, DAY)
    before = {name: read_table(out, name).num_rows for name in PARTITION_TABLES}
    (sample_input / "late.txt").write_text(
        "Harbour master Helen Carter said on Friday that the Port of Eastmouth would close its northern quay for "
        "repairs in January, after divers from the Royal Navy found cracks in two of its pillars.\n")

    code = run_and_kill(sample_input, out, after_swaps=2, tmp_path=tmp_path)
    assert code == -signal.SIGKILL

    # Every published file is whole and readable; no staging file is inside a table folder.
    for name in PARTITION_TABLES:
        files = sorted((out / name).glob("*/*"))
        assert [f.name for f in files] == ["part-0.parquet"]
        pq.read_table(files[0])
        duckdb.sql(f"select count(*) from read_parquet('{out}/{name}/*/*.parquet')").fetchall()
    # Tables are swapped in publish order, children before parents: the first two already show
    # the new article's rows, while `articles` and the `documents` ledger still show the old state.
    swapped = list(PARTITION_TABLES)[:2]
    after_kill = {name: read_table(out, name).num_rows for name in PARTITION_TABLES}
    assert all(after_kill[name] > before[name] for name in swapped), (swapped, before, after_kill)
    assert read_table(out, "articles").num_rows == before["articles"]
    assert read_table(out, "documents").num_rows == before["documents"]
    assert any((out / "_staging").rglob("*.parquet"))  # the killed run's leftovers

    summary = run_flow(sample_input, out, DAY)
    articles = read_table(out, "articles")
    assert articles.num_rows == before["articles"] + 1
    # The killed run had decided its publish (journal written): the next run completed it
    # first thing, so the new article is the killed run's and this run finds it ingested.
    assert summary["published"] == 0 and summary["already_ingested"] == before["articles"] + 1
    assert set(articles["run_id"].to_pylist()) == set(read_table(out, "documents")["run_id"].to_pylist())
    assert sum(articles["paragraph_count"].to_pylist()) == read_table(out, "paragraphs").num_rows
    assert read_table(out, "documents").num_rows == before["documents"] + 1
    assert not any((out / "_staging").rglob("*.parquet"))
