import threading
from pathlib import Path
import time
from datetime import date, datetime, timezone

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from schemas import TABLES
from storage.tables import PART_FILE, TableStore

DAY = date(2026, 11, 1)
NOW = datetime(2026, 11, 1, 12, tzinfo=timezone.utc)


def _paragraphs(n: int, doc: str = "a" * 64) -> pa.Table:
    rows = [{"doc_id": doc, "paragraph_index": i, "start": i * 10, "end": i * 10 + 5, "text": "hello",
             "word_count": 1, "run_id": "r", "ingested_at": NOW} for i in range(n)]
    return pa.Table.from_pylist(rows, schema=TABLES["paragraphs"].schema)


def test_staged_partition_is_invisible_until_published(tmp_path):
    store = TableStore(tmp_path)
    staged = store.stage("run1", TABLES["paragraphs"], DAY, _paragraphs(3))
    live = tmp_path / "paragraphs" / "ingest_date=2026-11-01" / PART_FILE
    assert Path(staged.path).exists() and not live.exists()
    # Staging sits outside the table folder, so readers of the table never see it.
    assert not (tmp_path / "paragraphs").exists()
    store.publish([staged])
    assert live.exists() and not Path(staged.path).exists()
    assert duckdb.sql(f"select count(*) from read_parquet('{tmp_path}/paragraphs/*/*.parquet')").fetchall() == [(3,)]


def test_published_file_is_zstd_with_the_contract_schema_and_utc_timestamps(tmp_path):
    store = TableStore(tmp_path)
    store.publish([store.stage("run1", TABLES["paragraphs"], DAY, _paragraphs(2))])
    path = tmp_path / "paragraphs" / "ingest_date=2026-11-01" / PART_FILE
    meta = pq.ParquetFile(path).metadata
    assert meta.row_group(0).column(0).compression == "ZSTD"
    schema = pq.read_schema(path)
    assert schema.field("ingested_at").type == pa.timestamp("us", tz="UTC")
    assert schema.metadata[b"table"] == b"paragraphs"


def test_republishing_a_partition_replaces_it(tmp_path):
    store = TableStore(tmp_path)
    store.publish([store.stage("run1", TABLES["paragraphs"], DAY, _paragraphs(5))])
    store.publish([store.stage("run2", TABLES["paragraphs"], DAY, _paragraphs(2))])
    table = store.read_all(TABLES["paragraphs"])
    assert table.num_rows == 2
    assert table["ingest_date"].to_pylist() == [DAY, DAY]


def test_stage_refuses_rows_that_do_not_fit_the_schema(tmp_path):
    bad = pa.table({"doc_id": ["x"], "paragraph_index": ["not a number"]})
    with pytest.raises((KeyError, pa.ArrowInvalid, ValueError)):
        TableStore(tmp_path).stage("run1", TABLES["paragraphs"], DAY, bad)


def test_partition_lock_serialises_writers(tmp_path):
    store = TableStore(tmp_path)
    events = []

    def writer(name):
        with store.lock(DAY):
            events.append(f"{name}-in")
            time.sleep(0.2)
            events.append(f"{name}-out")

    threads = [threading.Thread(target=writer, args=(n,)) for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert events in (["a-in", "a-out", "b-in", "b-out"], ["b-in", "b-out", "a-in", "a-out"])
