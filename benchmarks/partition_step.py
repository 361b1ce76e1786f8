"""Memory and time of one partition step as the partition grows, without re-running the NLP.

    python -m benchmarks.partition_step [--docs-per-batch 200] [--batches 25 125]

The full pipeline benchmark needs about 4 hours for 100,000 documents here. The partition
step (merge the batches' ledger rows, validate `documents` and `quarantine`, report, Data
Docs, stream the staged batches into each partition file) is the only step whose input grows
with the partition rather than the batch, so this measures it alone at partition sizes the
full benchmark cannot reach in a session:

1. one real batch: a synthetic corpus (`benchmarks.corpus.build_corpus`) run through
   `flows.batch.process_batch` with two worker processes, staged as the flow stages it;
2. a partition of K batches: that batch repeated K times, every copy with its own doc_ids
   (and paths), in its staged Parquet files and its ledger rows;
3. the steps as a worker runs them (`flows.partition.decide_partition`, then
   `flows.publishing.publish_partition`) in
   a fresh process that has imported GX first, as a worker has; its RSS is sampled every
   50 ms.

The copies repeat the same text, so they measure row counts and Python objects faithfully
but Parquet sizes only roughly.
"""
from __future__ import annotations

import argparse
import copy
import hashlib
import multiprocessing
import pickle
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timezone
from pathlib import Path
from typing import Any


def _new_id(copy_number: int, doc_id: str) -> str:
    return hashlib.sha256(f"{copy_number}:{doc_id}".encode()).hexdigest()


def real_batch(work: Path, documents: int, workers: int = 2) -> tuple[Any, Any]:
    """One batch of `documents` synthetic documents, processed and staged for real."""
    from benchmarks.corpus import DEVDATA, build_corpus
    from extractors.ledger import PublishedIndex
    from flows import batch_work
    from flows.batch import process_batch
    from flows.context import RunContext
    from flows.workers import WorkerPool
    from storage.landing import discover_partition

    corpus = build_corpus(work / "landing", documents, days=1, devdata=DEVDATA)
    day = corpus.days[0]
    ctx = RunContext(run_id="seed", day=day, ingested_at=datetime.now(timezone.utc),
                     input_dir=str(work / "landing"), output_dir=str(work / "out"))
    files = discover_partition(ctx.input_dir, day)
    with WorkerPool(workers, seconds_per_item=120, initializer=batch_work.warm_up) as pool:
        result = process_batch(ctx, 0, files, PublishedIndex(), pool)
    return ctx, result


def replicate(ctx: Any, seed: Any, batches: int, run_id: str) -> tuple[Any, list[Any]]:
    """A partition of `batches` copies of the seed batch, staged under `run_id`."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = Path(ctx.output_dir)
    ctx = copy.copy(ctx)
    ctx.run_id = run_id
    tables = {name: pq.read_table(path) for name, path in seed.validated.staged.items()}
    seed_results = out / seed.validated.results_key
    results = []
    for k in range(batches):
        result = copy.deepcopy(seed)
        result.number = k
        for document in result.documents:
            document["doc_id"] = _new_id(k, document["doc_id"])
            document["path"] = f"copy-{k:05d}/{document['path']}"
        result.validated.reasons = {_new_id(k, doc_id): why for doc_id, why in result.validated.reasons.items()}
        for row in result.validated.quarantine:
            old = row["doc_id"]
            row["doc_id"] = _new_id(k, old)
            row["row_key"] = row["row_key"].replace(old, row["doc_id"])
        result.validated.staged = {}
        for name, table in tables.items():
            ids = pa.array([_new_id(k, doc_id) for doc_id in table["doc_id"].to_pylist()], pa.string())
            path = out / "_staging" / f"ingest_date={ctx.day}" / run_id / "_batches" / name / f"batch-{k:05d}.parquet"
            path.parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(table.set_column(table.schema.get_field_index("doc_id"), "doc_id", ids), path,
                           compression="zstd")
            result.validated.staged[name] = str(path)
        key = f"_validation/runs/{run_id}/batch-{k:05d}.json"
        (out / key).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(seed_results, out / key)
        result.validated.results_key = key
        results.append(result)
    return ctx, results


def measure_step(blob: bytes) -> dict[str, Any]:
    """Runs in a fresh process: the partition step on the pickled (ctx, results)."""
    import gc
    import importlib

    import psutil

    from benchmarks.memory import RssSampler
    from flows.partition import decide_partition
    from flows.publishing import publish_partition

    importlib.import_module("great_expectations")  # a worker has GX loaded before any partition step
    me = psutil.Process()
    ctx, results = pickle.loads(blob)
    gc.collect()
    before = me.memory_info().rss
    with RssSampler(interval=0.05) as rss:
        rss.phase("step")
        started = time.perf_counter()
        decided = decide_partition(ctx, results, False)
        validated = time.perf_counter()
        rows = publish_partition(ctx, decided)
        published = time.perf_counter()
    after = me.memory_info().rss
    return {"documents": sum(len(r.documents) for r in results), "batches": len(results),
            "rss_before": before, "rss_peak": max(rss.peaks.get("step", 0), before, after), "rss_after": after,
            "validate_s": validated - started, "publish_s": published - validated,
            "failures": decided.table_failures, "rows": {name: n for name, (n, _) in rows.items()}}


def main(argv: list[str] | None = None) -> list[dict[str, Any]]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs-per-batch", type=int, default=200,
                        help="documents in the real batch (default 200, the flow's batch size)")
    parser.add_argument("--batches", type=int, nargs="+", default=[25, 125],
                        help="partition sizes to measure, in copies of the batch (default 25 125)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="newsetl-partition-step-"))
    rows = []
    try:
        started = time.perf_counter()
        ctx, seed = real_batch(work, args.docs_per_batch)
        print(f"[bench] real batch: {len(seed.documents)} documents in {time.perf_counter() - started:.1f} s",
              file=sys.stderr)
        for k in args.batches:
            kctx, results = replicate(ctx, seed, k, run_id=f"partition-{k}")
            blob = pickle.dumps((kctx, results))
            with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as fresh:
                row = fresh.submit(measure_step, blob).result()
            if row["failures"]:
                raise SystemExit(f"partition of {k} batches failed validation: {row['failures']}")
            row["ledger_pickle_bytes"] = len(blob)
            rows.append(row)
            shutil.rmtree(Path(ctx.output_dir) / "_staging" / f"ingest_date={ctx.day}" / kctx.run_id,
                          ignore_errors=True)
            for name in row["rows"]:  # the next size starts from an empty partition
                shutil.rmtree(Path(ctx.output_dir) / name, ignore_errors=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(render(rows, " ".join(argv if argv is not None else sys.argv[1:])))
    return rows


def render(rows: list[dict[str, Any]], args: str) -> str:
    mb = 1024 * 1024
    command = f"python -m benchmarks.partition_step {args}".strip()
    lines = [f"partition step alone, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC (`{command}`)", "",
             "| documents (batches) | sentences | ledger rows pickled | RSS before | peak | added at peak "
             "| after | validate s | publish s |", "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['documents']:,} ({r['batches']}) | {r['rows'].get('sentences', 0):,} "
                     f"| {r['ledger_pickle_bytes'] / mb:.1f} MB | {r['rss_before'] / mb:,.0f} MB "
                     f"| {r['rss_peak'] / mb:,.0f} MB | **{(r['rss_peak'] - r['rss_before']) / mb:,.0f} MB** "
                     f"| {r['rss_after'] / mb:,.0f} MB | {r['validate_s']:.1f} | {r['publish_s']:.1f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
