"""Landing partitions, incremental runs, backfills and concurrent runs, with the real flows."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest

from tests.paths import RAW, REPO
from tests.support import read_table

pytestmark = pytest.mark.slow
D1, D2, D3 = date(2026, 10, 1), date(2026, 10, 2), date(2026, 10, 3)

STORY = ("{city} council approved a new budget on {day} after a debate that lasted more than six hours, "
         "with members voting to fund {n} new teachers and repair two bridges by the end of next year.\n")


def land(root: Path, day: date, name: str, city: str, n: int) -> None:
    folder = root / day.isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(STORY.format(city=city, day="Tuesday", n=n))


def partition_files(out: Path) -> dict[str, str]:
    """sha256 of every published data partition file, by relative path (`runs`, the log of
    runs partitioned by the day a run started, gains a row with every run and is left out)."""
    return {str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.glob("*/ingest_date=*/part-0.parquet")) if p.parts[-3] != "runs"}


def articles_by_date(out: Path) -> dict[date, list[str]]:
    table = read_table(out, "articles").to_pylist()
    result: dict[date, list[str]] = {}
    for row in table:
        result.setdefault(row["ingest_date"], []).append(row["source_path"])
    return {d: sorted(v) for d, v in result.items()}


def test_landing_partitions_publish_into_their_dates_and_incremental_runs_add_each_document_once(
        prefect_harness, tmp_path):
    from flows.ingest import ingest

    landing, out = tmp_path / "landing", tmp_path / "out"
    land(landing, D1, "a.txt", "Riverton", 40)
    land(landing, D2, "b.txt", "Eastmouth", 12)
    first = ingest(input_dir=str(landing), output_dir=str(out), workers=0)
    assert first["ingest_dates"] == [D1.isoformat(), D2.isoformat()]
    assert articles_by_date(out) == {D1: ["2026-10-01/a.txt"], D2: ["2026-10-02/b.txt"]}

    # The landing zone grows: a late file for an old day, and a new day.
    land(landing, D2, "c.txt", "Northfield", 7)
    land(landing, D3, "d.txt", "Southport", 3)
    untouched = {k: v for k, v in partition_files(out).items() if "2026-10-01" in k}
    second = ingest(input_dir=str(landing), output_dir=str(out), workers=0)
    assert second["ingest_dates"] == [D2.isoformat(), D3.isoformat()]  # D1 skipped without reading
    assert second["published"] == 2 and second["already_ingested"] == 1
    assert articles_by_date(out) == {D1: ["2026-10-01/a.txt"], D2: ["2026-10-02/b.txt", "2026-10-02/c.txt"],
                                     D3: ["2026-10-03/d.txt"]}
    assert {k: v for k, v in partition_files(out).items() if "2026-10-01" in k} == untouched

    third = ingest(input_dir=str(landing), output_dir=str(out), workers=0)
    assert third["ingest_dates"] == [] and third["validation"] == "skipped (nothing new)"
    documents = read_table(out, "documents").to_pylist()
    assert sorted(d["path"] for d in documents) == ["2026-10-01/a.txt", "2026-10-02/b.txt", "2026-10-02/c.txt",
                                                    "2026-10-03/d.txt"]
    runs = read_table(out, "runs").to_pylist()
    assert [r["published"] for r in sorted(runs, key=lambda r: r["started_at"])] == [2, 2, 0]


def test_backfill_with_reprocess_replaces_exactly_the_requested_partitions(prefect_harness, tmp_path, monkeypatch):
    import extractors.records as records
    from flows.ingest import backfill, ingest

    landing, out = tmp_path / "landing", tmp_path / "out"
    for day, city in ((D1, "Riverton"), (D2, "Eastmouth"), (D3, "Northfield")):
        land(landing, day, "story.txt", city, 5)
    ingest(input_dir=str(landing), output_dir=str(out), workers=0)
    before = partition_files(out)
    words_before = {a["source_path"]: a["word_count"] for a in read_table(out, "articles").to_pylist()}

    # A code change: word counts now include one more word. Reprocess only D2.
    monkeypatch.setattr(records, "word_count", lambda text: len(text.split()) + 1)
    summary = backfill(start=D2, end=D2, input_dir=str(landing), output_dir=str(out), reprocess=True, workers=0)
    assert summary["ingest_dates"] == [D2.isoformat()] and summary["published"] == 1

    after = partition_files(out)
    assert set(after) == set(before)
    changed = {k for k in after if after[k] != before[k]}
    assert changed and all("ingest_date=2026-10-02" in k for k in changed), sorted(changed)  # others keep bytes
    words_after = {a["source_path"]: a["word_count"] for a in read_table(out, "articles").to_pylist()}
    assert words_after["2026-10-02/story.txt"] == words_before["2026-10-02/story.txt"] + 1
    assert words_after["2026-10-01/story.txt"] == words_before["2026-10-01/story.txt"]
    assert read_table(out, "articles").num_rows == 3  # replaced, not duplicated


def test_backfill_without_reprocess_only_adds_what_is_new(prefect_harness, tmp_path):
    from flows.ingest import backfill

    landing, out = tmp_path / "landing", tmp_path / "out"
    for day, city in ((D1, "Riverton"), (D2, "Eastmouth"), (D3, "Northfield")):
        land(landing, day, "story.txt", city, 5)
    first = backfill(start=D1, end=D2, input_dir=str(landing), output_dir=str(out), workers=0, max_concurrency=2)
    assert first["ingest_dates"] == [D1.isoformat(), D2.isoformat()] and first["published"] == 2
    again = backfill(start=D1, end=D3, input_dir=str(landing), output_dir=str(out), workers=0)
    assert again["published"] == 1 and again["already_ingested"] == 2
    assert read_table(out, "articles").num_rows == 3


CONCURRENT = textwrap.dedent("""
    import sys
    from datetime import date
    from flows.ingest import ingest
    ingest(input_dir=sys.argv[1], output_dir=sys.argv[2], ingest_date=date(2026, 10, 9), workers=0)
""")


def test_two_runs_started_together_on_one_partition_publish_it_once(tmp_path):
    shutil.copytree(RAW, tmp_path / "raw")
    script = tmp_path / "run.py"
    script.write_text(CONCURRENT)
    env = {**os.environ, "PYTHONPATH": str(REPO), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    procs = [subprocess.Popen([sys.executable, str(script), str(tmp_path / "raw"), str(tmp_path / "out")],
                              cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    errors = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [e[-1500:] for e in errors]
    out = tmp_path / "out"
    documents = read_table(out, "documents").to_pylist()
    assert len(documents) == 6 and {d["status"] for d in documents} == {"published"}
    assert read_table(out, "articles").num_rows == 6
    runs = read_table(out, "runs").to_pylist()
    assert sorted(r["published"] for r in runs) == [0, 6]  # the second waited, then found nothing new


def test_a_run_that_fails_before_any_partition_is_still_recorded(prefect_harness, tmp_path):
    from flows.ingest import ingest

    out = tmp_path / "out"
    from storage.locations import LocationError

    with pytest.raises(LocationError):
        ingest(input_dir=str(tmp_path / "no-such-landing-zone"), output_dir=str(out), workers=0)
    [run] = read_table(out, "runs").to_pylist()
    assert run["status"] == "failed" and run["validation"] == "failed"
    assert "planning failed: LocationError: input not found" in run["error"] and run["published"] == 0


def test_credentials_in_a_location_never_reach_the_runs_table(prefect_harness, tmp_path):
    from flows.ingest import ingest
    from storage.locations import LocationError

    out = tmp_path / "out"
    with pytest.raises(LocationError) as refused:
        ingest(input_dir="s3://AKIDEXAMPLE:wJalrXUtnSECRET@bucket/landing", output_dir=str(out), workers=0)
    [run] = read_table(out, "runs").to_pylist()
    stored = run["parameters_json"] + run["error"] + str(refused.value)
    assert "s3://***@bucket/landing" in run["parameters_json"] and "credentials" in run["error"]
    assert "AKIDEXAMPLE" not in stored and "wJalrXUtnSECRET" not in stored
