"""benchmarks/scale.py: the bookkeeping that turns runs into the README's scale figures. The
runs themselves (servers, Dask processes) are exercised by running the benchmark; these check
what decides whether its figures and its "same rows" verdict can be trusted."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

from benchmarks.scale import DRIVER_WRAPPER, Run, differences, landing_layout, main, render, table_fingerprint


def test_pages_are_spread_over_contiguous_date_folders_of_nearly_equal_size():
    layout = landing_layout(["a", "b", "c", "d", "e"], 2, first_day=date(2026, 10, 1))
    assert layout == [("2026-10-01", "a"), ("2026-10-01", "b"), ("2026-10-01", "c"),
                      ("2026-10-02", "d"), ("2026-10-02", "e")]
    # More partitions than pages: one page each, no empty partition.
    assert [day for day, _ in landing_layout(["a", "b"], 5, first_day=date(2026, 10, 1))] == ["2026-10-01",
                                                                                                "2026-10-02"]


def test_the_row_fingerprint_ignores_order_and_run_columns_but_not_values():
    first = [{"doc_id": "d1", "text": "The council met.", "run_id": "r1", "ingested_at": 1, "file_mtime_ns": 5},
             {"doc_id": "d2", "text": "The bridge opened.", "run_id": "r1", "ingested_at": 1, "file_mtime_ns": 6}]
    again = [{"doc_id": "d2", "text": "The bridge opened.", "run_id": "r2", "ingested_at": 2, "file_mtime_ns": 9},
             {"doc_id": "d1", "text": "The council met.", "run_id": "r2", "ingested_at": 2, "file_mtime_ns": 8}]
    changed = [dict(again[0], text="The bridge closed."), again[1]]
    assert table_fingerprint(first) == table_fingerprint(again)
    assert table_fingerprint(first)[0] == 2
    assert table_fingerprint(first) != table_fingerprint(changed)
    assert table_fingerprint(first) != table_fingerprint(first[:1])


def test_differences_name_each_table_that_differs_with_both_row_counts():
    reference = {"articles": (3, "aaa"), "documents": (4, "bbb")}
    other = {"articles": (3, "aaa"), "documents": (5, "ccc")}
    assert differences(reference, other) == ["documents (4 vs 5 rows)"]
    assert differences(reference, dict(reference)) == []


def test_the_table_reports_median_and_min_docs_per_second_and_driver_cost_per_partition():
    runs = [Run("dask-2", 1, 0, wall=50.0, cpu=8.0, peak_rss=300 * 2**20, load_before=2.0),
            Run("dask-2", 2, 0, wall=40.0, cpu=6.0, peak_rss=320 * 2**20, load_before=2.5),
            Run("dask-2", 3, 0, wall=100.0, cpu=7.0, peak_rss=310 * 2**20, load_before=3.0),
            Run("local", 1, 1, wall=10.0, cpu=1.0, peak_rss=2**20, load_before=2.0)]  # failed: left out
    table = render(runs, pages=100, partitions=2, batch_size=50, command="python -m benchmarks.scale", note="")
    rows = [line for line in table.splitlines() if line.startswith("| `newsetl")]
    assert len(rows) == 1
    cells = [cell.strip() for cell in rows[0].strip("|").split("|")]
    # docs/s: 100/50, 100/40, 100/100 -> median 2.00, min 1.00; CPU 7 s / 2 partitions; wall 50 s / 2.
    assert cells[3:] == ["2.00 / 1.00", "3.5", "25.0", "320 MB"]


def test_the_benchmark_skips_cleanly_without_pages(tmp_path, capsys):
    assert main(["--pages-dir", str(tmp_path / "absent")]) == 0
    assert "skipped" in capsys.readouterr().out


def test_the_driver_wrapper_records_the_drivers_own_usage_even_when_it_exits_through_systemexit(tmp_path):
    usage = tmp_path / "usage.json"
    done = subprocess.run([sys.executable, "-c", DRIVER_WRAPPER, str(usage), "--version"], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.startswith("newsetl "), done.stderr
    recorded = json.loads(usage.read_text())
    assert recorded["user"] + recorded["sys"] > 0
    assert recorded["maxrss_kb"] > 1000  # a Python interpreter with argparse loaded: megabytes
    assert recorded["heavy_modules"] == []  # `--version` loads no model and no validation library


def test_a_source_edit_between_runs_is_named_so_row_differences_are_not_blamed_on_the_mode(tmp_path):
    from benchmarks.scale import changed_files, source_snapshot

    (tmp_path / "flows" / "__pycache__").mkdir(parents=True)
    (tmp_path / "flows" / "ingest.py").write_text("BATCH = 200\n")
    (tmp_path / "flows" / "__pycache__" / "ingest.cpython-311.py").write_text("compiled\n")
    before = source_snapshot(tmp_path, ("flows",))
    assert list(before) == ["flows/ingest.py"]  # caches are not code
    assert changed_files(before, source_snapshot(tmp_path, ("flows",))) == []
    (tmp_path / "flows" / "ingest.py").write_text("BATCH = 100\n")
    (tmp_path / "flows" / "steps.py").write_text("def step(): pass\n")
    assert changed_files(before, source_snapshot(tmp_path, ("flows",))) == ["flows/ingest.py", "flows/steps.py"]


def test_the_driver_imports_the_frozen_copy_of_the_code_not_the_working_tree(tmp_path):
    from benchmarks.scale import freeze_code
    from tests.paths import REPO

    frozen = freeze_code(tmp_path / "code")
    assert (frozen / "flows" / "cli.py").read_bytes() == (REPO / "flows" / "cli.py").read_bytes()
    assert not list(frozen.rglob("__pycache__"))
    usage = tmp_path / "usage.json"
    done = subprocess.run([sys.executable, "-c", DRIVER_WRAPPER, str(usage), "--version"], capture_output=True,
                          text=True, timeout=120, cwd=tmp_path, env={"PATH": "/usr/bin:/bin",
                                                                     "PYTHONPATH": str(frozen)})
    assert done.returncode == 0, done.stderr
    assert json.loads(usage.read_text())["code_root"] == str(frozen)
