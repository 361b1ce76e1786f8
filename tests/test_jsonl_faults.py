"""Issue 24, faults 5 and 10: JSON-lines records that used to sink a partition, and JSON-lines
files too large to be one batch.

5. One poisoned record (200,000 nested brackets, a 100,000-digit number, a lone surrogate
   escape such as "\\ud800" in any field, a date before year 1 in UTC) failed the whole
   partition with exit 1, naming no file. Each is now quarantined alone, with the reason.
10. A JSON-lines file was one batch however many records it held (100,000 records: the flow
   process reached 1.7 GB). It is now cut into slices of records, one batch each at most.

Real files, the real flow (CLI and `flows.ingest.ingest`), Parquet read back.
"""
from __future__ import annotations

import asyncio
import json
import time
import uuid
from datetime import date

import pytest

from extractors.loading import load_file
from flows.planning import partition_inputs, plan_batches
from schemas import PARTITION_TABLES
from tests.support import read_table

DAY = date(2026, 11, 9)

TOPICS = ("tram line", "harbour bridge", "water plant", "school roof", "bus depot", "rail tunnel", "city library",
          "sports hall", "fire station", "river wall")


def article(n: int) -> str:
    """A distinct short article (over 20 words, so it passes the row-level expectations)."""
    topic = TOPICS[n % len(TOPICS)]
    return (f"The regional authority said on Wednesday that work on the {topic} number {n} would finish in "
            f"March, three months later than planned, after inspectors found {n + 3} faults in the design. "
            f"About {1000 + n} residents are expected to benefit once the work is complete.")


# -- fault 5: one poisoned record sinks its partition ------------------------------------------
POISON = {  # line in feed.jsonl -> (the record's JSON text, words its reason must hold)
    2: ("[" * 200_000 + "]" * 200_000, ("200000 levels deep", "max_record_depth")),
    3: ('{"text": "' + article(3) + '", "id": ' + "7" * 100_000 + "}", ("100000 digits", "max_record_int_digits")),
    4: ('{"text": "' + article(4) + ' \\ud800 end."}', ("'text'", "lone surrogate \\ud800")),
    5: ('{"text": "' + article(5) + '", "url": "https://example.org/\\udc00"}', ("'url'", "lone surrogate \\udc00")),
    6: ('{"text": "' + article(6) + '", "title": "Bad \\ud83d title"}', ("'title'", "lone surrogate \\ud83d")),
    7: ('{"text": "' + article(7) + '", "published": "2026-11-0\\udfff"}', ("'published'", "lone surrogate \\udfff")),
    8: ('{"text": "' + article(8) + '", "meta": {"tags": ["ok", "\\ud800"]}}', ("'meta.tags[1]'", "lone surrogate")),
}


def feed_lines() -> list[str]:
    lines = [json.dumps({"text": article(1), "title": "first good record"})]
    lines += [POISON[n][0] for n in sorted(POISON)]
    # A date before year 1 once converted to UTC (OverflowError): the record is fine, the date is ignored.
    lines.append(json.dumps({"text": article(9), "published": "0001-01-01T00:00:00+05:00"}))
    lines.append(json.dumps({"text": article(10), "title": "last good record \ud83d\ude00"}))  # a real pair is fine
    return lines


@pytest.mark.parametrize("line", sorted(POISON))
def test_each_poisoned_record_is_refused_alone_by_the_loader(line):
    """Before: RecursionError, ValueError (int digits) or UnicodeEncodeError (surrogates, when
    the record was hashed) escaped `load_file` and failed the whole file."""
    record, words = POISON[line]
    good = json.dumps({"text": article(1)})
    docs = load_file("feed.jsonl", f"{good}\n{record}\n{good.replace('1', '2')}".encode())
    assert [(d.record, d.status) for d in docs] == [(1, "ok"), (2, "quarantined"), (3, "ok")]
    assert docs[1].reason.startswith("line 2: ")
    for word in words:
        assert word in docs[1].reason, docs[1].reason
    docs[1].reason.encode("utf-8")  # the reason itself can be stored
    assert len(docs[1].doc_id) == 64


def test_the_whole_feed_loads_with_every_poisoned_record_accounted_for():
    docs = {d.record: d for d in load_file("feed.jsonl", "\n".join(feed_lines()).encode())}
    assert sorted(docs) == list(range(1, 11))
    assert [docs[n].status for n in (1, 9, 10)] == ["ok", "ok", "ok"]
    assert "is not a date; ignored" in docs[9].reason and docs[9].published is None  # was an OverflowError
    assert docs[10].title == "last good record \U0001F600"
    assert all(docs[n].status == "quarantined" for n in POISON)


def test_a_date_before_year_one_in_utc_is_ignored_not_fatal():
    """Before: OverflowError from datetime.astimezone escaped `load_file`."""
    doc, = load_file("feed.jsonl", json.dumps({"text": article(1), "published": "0001-01-01T00:00:00+05:00"}).encode())
    assert doc.status == "ok" and doc.published is None and "is not a date; ignored" in doc.reason


def test_an_overlong_published_value_is_ignored_unparsed():
    """Before: the string went to dateparser, whose time grows with it (100,000 characters of
    "a a a ...": about 100 s of the flow's own process for one record, no worker time limit)."""
    record = json.dumps({"text": article(1), "published": "a " * 10_000})
    doc, = load_file("feed.jsonl", record.encode())
    assert doc.status == "ok" and doc.published is None
    assert "20000 characters, over the limit max_date_chars=100; ignored" in doc.reason


def test_brackets_inside_strings_do_not_count_as_nesting():
    record = json.dumps({"text": article(1), "note": "[" * 500 + "{" * 500})
    doc, = load_file("feed.jsonl", record.encode())
    assert doc.status == "ok"


def test_the_interpreter_limit_cannot_change_the_verdict():
    """Our limit is applied before Python's: a number just over it is refused whatever
    PYTHONINTMAXSTRDIGITS says, and one just under it is kept."""
    under = '{"text": "' + article(1) + '", "n": ' + "9" * 4300 + "}"
    over = '{"text": "' + article(2) + '", "n": -' + "9" * 4301 + "}"
    docs = load_file("feed.jsonl", f"{under}\n{over}".encode())
    assert [d.status for d in docs] == ["ok", "quarantined"]
    assert "4301 digits" in docs[1].reason


@pytest.mark.slow
def test_poisoned_records_are_quarantined_and_the_rest_published(prefect_harness, tmp_path):
    from flows.cli import main

    root, out = tmp_path / "in", tmp_path / "out"
    root.mkdir()
    (root / "feed.jsonl").write_text("\n".join(feed_lines()) + "\n", encoding="utf-8")
    (root / "story.txt").write_text(article(100) + "\n", encoding="utf-8")
    args = ["run", str(root), "--output", str(out), "--ingest-date", DAY.isoformat(), "--workers", "1"]

    assert main(args) == 0  # exit status 0: published (was 1, nothing published, no file named)

    documents = read_table(out, "documents").to_pylist()
    by_key = {(d["path"], d["record"]): d for d in documents}
    assert len(documents) == len(by_key) == 11  # 10 records and the text file, each once
    assert by_key[("story.txt", None)]["status"] == "published"
    for n in (1, 9, 10):
        assert by_key[("feed.jsonl", n)]["status"] == "published", by_key[("feed.jsonl", n)]
    for n, (_, words) in POISON.items():
        row = by_key[("feed.jsonl", n)]
        assert row["status"] == "quarantined" and all(w in row["reason"] for w in words), row
    articles = read_table(out, "articles").to_pylist()
    assert sorted((a["source_path"], a["source_record"]) for a in articles) == [
        ("feed.jsonl", 1), ("feed.jsonl", 9), ("feed.jsonl", 10), ("story.txt", None)]

    rows = {name: read_table(out, name).num_rows for name in PARTITION_TABLES}
    assert main(args) == 0  # re-run: nothing new
    assert {name: read_table(out, name).num_rows for name in PARTITION_TABLES} == rows


# -- fault 10: a large JSON-lines file is cut into batches of records --------------------------
def _process_batch_task_runs(flow_run_id: str, expected: int, timeout: float = 120.0) -> int:
    """How many `process_batch` task runs the Prefect API recorded for the partition's flow run.
    Task runs are recorded from events, asynchronously: wait until the expected number have
    finished (or the timeout), then once more for any straggler."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import TaskRunFilter, TaskRunFilterFlowRunId

    async def finished() -> int:
        async with get_client() as client:
            runs = await client.read_task_runs(task_run_filter=TaskRunFilter(
                flow_run_id=TaskRunFilterFlowRunId(any_=[uuid.UUID(flow_run_id)])), limit=200)
        return sum(1 for r in runs if r.name.startswith("process_batch") and r.end_time is not None)

    deadline = time.monotonic() + timeout
    while asyncio.run(finished()) < expected and time.monotonic() < deadline:
        time.sleep(0.5)
    time.sleep(2.0)
    return asyncio.run(finished())


@pytest.mark.slow
def test_a_large_json_lines_file_is_processed_in_batches_of_records(prefect_harness, tmp_path):
    """450 distinct records (and one copy of the first, at the end) with batch_size=200: three
    batches, every record published once, the copy a duplicate across slices; the ledger keys
    are those of whole-file loading, so a run that reads the file whole adds nothing."""
    from flows.ingest import ingest

    landing, out = tmp_path / "landing", tmp_path / "out"
    day_dir = landing / DAY.isoformat()
    day_dir.mkdir(parents=True)
    lines = [json.dumps({"text": article(n), "url": f"https://example.org/{n}"}) for n in range(450)]
    lines.insert(300, "")  # blank lines are not records, and do not shift the slices
    lines.append(lines[0])  # line 452: the same article as line 1, two slices apart
    (day_dir / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")

    files = partition_inputs(str(landing), DAY)
    batches = plan_batches(files, 200)
    wire = f"{DAY.isoformat()}/wire.jsonl"
    assert [[(f.path, f.records, f.documents) for f in b] for b in batches] == [
        [(wire, (0, 200), 200)], [(wire, (200, 200), 200)], [(wire, (400, None), 51)]]

    summary = ingest(input_dir=str(landing), output_dir=str(out), batch_size=200, workers=2)
    partition, = summary["partitions"]
    batch_reports = sorted(p.name for p in (out / "_validation" / "runs" / partition["run_id"]).glob("batch-*.json"))
    assert batch_reports == ["batch-00000.json", "batch-00001.json", "batch-00002.json"]
    assert _process_batch_task_runs(partition["run_id"], 3) == 3

    documents = read_table(out, "documents").to_pylist()
    assert len(documents) == 451 and len({(d["doc_id"], d["path"], d["record"]) for d in documents}) == 451
    by_record = {d["record"]: d for d in documents}
    assert sorted(by_record) == [n for n in range(1, 453) if n != 301]
    assert by_record[452]["status"] == "duplicate" and by_record[452]["duplicate_of"] == f"{wire}#1"
    assert by_record[452]["doc_id"] == by_record[1]["doc_id"]
    assert sum(d["status"] == "published" for d in documents) == 450
    articles = read_table(out, "articles")
    assert articles.num_rows == len(set(articles["doc_id"].to_pylist())) == 450

    # The same keys as whole-file loading: a run with batches large enough to hold the file
    # whole (today's plan) re-reads it, skips all 451 records and adds only the new file.
    rows = {name: read_table(out, name).num_rows for name in PARTITION_TABLES}
    (day_dir / "zz-new.txt").write_text(article(1000) + "\n", encoding="utf-8")
    assert [len(b) for b in plan_batches(partition_inputs(str(landing), DAY), 1000)] == [2]
    again = ingest(input_dir=str(landing), output_dir=str(out), batch_size=1000, workers=1)
    assert again["already_ingested"] == 451 and again["published"] == 1
    after = {name: read_table(out, name).num_rows for name in PARTITION_TABLES}
    assert after["documents"] == rows["documents"] + 1 and after["articles"] == rows["articles"] + 1
