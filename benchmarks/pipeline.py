"""End-to-end benchmark of the ingest flow: throughput, stage costs, orchestration overhead,
memory, Prefect task runs, worker scaling and the cost of a run that finds nothing new.

    python -m benchmarks.pipeline [--docs N] [--workers-compare] [--out DIR] [--keep]
                                  [--workers W] [--batch-size B] [--days D] [--seed S] [--no-devdata]
    make bench BENCH_ARGS="--docs 1000 --workers-compare"

What it does, all in one process (so the ratios come from one run on one machine state):

1. Builds a synthetic landing zone of N unique documents under `<out>/landing/<YYYY-MM-DD>/`:
   ~50 % text dumps, ~40 % HTML pages, ~10 % JSON-lines records in a few files. Every
   document is a variant of a real one (`data/raw/*` and, when present,
   `../shared/devdata/extraction/` pages and gold texts): paragraphs are permuted and swapped
   in from other articles, numbers and people's names are changed with a seeded RNG. Every
   document has its own hash and its own text (checked while building). Nothing is copied
   into the repository.
2. Starts the Prefect API (ephemeral mode, unless PREFECT_API_URL is set) and times that
   separately: a `newsetl run` pays it once per process, not per document.
3. Plain Python: the flow's own steps without Prefect, timed one by one, with the same
   supervised worker processes (`flows.resources.open_worker_pool`, models loaded once per
   process): discover + ledger (`flows.planning`), load (`flows.batch_loading.load_batch`),
   clean and extract (`flows.batch_work.clean_documents` and `extract_documents`, sent to the
   workers apart so they are timed apart), validate batches (`flows.batch.decide_batch`: GX +
   staging in a worker), validate partition (`flows.partition.decide_partition`: merge +
   report + Data Docs), write (`flows.publishing.publish_partition`), batch by batch,
   partitions in turn.
4. The real flow `flows.ingest.ingest` on the same landing zone, into a fresh output folder.
   Per-stage times come from the flow's task runs, read back from the Prefect API. The flow
   is not instrumented per stage: load, clean and extract run inside one `process_batch`
   task per batch, so they are reported together.
5. The flow again on the same landing zone and output: nothing is new (incremental run).
6. With `--workers-compare`: the flow with 1 worker process into another fresh output; the
   speed-up is against the main flow run (step 4).

Peak RSS is the sum of the RSS of this process and all its children (worker processes, the
Prefect server subprocess), sampled every 0.2 s, kept per phase. CPU seconds are counted per
phase and per role (this process, the worker processes, other children such as the Prefect
server) from the same samples, to show which process does the work.
"""
from __future__ import annotations

import argparse
import asyncio
import atexit
import json
import math
import os
import platform
import shutil
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from contextlib import AbstractContextManager
from datetime import date, datetime, timezone
from functools import partial
from pathlib import Path
from typing import Any

from benchmarks.corpus import DEVDATA, build_corpus_apart
from benchmarks.memory import RssSampler, peaks_by_part
from benchmarks.timing import elapsed_into
from settings.run import DOCUMENTS_PER_CHUNK as CHUNK_SIZE  # the same unit of work as the flow

# -- plain Python: the same stages without Prefect ---------------------------------------------
def _ready(items: list) -> list:
    """Worker round trip used to wait until every worker has loaded its models."""
    return list(items)


def _extract_chunk(outcomes: list, ingest_date: date) -> list:
    """The product's `extract_documents` on a chunk of cleaned articles; each outcome comes
    back with its share of the chunk's in-process time."""
    from flows.batch_work import extract_documents

    started = time.perf_counter()
    extracted = extract_documents(outcomes, ingest_date)
    share = (time.perf_counter() - started) / max(1, len(outcomes))
    return [(outcome, share) for outcome in extracted]


PLAIN_STAGES = ("worker start", "discover + ledger", "load", "clean", "extract", "validate batches",
                "validate partition", "write")


class _PlainRun:
    """The flow's steps (`flows.planning`, `flows.batch_loading`, `flows.batch_work`,
    `flows.batch`, `flows.partition`, `flows.publishing`) called in the flow's order without
    Prefect, each stage timed. Only the batch's clean and extract halves are sent to the
    workers separately, to time them apart."""

    def __init__(self, input_dir: Path, output_dir: Path, workers: int) -> None:
        from flows.resources import open_worker_pool
        from storage.tables import TableStore

        self.input_dir, self.output_dir, self.workers = str(input_dir), str(output_dir), workers
        self.times = dict.fromkeys(PLAIN_STAGES, 0.0)
        self.counts = {"published": 0, "quarantined": 0, "duplicate": 0, "unreadable": 0}
        self.rows: dict[str, int] = defaultdict(int)
        self.extract_cpu = 0.0
        with self.timed("worker start"):
            self.pool = open_worker_pool(workers)
            self.pool.map(_ready, list(range(workers)), 1)  # one item per worker: waits for every model load
        self.store = TableStore(self.output_dir)
        self.store.storage.makedirs(self.store.storage.root)

    def timed(self, stage: str) -> AbstractContextManager[None]:
        return elapsed_into(self.times, stage)

    def partition(self, day: date, batch_size: int) -> None:
        from flows.context import RunContext, ValidationFailed
        from flows.partition import decide_partition
        from flows.planning import even_batches, partition_inputs, read_ledger_index
        from flows.publishing import publish_partition

        ctx = RunContext(run_id=str(uuid.uuid4()), day=day, ingested_at=datetime.now(timezone.utc),
                         input_dir=self.input_dir, output_dir=self.output_dir)
        with self.timed("discover + ledger"):
            files = partition_inputs(self.input_dir, day)
            index = read_ledger_index(self.store, day)
        results = [self.batch(ctx, number, batch, index)
                   for number, batch in enumerate(even_batches(files, batch_size))]
        with self.timed("validate partition"):
            decided = decide_partition(ctx, results, replace=False)  # here, not in a worker
        if decided.table_failures:
            raise ValidationFailed("; ".join(decided.table_failures))
        with self.timed("write"), self.store.lock(day):
            try:
                published_rows = publish_partition(ctx, decided)
            finally:
                self.store.discard_staging(ctx.run_id, ctx.day)
        for name, count in decided.counts.items():
            self.counts[name] += count
        for name, (_, added) in published_rows.items():
            self.rows[name] += added

    def batch(self, ctx: Any, number: int, batch: list, index: Any) -> Any:
        from extractors.records import DocumentOutcome, document_row
        from flows.batch import decide_batch
        from flows.batch_loading import load_batch
        from flows.batch_work import clean_documents
        from flows.workers import Failure

        with self.timed("load"):
            outcomes, pending, _ = load_batch(self.input_dir, batch, index)
        with self.timed("clean"):
            cleaned = [DocumentOutcome(document_row(raw, "quarantined", out.reason)) if isinstance(out, Failure)
                       else out for raw, out in zip(pending, self.pool.map(clean_documents, pending, CHUNK_SIZE))]
        with self.timed("extract"):
            extracted = self.pool.map(partial(_extract_chunk, ingest_date=ctx.day), cleaned, CHUNK_SIZE)
            for outcome, result in zip(cleaned, extracted):
                if isinstance(result, Failure):
                    outcomes.append(DocumentOutcome({**outcome.document, "status": "quarantined",
                                                     "reason": result.reason}))
                    continue
                outcomes.append(result[0])
                self.extract_cpu += result[1]
        with self.timed("validate batches"):
            return decide_batch(ctx, number, outcomes, self.pool)


def run_plain(input_dir: Path, output_dir: Path, workers: int, batch_size: int) -> dict[str, Any]:
    """The flow's stages as plain sequential Python, batch by batch, with the same worker pool."""
    from storage.landing import landing_dates

    started = time.perf_counter()
    run = _PlainRun(input_dir, output_dir, workers)
    try:
        with run.timed("discover + ledger"):
            days = landing_dates(str(input_dir))
        for day in days:
            run.partition(day, batch_size)
    finally:
        run.pool.close()
    return {"times": run.times, "wall": time.perf_counter() - started, "counts": run.counts, "rows": dict(run.rows),
            "extract_cpu": run.extract_cpu, "workers": workers}


# -- the flow -------------------------------------------------------------------------------
FLOW_GROUPS = {
    "plan_partitions": "discover + ledger",
    "discover_inputs": "discover + ledger",
    "read_ledger": "discover + ledger",
    "process_batch": "load + clean + extract + validate batches",
    "validate_partition": "validate partition",
    "publish_tables": "write",
    "record_run": "record run",
    "write_manifest": "record run",
}
FLOW_STAGES = ("discover + ledger", "load + clean + extract + validate batches", "validate partition", "write",
               "record run")


def start_prefect_api() -> float:
    """Start (or reach) the Prefect API before timing anything; returns the seconds it took."""
    from prefect.client.orchestration import get_client

    async def hello() -> None:
        async with get_client() as client:
            await client.hello()

    t = time.perf_counter()
    asyncio.run(hello())
    return time.perf_counter() - t


def read_task_runs(flow_run_ids: list[str], settle: float = 2.0, timeout: float = 45.0) -> list[Any]:
    """Task runs of these flow runs, once the API's count has stopped growing (task runs are
    recorded from events, asynchronously)."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import TaskRunFilter, TaskRunFilterFlowRunId

    async def fetch() -> list[Any]:
        out: list[Any] = []
        async with get_client() as client:
            while True:
                page = await client.read_task_runs(
                    task_run_filter=TaskRunFilter(flow_run_id=TaskRunFilterFlowRunId(any_=[uuid.UUID(i) for i in
                                                                                           flow_run_ids])),
                    limit=200, offset=len(out))
                out += page
                if len(page) < 200:
                    return out

    deadline = time.monotonic() + timeout
    runs = asyncio.run(fetch())
    stable_since = time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.5)
        again = asyncio.run(fetch())
        done = all(r.end_time is not None for r in again)
        if len(again) != len(runs) or not done:
            runs, stable_since = again, time.monotonic()
            continue
        runs = again
        if time.monotonic() - stable_since >= settle:
            break
    return runs


def _union(intervals: list[tuple[float, float]]) -> float:
    total, end = 0.0, -math.inf
    for a, b in sorted(intervals):
        if b <= end:
            continue
        total += b - max(a, end)
        end = b
    return total


def run_flow(input_dir: Path, output_dir: Path, workers: int, batch_size: int) -> dict[str, Any]:
    from flows.ingest import ingest

    t = time.perf_counter()
    state = ingest(input_dir=str(input_dir), output_dir=str(output_dir), workers=workers, batch_size=batch_size,
                   return_state=True)
    wall = time.perf_counter() - t
    summary = state.result()
    ids = [summary["run_id"]] + [p["run_id"] for p in summary["partitions"]]
    task_runs = read_task_runs(ids)
    intervals: dict[str, list[tuple[float, float]]] = defaultdict(list)
    seconds: dict[str, float] = defaultdict(float)
    names: dict[str, int] = defaultdict(int)
    for run in task_runs:
        base = run.name.rsplit("-", 1)[0]
        names[base] += 1
        if base == SUBFLOW_TASK or run.start_time is None or run.end_time is None:
            continue  # the parent's stand-in for a partition subflow spans the whole subflow
        group = FLOW_GROUPS.get(base, f"other ({base})")
        span = (run.start_time.timestamp(), run.end_time.timestamp())
        intervals[group].append(span)
        intervals["(all tasks)"].append(span)
        seconds[group] += span[1] - span[0]
    stage_wall = {g: _union(v) for g, v in intervals.items()}
    return {"wall": wall, "summary": summary, "task_runs": len(task_runs), "task_names": dict(names),
            "stage_wall": stage_wall, "stage_task_seconds": dict(seconds), "flow_runs": len(ids),
            "workers": workers}


SUBFLOW_TASK = "newsetl-partition"
"""The task run Prefect records in the parent flow run for each partition subflow it links."""


def expected_task_runs(batches_per_day: dict[date, int]) -> int:
    """plan_partitions + record_run + write_manifest + per partition: the subflow's stand-in in
    the parent, discover, ledger, batches, validate, publish."""
    return 3 + sum(5 + max(1, n) for n in batches_per_day.values())


def batches_per_day(landing: Path, days: list[date], batch_size: int) -> dict[date, int]:
    """How many batches the flow plans for each landing date (`flows.planning.even_batches`)."""
    from flows.planning import even_batches, partition_inputs

    return {d: len(even_batches(partition_inputs(str(landing), d), batch_size)) for d in days}


# -- report ---------------------------------------------------------------------------------
def _mb(n: int | None) -> str:
    return "-" if not n else f"{n / 2**20:,.0f} MB"


def _fmt(x: float | None, digits: int = 1) -> str:
    return "-" if x is None else f"{x:,.{digits}f}"


def machine() -> dict[str, Any]:
    import psutil

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {"cores": cores, "logical_cpus": os.cpu_count(), "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
            "python": platform.python_version(), "platform": platform.platform(terse=True),
            "load_avg_at_start": [round(x, 2) for x in os.getloadavg()]}


def render(r: dict[str, Any]) -> str:
    """The report: the header, the stage table, then the measures table."""
    c, m, fl = r["corpus"], r["machine"], r["flow"]
    n = c["documents"]
    lines = [
        f"newsetl pipeline benchmark — {r['date']}",
        f"machine: {m['cores']} cores (usable), {m['ram_gb']} GB RAM, Python {m['python']}, {m['platform']}, "
        f"load avg at start {m['load_avg_at_start']}",
        f"command: {r['command']}",
        f"corpus: N={n} documents ({c['text']} text, {c['html']} HTML, {c['jsonl_records']} JSON-lines records in "
        f"{c['jsonl_files']} files) = {c['files']} files, {c['bytes'] / 2**20:,.1f} MB, {len(c['days'])} landing dates, "
        f"dev pages {'used' if c['devdata'] else 'not used'}{_shortness(c)}; built in {c['seconds']:.1f} s",
        f"workers: {fl['workers']} processes, batch size {r['batch_size']}; Prefect API start-up "
        f"(once per process, not in the figures below): {r['api_startup']:.1f} s",
        "",
        "| stage | plain Python s | flow s (task wall) | flow task-s (sum) | plain docs/s |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += _stage_rows(r) + _measure_rows(r) + _process_rows(r) + _comparison_rows(r)
    lines += ["",
              "Stages: the flow is not instrumented per stage; its times are the task runs read back from the Prefect "
              "API. 'task wall' is the union of a stage's task intervals (tasks of concurrent partitions overlap), "
              "'task-s' their sum. load + clean + extract + validate batches run inside one process_batch task per "
              "batch (load in the task's thread; clean, extract, and validating + staging the batch in the worker "
              "processes), so the flow reports them together; its process_batch also includes starting the worker processes and loading their models, "
              "shown separately for plain Python. Plain Python runs the partitions one after another; the flow "
              "runs 2 partitions at a time."]
    return "\n".join(lines)


def _stage_rows(r: dict[str, Any]) -> list[str]:
    """The stage table: plain Python's stage times beside the flow's task times."""
    n, plain, fl = r["corpus"]["documents"], r["plain"], r["flow"]
    lines: list[str] = []
    pt, sw, ss = plain["times"], fl["stage_wall"], fl["stage_task_seconds"]
    lines.append(f"| discover + ledger | {_fmt(pt['discover + ledger'], 2)} | {_fmt(sw.get('discover + ledger'), 2)} | "
                 f"{_fmt(ss.get('discover + ledger'), 2)} | |")
    for name in ("worker start", "load", "clean", "extract", "validate batches"):
        rate = n / pt[name] if pt[name] > 0 and name != "worker start" else None
        lines.append(f"| {name} | {_fmt(pt[name], 2)} | | | {_fmt(rate)} |")
    batch_work = "load + clean + extract + validate batches"
    lle = sum(pt[k] for k in ("worker start", "load", "clean", "extract", "validate batches"))
    lines.append(f"| = worker start + {batch_work} (flow: process_batch) | {_fmt(lle, 2)} | "
                 f"{_fmt(sw.get(batch_work), 2)} | {_fmt(ss.get(batch_work), 2)} | {_fmt(n / lle if lle else None)} |")
    for name in ("validate partition", "write"):
        lines.append(f"| {name} | {_fmt(pt[name], 2)} | {_fmt(sw.get(name), 2)} | {_fmt(ss.get(name), 2)} | "
                     f"{_fmt(n / pt[name] if pt[name] else None)} |")
    lines.append(f"| record run + manifest | - | {_fmt(sw.get('record run'), 2)} | {_fmt(ss.get('record run'), 2)} | |")
    other = [g for g in sw if g.startswith("other")]
    for g in other:
        lines.append(f"| {g} | - | {_fmt(sw[g], 2)} | {_fmt(ss[g], 2)} | |")
    plain_total = sum(pt.values())
    return lines + [
        f"| **end to end** | **{plain_total:.2f}** | **{fl['wall']:.2f}** (flow call) | | "
        f"plain {n / plain_total:,.1f} / flow **{n / fl['wall']:,.1f}** docs/s |",
        f"| flow time outside any task (orchestration, subflows, artifacts) | | "
        f"{fl['wall'] - sw.get('(all tasks)', 0):.2f} | | |",
    ]


def _measure_rows(r: dict[str, Any]) -> list[str]:
    """The measures table's main rows: overhead, throughput, counts, task runs, peak RSS."""
    n, plain, fl = r["corpus"]["documents"], r["plain"], r["flow"]
    plain_total = sum(plain["times"].values())
    return [
        "",
        "| measure | value |",
        "|---|---|",
        f"| orchestration overhead: flow end-to-end ÷ plain-Python total (same stages, same workers) | "
        f"**{fl['wall'] / plain_total:.3f}×** (target ≤ 1.15×) |",
        f"| documents/s end to end (flow; files in → validated, published Parquet) | {n / fl['wall']:,.2f} |",
        f"| documents (flow): published / quarantined / duplicate / unreadable | "
        f"{fl['summary']['published']} / {fl['summary']['quarantined']} / {fl['summary']['duplicate']} / "
        f"{fl['summary']['unreadable']} |",
        f"| documents (plain): published / quarantined / duplicate / unreadable | "
        f"{plain['counts']['published']} / {plain['counts']['quarantined']} / {plain['counts']['duplicate']} / "
        f"{plain['counts']['unreadable']} |",
        f"| sentences (rows published) | {r['sentences']:,} |",
        f"| extraction: sentences/s, plain extract stage wall ({plain['workers']} processes) | "
        f"{_fmt(r['sentences_per_s'])} |",
        f"| extraction: sentences/s per process (in-worker extract_batch time) | {_fmt(r['sentences_per_s_cpu'])} |",
        f"| Prefect task runs of the flow run (incl. {fl['flow_runs'] - 1} partition subflows) | "
        f"{fl['task_runs']} recorded / {r['expected_task_runs']} expected ({r['task_names']}) |",
        f"| peak RSS, process tree: plain Python | {_mb(r['rss'].get('plain'))} "
        f"({r['procs'].get('plain', '-')} processes) |",
        f"| peak RSS, process tree: flow | {_mb(r['rss'].get('flow'))} ({r['procs'].get('flow', '-')} processes) |",
    ]


def _process_rows(r: dict[str, Any]) -> list[str]:
    """Peak RSS and CPU seconds by process role, per phase."""
    lines: list[str] = []
    for phase in ("plain", "flow", "flow-1-worker"):
        peaks = r.get("rss_by_role", {}).get(phase)
        if peaks:
            lines.append(f"| peak RSS by process, phase '{phase}' | "
                         + ", ".join(f"{role} {_mb(v)}" for role, v in sorted(peaks.items())) + " |")
        cpu = r.get("cpu", {}).get(phase)
        if cpu:
            parts = ", ".join(f"{role} {seconds:,.1f}" for role, seconds in sorted(cpu.items()))
            lines.append(f"| CPU seconds by process, phase '{phase}' | {parts} |")
    lines.extend(trend_lines(r))
    return lines


def _comparison_rows(r: dict[str, Any]) -> list[str]:
    """The incremental run and the 1-worker run, against the main flow run."""
    fl = r["flow"]
    lines: list[str] = []
    inc = r.get("incremental")
    if inc:
        lines.append(f"| incremental run, nothing new: time / full flow run | {inc['wall']:.2f} s / {fl['wall']:.2f} s = "
                     f"**{100 * inc['wall'] / fl['wall']:.1f} %** (target < 2 %); {inc['task_runs']} task runs; "
                     f"already ingested {inc['summary']['already_ingested']}, published {inc['summary']['published']} |")
    wc = r.get("workers_compare")
    if wc:
        lines.append(f"| flow with 1 worker / with {fl['workers']} workers | {wc['wall_1']:.2f} s / {fl['wall']:.2f} s "
                     f"→ speed-up **{wc['speedup']:.2f}×** (target ≥ 1.7) |")
        lines.append(f"| flow with 1 worker, process_batch wall / validate partition / write | "
                     f"{_fmt(wc['stage_wall_1'].get('load + clean + extract + validate batches'), 2)} / "
                     f"{_fmt(wc['stage_wall_1'].get('validate partition'), 2)} / "
                     f"{_fmt(wc['stage_wall_1'].get('write'), 2)} s |")
        lines.append(f"| peak RSS, flow with 1 worker | {_mb(r['rss'].get('flow-1-worker'))} |")
    return lines


def _shortness(c: dict[str, Any]) -> str:
    k = c.get("max_paragraphs")
    return "" if k is None else f"; SHORT articles (at most {k} body paragraphs + 1 swapped in; not comparable with full-length runs)"


def render_flow_only(r: dict[str, Any]) -> str:
    c, m, fl = r["corpus"], r["machine"], r["flow"]
    n = c["documents"]
    lines = [
        f"newsetl pipeline benchmark (flow only) — {r['date']}",
        f"machine: {m['cores']} cores, {m['ram_gb']} GB RAM, load avg at start {m['load_avg_at_start']}",
        f"command: {r['command']}",
        f"corpus: N={n} documents = {c['files']} files, {c['bytes'] / 2**20:,.1f} MB, {len(c['days'])} landing dates, "
        f"dev pages {'used' if c['devdata'] else 'NOT used (seeds only: short documents, not comparable)'}"
        f"{_shortness(c)}",
        "",
        "| measure | value |",
        "|---|---|",
        f"| flow end to end | {fl['wall']:.2f} s = {n / fl['wall']:,.2f} docs/s "
        f"({fl['workers']} workers, batch size {r['batch_size']}) |",
        f"| documents: published / quarantined / duplicate / unreadable | {fl['summary']['published']} / "
        f"{fl['summary']['quarantined']} / {fl['summary']['duplicate']} / {fl['summary']['unreadable']} |",
        f"| sentences (rows published) | {int(fl['summary']['rows_this_run'].get('sentences', 0)):,} |",
        f"| Prefect task runs | {fl['task_runs']} recorded / {r['expected_task_runs']} expected |",
        f"| peak RSS, process tree: flow | {_mb(r['rss'].get('flow'))} ({r['procs'].get('flow', '-')} processes) |",
    ]
    peaks = r.get("rss_by_role", {}).get("flow", {})
    if peaks:
        lines.append("| peak RSS by process | " + ", ".join(f"{k} {_mb(v)}" for k, v in sorted(peaks.items())) + " |")
    lines.extend(trend_lines(r))
    cpu = r.get("cpu", {}).get("flow", {})
    if cpu:
        lines.append("| CPU seconds by process | " + ", ".join(f"{k} {v:,.1f}" for k, v in sorted(cpu.items())) + " |")
    inc = r.get("incremental")
    if inc:
        lines.append(f"| incremental run, nothing new | {inc['wall']:.2f} s = {100 * inc['wall'] / fl['wall']:.1f} % |")
    return "\n".join(lines)


TREND_ROLES = (("tree", "tree"), ("this process (flow)", "flow process"), ("worker processes", "workers"))


def trend_lines(r: dict[str, Any], phase: str = "flow") -> list[str]:
    """Table rows: the flow phase's peak RSS in each eighth of its run, per role."""
    parts = peaks_by_part(r.get("rss_windows", {}).get(phase, []))
    if len(parts) < 2:
        return []
    return [f"| peak RSS by eighth of the run, {label} | " + " / ".join(_mb(p.get(role)) for p in parts) + " |"
            for role, label in TREND_ROLES]


# -- main -----------------------------------------------------------------------------------
def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pipeline", description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=10_000, help="number of documents (default 10,000)")
    parser.add_argument("--workers-compare", action="store_true", help="also run the flow with 1 worker process")
    parser.add_argument("--out", type=Path, help="work folder (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the landing zone and outputs")
    parser.add_argument("--workers", type=int, default=None, help="worker processes (default: one per core)")
    parser.add_argument("--batch-size", type=int, default=None, help="documents per flow batch (flow default)")
    parser.add_argument("--days", type=int, default=4, help="landing dates to spread the corpus over (default 4)")
    parser.add_argument("--seed", type=int, default=20261121)
    parser.add_argument("--no-devdata", action="store_true", help="do not use ../shared/devdata pages")
    parser.add_argument("--no-incremental", action="store_true", help="skip the nothing-new re-run")
    parser.add_argument("--no-plain", action="store_true",
                        help="skip the plain-Python run (flow only: throughput, memory, CPU by process)")
    parser.add_argument("--max-paragraphs", type=int, default=None, metavar="K",
                        help="short articles: keep the first K body paragraphs of every source document "
                             "(default: all; shorter documents reach large N in less time)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    args = parse_args(argv)
    if args.docs < 1:
        raise SystemExit("--docs must be at least 1")
    work = args.out.resolve() if args.out else Path(tempfile.mkdtemp(prefix="newsetl-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    tag = f"bench-{datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}"
    base = work / tag
    base.mkdir()
    _prefect_environment()

    from flows.workers import default_processes
    from settings.run import DEFAULT_BATCH_SIZE

    workers = args.workers if args.workers is not None else default_processes()
    if workers < 1:
        raise SystemExit("--workers must be at least 1 (the comparison needs worker processes)")
    batch_size = args.batch_size or DEFAULT_BATCH_SIZE
    result: dict[str, Any] = {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "machine": machine(),
        "command": "python -m benchmarks.pipeline " + " ".join(argv if argv is not None else sys.argv[1:]),
        "batch_size": batch_size, "work_dir": str(base),
    }
    try:
        with RssSampler() as rss:
            _run_phases(args, result, rss, base, workers, batch_size)
        _add_memory(result, rss)
        return _report(args, result)
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
            if not args.out:
                shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"[bench] kept {base}", file=sys.stderr)


def _prefect_environment() -> None:
    """Prefect state in a fresh home for this benchmark unless the caller chose one, and the
    run's environment defaults (`flows.runtime`). The home is removed at exit, after the
    ephemeral server (whose atexit hook is registered later, so runs first)."""
    from flows.runtime import apply_environment_defaults

    if "PREFECT_HOME" not in os.environ:
        home = tempfile.mkdtemp(prefix="newsetl-bench-prefect-")
        os.environ["PREFECT_HOME"] = home
        atexit.register(shutil.rmtree, home, True)
    apply_environment_defaults()


def _run_phases(args: argparse.Namespace, result: dict[str, Any], rss: RssSampler, base: Path, workers: int,
                batch_size: int) -> None:
    """Corpus, Prefect start-up, plain Python, the flow, then the optional runs; each a phase of `rss`."""
    landing = base / "landing"
    rss.phase("corpus")
    corpus = build_corpus_apart(landing, args.docs, days=args.days, seed=args.seed,
                                devdata=None if args.no_devdata else DEVDATA, max_paragraphs=args.max_paragraphs)
    result["corpus"] = {**corpus.__dict__, "root": str(corpus.root), "days": [d.isoformat() for d in corpus.days]}
    result["expected_task_runs"] = expected_task_runs(batches_per_day(landing, corpus.days, batch_size))
    print(f"[bench] corpus: {corpus.documents} documents in {corpus.files} files under {landing} "
          f"({corpus.seconds:.1f} s)", file=sys.stderr)
    if not corpus.devdata and not args.no_devdata:
        print(f"[bench] WARNING: no dev pages at {DEVDATA}; the corpus is varied from the seeds only "
              "(short documents, figures not comparable with runs that used them)", file=sys.stderr)

    rss.phase("api")
    result["api_startup"] = start_prefect_api()
    print(f"[bench] Prefect API up in {result['api_startup']:.1f} s", file=sys.stderr)

    rss.phase("plain")
    if not args.no_plain:
        result["plain"] = run_plain(landing, base / "out-plain", workers, batch_size)
        print(f"[bench] plain Python: {sum(result['plain']['times'].values()):.1f} s", file=sys.stderr)

    rss.phase("flow")
    result["flow"] = run_flow(landing, base / "out-flow", workers, batch_size)
    print(f"[bench] flow: {result['flow']['wall']:.1f} s", file=sys.stderr)

    if not args.no_incremental:
        rss.phase("incremental")
        result["incremental"] = run_flow(landing, base / "out-flow", workers, batch_size)
        print(f"[bench] incremental: {result['incremental']['wall']:.1f} s", file=sys.stderr)

    if args.workers_compare:
        rss.phase("flow-1-worker")
        one = run_flow(landing, base / "out-flow-1", 1, batch_size)
        result["workers_compare"] = {"wall_1": one["wall"], "wall_n": result["flow"]["wall"],
                                     "workers_n": workers, "speedup": one["wall"] / result["flow"]["wall"],
                                     "stage_wall_1": one["stage_wall"], "published_1": one["summary"]["published"]}
        print(f"[bench] flow, 1 worker: {one['wall']:.1f} s", file=sys.stderr)
    rss.phase("end")


def _add_memory(result: dict[str, Any], rss: RssSampler) -> None:
    result["rss"] = dict(rss.peaks)
    result["procs"] = dict(rss.max_processes)
    result["cpu"] = {phase: dict(roles) for phase, roles in rss.cpu.items()}
    result["rss_by_role"] = {phase: dict(roles) for phase, roles in rss.role_peaks.items()}
    result["rss_windows"] = {"seconds": rss.window, **{phase: list(w) for phase, w in rss.windows.items()}}


def _report(args: argparse.Namespace, result: dict[str, Any]) -> dict[str, Any]:
    """The derived figures and the printed table (flow only with `--no-plain`); JSON on request."""
    fl = result["flow"]
    if args.no_plain:
        result["docs_per_s"] = args.docs / fl["wall"]
        result["table"] = render_flow_only(result)
    else:
        plain = result["plain"]
        result["task_names"] = ", ".join(f"{k} {v}" for k, v in sorted(fl["task_names"].items()))
        result["sentences"] = int(fl["summary"]["rows_this_run"].get("sentences", 0))
        plain_sentences = plain["rows"].get("sentences", 0)
        result["sentences_plain"] = plain_sentences
        ext = plain["times"]["extract"]
        result["sentences_per_s"] = plain_sentences / ext if ext else None
        result["sentences_per_s_cpu"] = plain_sentences / plain["extract_cpu"] if plain["extract_cpu"] else None
        result["overhead"] = fl["wall"] / sum(plain["times"].values())
        result["docs_per_s"] = args.docs / fl["wall"]
        result["table"] = render(result)
    print(result["table"])
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
