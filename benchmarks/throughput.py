"""Throughput of `newsetl run` against the script a team would write instead (issue 23).

    python -m benchmarks.throughput [--pages N] [--repeats R] [--workers W] [--out DIR]
                                    [--systems newsetl,naive,floor,floor-blas] [--peers-env LABEL=PYTHON]
                                    [--no-profile] [--keep]
    make bench-throughput THROUGHPUT_ARGS="--pages 60 --repeats 1"

Over the HTML pages of `../shared/devdata/extraction/html/` (read at run time; the benchmark
says so and exits 0 when they are absent), four systems process the same pages, each as a
separate process, timed from process start to exit:

a) **newsetl**: the real CLI as a user runs it, `newsetl run PAGES --output FRESH --workers 2
   --quiet`, Prefect's ephemeral start included, into a fresh output folder every time. The
   benchmark's Prefect home is new; one untimed `newsetl run` on one page first creates Prefect's
   database there (a machine's first run does, once), so the timed runs are the later runs that
   scheduled runs are; that first run's time is reported on its own.
b) **naive**: the script a data team writes instead: `trafilatura.extract` per page, spaCy
   `nlp.pipe(texts, n_process=2)` with the same model package (the full pipeline, since
   textacy's quote rules need lemmas) for entities, textacy's `direct_quotations`, and a
   pyarrow Parquet table each of entities and quotes.
c) **floor**: spaCy `nlp.pipe(texts, n_process=2)` alone, with the components newsetl uses, as
   spaCy ships them (`extractors.nlp.build_pipeline(indexed_attribute_ruler=False)`: newsetl
   swaps spaCy's attribute ruler for an equivalent faster one, its own work, so the floor keeps
   spaCy's), on the texts trafilatura produced (prepared before any timing). Any pipeline built
   on this model with spaCy's components pays at least this.
d) **floor-blas**: the floor with newsetl's one change to how the model itself runs: its matrix
   products on numpy's BLAS, one thread per process, instead of thinc's bundled BLIS
   (`extractors/nlp/blas.py`; BLIS runs its reference kernel on CPUs it does not know). It tells
   how much of newsetl's lead over the floor is that change, which a team could make too.

The peers (b-d) run with this interpreter, that is on newsetl's own pins. `--peers-env
LABEL=PYTHON` also runs them with another interpreter, as systems `naive@LABEL` and so on: `make
bench-throughput` passes `release=.venv-peers/bin/python`, the script's packages as a team installs
them today (`requirements-peers.txt`). The two differ in spaCy: newsetl pins 3.8.7, because the
3.8.8-3.8.18 wheels take the GIL on every call of the parser's transition state (see
`pyproject.toml`); `pip install spacy` gives 3.8.18. Each peer reports its spaCy and thinc versions.

Both spaCy runs use the same `--spacy-batch-size` (default 16): spaCy's default (256 for this
model) hands 256 of 300 texts to one process and 44 to the other, which would make the peers
look slower than a competent script is.

Runs are interleaved (a b c d a b c d ...) `--repeats` times (default 3), because the machine is
shared; median and minimum are reported, with ratios of medians and of minima. Each run's
output is checked non-empty (articles, entity mentions and quotes for newsetl; entity and
quote rows for the naive script; entities for the floor).

Unless `--no-profile`, newsetl's time is then broken down by stage in one extra process that
runs the steps of a partition in-process (no worker pool, no Prefect): load, cleaning (and its
dateparser calls), the model (`nlp.pipe`), each rule module (sentences, entities, attributions,
quotes, amounts, dates and their dateparser calls), row building, tabulating, GX validation,
staging Parquet, partition validation and publishing; plus the fixed cost of a `newsetl run` on
one page (interpreter, Prefect start, worker start and model load, GX contexts, publish). What
the 2-worker run costs beyond (fixed + in-process work / workers) is reported as hand-offs,
imbalance and orchestration.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from benchmarks.timing import elapsed_into

REPO = Path(__file__).resolve().parents[1]
DEVDATA = REPO.parent / "shared" / "devdata" / "extraction"
BIN = Path(sys.executable).parent
SYSTEMS = ("newsetl", "naive", "floor", "floor-blas")
PEERS = SYSTEMS[1:]
INGEST_DATE = "2026-12-01"
SPACY_BATCH_SIZE = 16


# -- the systems, each run in its own process ---------------------------------------------------

def run_naive(pages_dir: Path, result_dir: Path, batch_size: int) -> dict[str, Any]:
    """The naive script: what a team writes in an afternoon instead of newsetl."""
    started = time.perf_counter()
    import pyarrow as pa
    import pyarrow.parquet as pq
    import spacy
    import trafilatura
    from textacy.extract.triples import direct_quotations

    from extractors.nlp.model import MODEL_PACKAGE

    nlp = spacy.load(MODEL_PACKAGE)
    loaded = time.perf_counter()
    names, texts = [], []
    for path in sorted(pages_dir.glob("*.html")):
        text = trafilatura.extract(path.read_text(encoding="utf-8", errors="replace")) or ""
        names.append(path.stem)
        texts.append(text)
    cleaned = time.perf_counter()
    entities: dict[str, list] = defaultdict(list)
    quotes: dict[str, list] = defaultdict(list)
    quote_errors = 0
    for name, doc in zip(names, nlp.pipe(texts, n_process=2, batch_size=batch_size)):
        for ent in doc.ents:
            for column, value in (("page", name), ("text", ent.text), ("label", ent.label_),
                                  ("start", ent.start_char), ("end", ent.end_char)):
                entities[column].append(value)
        try:
            for speaker, cue, content in direct_quotations(doc):
                for column, value in (("page", name), ("speaker", " ".join(t.text for t in speaker)),
                                      ("cue", " ".join(t.text for t in cue)), ("content", content.text)):
                    quotes[column].append(value)
        except ValueError:  # textacy refuses a document with an odd number of quotation marks
            quote_errors += 1
    parsed = time.perf_counter()
    pq.write_table(pa.table(dict(entities)), result_dir / "entities.parquet", compression="zstd")
    pq.write_table(pa.table(dict(quotes)), result_dir / "quotes.parquet", compression="zstd")
    done = time.perf_counter()
    return {"entities": len(entities["page"]), "quotes": len(quotes["page"]), "quote_errors": quote_errors,
            "texts": sum(1 for t in texts if t), **library_versions(),
            "stages": {"start + model load": loaded - started, "trafilatura": cleaned - loaded,
                       "nlp.pipe + textacy": parsed - cleaned, "parquet": done - parsed}}


def run_floor(texts_file: Path, batch_size: int, numpy_blas: bool = False) -> dict[str, Any]:
    """spaCy alone with the components newsetl uses, as spaCy ships them, on texts prepared before timing.
    `numpy_blas`: with the model's matrix products on numpy's BLAS (the floor-blas system; its process
    is started with OPENBLAS_NUM_THREADS=1 so that spaCy's worker processes inherit one thread)."""
    started = time.perf_counter()
    from extractors.nlp.model import build_pipeline

    texts = json.loads(texts_file.read_text(encoding="utf-8"))
    nlp = build_pipeline(indexed_attribute_ruler=False, numpy_blas=numpy_blas)
    loaded = time.perf_counter()
    entities = sum(len(doc.ents) for doc in nlp.pipe(texts, n_process=2, batch_size=batch_size))
    done = time.perf_counter()
    return {"entities": entities, "texts": len(texts), "components": nlp.pipe_names, **library_versions(),
            "stages": {"start + model load": loaded - started, "nlp.pipe": done - loaded}}


def library_versions() -> dict[str, str]:
    """The spaCy and thinc a peer ran on (they differ between newsetl's pins and a fresh install)."""
    from importlib.metadata import version

    return {"spacy": version("spacy"), "thinc": version("thinc")}


def newsetl_env(prefect_home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(PREFECT_HOME=str(prefect_home), PREFECT_SERVER_ANALYTICS_ENABLED="false")
    env.pop("PREFECT_API_URL", None)  # ephemeral mode, as a user's first `newsetl run`
    return env


def run_newsetl(pages_dir: Path, output: Path, workers: int, prefect_home: Path,
                tree: Path | None = None) -> tuple[float, dict[str, Any]]:
    """`newsetl run` as a user types it; returns its wall time and what it published.

    `tree`: run the newsetl code of another copy of the repository instead (`--tree`), with
    the same interpreter and packages, to compare two versions of the code in one run."""
    if output.exists():
        shutil.rmtree(output)
    env = newsetl_env(prefect_home)
    command = [str(BIN / "newsetl")]
    if tree is not None:
        env["PYTHONPATH"] = str(tree)  # ahead of the editable install, for the workers too
        command = [sys.executable, "-m", "flows.cli"]
    command += ["run", str(pages_dir), "--output", str(output), "--workers", str(workers),
                "--ingest-date", INGEST_DATE, "--quiet"]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=tree)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"newsetl run failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return wall, published_counts(output)


def published_counts(output: Path) -> dict[str, Any]:
    import pyarrow.dataset as ds

    counts = {}
    for table in ("articles", "entity_mentions", "quotes", "amounts", "temporal_expressions", "attributions"):
        folder = output / table
        counts[table] = ds.dataset(str(folder), format="parquet").count_rows() if folder.exists() else 0
    documents = ds.dataset(str(output / "documents"), format="parquet").to_table(columns=["status"]).to_pylist()
    counts["documents"] = dict(sorted(Counter(r["status"] for r in documents).items()))
    return counts


def child(system: str, args: list[str], tree: Path | None = None, extra_env: dict[str, str] | None = None,
          python: str = sys.executable) -> tuple[float, dict[str, Any]]:
    """Run one system in a fresh interpreter; its wall time from spawn to exit, and its report.
    `tree`: with another copy of the repository's code (see `--tree`); `python`: another
    interpreter, with its own packages (see `--peers-env`)."""
    env = dict(os.environ) | (extra_env or {})
    if tree is not None:
        env["PYTHONPATH"] = str(tree)
    with tempfile.TemporaryDirectory(prefix=f"bench-{system}-") as tmp:
        report = Path(tmp) / "report.json"
        command = [python, "-m", "benchmarks.throughput", "--child", system, "--report", str(report), *args]
        started = time.perf_counter()
        done = subprocess.run(command, cwd=tree or REPO, env=env, capture_output=True, text=True)
        wall = time.perf_counter() - started
        if done.returncode != 0:
            raise RuntimeError(f"{system} failed ({done.returncode}):\n{done.stderr[-3000:]}")
        return wall, json.loads(report.read_text(encoding="utf-8"))


# -- newsetl's stage profile (one process, no pool, no Prefect) ---------------------------------

class Stopwatch:
    """Accumulates time per stage name; `wrap` times every call of a function."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)

    def wrap(self, name: str, fn: Callable) -> Callable:
        def timed(*a, **k):
            t = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                self.seconds[name] += time.perf_counter() - t
                self.calls[name] += 1
        return timed

    def patch(self, module: Any, attribute: str, name: str) -> None:
        setattr(module, attribute, self.wrap(name, getattr(module, attribute)))

    def timing(self, name: str) -> AbstractContextManager[None]:
        """Time a block of steps as one stage."""
        return elapsed_into(self.seconds, name)


class TimedPipe:
    """An nlp stand-in whose `pipe` counts the time spent inside the model."""

    def __init__(self, nlp: Any, watch: Stopwatch) -> None:
        self._nlp, self._watch = nlp, watch

    def __getattr__(self, name: str) -> Any:
        return getattr(self._nlp, name)

    def pipe(self, *a, **k):
        iterator = iter(self._nlp.pipe(*a, **k))
        while True:
            t = time.perf_counter()
            try:
                item = next(iterator)
            except StopIteration:
                self._watch.seconds["model (nlp.pipe)"] += time.perf_counter() - t
                return
            self._watch.seconds["model (nlp.pipe)"] += time.perf_counter() - t
            yield item


def run_profile(pages_dir: Path, output: Path, cprofile: Path | None) -> dict[str, Any]:
    """The steps of one partition in this process, through the flow's own step functions
    (no worker pool, no Prefect), every stage timed by wrapping the function that does it."""
    started = time.perf_counter()
    import importlib

    for module in ("dateparser", "flows.batch_work", "flows.partition", "flows.publishing", "extractors.nlp.batch"):
        importlib.import_module(module)  # what the stages use, counted as imports, not as work
    from extractors.nlp.language import detect_language
    from extractors.nlp.model import get_nlp

    watch = Stopwatch()
    imported = time.perf_counter()
    nlp = get_nlp()
    detect_language("Warming up the language model of this process before any document arrives.")
    watch.seconds["model load (per worker)"] = time.perf_counter() - imported
    watch.seconds["imports"] = imported - started
    _instrument(watch, nlp)
    profiler = None
    if cprofile is not None:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    work_started = time.perf_counter()
    documents, decided, failed = _profile_partition(pages_dir, output, watch)
    watch.seconds["per-document work (all stages)"] = time.perf_counter() - work_started
    return {"documents": documents, "seconds": dict(watch.seconds), "calls": dict(watch.calls),
            "counts": decided.counts if decided else {}, "validation_failed": failed,
            "top": _top_functions(profiler, cprofile) if profiler is not None else []}


def _instrument(watch: Stopwatch, nlp: Any) -> None:
    """Wrap the functions each stage runs (the rule modules, dateparser, GX, staging) and hand
    extraction a pipeline whose `pipe` is timed."""
    import dateparser

    from extractors.nlp import batch as structure
    from extractors.nlp import temporal
    from flows import batch as flow_batch
    from schemas import validation
    from storage import tables as storage_tables

    timed_nlp = TimedPipe(nlp, watch)
    structure.get_nlp = lambda: timed_nlp
    dateparser.parse = watch.wrap("dateparser (cleaning: page dates)", dateparser.parse)
    watch.patch(temporal, "resolve_with_dateparser", "dateparser (dates rule module)")
    for attribute, name in (("sentence_spans", "rules: sentences"), ("extract_entities", "rules: entities"),
                            ("extract_attributions", "rules: attributions"), ("extract_quotes", "rules: quotes"),
                            ("extract_amounts", "rules: amounts"), ("extract_temporal", "rules: dates (incl. dateparser)"),
                            ("sentence_rows", "row building"), ("mention_rows", "row building"),
                            ("entity_rows", "row building"), ("quote_rows", "row building"),
                            ("attribution_rows", "row building"), ("amount_rows", "row building"),
                            ("temporal_rows", "row building")):
        watch.patch(structure, attribute, name)
    watch.patch(flow_batch, "tabulate", "tabulate (rows -> Arrow)")
    watch.patch(validation.SuiteRunner, "validate", "GX validation (batches + partition)")
    watch.patch(storage_tables.TableStore, "stage_batch", "staging Parquet (batches)")


def _profile_partition(pages_dir: Path, output: Path, watch: Stopwatch) -> tuple[int, Any, str | None]:
    """One partition as a flow runs it: plan, then per batch load -> clean -> extract ->
    decide (tabulate, validate, stage), then decide the partition and publish it."""
    import uuid
    from datetime import date, datetime, timezone

    from flows.batch import decide_batch
    from flows.batch_loading import load_batch
    from flows.batch_work import clean_documents, extract_documents
    from flows.context import RunContext
    from flows.partition import decide_partition
    from flows.planning import even_batches, partition_inputs, read_ledger_index
    from flows.publishing import publish_partition
    from storage.tables import TableStore

    day = date.fromisoformat(INGEST_DATE)
    ctx = RunContext(run_id=str(uuid.uuid4()), day=day, ingested_at=datetime.now(timezone.utc),
                     input_dir=str(pages_dir), output_dir=str(output))
    store = TableStore(str(output))
    store.storage.makedirs(store.storage.root)
    with watch.timing("discover + ledger"):
        files = partition_inputs(str(pages_dir), None)
        index = read_ledger_index(store, day)
    results, documents = [], 0
    for number, batch in enumerate(even_batches(files, 200)):
        with watch.timing("load (read + decode)"):
            outcomes, pending, _ = load_batch(str(pages_dir), batch, index)
        documents += len(pending)
        with watch.timing("cleaning (incl. its dateparser)"):
            cleaned = clean_documents(pending)
        with watch.timing("extract (all)"):
            outcomes += extract_documents(cleaned, day)
        with watch.timing("validate + stage batch (all)"):
            results.append(decide_batch(ctx, number, outcomes))
    with watch.timing("validate partition + report + Data Docs"):
        decided = decide_partition(ctx, results, replace=False)
    if decided.table_failures:  # a table-level failure: timed all the same, reported, not published
        return documents, decided, "; ".join(decided.table_failures)
    with watch.timing("publish Parquet"), store.lock(day):
        try:
            publish_partition(ctx, decided)
        finally:
            store.discard_staging(ctx.run_id, ctx.day)
    return documents, decided, None


def _top_functions(profiler: Any, cprofile: Path) -> list[dict[str, Any]]:
    import pstats

    profiler.disable()
    profiler.dump_stats(str(cprofile))
    stats = pstats.Stats(profiler)
    rows = sorted(stats.stats.items(), key=lambda kv: kv[1][3], reverse=True)  # cumulative
    return [{"function": f"{Path(f).name}:{line}({fn})", "cumulative": v[3], "own": v[2], "calls": v[1]}
            for (f, line, fn), v in rows[:40]]


# -- driver ------------------------------------------------------------------------------------

def prepare(pages: int, out: Path) -> tuple[Path, Path, int]:
    """Copy the first `pages` pages into a folder of their own, and the trafilatura texts of
    those pages (the floor's input), prepared before any timing."""
    import trafilatura

    pages_dir = out / "pages"
    if pages_dir.exists():
        shutil.rmtree(pages_dir)
    pages_dir.mkdir(parents=True)
    sources = sorted((DEVDATA / "html").glob("*.html"))[:pages]
    texts = []
    for path in sources:
        shutil.copyfile(path, pages_dir / path.name)
        texts.append(trafilatura.extract(path.read_text(encoding="utf-8", errors="replace")) or "")
    texts_file = out / "texts.json"
    texts_file.write_text(json.dumps(texts), encoding="utf-8")
    return pages_dir, texts_file, len(sources)


def summarise(walls: list[float], n: int) -> dict[str, float]:
    return {"median_s": statistics.median(walls), "min_s": min(walls), "median_docs_s": n / statistics.median(walls),
            "best_docs_s": n / min(walls), "runs": len(walls)}


def render(report: dict[str, Any]) -> str:
    n = report["pages"]
    lines = [f"# throughput over {n} pages of {DEVDATA} ({report['when']}, load average at start "
             f"{report['load_start']}, at end {report.get('load_end', '-')}; {os.cpu_count()} cores)", "",
             "| system | median s | min s | docs/s (median) | docs/s (best) | runs |", "|---|---:|---:|---:|---:|---:|"]
    labels = {"newsetl": f"`newsetl run` ({report['workers']} workers, Prefect start included)",
              "naive": "naive: trafilatura + spaCy nlp.pipe x2 + textacy + pyarrow",
              "floor": "floor: spaCy nlp.pipe x2 alone, the components newsetl uses, as spaCy ships them",
              "floor-blas": "floor-blas: the floor with numpy's BLAS (one thread) for the model's matrix products"}
    s = report["summary"]
    for name in s:
        base, _, label = name.partition("@")
        if base in PEERS and label:
            versions = report["outputs"].get(name, {})
            labels[name] = f"{labels[base]}; {label} env (spaCy {versions.get('spacy', '?')}, thinc {versions.get('thinc', '?')})"
        labels.setdefault(name, f"`newsetl run` from {label} ({report['workers']} workers)")
    variants = sorted(set(s) - set(SYSTEMS), key=lambda name: (name.partition("@")[2], SYSTEMS.index(name.partition("@")[0])))
    for name in [*SYSTEMS, *variants]:
        if name in s:
            x = s[name]
            lines.append(f"| {labels[name]} | {x['median_s']:.1f} | {x['min_s']:.1f} | {x['median_docs_s']:.2f} | "
                         f"{x['best_docs_s']:.2f} | {x['runs']} |")
    lines.append("")
    for ours in [name for name in s if name.startswith("newsetl")]:
        for peer in [name for name in s if name.partition("@")[0] in PEERS]:
            # speed ratio: the peer's time over ours (above 1: newsetl is faster)
            lines.append(f"{ours} / {peer}: {s[peer]['median_s'] / s[ours]['median_s']:.2f}x (medians), "
                         f"{s[peer]['min_s'] / s[ours]['min_s']:.2f}x (minima)")
    lines.append("")
    for name, outputs in report["outputs"].items():
        lines.append(f"{name} output (last run): {json.dumps(outputs, sort_keys=True)}")
    lines.append("runs in order: " + ", ".join(f"{name} {wall:.1f}s" for name, wall in report["order"]))
    if report.get("first_run_one_page_s") is not None:
        lines.append(f"a machine's first `newsetl run` (1 page, a fresh PREFECT_HOME: Prefect creates its database), "
                     f"before the timed runs and not among them: {report['first_run_one_page_s']:.1f} s")
    profile = report.get("profile")
    if profile:
        lines += ["", f"## newsetl stage profile: one process, no workers, no Prefect, {profile['documents']} pages", "",
                  "| stage | s | share of per-document work | calls |", "|---|---:|---:|---:|"]
        total = profile["seconds"].get("per-document work (all stages)", 0.0) or 1.0
        for stage, seconds in sorted(profile["seconds"].items(), key=lambda kv: -kv[1]):
            lines.append(f"| {stage} | {seconds:.2f} | {100 * seconds / total:.1f} % | "
                         f"{profile['calls'].get(stage, '')} |")
        extract = profile["seconds"].get("extract (all)", 0.0)
        accounted = sum(v for k, v in profile["seconds"].items() if k.startswith(("model (", "rules:", "row building")))
        lines.append(f"| extract, outside model and rules (Doc.from_docs, chunking) | {extract - accounted:.2f} | "
                     f"{100 * (extract - accounted) / total:.1f} % | |")
        if profile.get("validation_failed"):
            lines.append(f"(the profiled partition failed validation, so it was not published: "
                         f"{profile['validation_failed'][:300]})")
        fixed = report.get("fixed_one_page_s")
        if fixed is not None and "newsetl" in s:
            ideal = fixed + total / report["workers"]
            lines += ["", f"fixed cost, `newsetl run` on 1 page (interpreter, Prefect start, worker start + model "
                          f"load, GX contexts, publish): {fixed:.1f} s",
                      f"newsetl median {s['newsetl']['median_s']:.1f} s = fixed {fixed:.1f} s + in-process work "
                      f"{total:.1f} s / {report['workers']} workers ({total / report['workers']:.1f} s) + "
                      f"hand-offs, imbalance and orchestration {s['newsetl']['median_s'] - ideal:.1f} s"]
        if profile.get("top"):
            lines += ["", "cProfile, top functions by cumulative time:"]
            lines += [f"  {r['cumulative']:8.2f} s cum  {r['own']:7.2f} s own  {r['calls']:>8}  {r['function']}"
                      for r in profile["top"][:30]]
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--pages", type=int, default=300, help="first N pages (default: all 300)")
    p.add_argument("--repeats", type=int, default=3, help="interleaved runs of each system (default 3)")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--systems", default=",".join(SYSTEMS), help="comma-separated subset of " + ",".join(SYSTEMS))
    p.add_argument("--spacy-batch-size", type=int, default=SPACY_BATCH_SIZE)
    p.add_argument("--tree", action="append", default=[], metavar="LABEL=PATH",
                   help="also time `newsetl run` from another copy of the repository (e.g. the code before a "
                        "change), as system newsetl@LABEL; repeatable")
    p.add_argument("--peers-env", action="append", default=[], metavar="LABEL=PYTHON",
                   help="also run the peers (naive, floor, floor-blas) with another interpreter and its packages, "
                        "as systems naive@LABEL etc.; repeatable")
    p.add_argument("--no-profile", action="store_true", help="skip newsetl's stage profile")
    p.add_argument("--profile-tree", default=None, metavar="PATH",
                   help="profile the code of another copy of the repository (default: this one)")
    p.add_argument("--cprofile", action="store_true", help="add cProfile's top functions to the stage profile")
    p.add_argument("--profile-only", action="store_true", help="only the stage profile (fast, for iterating)")
    p.add_argument("--out", type=Path, default=None, help="work folder (default: a temporary one)")
    p.add_argument("--keep", action="store_true", help="keep the work folder")
    p.add_argument("--json", type=Path, default=None, help="also write the report as JSON here")
    p.add_argument("--child", choices=("naive", "floor", "floor-blas", "profile"), help=argparse.SUPPRESS)
    p.add_argument("--report", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--pages-dir", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--texts", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--result-dir", type=Path, help=argparse.SUPPRESS)
    return p.parse_args(argv)


def child_main(args: argparse.Namespace) -> int:
    if args.child == "naive":
        report = run_naive(args.pages_dir, args.result_dir, args.spacy_batch_size)
    elif args.child in ("floor", "floor-blas"):
        report = run_floor(args.texts, args.spacy_batch_size, numpy_blas=args.child == "floor-blas")
    else:
        report = run_profile(args.pages_dir, args.result_dir, args.result_dir / "profile.pstats" if args.cprofile
                             else None)
    args.report.write_text(json.dumps(report, default=str), encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        return child_main(args)
    if not (DEVDATA / "html").is_dir():
        print(f"benchmarks.throughput: skipped, the development pages are not here ({DEVDATA / 'html'} is absent)")
        return 0
    systems = [s for s in args.systems.split(",") if s]
    unknown = set(systems) - set(SYSTEMS)
    if unknown:
        raise SystemExit(f"unknown systems: {sorted(unknown)}")
    if args.profile_only:
        systems = []
    out = args.out or Path(tempfile.mkdtemp(prefix="newsetl-throughput-"))
    out.mkdir(parents=True, exist_ok=True)
    try:
        report = measure(args, systems, out)
    finally:
        if not args.keep and args.out is None:
            shutil.rmtree(out, ignore_errors=True)
    print(render(report))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
    return 0


def one_page_folder(pages_dir: Path, out: Path) -> Path:
    """A folder with the first page alone, for one-page runs (the fixed cost)."""
    one = out / "one-page"
    if one.exists():
        shutil.rmtree(one)
    one.mkdir()
    first = sorted(pages_dir.glob("*.html"))[0]
    shutil.copyfile(first, one / first.name)
    return one


def labelled(entries: list[str], option: str) -> dict[str, str]:
    """`LABEL=VALUE` entries of a repeatable option (`--tree`, `--peers-env`), by label."""
    bad = [entry for entry in entries if "=" not in entry]
    if bad:
        raise SystemExit(f"{option} takes LABEL=PATH, got {bad[0]!r}")
    return dict(entry.split("=", 1) for entry in entries)


def with_variants(systems: list[str], trees: dict[str, Any], peer_envs: dict[str, Any]) -> list[str]:
    """The systems to time: those asked for, newsetl from each other tree (`newsetl@LABEL`), and
    each peer asked for again in each other environment (`naive@LABEL`, ...)."""
    return [*systems, *(f"newsetl@{label}" for label in trees),
            *(f"{system}@{label}" for label in peer_envs for system in systems if system in PEERS)]


def measure(args: argparse.Namespace, systems: list[str], out: Path) -> dict[str, Any]:
    from datetime import datetime, timezone

    pages_dir, texts_file, n = prepare(args.pages, out)
    load_start = os.getloadavg()[0]
    report: dict[str, Any] = {"pages": n, "workers": args.workers, "when": datetime.now(timezone.utc).isoformat(
        timespec="minutes"), "load_start": round(load_start, 2), "outputs": {}, "order": []}
    walls: dict[str, list[float]] = defaultdict(list)
    prefect_home = out / "prefect-home"
    trees = {label: Path(path).resolve() for label, path in labelled(args.tree, "--tree").items()}
    # absolute, not resolved: a venv's python is a symlink, and resolving it would leave the venv
    peer_pythons = {label: str(Path(path).absolute()) for label, path in labelled(args.peers_env, "--peers-env").items()}
    systems = with_variants(systems, trees, peer_pythons)
    one = one_page_folder(pages_dir, out)
    if any(system.startswith("newsetl") for system in systems):
        # Untimed in the comparison: a machine's first `newsetl run` also creates Prefect's database
        # (its migrations), once per PREFECT_HOME; the timed runs are the later runs, as a user's
        # scheduled runs are. Reported on its own.
        report["first_run_one_page_s"], _ = run_newsetl(one, out / "first-run-out", args.workers, prefect_home)
    for _ in range(args.repeats if systems else 0):
        for system in systems:
            if system.startswith("newsetl"):
                label = system.partition("@")[2]
                wall, outputs = run_newsetl(pages_dir, out / f"{system.replace('@', '-')}-out", args.workers,
                                            prefect_home, trees[label] if label else None)
                ok = outputs["articles"] > 0 and outputs["entity_mentions"] > 0 and outputs["quotes"] > 0
            else:
                peer, _, label = system.partition("@")
                python = peer_pythons[label] if label else sys.executable
                if peer == "naive":
                    result_dir = out / f"{system.replace('@', '-')}-out"
                    result_dir.mkdir(exist_ok=True)
                    wall, outputs = child("naive", ["--pages-dir", str(pages_dir), "--result-dir", str(result_dir),
                                                    "--spacy-batch-size", str(args.spacy_batch_size)], python=python)
                    ok = outputs["entities"] > 0 and outputs["quotes"] > 0
                else:
                    wall, outputs = child(peer, ["--texts", str(texts_file),
                                                 "--spacy-batch-size", str(args.spacy_batch_size)],
                                          extra_env={"OPENBLAS_NUM_THREADS": "1"} if peer == "floor-blas" else None,
                                          python=python)
                    ok = outputs["entities"] > 0
            if not ok:
                raise RuntimeError(f"{system} produced an empty output: {outputs}")
            walls[system].append(wall)
            report["outputs"][system] = outputs
            report["order"].append((system, wall))
            print(f"  {system}: {wall:.1f} s ({n / wall:.2f} docs/s)", file=sys.stderr, flush=True)
    report["summary"] = {name: summarise(w, n) for name, w in walls.items()}
    if not args.no_profile:
        report["load_end"] = round(os.getloadavg()[0], 2)
        result_dir = out / "profile-out"
        if result_dir.exists():
            shutil.rmtree(result_dir)
        result_dir.mkdir()
        extra = ["--cprofile"] if args.cprofile else []
        # What was measured so far is printed first: the profile is long, and may fail on its own.
        print(render(report), file=sys.stderr, flush=True)
        profile_tree = Path(args.profile_tree).resolve() if args.profile_tree else None
        _, report["profile"] = child("profile", ["--pages-dir", str(pages_dir), "--result-dir", str(result_dir),
                                                 *extra], profile_tree)
        report["fixed_one_page_s"], _ = run_newsetl(one, out / "one-page-out", args.workers, prefect_home,
                                                    profile_tree)
    report["load_end"] = round(os.getloadavg()[0], 2)
    return report


if __name__ == "__main__":
    sys.exit(main())
