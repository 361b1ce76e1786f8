"""Scale figures: docs/s of `newsetl run` on one machine and on a Dask cluster of 1 and 2
workers, and what the driver (the `newsetl run` process) costs per partition.

    python -m benchmarks.scale [--pages 300] [--repeats 2] [--partitions 2] [--batch-size 25]
                               [--modes local,dask-1,dask-2]  (local-s3 on request)

The same pages (by default the 300 HTML pages of ../shared/devdata/extraction; the benchmark
skips, exit 0, when they are absent) are spread over `--partitions` landing folders and run
through the real CLI in each mode:

- `local`:    `newsetl run LANDING --output OUT` on local folders, its default workers (one
              supervised document process per core);
- `local-s3` (on request): the same on moto's S3 server, a baseline with the Dask modes' storage
              (a remote Dask cluster refuses local paths, so the Dask modes must use S3);
- `dask-1`, `dask-2`: `newsetl run s3://... --dask tcp://...` against a real `dask scheduler` and
              1 or 2 `dask worker` processes (one thread each, so one document process each).

Every piece is a separate process in its own folder with a bare environment, as on separate
machines (`benchmarks/loopback_cluster.py`, shared with `tests/test_dask_deployment.py`): one
moto S3 server and one Prefect server for the whole benchmark (every mode reports to it, so no
mode pays for an ephemeral server), and a fresh Dask scheduler and workers for each Dask run,
started and joined before the clock starts. Each run therefore loads the models once per
document process inside the measured time, in every mode alike.

Measured per run: wall seconds of the driver process, from start to exit (docs/s = pages /
wall); its CPU seconds (user + sys of the driver process alone, children such as the local
document processes excluded: `getrusage(RUSAGE_SELF)` taken at the driver's exit) and its peak
RSS (`ru_maxrss`). Modes are interleaved (a b c a b c ...) so a change in the machine's
load hits them alike; median and min are reported. Every run must publish (exit 0, a
`completed` row in `runs`) and publish the same rows: per table, the row count and a hash of the
rows read back with pyarrow, without the columns that differ between any two runs by design
(`run_id`, `ingested_at`) and the input file's modification time (a property of the stored
copy, which differs between the local folder and the bucket). Rows that differ are shown.

Every process imports a copy of the product's packages taken at the start (PYTHONPATH), so
edits to the working tree while the benchmark runs (other engineers at work) cannot change
the rows or the speed between modes; the report says whether the tree changed meanwhile.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEVDATA_PAGES = REPO.parent / "shared" / "devdata" / "extraction" / "html"
FIRST_DAY = date(2026, 10, 1)
KEY, SECRET = "AKIA-newsetl-scale-bench", "scale-bench-secret"  # moto's, on loopback only
BUCKET = "bench"
# Columns that differ between two runs of the same input by design, or with where the input copy
# is stored (local folder or bucket), not with what was published.
VARYING_COLUMNS = frozenset({"run_id", "ingested_at", "file_mtime_ns"})
# The product's packages: copied once at the start, and every process of every run imports that
# copy (PYTHONPATH), so edits made to the working tree while the benchmark runs change nothing
# it measures. Their code and data files are hashed to say whether the tree changed meanwhile.
PRODUCT_PACKAGES = ("flows", "extractors", "schemas", "storage", "settings")
PRODUCT_SUFFIXES = (".py", ".tsv", ".txt", ".json")


@dataclass(frozen=True)
class Mode:
    name: str
    system: str
    workers: str
    storage: str  # "disk" or "s3"
    dask_workers: int = 0  # 0: no Dask, the local supervised processes


MODES = {
    "local": Mode("local", "`newsetl run` (one machine)", "2 document processes (default: one per core)", "disk"),
    "local-s3": Mode("local-s3", "`newsetl run` (one machine)", "2 document processes (default: one per core)",
                     "s3"),
    "dask-1": Mode("dask-1", "`newsetl run --dask tcp://…`", "1 Dask worker × 1 thread (1 document process)", "s3",
                   1),
    "dask-2": Mode("dask-2", "`newsetl run --dask tcp://…`", "2 Dask workers × 1 thread (2 document processes)",
                   "s3", 2),
}

DEFAULT_MODES = ("local", "dask-1", "dask-2")

# Libraries whose presence in the driver means it does a worker's job (models, validation).
HEAVY_MODULES = ("spacy", "great_expectations", "trafilatura")

# Runs `newsetl` in this process and, at its very end, writes the process's own resource usage
# (children excluded) and which HEAVY_MODULES it imported to argv[1]. The atexit hook is
# registered before anything is imported, so it runs after every other exit handler (Prefect's
# included) and after the threads are joined.
DRIVER_WRAPPER = r"""
import atexit, json, os, resource, sys
_pid, _path = os.getpid(), sys.argv[1]
_heavy = HEAVY

def _usage():
    if os.getpid() != _pid:  # a forked child exiting through atexit is not the driver
        return
    u = resource.getrusage(resource.RUSAGE_SELF)
    with open(_path, "w") as f:
        json.dump({"user": u.ru_utime, "sys": u.ru_stime, "maxrss_kb": u.ru_maxrss,
                   "heavy_modules": [m for m in _heavy if m in sys.modules],
                   "code_root": os.path.dirname(os.path.dirname(sys.modules["flows"].__file__))
                   if "flows" in sys.modules else None}, f)

atexit.register(_usage)
sys.argv = ["newsetl", *sys.argv[2:]]
from flows.cli import main
sys.exit(main())
""".replace("HEAVY", repr(HEAVY_MODULES))


@dataclass
class Run:
    mode: str
    repeat: int
    returncode: int
    wall: float
    cpu: float | None  # user + sys seconds of the driver process
    peak_rss: int | None  # bytes
    load_before: float
    tables: dict[str, tuple[int, str]] = field(default_factory=dict)  # table -> (rows, content hash)
    runs_status: list[str] = field(default_factory=list)
    problem: str = ""
    row_differences: list[str] = field(default_factory=list)  # vs the first run that published
    code_root: str | None = None  # where the driver imported `flows` from
    heavy_modules: list[str] = field(default_factory=list)  # HEAVY_MODULES the driver imported


# -- pure helpers ----------------------------------------------------------------------------
def source_snapshot(root: Path = REPO, packages: tuple[str, ...] = PRODUCT_PACKAGES) -> dict[str, str]:
    """sha256 of each code and data file of the product's packages, by path under `root`.
    (`runs.code_version` is the git commit, which does not change while a working tree does.)"""
    return {str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
            for package in packages for path in sorted((root / package).rglob("*"))
            if path.suffix in PRODUCT_SUFFIXES and path.is_file() and "__pycache__" not in path.parts}


def freeze_code(target: Path, root: Path = REPO, packages: tuple[str, ...] = PRODUCT_PACKAGES) -> Path:
    """Copy the product's packages to `target` (to put first on PYTHONPATH): one version of the
    code for every run, whatever is edited in the working tree meanwhile."""
    for package in packages:
        shutil.copytree(root / package, target / package, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def changed_files(*snapshots: dict[str, str]) -> list[str]:
    """The files whose content differs between any of `snapshots` (added or removed included)."""
    paths = set().union(*snapshots)
    return sorted(path for path in paths if len({snap.get(path) for snap in snapshots}) > 1)


def landing_layout(names: list[str], partitions: int, first_day: date = FIRST_DAY) -> list[tuple[str, str]]:
    """(landing folder, file name) for each page: contiguous, nearly equal slices over
    `partitions` date folders, so each partition is one `newsetl-partition` subflow."""
    partitions = max(1, min(partitions, len(names)))
    size, extra = divmod(len(names), partitions)
    layout, start = [], 0
    for p in range(partitions):
        end = start + size + (1 if p < extra else 0)
        day = (first_day + timedelta(days=p)).isoformat()
        layout.extend((day, name) for name in names[start:end])
        start = end
    return layout


def table_lines(rows: list[dict[str, Any]], ignore: frozenset[str] = VARYING_COLUMNS) -> list[str]:
    """Each row as one canonical JSON line, without the `ignore` columns, sorted: what two
    runs that published the same rows (in any order, at any time) have in common."""
    return sorted(json.dumps({k: str(v) for k, v in row.items() if k not in ignore}, sort_keys=True)
                  for row in rows)


def fingerprint_of_lines(lines: list[str]) -> tuple[int, str]:
    """(row count, sha256 of the canonical lines)."""
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line.encode())
        digest.update(b"\n")
    return len(lines), digest.hexdigest()


def table_fingerprint(rows: list[dict[str, Any]], ignore: frozenset[str] = VARYING_COLUMNS) -> tuple[int, str]:
    """(row count, sha256 of `table_lines`): independent of row order and of the `ignore`
    columns, so two runs that published the same rows in another order or at another time agree."""
    return fingerprint_of_lines(table_lines(rows, ignore))


def line_differences(reference: list[str], other: list[str], limit: int = 3) -> list[str]:
    """Up to `limit` rows only the reference has ("-") and only the other run has ("+"), so a
    mismatch names the rows, not just the table."""
    ours, theirs = set(reference), set(other)
    return ([f"- {line}" for line in sorted(ours - theirs)[:limit]]
            + [f"+ {line}" for line in sorted(theirs - ours)[:limit]])


def median_min(values: list[float]) -> tuple[float, float]:
    return statistics.median(values), min(values)


def differences(reference: dict[str, tuple[int, str]], other: dict[str, tuple[int, str]]) -> list[str]:
    """The tables whose rows differ, with both row counts."""
    return [f"{name} ({reference.get(name, (0, ''))[0]} vs {other.get(name, (0, ''))[0]} rows)"
            for name in sorted(set(reference) | set(other)) if reference.get(name) != other.get(name)]


def render(runs: list[Run], pages: int, partitions: int, batch_size: int, command: str, note: str) -> str:
    """The README table: one row per mode, docs/s median / min over its repeats, the driver's
    CPU and wall seconds per partition (median) and its peak RSS (max)."""
    lines = [f"{pages} pages in {partitions} partition(s), batch size {batch_size}, "
             f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC (`{command}`); {note}", "",
             "| system | storage | workers | docs/s median / min | driver CPU s per partition | "
             "driver wall s per partition | driver peak RSS |",
             "|---|---|---|---:|---:|---:|---:|"]
    for mode in MODES.values():
        mine = [r for r in runs if r.mode == mode.name and r.returncode == 0]
        if not mine:
            continue
        rate_median, rate_min = median_min([pages / r.wall for r in mine])
        cpu = [r.cpu / partitions for r in mine if r.cpu is not None]
        wall = [r.wall / partitions for r in mine]
        rss = [r.peak_rss for r in mine if r.peak_rss]
        storage = "local folder" if mode.storage == "disk" else "S3 (moto, loopback)"
        cpu_text = f"{statistics.median(cpu):.1f}" if cpu else "?"
        rss_text = f"{max(rss) / 2**20:.0f} MB" if rss else "?"
        lines.append(f"| {mode.system} | {storage} | {mode.workers} | {rate_median:.2f} / {rate_min:.2f} "
                     f"| {cpu_text} | {statistics.median(wall):.1f} | {rss_text} |")
    return "\n".join(lines)


# -- the benchmark -----------------------------------------------------------------------------
class Bench:
    """The shared servers, the landing copies and one measured run per call of `run`."""

    def __init__(self, work: Path, pages: list[Path], partitions: int, batch_size: int,
                 code_from: Path = REPO) -> None:
        from benchmarks.loopback_cluster import Processes, bare_env, free_port

        self.work, self.pages, self.partitions, self.batch_size = work, pages, partitions, batch_size
        self.s3_port, self.api_port = free_port(), free_port()
        self.endpoint = f"http://127.0.0.1:{self.s3_port}"
        home = work / "home"
        home.mkdir(parents=True)
        self.code_from = code_from
        self.code = freeze_code(work / "code", code_from)
        self.code_snapshot = source_snapshot(self.code)
        self.env = {**bare_env(home, api=f"http://127.0.0.1:{self.api_port}/api", s3_endpoint=self.endpoint,
                               key=KEY, secret=SECRET), "PYTHONPATH": str(self.code)}
        self.procs = Processes(work / "machines", self.env)
        self.fs = None
        self.reference: dict[str, list[str]] = {}  # table -> lines of the first run that published

    def start_servers(self, need_s3: bool) -> None:
        from benchmarks.loopback_cluster import start_prefect_server, start_s3, wait_until

        start_prefect_server(self.procs, self.api_port)
        if need_s3:
            import s3fs

            start_s3(self.procs, self.s3_port)
            self.fs = s3fs.S3FileSystem(key=KEY, secret=SECRET, endpoint_url=self.endpoint)
            wait_until(lambda: self.fs.mkdir(BUCKET) is None, 120, "moto's S3 server did not start", self.procs.logs)
        api = self.env["PREFECT_API_URL"]
        wait_until(lambda: urllib.request.urlopen(f"{api}/health", timeout=5).status == 200, 180,
                   "the Prefect server did not start", self.procs.logs)

    def land(self, need_s3: bool) -> None:
        """The pages under LANDING/<day>/ on the local disk and, if needed, in the bucket."""
        by_name = {p.name: p for p in self.pages}
        for day, name in landing_layout(sorted(by_name), self.partitions):
            data = by_name[name].read_bytes()
            target = self.work / "landing" / day / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            if need_s3:
                self.fs.pipe_file(f"{BUCKET}/landing/{day}/{name}", data)

    def run(self, mode: Mode, repeat: int, timeout: float) -> Run:
        from benchmarks.loopback_cluster import free_port, start_dask, wait_for_workers

        tag = f"r{repeat}-{mode.name}"
        if mode.storage == "disk":
            source, output = str(self.work / "landing"), str(self.work / "out" / tag)
        else:
            source, output = f"s3://{BUCKET}/landing", f"s3://{BUCKET}/out/{tag}"
        args = ["run", source, "--output", output, "--batch-size", str(self.batch_size)]
        cluster: list[str] = []
        if mode.dask_workers:
            names = [f"dask-worker-{i + 1}" for i in range(mode.dask_workers)]
            scheduler = start_dask(self.procs, free_port(), names, prefix=f"{tag}/")
            cluster = [f"{tag}/dask-scheduler", *(f"{tag}/{n}" for n in names)]
            wait_for_workers(self.procs, scheduler, mode.dask_workers)
            args += ["--dask", scheduler]
        usage_file = self.work / "machines" / tag / "driver-usage.json"
        load = os.getloadavg()[0]
        try:
            started = time.perf_counter()
            driver = self.procs.start(f"{tag}/driver", sys.executable, "-c", DRIVER_WRAPPER, str(usage_file), *args)
            try:
                code = driver.wait(timeout)
            except Exception:  # noqa: BLE001 - subprocess.TimeoutExpired: counted as a failed run
                self.procs.kill(f"{tag}/driver")
                code = -9
            wall = time.perf_counter() - started
        finally:
            self.procs.stop(cluster)
        usage = json.loads(usage_file.read_text()) if usage_file.exists() else {}
        run = Run(mode.name, repeat, code, wall, (usage["user"] + usage["sys"]) if usage else None,
                  usage.get("maxrss_kb", 0) * 1024 or None, load, heavy_modules=usage.get("heavy_modules", []),
                  code_root=usage.get("code_root"))
        if code == 0 and run.code_root != str(self.code):
            code, run.returncode = 1, 1
            run.problem = f"the driver imported flows from {run.code_root}, not the frozen copy {self.code}"
        if code != 0:
            run.problem = run.problem or f"exit {code}:\n{self.procs.log(f'{tag}/driver')}"
            return run
        fs, prefix = self.filesystem(mode, output)
        self.compare(run, fs, prefix)
        run.runs_status = [r["status"] for r in read_all(fs, prefix, "runs")]
        return run

    def compare(self, run: Run, fs, prefix: str) -> None:
        """Fingerprint each published table, and name the differing rows against the first run
        that published (read now: moto's S3 keeps nothing once the benchmark ends)."""
        from schemas import PARTITION_TABLES

        for name in PARTITION_TABLES:
            lines = table_lines(read_all(fs, prefix, name))
            run.tables[name] = fingerprint_of_lines(lines)
            if name not in self.reference:
                self.reference[name] = lines
            elif lines != self.reference[name]:
                run.row_differences += [f"{name}: {line[:400]}" for line in
                                        line_differences(self.reference[name], lines)]

    def filesystem(self, mode: Mode, output: str):
        if mode.storage == "disk":
            import fsspec

            return fsspec.filesystem("file"), output
        self.fs.invalidate_cache()
        return self.fs, output.removeprefix("s3://")


def read_all(fs, prefix: str, name: str) -> list[dict[str, Any]]:
    from benchmarks.loopback_cluster import read_tables

    try:
        return read_tables(fs, prefix, name).to_pylist()
    except FileNotFoundError:  # a table this run had no rows for (e.g. quarantine)
        return []


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale", description=__doc__.split("\n\n")[0],
                                     epilog="Run it with `nice -n 10` on a shared machine. `--pages 100 --repeats 1` "
                                            "(3 runs) took about 15 minutes on 2 cores at load 6-9 "
                                            "(2026-12-01); each run has ~1-2 minutes of fixed start-up "
                                            "(imports, model loads) there.")
    parser.add_argument("--pages", type=int, default=300, help="how many pages (first N by name; default 300, all)")
    parser.add_argument("--repeats", type=int, default=2, help="interleaved repeats of every mode (default 2)")
    parser.add_argument("--partitions", type=int, default=2,
                        help="landing date folders the pages are spread over, one partition each (default 2)")
    parser.add_argument("--batch-size", type=int, default=25,
                        help="documents per batch task (default 25, so a partition has several batches to share "
                             "out between Dask workers)")
    parser.add_argument("--modes", default=",".join(DEFAULT_MODES),
                        help=f"comma-separated, run in this order each repeat, from {', '.join(MODES)} (default "
                             f"{','.join(DEFAULT_MODES)}; add local-s3 to see what S3 alone costs)")
    parser.add_argument("--pages-dir", type=Path, default=DEVDATA_PAGES,
                        help="folder of .html pages (default ../shared/devdata/extraction/html)")
    parser.add_argument("--code-from", type=Path, default=REPO,
                        help="checkout whose flows/extractors/schemas/storage are measured (default: this one; "
                             "a clean clone when this working tree is mid-edit)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds one run may take (default 1800)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (logs of every process)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    modes = [MODES[m] for m in args.modes.split(",") if m]
    unknown = [m for m in args.modes.split(",") if m and m not in MODES]
    if unknown:
        parser.error(f"unknown mode(s) {', '.join(unknown)}; choose from {', '.join(MODES)}")
    pages = sorted(args.pages_dir.glob("*.html"))[: args.pages] if args.pages_dir.is_dir() else []
    if not pages:
        print(f"benchmarks.scale: skipped: no .html pages under {args.pages_dir} (the development data is "
              "research-only and not in every checkout)")
        return 0
    command = "python -m benchmarks.scale " + " ".join(argv if argv is not None else sys.argv[1:])
    work = Path(tempfile.mkdtemp(prefix="newsetl-scale-"))
    bench = Bench(work, pages, args.partitions, args.batch_size, args.code_from.resolve())
    partitions = len({day for day, _ in landing_layout([p.name for p in pages], args.partitions)})
    runs: list[Run] = []
    need_s3 = any(m.storage == "s3" for m in modes)
    try:
        started = time.perf_counter()
        bench.start_servers(need_s3)
        bench.land(need_s3)
        print(f"[scale] servers up, {len(pages)} pages landed in {partitions} partition(s) "
              f"({time.perf_counter() - started:.0f} s); work folder {work}", file=sys.stderr)
        for repeat in range(1, args.repeats + 1):
            for mode in modes:
                run = bench.run(mode, repeat, args.timeout)
                runs.append(run)
                cpu = f"{run.cpu:.1f}" if run.cpu is not None else "?"
                rss = f"{run.peak_rss / 2**20:.0f} MB" if run.peak_rss else "?"
                print(f"[scale] repeat {repeat} {mode.name:<8} exit {run.returncode}  {run.wall:6.1f} s  "
                      f"{len(pages) / run.wall:5.2f} docs/s  driver CPU {cpu} s  peak RSS {rss}  "
                      f"load before {run.load_before:.1f}  driver imported: "
                      f"{', '.join(run.heavy_modules) or 'none of ' + ', '.join(HEAVY_MODULES)}", file=sys.stderr)
                if run.problem:
                    print(run.problem, file=sys.stderr)
    finally:
        bench.procs.stop_all()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    return report(runs, pages, partitions, args.batch_size, command, bench)



def report(runs: list[Run], pages: list[Path], partitions: int, batch_size: int, command: str, bench: Bench) -> int:
    """Print the table, every run that failed or published other rows, and whether the code
    measured changed under the runs. Returns the exit status (1 when a run failed or differed)."""
    failed = [r for r in runs if r.returncode != 0 or r.runs_status != ["completed"]]
    reference = next((r for r in runs if r.returncode == 0), None)
    mismatched = [(r, differences(reference.tables, r.tables)) for r in runs
                  if reference and r.returncode == 0 and r.tables != reference.tables]
    note = (f"{os.cpu_count()} cores, load average {min(r.load_before for r in runs):.1f}–"
            f"{max(r.load_before for r in runs):.1f} before the runs (other jobs on the machine slow every "
            "figure: say so next to them)" if runs else "")
    print(render(runs, len(pages), partitions, batch_size, command.strip(), note))
    print()
    for run in failed:
        print(f"- NOT PUBLISHED: repeat {run.repeat} {run.mode}: exit {run.returncode}, runs {run.runs_status}")
    for run, tables in mismatched:
        print(f"- ROWS DIFFER: repeat {run.repeat} {run.mode} vs repeat {reference.repeat} {reference.mode}: "
              + ", ".join(tables))
        for line in run.row_differences:
            print(f"    {line}")
    edited = changed_files(bench.code_snapshot, source_snapshot(bench.code_from))
    print(f"- code measured: a copy of {', '.join(PRODUCT_PACKAGES)} from {bench.code_from} taken at the start; "
          + (f"{len(edited)} file(s) there have changed since ({', '.join(edited[:8])}"
             f"{', ...' if len(edited) > 8 else ''}), which no run saw" if edited else "unchanged there at the end"))
    if reference and not failed and not mismatched:
        counts = ", ".join(f"{name} {rows}" for name, (rows, _) in reference.tables.items())
        print(f"- every run published, and all {len(runs)} published the same rows (per table count and "
              f"content hash): {counts}")
    return 1 if failed or mismatched else 0


if __name__ == "__main__":
    sys.exit(main())
