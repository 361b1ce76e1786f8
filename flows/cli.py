"""`newsetl`: the one command-line entry point. Features add subcommands here, not new commands."""
from __future__ import annotations

import argparse
import atexit
import os
import sys
import threading
from datetime import date
from typing import Any

from storage.locations import LocationError, check_cluster_locations, check_locations, redact

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
EXIT_HELP = ("Exit status 0 when the run published (even with documents quarantined) or found nothing new, 1 when "
             "it failed, 2 for a usage error.")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsetl", description="News-article ingestion ETL: clean, extract, "
                                     "validate and publish Parquet tables.")
    from flows.versions import code_version

    parser.add_argument("--version", action="version", version=f"newsetl {code_version()}")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="ingest what is new under a folder of articles",
                         description="Run the ingest flow (Prefect, ephemeral mode unless PREFECT_API_URL is set) "
                                     "over every .txt, .html/.htm and .jsonl file under INPUT and publish the "
                                     "validated tables under OUTPUT/<table>/ingest_date=YYYY-MM-DD/. Files under "
                                     "INPUT/YYYY-MM-DD/ (landing partitions) go to that date's partition, other "
                                     "files to --ingest-date. Inputs already ingested are skipped. " + EXIT_HELP)
    run.add_argument("input", nargs="?", default="data/raw", metavar="INPUT",
                     help="folder of raw articles (or one article file), or an fsspec URL such as "
                          "s3://bucket/landing (default: data/raw)")
    run.add_argument("--ingest-date", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                     help="partition for files outside date folders (default: today, UTC; for a scheduled "
                          "run, the date it was scheduled for)")
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
        _add_run_options(command)
    deploy = sub.add_parser("deploy", help="register the deployments of prefect.yaml with the Prefect server",
                            description="Register the deployments of prefect.yaml (schedules, parameters, work "
                                        "pool) with the Prefect server at PREFECT_API_URL, with module-path "
                                        "entrypoints (flows.ingest:ingest), so flow runs import the installed "
                                        "package wherever a worker runs them and Dask workers can load their "
                                        "tasks. Use this instead of `prefect deploy`, which takes file paths "
                                        "only. Exit status 0 when registered, 1 when the server refused, 2 for "
                                        "a usage error.")
    from flows.deployments import add_arguments

    add_arguments(deploy)
    return parser


def _add_run_options(command: argparse.ArgumentParser) -> None:
    """The options `run` and `backfill` share: where to write, how to split and spread the work,
    how much to log."""
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
    command.add_argument("--log-level", default=None, choices=LOG_LEVELS, type=str.upper,
                         help="how much Prefect, Great Expectations and newsetl log on the console "
                              "(default: INFO, or $NEWSETL_LOG_LEVEL)")
    command.add_argument("--quiet", "-q", action="store_true",
                         help="log warnings and errors only, print no progress: the summary (or the error) "
                              "is all that is printed (same as --log-level WARNING)")


def print_summary(summary: dict[str, Any]) -> None:
    from settings.run import SUMMARY_EXAMPLES
    from schemas import READING_ORDER

    print()
    print(f"newsetl run {summary['run_id']}")
    if summary.get("nothing_to_do"):
        print(f"  {summary['nothing_to_do']}")
    print(f"  partitions:      {', '.join(summary['ingest_dates']) or 'none'}")
    print(f"  documents read:  {summary['documents_read']}"
          + (f"  (already ingested earlier, skipped: {summary['already_ingested']})"
             if summary["already_ingested"] else ""))
    for status in ("published", "quarantined", "duplicate", "unreadable"):
        print(f"  {status + ':':<17}{summary[status]}")
        examples = summary.get("examples", {}).get(status, [])
        _print_examples(examples)
        if examples and summary[status] > len(examples):
            print(f"      ... and {summary[status] - len(examples)} more: see the documents table "
                  f"(status = '{status}')")
    deferred = summary.get("deferred", [])
    if deferred:
        print(f"  {'deferred:':<17}{len(deferred)}  (changed while being read; nothing recorded, the next run "
              "takes them whole)")
        _print_examples(deferred[:SUMMARY_EXAMPLES])
    print(f"  validation:      {summary['validation']}")
    tables = [(name, summary["tables"][name]) for name in READING_ORDER if name in summary["tables"]]
    if tables:
        print("  tables (rows published by this run):")
        for name, path in tables:
            print(f"    {name:<21} {summary['rows_this_run'].get(name, ''):>7}  {path}")
    for report in summary["validation_reports"]:
        print(f"  validation report: {report}")
    if summary.get("data_docs"):
        print(f"  data docs:         {summary['data_docs']}")
        print(f"                     (offline: open it in a browser, or serve it with "
              f"`python -m http.server -d {os.path.dirname(summary['data_docs'])}`)")


def _print_examples(examples: list[dict[str, str]]) -> None:
    for example in examples:
        print(f"      {example['path']}: {example['reason']}")


def _set_log_level(level: str) -> None:
    """Before Prefect is imported: its console handler, and the level the worker processes
    inherit for Great Expectations (`schemas.validation.quiet_gx_logs`) and progress lines."""
    os.environ["PREFECT_LOGGING_LEVEL"] = level
    os.environ["PREFECT_LOGGING_LOGGERS_ROOT_LEVEL"] = "WARNING" if level == "INFO" else level
    os.environ["NEWSETL_LOG_LEVEL"] = level


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    level = ("WARNING" if getattr(args, "quiet", False)
             else (getattr(args, "log_level", None) or os.environ.get("NEWSETL_LOG_LEVEL", "INFO").upper()))
    _set_log_level(level)
    from flows.runtime import prepare_flow_process

    prepare_flow_process()  # before Prefect is imported: it reads its settings once (see flows.runtime)
    if args.command == "deploy":
        from flows.deployments import run

        return run(args)
    dask = args.dask or os.environ.get("NEWSETL_DASK_ADDRESS")
    try:
        check_cluster_locations(args.input, args.output, dask)
        check_locations(args.input, args.output)
    except LocationError as exc:
        parser.exit(2, f"newsetl: error: {exc}\n")
    if args.workers != 0 and not dask:
        from flows.workers import start_worker_server
        from settings.run import WORKER_PRELOAD

        start_worker_server(WORKER_PRELOAD)  # loads the models while Prefect starts (see flows.worker_preload)
    from flows.ephemeral_server import hand_over, start_early

    early_server = start_early()  # starts while the flows are imported (see flows.ephemeral_server)
    from flows.ingest import DEFAULT_BATCH_SIZE, DEFAULT_CONCURRENCY, backfill, ingest

    hand_over(early_server)

    common = dict(input_dir=args.input, output_dir=args.output, batch_size=args.batch_size or DEFAULT_BATCH_SIZE,
                  workers=args.workers, reprocess=args.reprocess,
                  max_concurrency=args.max_concurrency or DEFAULT_CONCURRENCY, dask_address=args.dask)
    try:
        if args.command == "backfill":
            summary = backfill(start=args.start, end=args.end, **common)
        else:
            summary = ingest(ingest_date=args.ingest_date, **common)
    except LocationError as exc:  # found by the flow itself (e.g. the bucket vanished meanwhile)
        print(f"newsetl: error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - the CLI turns any failure into a message and exit 1
        print(f"\nnewsetl: run failed: {type(exc).__name__}: {redact(str(exc))}", file=sys.stderr)
        return 1
    print_summary(summary)
    return 0


def console_main() -> None:
    """The `newsetl` console script: `main`, then the process ends without tearing down its modules.

    Why: a run imports Prefect and its server module, thousands of modules whose teardown at
    interpreter exit took 1.1-1.2 s here, after everything was written and reported. What the
    interpreter does at exit before that teardown still happens, in its order: non-daemon
    threads are joined, then the atexit handlers run (Prefect stopping its temporary server,
    multiprocessing's children, logging's flush); then stdout and stderr are flushed. A usage
    error or an exception leaves through the interpreter's usual exit."""
    code = main()
    threading._shutdown()  # the interpreter's first step at exit (Py_FinalizeEx)
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    console_main()
