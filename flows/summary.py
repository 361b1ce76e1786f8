"""What a run and each of its partitions did, as typed summaries; turned into dicts only at
the edges users see (the manifest JSON, the `runs` row, Prefect artifacts, the CLI)."""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pyarrow.compute as pc
from prefect.artifacts import create_markdown_artifact, create_table_artifact

from flows.context import RunContext
from flows.partition import DecidedPartition, status_counts
from flows.versions import code_version, library_versions
from schemas import PARTITION_TABLES, TABLES
from settings.run import SUMMARY_EXAMPLES
from storage.locations import redact
from storage.tables import TableStore


@dataclass
class Totals:
    """Inputs read, and what became of them. Shown flat, among the summary's other keys."""

    documents_read: int  # this run's inputs, those already ingested included
    already_ingested: int  # recorded unchanged by an earlier run: skipped
    published: int
    quarantined: int  # by a limit, a failed extraction or a row-level expectation
    duplicate: int  # same content as an article published under another path
    unreadable: int

    @classmethod
    def add_up(cls, parts: list[Totals]) -> Totals:
        return cls(*(sum(getattr(p, f.name) for p in parts) for f in dataclasses.fields(cls)))


def _shown(summary: Any) -> dict[str, Any]:
    """A summary as the dict users see: its fields in order, `totals` spread flat in its place,
    nested summaries as dicts too."""
    shown: dict[str, Any] = {}
    for f in dataclasses.fields(summary):
        value = getattr(summary, f.name)
        if isinstance(value, Totals):
            shown.update(dataclasses.asdict(value))
        elif isinstance(value, list) and value and dataclasses.is_dataclass(value[0]):
            shown[f.name] = [_shown(item) for item in value]
        else:
            shown[f.name] = value
    return shown


@dataclass
class PartitionSummary:
    """One partition subflow's outcome. Field order is the order of the keys users see."""

    deferred: list[dict[str, str]]  # files that changed while read: {"path", "reason"}
    ingest_date: str
    run_id: str
    totals: Totals
    quarantined_by_validation: int
    rows_this_run: dict[str, int]
    rows_in_partition: dict[str, int]
    validation: str
    validation_report: str | None
    data_docs: str | None

    @classmethod
    def of(cls, ctx: RunContext, skipped: int, decided: DecidedPartition | None,
           partition_rows: dict[str, tuple[int, int]], deferred: dict[str, str] | None = None) -> PartitionSummary:
        """`deferred`: files that changed while they were read; nothing is recorded for them,
        and the next run takes them whole (see `flows.batch_loading.load_batch`)."""
        counts = decided.counts if decided else status_counts([])
        return cls(
            deferred=[{"path": path, "reason": why} for path, why in sorted((deferred or {}).items())],
            ingest_date=ctx.day.isoformat(), run_id=ctx.run_id,
            totals=Totals(documents_read=(decided.documents if decided else 0) + skipped, already_ingested=skipped,
                          **counts),
            quarantined_by_validation=decided.quarantined_by_validation if decided else 0,
            rows_this_run={name: partition_rows.get(name, (0, 0))[1] for name in PARTITION_TABLES},
            rows_in_partition={name: rows for name, (rows, _) in partition_rows.items()},
            validation="skipped (nothing new)" if decided is None else "passed",
            validation_report=str(decided.report) if decided else None,
            data_docs=str(decided.data_docs) if decided else None)

    def as_dict(self) -> dict[str, Any]:
        return _shown(self)


@dataclass
class RunSummary:
    """A whole run's outcome: the totals over its partitions and where to look."""

    run_id: str
    ingest_dates: list[str]
    input_dir: str
    output_dir: str
    totals: Totals
    rows_this_run: dict[str, int]
    validation: str
    partitions: list[PartitionSummary]
    tables: dict[str, str]
    examples: dict[str, list[dict[str, str]]]
    deferred: list[dict[str, str]]
    validation_reports: list[str]
    data_docs: str | None
    nothing_to_do: str | None = None
    manifest: str | None = None  # set once the manifest is written (it is not in it)

    @classmethod
    def of(cls, run_id: str, params: dict[str, Any], plan: list[tuple[date, bool]],
           summaries: list[PartitionSummary], errors: list[str], nothing_to_do: str | None = None) -> RunSummary:
        store = TableStore(params["output_dir"])
        rows = {name: sum(s.rows_this_run.get(name, 0) for s in summaries) for name in PARTITION_TABLES}
        rows["runs"] = 1  # the record of this run itself
        quarantined = sum(s.quarantined_by_validation for s in summaries)
        validated = [s for s in summaries if s.validation == "passed"]
        validation = ("failed" if errors else "skipped (nothing new)" if not validated
                      else "passed" if not quarantined else f"passed with {quarantined} document(s) quarantined")
        return cls(
            run_id=run_id, ingest_dates=[d.isoformat() for d, _ in plan], input_dir=redact(params["input_dir"]),
            output_dir=redact(params["output_dir"]), totals=Totals.add_up([s.totals for s in summaries]),
            rows_this_run=rows, validation=validation,
            partitions=summaries,
            # Only tables that exist: a run that wrote nothing lists no paths that were never written.
            tables={name: store.storage.display(store.table_dir(name)) for name in TABLES
                    if rows.get(name) or store.storage.exists(store.table_dir(name))},
            examples=_examples(store, summaries), deferred=[d for s in summaries for d in s.deferred],
            validation_reports=[s.validation_report for s in summaries if s.validation_report],
            data_docs=next((s.data_docs for s in summaries if s.data_docs), None), nothing_to_do=nothing_to_do)

    def as_dict(self) -> dict[str, Any]:
        """The summary as users see it (manifest, flow result, CLI); `manifest` once written."""
        shown = _shown(self)
        if self.manifest is None:
            del shown["manifest"]
        return shown


def _examples(store: TableStore, summaries: list[PartitionSummary],
              limit: int = SUMMARY_EXAMPLES) -> dict[str, list[dict[str, str]]]:
    """The first `limit` inputs of this run per status other than published, with their
    reasons (read back from the published `documents` partitions: every reason is there)."""
    examples: dict[str, list[dict[str, str]]] = {}
    for part in summaries:
        if not any((part.totals.quarantined, part.totals.duplicate, part.totals.unreadable)):
            continue
        ledger = store.read_partition(TABLES["documents"], date.fromisoformat(part.ingest_date),
                                      ["path", "record", "status", "reason", "run_id"])
        mine = ledger.filter(pc.and_(pc.equal(ledger["run_id"], part.run_id),
                                     pc.not_equal(ledger["status"], "published")))
        for row in mine.to_pylist():
            shown = examples.setdefault(row["status"], [])
            if len(shown) < limit:
                path = row["path"] + (f"#{row['record']}" if row["record"] is not None else "")
                shown.append({"path": path, "reason": row["reason"] or ""})
    return examples


def runs_row(flow_name: str, run_id: str, params: dict[str, Any], started: datetime, ended: datetime,
             summary: RunSummary, errors: list[str]) -> dict[str, Any]:
    """The run's row of the `runs` table."""
    shown = {k: redact(v) if isinstance(v, str) else v for k, v in params.items()}
    return {
        "run_id": run_id, "flow": flow_name, "parameters_json": json.dumps(shown, default=str, sort_keys=True),
        "started_at": started, "ended_at": ended, "status": "failed" if errors else "completed",
        "error": "\n".join(errors) or None, "partitions": [date.fromisoformat(d) for d in summary.ingest_dates],
        **dataclasses.asdict(summary.totals),
        "rows_json": json.dumps(summary.rows_this_run, sort_keys=True), "validation": summary.validation,
        "code_version": code_version(), "versions_json": json.dumps(library_versions(), sort_keys=True),
    }


def publish_artifacts(summary: RunSummary) -> None:
    """The run's table and markdown artifacts in Prefect."""
    rows = [{"ingest_date": p.ingest_date, "read": p.totals.documents_read,
             "already ingested": p.totals.already_ingested, "published": p.totals.published,
             "quarantined": p.totals.quarantined, "duplicate": p.totals.duplicate,
             "unreadable": p.totals.unreadable, "validation": p.validation} for p in summary.partitions]
    create_table_artifact(key="newsetl-run-summary", table=rows or [{"ingest_date": "-", "read": 0}],
                          description=f"newsetl run {summary.run_id}")
    totals = summary.totals
    create_markdown_artifact(
        key="newsetl-run-report",
        markdown=(f"# newsetl run {summary.run_id}\n\n"
                  f"- partitions: {', '.join(summary.ingest_dates) or summary.nothing_to_do or 'none'}\n"
                  f"- documents read: {totals.documents_read} "
                  f"(already ingested: {totals.already_ingested})\n"
                  f"- published: {totals.published}, quarantined: {totals.quarantined}, "
                  f"duplicate: {totals.duplicate}, unreadable: {totals.unreadable}\n"
                  f"- validation: {summary.validation}\n"
                  f"- validation reports: {', '.join(f'`{r}`' for r in summary.validation_reports) or '-'}\n"
                  + (f"- data docs: `{summary.data_docs}`\n" if summary.data_docs else "")),
    )
