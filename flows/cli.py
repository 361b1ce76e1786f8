"""`newsetl`: the one command-line entry point. Later features add subcommands here."""
from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from typing import Any


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsetl", description="News-article ingestion ETL: clean, extract, "
                                     "validate and publish Parquet tables.")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the ingest flow over a folder of articles",
                         description="Run the ingest flow (Prefect, ephemeral mode unless PREFECT_API_URL is set) "
                                     "over every .txt, .html/.htm and .jsonl file under INPUT, and publish the "
                                     "validated tables under OUTPUT/<table>/ingest_date=YYYY-MM-DD/. Exit status 0 "
                                     "when the run published (even with documents quarantined), 1 when it failed.")
    run.add_argument("input", nargs="?", default="data/raw", metavar="INPUT",
                     help="folder of raw articles (default: data/raw)")
    run.add_argument("--output", "-o", default="data/processed", metavar="OUT",
                     help="root folder of the published tables (default: data/processed)")
    run.add_argument("--ingest-date", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                     help="partition to write (default: today, UTC); re-running a date replaces its rows")
    run.add_argument("--batch-size", type=int, default=None, metavar="N",
                     help="documents per Prefect task (default: 200)")
    run.add_argument("--workers", type=int, default=None, metavar="N",
                     help="worker processes for parsing and extraction (default: one per core; 0 runs them in "
                          "the flow's own process, without crash isolation)")
    return parser


def print_summary(summary: dict[str, Any]) -> None:
    print()
    print(f"newsetl run {summary['run_id']}  (ingest_date={summary['ingest_date']})")
    print(f"  documents read:  {summary['documents_read']}"
          + (f"  (already ingested earlier, skipped: {summary['already_ingested']})"
             if summary["already_ingested"] else ""))
    print(f"  published:       {summary['published']}")
    print(f"  quarantined:     {summary['quarantined']}")
    print(f"  duplicate:       {summary['duplicate']}")
    print(f"  unreadable:      {summary['unreadable']}")
    print(f"  validation:      {summary['validation']}")
    print("  tables (rows from this run / rows in the partition):")
    from schemas import READING_ORDER

    for name in READING_ORDER:
        path = summary["tables"][name]
        print(f"    {name:<21} {summary['rows_this_run'][name]:>7} / {summary['rows_in_partition'][name]:<7} {path}")
    print(f"  validation report: {summary['validation_report']}")
    print(f"  data docs:         {summary['data_docs']}")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not os.path.isdir(args.input):
        parser.error(f"input folder not found: {args.input}")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from flows.ingest import DEFAULT_BATCH_SIZE, ingest

    try:
        summary = ingest(input_dir=args.input, output_dir=args.output, ingest_date=args.ingest_date,
                         batch_size=args.batch_size or DEFAULT_BATCH_SIZE, workers=args.workers)
    except Exception as exc:  # noqa: BLE001 - the CLI turns any failure into a message and exit 1
        print(f"\nnewsetl: run failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    print_summary(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
