"""`newsetl`: the one command-line entry point. Features add subcommands here, not new commands."""
from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from typing import Any

EXIT_HELP = ("Exit status 0 when the run published (even with documents quarantined) or found nothing new, 1 when "
             "it failed, 2 for a usage error.")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsetl", description="News-article ingestion ETL: clean, extract, "
                                     "validate and publish Parquet tables.")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="ingest what is new under a folder of articles",
                         description="Run the ingest flow (Prefect, ephemeral mode unless PREFECT_API_URL is set) "
                                     "over every .txt, .html/.htm and .jsonl file under INPUT and publish the "
                                     "validated tables under OUTPUT/<table>/ingest_date=YYYY-MM-DD/. Files under "
                                     "INPUT/YYYY-MM-DD/ (landing partitions) go to that date's partition, other "
                                     "files to --ingest-date. Inputs already ingested are skipped. " + EXIT_HELP)
    run.add_argument("input", nargs="?", default="data/raw", metavar="INPUT",
                     help="folder of raw articles, or an fsspec URL such as s3://bucket/landing (default: data/raw)")
    run.add_argument("--ingest-date", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                     help="partition for files outside date folders (default: today, UTC)")
    run.add_argument("--reprocess", action="store_true",
                     help="rebuild the partitions from their input instead of skipping what is already ingested")
    backfill = sub.add_parser("backfill", help="(re)process the landing partitions of a date range",
                              description="Run the backfill flow over the landing partitions INPUT/YYYY-MM-DD/ "
                                          "dated START..END (inclusive), several at a time. With --reprocess each "
                                          "matching output partition is rebuilt and replaced exactly; partitions "
                                          "of other dates are never touched. " + EXIT_HELP)
    backfill.add_argument("input", metavar="INPUT", help="landing folder holding YYYY-MM-DD subfolders")
    backfill.add_argument("--start", type=date.fromisoformat, required=True, metavar="YYYY-MM-DD")
    backfill.add_argument("--end", type=date.fromisoformat, required=True, metavar="YYYY-MM-DD")
    backfill.add_argument("--reprocess", action="store_true",
                          help="rebuild and replace the matching partitions (default: only add what is new)")
    for command in (run, backfill):
        command.add_argument("--output", "-o", default="data/processed", metavar="OUT",
                             help="root of the published tables: a folder or an fsspec URL such as "
                                  "s3://bucket/tables (default: data/processed); credentials come from the "
                                  "environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_ENDPOINT_URL, ...)")
        command.add_argument("--batch-size", type=int, default=None, metavar="N",
                             help="documents per Prefect task (default: 200)")
        command.add_argument("--workers", type=int, default=None, metavar="N",
                             help="worker processes for parsing and extraction (default: one per core; 0 runs "
                                  "them in the flow's own process, without crash isolation)")
        command.add_argument("--max-concurrency", type=int, default=None, metavar="N",
                             help="partitions processed at once (default: 2)")
        command.add_argument("--dask", default=None, metavar="ADDRESS",
                             help="run the batch tasks on a Dask cluster: a scheduler address (tcp://host:8786) "
                                  "or 'local' for a LocalCluster on this machine (default: $NEWSETL_DASK_ADDRESS, "
                                  "else local worker processes)")
    return parser


def print_summary(summary: dict[str, Any]) -> None:
    from schemas import READING_ORDER

    print()
    print(f"newsetl run {summary['run_id']}")
    print(f"  partitions:      {', '.join(summary['ingest_dates']) or 'none (nothing new)'}")
    print(f"  documents read:  {summary['documents_read']}"
          + (f"  (already ingested earlier, skipped: {summary['already_ingested']})"
             if summary["already_ingested"] else ""))
    for status in ("published", "quarantined", "duplicate", "unreadable"):
        print(f"  {status + ':':<17}{summary[status]}")
    print(f"  validation:      {summary['validation']}")
    print("  tables (rows published by this run):")
    for name in READING_ORDER:
        rows = summary["rows_this_run"].get(name, "")
        print(f"    {name:<21} {rows:>7}  {summary['tables'][name]}")
    for report in summary["validation_reports"]:
        print(f"  validation report: {report}")
    print(f"  data docs:         {summary['data_docs']}")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if "://" not in args.input and not os.path.isdir(args.input):
        parser.error(f"input folder not found: {args.input}")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from flows.ingest import DEFAULT_BATCH_SIZE, DEFAULT_CONCURRENCY, backfill, ingest

    common = dict(input_dir=args.input, output_dir=args.output, batch_size=args.batch_size or DEFAULT_BATCH_SIZE,
                  workers=args.workers, reprocess=args.reprocess,
                  max_concurrency=args.max_concurrency or DEFAULT_CONCURRENCY, dask_address=args.dask)
    try:
        if args.command == "backfill":
            summary = backfill(start=args.start, end=args.end, **common)
        else:
            summary = ingest(ingest_date=args.ingest_date, **common)
    except Exception as exc:  # noqa: BLE001 - the CLI turns any failure into a message and exit 1
        print(f"\nnewsetl: run failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    print_summary(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
