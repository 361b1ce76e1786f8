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

A partition's tables are swapped one at a time, children before parents (see `publish`).
Before the first swap the run writes a publish journal (`publish.json`, the list of swaps)
next to its staged files: from then on the publish is decided, and whoever holds the
partition next completes an interrupted one from the audited staged files (a retry of the
same step, the run's own clean-up, or the next run on the partition, before anything else).

Every write checks the free space first (`min_free_bytes`, see settings/limits.py) and a
write that runs out of space anyway fails with `InsufficientSpace`, naming the location;
the published files are never written in place, so they stay as they were.
"""
from __future__ import annotations

import errno
import json
import logging
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from settings import DEFAULT_LIMITS
from schemas.contract import PARTITION_COLUMN, PARTITION_TYPE, TableContract
from storage.fs import Storage

PART_FILE = "part-0.parquet"
HIVE = ds.partitioning(pa.schema([(PARTITION_COLUMN, PARTITION_TYPE)]), flavor="hive")
PUBLISH_JOURNAL = "publish.json"  # in a run's staging folder: the swaps of a decided publish
MIN_FREE_BYTES_ENV = "NEWSETL_MIN_FREE_BYTES"  # overrides Limits.min_free_bytes (bytes)
_NO_SPACE = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
log = logging.getLogger(__name__)


class InsufficientSpace(OSError):
    """A write at the output location was refused or failed for lack of space. Nothing was
    published by it: published files are only ever replaced by audited staged ones."""


def configured_min_free_bytes() -> int:
    """Free space every write must leave on the output's file system: `NEWSETL_MIN_FREE_BYTES`
    when set (0 turns the check off), else `Limits.min_free_bytes`."""
    value = os.environ.get(MIN_FREE_BYTES_ENV, "").strip()
    if not value:
        return DEFAULT_LIMITS.min_free_bytes
    try:
        return max(0, int(value))
    except ValueError:
        raise ValueError(f"{MIN_FREE_BYTES_ENV} must be a number of bytes, not {value!r}") from None


@dataclass(frozen=True)
class StagedPartition:
    table: str
    day: date
    path: str
    rows: int
    source_rows: tuple[int, ...] = ()  # for a merged partition: rows taken from each source


class TableStore:
    """The tables under one output location (a local folder or an fsspec URL)."""

    def __init__(self, location: str | os.PathLike[str], min_free_bytes: int | None = None) -> None:
        self.storage = Storage(location)
        self.url = self.storage.url
        self.min_free_bytes = configured_min_free_bytes() if min_free_bytes is None else min_free_bytes

    # -- locations ----------------------------------------------------------------------
    def table_dir(self, table: str) -> str:
        return self.storage.path(table)

    def partition_dir(self, table: str, day: date) -> str:
        return self.storage.path(table, f"{PARTITION_COLUMN}={day.isoformat()}")

    def staging_dir(self, run_id: str, day: date, scope: str = "partition") -> str:
        area = "_staging" if scope == "partition" else f"_staging/_{scope}"
        return self.storage.path(area, f"{PARTITION_COLUMN}={day.isoformat()}", run_id)

    def clear_stale_staging(self, day: date) -> list[str]:
        """Remove what killed runs left in this partition's staging area, after completing
        the publish of any that was killed while swapping its tables in (its journal lists
        the swaps; see `publish`). Returns the folders removed, each followed by
        "(its interrupted publish completed first)" when that was done.

        Call only while holding the partition's lock: any staging folder there then belongs
        to a run that can no longer publish (it died before releasing the lock), and no
        other run has published this partition since it decided its publish.
        """
        parent = self.storage.path("_staging", f"{PARTITION_COLUMN}={day.isoformat()}")
        stale = self.storage.list_dirs(parent)
        names = []
        for name in stale:
            completed = self._roll_forward(f"{parent}/{name}") is not None
            self.storage.remove_tree(f"{parent}/{name}")
            names.append(f"{name} (its interrupted publish completed first)" if completed else name)
        return names

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
        """Write one partition into the run's staging area and audit what was written.

        Written with one `pq.write_table`, not `pyarrow.dataset.write_dataset`: when a write
        ran out of space, write_dataset sometimes crashed the whole process with a
        segmentation fault (pyarrow 26.0.1; every one of 4 runs of 600 `runs` appends on a
        nearly full tmpfs, issue 24), where `write_table` raises ENOSPC every time
        (tests/test_fault_recovery.py).
        """
        table = table.select(contract.column_names).cast(contract.schema)
        path = self._staged_file(run_id, contract.name, day, scope)
        self.ensure_space(path, table.nbytes)
        with self.writing(path):
            self.storage.makedirs(path.rsplit("/", 1)[0])
            pq.write_table(table, path, compression="zstd", row_group_size=128 * 1024,
                           filesystem=self.storage.arrow)
        self._audit(contract, path, table.num_rows)
        return StagedPartition(contract.name, day, path, table.num_rows)

    def stage_batch(self, run_id: str, contract: TableContract, day: date, number: int, table: pa.Table) -> str:
        """Write one batch's validated rows of a table into the run's staging area.

        Batches are staged as they finish, so a partition's rows never have to sit in memory
        all at once; `stage_merged` streams them into the partition's file at publish time.
        """
        table = table.select(contract.column_names).cast(contract.schema)
        path = f"{self.staging_dir(run_id, day)}/_batches/{contract.name}/batch-{number:05d}.parquet"
        self.ensure_space(path, table.nbytes)
        with self.writing(path):
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
        self.ensure_space(path, sum(self._size(source) for source, _ in sources))
        counts = []
        with self.writing(path):
            self.storage.makedirs(path.rsplit("/", 1)[0])
            with pq.ParquetWriter(path, contract.schema, compression="zstd",
                                  filesystem=self.storage.arrow) as writer:
                for source, leave_out in sources:
                    dataset = ds.dataset(source, schema=contract.schema, format="parquet",
                                         filesystem=self.storage.arrow)
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

    def publish(self, staged: list[StagedPartition], journal: str | None = None,
                result: dict | None = None) -> None:
        """Swap staged partitions in, in the order given (children before parents).

        With `journal` (a path in the run's staging folder), the swaps and `result` are first
        written there: from then on the publish is decided, and `finish_publish`,
        `discard_staging` or `clear_stale_staging` complete it if this process dies between
        two swaps. The journal is removed once every table is swapped in.
        """
        swaps = [(part.path, f"{self.partition_dir(part.table, part.day)}/{PART_FILE}") for part in staged]
        if journal is not None:
            self.write_bytes(journal, json.dumps({
                "swaps": [[self._relative(source), self._relative(target)] for source, target in swaps],
                "result": result}).encode())
        for source, target in swaps:
            self.storage.replace(source, target)
        if journal is not None:
            self.storage.fs.rm(journal)

    def finish_publish(self, run_id: str, day: date) -> dict | None:
        """Complete this run's publish of `day` if it was decided (its journal is written) but
        interrupted between two swaps; returns the journal's `result`, or None when there is
        no journal (nothing decided, or the publish completed)."""
        return self._roll_forward(self.staging_dir(run_id, day))

    def _roll_forward(self, folder: str) -> dict | None:
        """Do the swaps of the journal in `folder` whose staged file is still there (a swap
        moves it away; on object storage the copy is removed last), in the journal's order,
        then remove the journal. Returns the journal's `result`; None without a journal."""
        journal = f"{folder}/{PUBLISH_JOURNAL}"
        if not self.storage.exists(journal):
            return None
        entry = json.loads(self.storage.read_bytes(journal))
        pending = [(self.storage.path(source), self.storage.path(target)) for source, target in entry["swaps"]
                   if self.storage.exists(self.storage.path(source))]
        for source, target in pending:
            try:
                self.storage.replace(source, target)
            except FileNotFoundError:  # swapped meanwhile by the process it was taken from
                if self.storage.exists(source):
                    raise
        self.storage.fs.rm(journal)
        log.warning("completed an interrupted publish from %s: %d of its %d tables swapped in now",
                    self.storage.display(folder), len(pending), len(entry["swaps"]))
        return entry["result"] or {}

    def _relative(self, path: str) -> str:
        prefix = self.storage.root.rstrip("/") + "/"
        if not path.startswith(prefix):
            raise ValueError(f"{path} is not under the output location {self.storage.root}")
        return path[len(prefix):]

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
        self.write_bytes(path, json.dumps(document, indent=2, default=str).encode())
        return self.storage.display(path)

    def write_bytes(self, path: str, data: bytes) -> None:
        """`Storage.write_bytes` (atomic) after the free-space check, with a clear error."""
        self.ensure_space(path, len(data))
        with self.writing(path):
            self.storage.write_bytes(path, data)

    def write_manifest(self, run_id: str, manifest: dict) -> str:
        return self.write_json(f"_runs/{run_id}.json", manifest)

    def discard_staging(self, run_id: str, day: date, scope: str = "partition") -> None:
        """Remove the run's staging folder. A publish the run decided but did not finish
        (its worker died between two swaps on every attempt) is completed first: leaving
        the partition with some tables new and others old until the next run would be
        worse. If even that fails, the folder stays for the next run to complete."""
        folder = self.staging_dir(run_id, day, scope)
        if scope == "partition":
            try:
                self._roll_forward(folder)
            except Exception:  # noqa: BLE001 - called in clean-up; the run's own error is the one to raise
                log.exception("could not complete the interrupted publish in %s; the next run on %s will",
                              self.storage.display(folder), day)
                return
        self.storage.remove_tree(folder)

    # -- free space ---------------------------------------------------------------------
    def ensure_space(self, path: str, need: int) -> None:
        """Refuse a write of about `need` bytes to `path` that would leave less than
        `min_free_bytes` free on its (local) file system. Off when `min_free_bytes` is 0;
        object storage is not checked. A check, not a reservation: a write that runs out of
        space anyway fails through `writing`."""
        if not self.storage.local or self.min_free_bytes <= 0:
            return
        where = path
        while not os.path.exists(where):  # the folders of a staged file may not exist yet
            parent = os.path.dirname(where)
            if parent == where:
                return
            where = parent
        free = shutil.disk_usage(where).free
        if free - need < self.min_free_bytes:
            raise InsufficientSpace(
                errno.ENOSPC,
                f"not enough free space to write {self.storage.display(path)}: {free:,} bytes free on its file "
                f"system, about {need:,} to write and min_free_bytes={self.min_free_bytes:,} to keep free "
                f"({MIN_FREE_BYTES_ENV} sets it); the published tables are unchanged")

    @contextmanager
    def writing(self, path: str) -> Iterator[None]:
        """Turn running out of space while writing `path` into `InsufficientSpace` naming it,
        and remove the partial file (space is what is missing)."""
        try:
            yield
        except InsufficientSpace:
            raise
        except OSError as exc:
            if exc.errno not in _NO_SPACE and "No space left" not in str(exc):
                raise
            if self.storage.local:
                try:
                    os.remove(path)
                except OSError:
                    pass
            raise InsufficientSpace(
                errno.ENOSPC, f"ran out of space writing {self.storage.display(path)} "
                              f"({exc.strerror or exc}); the published tables are unchanged") from exc

    def _size(self, path: str) -> int:
        try:
            return os.path.getsize(path) if self.storage.local else int(self.storage.fs.size(path) or 0)
        except (OSError, TypeError, ValueError):
            return 0


def drop_rows(table: pa.Table, column: str, values: set[str]) -> pa.Table:
    """`table` without the rows whose `column` is in `values`."""
    if not values or table.num_rows == 0:
        return table
    mask = pc.is_in(table[column], value_set=pa.array(sorted(values), pa.string()))
    return table.filter(pc.invert(pc.fill_null(mask, False)))
