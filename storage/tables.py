"""The published table store: hive-partitioned Parquet, written, audited, then swapped in.

Layout under the output root:

    <table>/ingest_date=YYYY-MM-DD/part-0.parquet   published data (one file per partition)
    _staging/ingest_date=YYYY-MM-DD/<run_id>/...     a run's files before they are published
    _locks/ingest_date=YYYY-MM-DD.lock               one writer per partition at a time
    _runs/<run_id>.json                              run manifests, written last

Publishing replaces a partition's single file with `os.replace`, which is atomic on POSIX:
a reader sees the old file or the new one, never a half-written one. Staging lives outside
every table's folder, so readers globbing `<table>/*/*.parquet` never see unpublished data.
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from schemas.contract import PARTITION_COLUMN, PARTITION_TYPE, TableContract

PART_FILE = "part-0.parquet"


@dataclass(frozen=True)
class StagedPartition:
    table: str
    day: date
    path: Path
    rows: int


class TableStore:
    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root).resolve()

    # -- locations ----------------------------------------------------------------------
    def table_dir(self, table: str) -> Path:
        return self.root / table

    def partition_dir(self, table: str, day: date) -> Path:
        return self.table_dir(table) / f"{PARTITION_COLUMN}={day.isoformat()}"

    def staging_dir(self, run_id: str, day: date, scope: str = "partition") -> Path:
        area = self.root / "_staging" if scope == "partition" else self.root / "_staging" / f"_{scope}"
        return area / f"{PARTITION_COLUMN}={day.isoformat()}" / run_id

    def clear_stale_staging(self, day: date) -> list[str]:
        """Remove what killed runs left in this partition's staging area.

        Call only while holding the partition's lock: any staging folder there then belongs
        to a run that can no longer publish (it died before releasing the lock).
        """
        parent = self.root / "_staging" / f"{PARTITION_COLUMN}={day.isoformat()}"
        stale = sorted(p.name for p in parent.iterdir()) if parent.is_dir() else []
        for name in stale:
            shutil.rmtree(parent / name, ignore_errors=True)
        return stale

    # -- reading ------------------------------------------------------------------------
    def read_partition(self, contract: TableContract, day: date) -> pa.Table:
        """The published rows of one partition (empty table when there are none)."""
        path = self.partition_dir(contract.name, day) / PART_FILE
        if not path.exists():
            return contract.schema.empty_table()
        # Reading through a dataset with the contract's schema fills columns that older
        # files lack with nulls (additive schema evolution).
        return ds.dataset(path, schema=contract.schema, format="parquet").to_table()

    def read_all(self, contract: TableContract, columns: list[str] | None = None) -> pa.Table:
        """All published partitions of a table, with the `ingest_date` partition column."""
        schema = contract.schema.append(pa.field(PARTITION_COLUMN, PARTITION_TYPE))
        wanted = (columns or contract.column_names) + [PARTITION_COLUMN]
        directory = self.table_dir(contract.name)
        if not directory.is_dir():
            return schema.empty_table().select(wanted)
        dataset = ds.dataset(directory, schema=schema, format="parquet",
                             partitioning=ds.partitioning(pa.schema([(PARTITION_COLUMN, PARTITION_TYPE)]),
                                                          flavor="hive"),
                             exclude_invalid_files=False)
        return dataset.to_table(columns=wanted)

    # -- writing ------------------------------------------------------------------------
    @contextmanager
    def lock(self, day: date, scope: str = "partition") -> Iterator[None]:
        """Hold a write lock on the partition `day` (`scope` names separate locks, e.g. for
        the `runs` table); a second writer waits instead of interleaving."""
        lock_dir = self.root / "_locks"
        lock_dir.mkdir(parents=True, exist_ok=True)
        name = f"{PARTITION_COLUMN}={day.isoformat()}" + ("" if scope == "partition" else f".{scope}")
        with open(lock_dir / f"{name}.lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def stage(self, run_id: str, contract: TableContract, day: date, table: pa.Table,
              scope: str = "partition") -> StagedPartition:
        """Write one partition into the run's staging area and audit what was written."""
        table = table.select(contract.column_names).cast(contract.schema)
        with_partition = table.append_column(
            pa.field(PARTITION_COLUMN, PARTITION_TYPE), pa.array([day] * table.num_rows, PARTITION_TYPE))
        target = self.staging_dir(run_id, day, scope) / contract.name
        ds.write_dataset(
            with_partition,
            target,
            format="parquet",
            partitioning=ds.partitioning(pa.schema([(PARTITION_COLUMN, PARTITION_TYPE)]), flavor="hive"),
            basename_template="part-{i}.parquet",
            existing_data_behavior="delete_matching",
            file_options=ds.ParquetFileFormat().make_write_options(compression="zstd"),
            max_rows_per_file=0,
            max_rows_per_group=128 * 1024,
            min_rows_per_group=64 * 1024,
            create_dir=True,
        )
        path = target / f"{PARTITION_COLUMN}={day.isoformat()}" / PART_FILE
        if not path.exists():  # write_dataset writes nothing for zero rows: keep an empty file
            path.parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(table, path, compression="zstd")
        self._audit(contract, path, table.num_rows)
        return StagedPartition(contract.name, day, path, table.num_rows)

    @staticmethod
    def _audit(contract: TableContract, path: Path, expected_rows: int) -> None:
        """Read the staged file back: it must be whole and carry exactly the contract."""
        meta = pq.read_metadata(path)
        if meta.num_rows != expected_rows:
            raise RuntimeError(f"staged {contract.name} holds {meta.num_rows} rows, expected {expected_rows}: {path}")
        schema = pq.read_schema(path)
        if not schema.remove_metadata().equals(contract.schema.remove_metadata()):
            raise RuntimeError(f"staged {contract.name} schema differs from the contract: {path}")

    def publish(self, staged: list[StagedPartition]) -> None:
        """Swap staged partitions in, in the order given (children before parents)."""
        for part in staged:
            live = self.partition_dir(part.table, part.day)
            live.mkdir(parents=True, exist_ok=True)
            os.replace(part.path, live / PART_FILE)
        for part in staged:
            _fsync_dir(self.partition_dir(part.table, part.day))

    def append(self, contract: TableContract, day: date, rows: pa.Table, run_id: str) -> None:
        """Add rows to one partition of a table with its own writers (e.g. `runs`): stage the
        partition's new content, audit it and swap it in, under the table's own lock."""
        with self.lock(day, scope=contract.name):
            merged = pa.concat_tables([self.read_partition(contract, day), rows.cast(contract.schema)])
            try:
                self.publish([self.stage(run_id, contract, day, merged, scope=contract.name)])
            finally:
                self.discard_staging(run_id, day, scope=contract.name)

    def write_manifest(self, run_id: str, manifest: dict) -> Path:
        runs = self.root / "_runs"
        runs.mkdir(parents=True, exist_ok=True)
        tmp = runs / f".{run_id}.json.tmp"
        tmp.write_text(json.dumps(manifest, indent=2, default=str))
        final = runs / f"{run_id}.json"
        os.replace(tmp, final)
        return final

    def discard_staging(self, run_id: str, day: date, scope: str = "partition") -> None:
        shutil.rmtree(self.staging_dir(run_id, day, scope), ignore_errors=True)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def drop_rows(table: pa.Table, column: str, values: set[str]) -> pa.Table:
    """`table` without the rows whose `column` is in `values`."""
    if not values or table.num_rows == 0:
        return table
    mask = pc.is_in(table[column], value_set=pa.array(sorted(values), pa.string()))
    return table.filter(pc.invert(pc.fill_null(mask, False)))
