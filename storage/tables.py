"""The published table store: hive-partitioned Parquet, written, audited, then swapped in.

Layout under the output root:

    <table>/ingest_date=YYYY-MM-DD/part-0.parquet   published data (one file per partition)
    _staging/ingest_date=YYYY-MM-DD/<run_id>/...     a run's files before they are published
    _staging/ingest_date=YYYY-MM-DD/<run_id>/_batches/<table>/batch-NNNNN.parquet
                                                     one batch's validated rows, merged at publish
    _locks/ingest_date=YYYY-MM-DD.lock               one writer per partition at a time
    _runs/<run_id>.json                              run manifests, written last

Publishing replaces a partition's single file atomically (`os.replace` on a local disk, one
object copy on object storage; see storage/fs.py): a reader sees the old file or the new
one, never a half-written one. Staging lives outside
every table's folder, so readers globbing `<table>/*/*.parquet` never see unpublished data.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from schemas.contract import PARTITION_COLUMN, PARTITION_TYPE, TableContract
from storage.fs import Storage

PART_FILE = "part-0.parquet"
HIVE = ds.partitioning(pa.schema([(PARTITION_COLUMN, PARTITION_TYPE)]), flavor="hive")


@dataclass(frozen=True)
class StagedPartition:
    table: str
    day: date
    path: str
    rows: int
    source_rows: tuple[int, ...] = ()  # for a merged partition: rows taken from each source


class TableStore:
    """The tables under one output location (a local folder or an fsspec URL)."""

    def __init__(self, location: str | os.PathLike[str]) -> None:
        self.storage = Storage(location)
        self.url = self.storage.url

    # -- locations ----------------------------------------------------------------------
    def table_dir(self, table: str) -> str:
        return self.storage.path(table)

    def partition_dir(self, table: str, day: date) -> str:
        return self.storage.path(table, f"{PARTITION_COLUMN}={day.isoformat()}")

    def staging_dir(self, run_id: str, day: date, scope: str = "partition") -> str:
        area = "_staging" if scope == "partition" else f"_staging/_{scope}"
        return self.storage.path(area, f"{PARTITION_COLUMN}={day.isoformat()}", run_id)

    def clear_stale_staging(self, day: date) -> list[str]:
        """Remove what killed runs left in this partition's staging area.

        Call only while holding the partition's lock: any staging folder there then belongs
        to a run that can no longer publish (it died before releasing the lock).
        """
        parent = self.storage.path("_staging", f"{PARTITION_COLUMN}={day.isoformat()}")
        stale = self.storage.list_dirs(parent)
        for name in stale:
            self.storage.remove_tree(f"{parent}/{name}")
        return stale

    # -- reading ------------------------------------------------------------------------
    def read_partition(self, contract: TableContract, day: date, columns: list[str] | None = None) -> pa.Table:
        """The published rows of one partition (empty table when there are none)."""
        path = self.published_file(contract.name, day)
        if path is None:
            return contract.schema.empty_table().select(columns or contract.column_names)
        # Reading through a dataset with the contract's schema fills columns that older
        # files lack with nulls (additive schema evolution).
        return ds.dataset(path, schema=contract.schema, format="parquet",
                          filesystem=self.storage.arrow).to_table(columns=columns)

    def read_all(self, contract: TableContract, columns: list[str] | None = None) -> pa.Table:
        """All published partitions of a table, with the `ingest_date` partition column."""
        dataset, wanted = self._all_partitions(contract, columns)
        return dataset.to_table(columns=wanted) if dataset else contract.schema.append(
            pa.field(PARTITION_COLUMN, PARTITION_TYPE)).empty_table().select(wanted)

    def scan_all(self, contract: TableContract, columns: list[str] | None = None,
                 batch_rows: int = 65_536) -> Iterator[pa.RecordBatch]:
        """`read_all` one record batch at a time, for tables that grow with every day
        ingested (the `documents` ledger): memory stays bounded by `batch_rows`."""
        dataset, wanted = self._all_partitions(contract, columns)
        if dataset is not None:
            yield from dataset.to_batches(columns=wanted, batch_size=batch_rows)

    def _all_partitions(self, contract: TableContract,
                        columns: list[str] | None) -> tuple[ds.Dataset | None, list[str]]:
        schema = contract.schema.append(pa.field(PARTITION_COLUMN, PARTITION_TYPE))
        wanted = (columns or contract.column_names) + [PARTITION_COLUMN]
        directory = self.table_dir(contract.name)
        if not self.storage.exists(directory):
            return None, wanted
        return ds.dataset(directory, schema=schema, format="parquet", partitioning=HIVE,
                          filesystem=self.storage.arrow, exclude_invalid_files=False), wanted

    # -- writing ------------------------------------------------------------------------
    def lock(self, day: date, scope: str = "partition"):
        """Hold a write lock on the partition `day` (`scope` names separate locks, e.g. for
        the `runs` table); a second writer waits instead of interleaving."""
        name = f"{PARTITION_COLUMN}={day.isoformat()}" + ("" if scope == "partition" else f".{scope}")
        return self.storage.lock(name)

    def stage(self, run_id: str, contract: TableContract, day: date, table: pa.Table,
              scope: str = "partition") -> StagedPartition:
        """Write one partition into the run's staging area and audit what was written."""
        table = table.select(contract.column_names).cast(contract.schema)
        with_partition = table.append_column(
            pa.field(PARTITION_COLUMN, PARTITION_TYPE), pa.array([day] * table.num_rows, PARTITION_TYPE))
        target = f"{self.staging_dir(run_id, day, scope)}/{contract.name}"
        path = self._staged_file(run_id, contract.name, day, scope)
        if table.num_rows == 0:  # write_dataset writes no file for zero rows: write an empty one
            self.storage.makedirs(path.rsplit("/", 1)[0])
            pq.write_table(table, path, compression="zstd", filesystem=self.storage.arrow)
            self._audit(contract, path, 0)
            return StagedPartition(contract.name, day, path, 0)
        ds.write_dataset(
            with_partition,
            target,
            format="parquet",
            partitioning=HIVE,
            basename_template="part-{i}.parquet",
            existing_data_behavior="delete_matching",
            file_options=ds.ParquetFileFormat().make_write_options(compression="zstd"),
            max_rows_per_file=0,
            max_rows_per_group=128 * 1024,
            min_rows_per_group=64 * 1024,
            create_dir=True,
            filesystem=self.storage.arrow,
        )
        self._audit(contract, path, table.num_rows)
        return StagedPartition(contract.name, day, path, table.num_rows)

    def stage_batch(self, run_id: str, contract: TableContract, day: date, number: int, table: pa.Table) -> str:
        """Write one batch's validated rows of a table into the run's staging area.

        Batches are staged as they finish, so a partition's rows never have to sit in memory
        all at once; `stage_merged` streams them into the partition's file at publish time.
        """
        table = table.select(contract.column_names).cast(contract.schema)
        path = f"{self.staging_dir(run_id, day)}/_batches/{contract.name}/batch-{number:05d}.parquet"
        self.storage.makedirs(path.rsplit("/", 1)[0])
        pq.write_table(table, path, compression="zstd", filesystem=self.storage.arrow)
        self._audit(contract, path, table.num_rows)
        return path

    def stage_merged(self, run_id: str, contract: TableContract, day: date,
                     sources: list[tuple[str, set[str]]]) -> StagedPartition:
        """Stage a partition's new file as the concatenation of `sources`, each a Parquet file
        (the published partition, staged batches) with the doc_ids to leave out of it.

        Streams record batches from one file at a time into one writer, so memory is bounded
        by a record batch, not by the partition.
        """
        path = self._staged_file(run_id, contract.name, day)
        self.storage.makedirs(path.rsplit("/", 1)[0])
        counts = []
        with pq.ParquetWriter(path, contract.schema, compression="zstd", filesystem=self.storage.arrow) as writer:
            for source, leave_out in sources:
                dataset = ds.dataset(source, schema=contract.schema, format="parquet", filesystem=self.storage.arrow)
                expression = (~ds.field("doc_id").isin(sorted(leave_out))) if leave_out else None
                counts.append(0)
                for batch in dataset.to_batches(filter=expression, batch_size=64 * 1024):
                    if batch.num_rows:
                        writer.write_batch(batch)
                        counts[-1] += batch.num_rows
        self._audit(contract, path, sum(counts))
        return StagedPartition(contract.name, day, path, sum(counts), tuple(counts))

    def _staged_file(self, run_id: str, table: str, day: date, scope: str = "partition") -> str:
        """Where a run stages a table's new partition file (hive layout, as published)."""
        return f"{self.staging_dir(run_id, day, scope)}/{table}/{PARTITION_COLUMN}={day.isoformat()}/{PART_FILE}"

    def published_file(self, table: str, day: date) -> str | None:
        """The partition's published file, or None when it has none yet."""
        path = f"{self.partition_dir(table, day)}/{PART_FILE}"
        return path if self.storage.exists(path) else None

    def _audit(self, contract: TableContract, path: str, expected_rows: int) -> None:
        """Read the staged file back: it must be whole and carry exactly the contract."""
        with self.storage.arrow.open_input_file(path) as handle:
            parquet = pq.ParquetFile(handle)
            rows, schema = parquet.metadata.num_rows, parquet.schema_arrow
        if rows != expected_rows:
            raise RuntimeError(f"staged {contract.name} holds {rows} rows, expected {expected_rows}: {path}")
        if not schema.remove_metadata().equals(contract.schema.remove_metadata()):
            raise RuntimeError(f"staged {contract.name} schema differs from the contract: {path}")

    def publish(self, staged: list[StagedPartition]) -> None:
        """Swap staged partitions in, in the order given (children before parents)."""
        for part in staged:
            self.storage.replace(part.path, f"{self.partition_dir(part.table, part.day)}/{PART_FILE}")

    def append(self, contract: TableContract, day: date, rows: pa.Table, run_id: str) -> None:
        """Add rows to one partition of a table with its own writers (e.g. `runs`): stage the
        partition's new content, audit it and swap it in, under the table's own lock."""
        with self.lock(day, scope=contract.name):
            merged = pa.concat_tables([self.read_partition(contract, day), rows.cast(contract.schema)])
            try:
                self.publish([self.stage(run_id, contract, day, merged, scope=contract.name)])
            finally:
                self.discard_staging(run_id, day, scope=contract.name)

    def write_json(self, relative: str, document: dict) -> str:
        """Write a JSON document (manifest, validation report) atomically; returns its location."""
        path = self.storage.path(relative)
        self.storage.write_bytes(path, json.dumps(document, indent=2, default=str).encode())
        return self.storage.display(path)

    def write_manifest(self, run_id: str, manifest: dict) -> str:
        return self.write_json(f"_runs/{run_id}.json", manifest)

    def discard_staging(self, run_id: str, day: date, scope: str = "partition") -> None:
        self.storage.remove_tree(self.staging_dir(run_id, day, scope))


def drop_rows(table: pa.Table, column: str, values: set[str]) -> pa.Table:
    """`table` without the rows whose `column` is in `values`."""
    if not values or table.num_rows == 0:
        return table
    mask = pc.is_in(table[column], value_set=pa.array(sorted(values), pa.string()))
    return table.filter(pc.invert(pc.fill_null(mask, False)))
