"""The batch tasks on a Dask LocalCluster (real worker processes) publish exactly what the
default runner publishes."""
from __future__ import annotations

import shutil
from datetime import date

import pytest

from schemas import PARTITION_TABLES
from tests.paths import RAW
from tests.test_flow_e2e import read_table

pytestmark = pytest.mark.slow
DAY = date(2026, 11, 12)
RUN_COLUMNS = {"run_id", "ingested_at"}  # differ between any two runs by design


def contents(out, name: str) -> list[tuple]:
    table = read_table(out, name)
    keep = [c for c in table.column_names if c not in RUN_COLUMNS]
    return sorted(tuple(str(v) for v in row.values()) for row in table.select(keep).to_pylist())


def test_dask_local_cluster_publishes_the_same_rows_as_the_default_runner(prefect_harness, tmp_path):
    from flows.ingest import ingest

    shutil.copytree(RAW, tmp_path / "raw")
    (tmp_path / "raw" / "empty.txt").write_bytes(b"")
    default = ingest(input_dir=str(tmp_path / "raw"), output_dir=str(tmp_path / "default"), ingest_date=DAY,
                     batch_size=2)
    on_dask = ingest(input_dir=str(tmp_path / "raw"), output_dir=str(tmp_path / "dask"), ingest_date=DAY,
                     batch_size=2, dask_address="local")
    assert default["published"] == on_dask["published"] == 6 and on_dask["quarantined"] == 1
    for name in PARTITION_TABLES:
        assert contents(tmp_path / "dask", name) == contents(tmp_path / "default", name), name
    runs = read_table(tmp_path / "dask", "runs").to_pylist()
    assert '"dask_address": "local"' in runs[0]["parameters_json"]
