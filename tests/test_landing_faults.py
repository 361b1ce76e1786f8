"""Faults found by probing the landing folder (issue 24): nothing lost, nothing leaked, no hangs.

Real parts only: real files, FIFOs, sockets, symbolic links and a folder root cannot list
(capabilities dropped with `setpriv`), the real steps and the real flow. Each test names the
fault it reproduces:
  2. a file swapped for a symbolic link between discovery and read was followed;
  4. a FIFO in the input folder hung the run;
  7. a file rewritten at the same path and size was skipped as "nothing new";
  8. a folder the walk could not enter, or a link to a folder, left no row;
  9. a file appended to during a run was recorded half-written (two versions, a broken line).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from extractors.ledger import DigestSet, PublishedIndex
from flows.batch_loading import load_batch
from flows.planning import count_documents, file_stamp, has_new_files
from storage.landing import ChangedDuringRead, InputFile, discover, discover_partition, read_bytes, read_input
from tests.paths import REPO

DAY = date(2026, 11, 9)
STORY = ("The city council voted on Tuesday to extend the night bus network to four outer districts from March, "
         "after a two-year trial showed that about 3,000 people a night used the routes. The transport office "
         "said the extension would cost about 2 million euros a year.\n")
OTHER = ("Farmers in the northern valley began the grape harvest two weeks earlier than usual this year, after "
         "a dry and unusually warm summer. Growers' associations expect a smaller but good vintage, and said "
         "that water for irrigation had been rationed since July.\n")
THIRD = ("The national library reopened its main reading room on Monday after a renovation that lasted three "
         "years and replaced the roof, the heating and the lighting. Readers can again order rare books for use "
         "in the room, the library said in a statement.\n")
SECRET = ("SECRET-OUTSIDE-THE-INPUT-FOLDER. The regional water board said on Friday that the reservoir level was "
          "back to normal after the autumn rains, and that the restrictions on garden watering would be lifted "
          "from next week in all of the towns it supplies.\n")
WATCHDOG_SECONDS = 240.0  # a run over a handful of files takes seconds; only a hang reaches this


def record(text: str, title: str) -> str:
    return json.dumps({"text": text.strip(), "title": title})


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def run(root: Path, out: Path) -> dict:
    """The real flow (Prefect, GX, Parquet), its per-document work in this process."""
    from flows.ingest import ingest

    return ingest(input_dir=str(root), output_dir=str(out), ingest_date=DAY, workers=0)


def table(out: Path, name: str) -> list[dict]:
    part = ds.partitioning(pa.schema([("ingest_date", pa.date32())]), flavor="hive")
    return ds.dataset(out / name, format="parquet", partitioning=part).to_table().to_pylist()


def rows_by_path(out: Path) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for row in table(out, "documents"):
        found.setdefault(row["path"], []).append(row)
    return found


class FifoWatchdog:
    """Unblocks a reader stuck on a FIFO after WATCHDOG_SECONDS (by opening it for writing
    and closing it, which gives the reader end-of-file), so that a hang fails the test
    instead of hanging the suite. `fired` lists the FIFOs it had to unblock."""

    def __init__(self, fifos: list[Path]):
        self.fifos, self.fired, self._done = fifos, [], threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        if self._done.wait(WATCHDOG_SECONDS):
            return
        while not self._done.is_set():
            for fifo in self.fifos:
                try:
                    fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)  # succeeds only while a reader waits
                except OSError:
                    continue
                os.close(fd)
                self.fired.append(fifo.name)
            self._done.wait(0.5)

    def __enter__(self) -> FifoWatchdog:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._done.set()
        self._thread.join()


def in_thread(fn, fifos: list[Path]):
    """`fn()` in a thread, failing (not hanging) if it is still blocked after WATCHDOG_SECONDS."""
    result: dict = {}

    def target():
        try:
            result["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread
            result["error"] = exc

    with FifoWatchdog(fifos) as watchdog:
        thread = threading.Thread(target=target, daemon=True)
        thread.start()
        thread.join()
    assert not watchdog.fired, f"blocked reading FIFO(s) {watchdog.fired}"
    if "error" in result:
        raise result["error"]
    return result["value"]


# -- 2. reads outside the input folder -----------------------------------------------------------
def test_a_file_swapped_for_a_link_after_discovery_is_not_followed(tmp_path):
    root, outside = tmp_path / "in", tmp_path / "outside"
    (root / "desk").mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET)
    (outside / "story.txt").write_text(SECRET)
    (root / "secret.txt").write_text(STORY)
    (root / "desk" / "story.txt").write_text(OTHER)
    (root / "wire.txt").write_text(THIRD)
    (root / "alias.txt").symlink_to("secret.txt")  # a link inside the folder: read, as discovery found it
    files = discover_partition(root, None)
    assert [f.path for f in files] == ["alias.txt", "desk/story.txt", "secret.txt", "wire.txt"]

    # Between discovery and read: the file becomes a link out of the folder, a folder on its
    # path becomes one, and another file becomes a FIFO.
    (root / "secret.txt").unlink()
    (root / "secret.txt").symlink_to(outside / "secret.txt")
    shutil.rmtree(root / "desk")
    (root / "desk").symlink_to(outside, target_is_directory=True)
    (root / "wire.txt").unlink()
    os.mkfifo(root / "wire.txt")

    deferred: dict[str, str] = {}
    decided, pending, skipped = in_thread(
        lambda: load_batch(str(root), files, PublishedIndex(), deferred=deferred), [root / "wire.txt"])
    read = decided + pending
    assert not read and skipped == 0, read  # alias.txt's target is gone too: it now leaves the folder
    assert sorted(deferred) == ["alias.txt", "desk/story.txt", "secret.txt", "wire.txt"]
    assert "outside the input folder" in deferred["secret.txt"]

    with pytest.raises(ChangedDuringRead):
        read_input(root, files[2], 1000)
    # Without a discovery to compare with, a link out of the folder is refused all the same.
    with pytest.raises(OSError, match="outside the input folder"):
        read_bytes(root, "secret.txt", 1000)


def test_a_link_inside_the_folder_is_still_read(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "story.txt").write_text(STORY)
    (tmp_path / "story-link.txt").symlink_to(Path("real") / "story.txt")
    files = {f.path: f for f in discover(tmp_path)}
    assert read_input(tmp_path, files["story-link.txt"], 10_000) == STORY.encode()
    assert read_bytes(tmp_path, "story-link.txt", 10_000) == STORY.encode()


# -- 4. a FIFO hangs the run -----------------------------------------------------------------------
def test_pipes_sockets_and_devices_are_listed_not_read(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    os.mkfifo(tmp_path / "pipe.jsonl")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(tmp_path / "sock.txt"))
    (tmp_path / "zero.txt").symlink_to("/dev/zero")  # a device, through a link out of the folder
    (tmp_path / "good.txt").write_text(STORY)
    files = {f.path: f for f in discover(tmp_path)}
    assert "named pipe" in files["pipe.txt"].problem and "named pipe" in files["pipe.jsonl"].problem
    assert "socket" in files["sock.txt"].problem
    assert "outside the input folder" in files["zero.txt"].problem
    assert not files["good.txt"].problem

    # Read anyway (no discovery): refused at once, never blocking.
    fifos = [tmp_path / "pipe.txt", tmp_path / "pipe.jsonl"]
    for name in ("pipe.txt", "pipe.jsonl", "sock.txt"):
        with pytest.raises(OSError):
            in_thread(lambda: read_bytes(tmp_path, name, 1000), fifos)
    # Counting a JSON-lines file's records (at discovery) does not block either.
    counted = in_thread(lambda: count_documents(str(tmp_path), list(files.values())), fifos)
    assert len(counted) == len(files)


@pytest.mark.slow
def test_fifos_sockets_and_folder_links_are_recorded_and_the_run_completes(prefect_harness, tmp_path):
    """Faults 4 and 8 through the real flow: every such path gets one `unreadable` row with
    the reason, nothing from outside the folder is published, and a re-run adds nothing."""
    root, outside, out = tmp_path / "in", tmp_path / "outside", tmp_path / "out"
    (root / "real").mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET)
    (root / "good.txt").write_text(STORY)
    (root / "real" / "other.txt").write_text(OTHER)
    os.mkfifo(root / "pipe.txt")
    os.mkfifo(root / "pipe.jsonl")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(root / "sock.txt"))
    (root / "outside-folder").symlink_to(outside, target_is_directory=True)
    (root / "inside-folder").symlink_to("real", target_is_directory=True)
    (root / "dangling-folder").symlink_to(tmp_path / "gone", target_is_directory=True)
    (root / "loop").symlink_to("loop")

    with FifoWatchdog([root / "pipe.txt", root / "pipe.jsonl"]) as watchdog:
        summary = run(root, out)
    assert not watchdog.fired, f"the run blocked reading {watchdog.fired}"

    by_path = rows_by_path(out)
    expected = {"pipe.txt": "named pipe", "pipe.jsonl": "named pipe", "sock.txt": "socket",
                "outside-folder": "link to a folder", "inside-folder": "link to a folder",
                "dangling-folder": "missing target", "loop": "loop of links"}
    assert set(by_path) == {"good.txt", "real/other.txt", *expected}
    for path, words in expected.items():
        [row] = by_path[path]
        assert row["status"] == "unreadable" and words in row["reason"], row
    assert [r["status"] for r in by_path["good.txt"]] == [r["status"] for r in by_path["real/other.txt"]] == [
        "published"]
    assert summary["unreadable"] == len(expected) and summary["published"] == 2
    assert "SECRET-OUTSIDE" not in json.dumps(table(out, "articles"), default=str)

    again = run(root, out)  # idempotent: the pre-check finds nothing new, no row is added
    assert again["ingest_dates"] == [] and again["documents_read"] == 0
    assert len(table(out, "documents")) == len(expected) + 2


# -- 8. a folder the run cannot enter ----------------------------------------------------------------
DROP_DAC = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"]


def _without_root_powers(locked: Path) -> list[str]:
    """A command prefix under which `locked` (mode 000) really cannot be listed: nothing for
    an ordinary user; for root, its capabilities to bypass file permissions dropped from the
    bounding set (the executed process keeps uid 0 but obeys mode bits like anyone)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: no way to make a folder unreadable for this process")
    probe = subprocess.run([*DROP_DAC, sys.executable, "-c", f"import os; os.listdir({str(locked)!r})"],
                           capture_output=True, text=True)
    if "PermissionError" not in probe.stderr:
        pytest.skip(f"cannot drop CAP_DAC_OVERRIDE here (setpriv: {probe.stderr.strip()[-200:]})")
    return DROP_DAC


RUN_TWICE = """
import json, sys
from datetime import date
from flows.ingest import ingest
root, out = sys.argv[1], sys.argv[2]
summaries = [ingest(input_dir=root, output_dir=out, ingest_date=date(2026, 11, 9), workers=0) for _ in range(2)]
print("SUMMARIES " + json.dumps([{k: s[k] for k in ("ingest_dates", "published", "unreadable", "documents_read")}
                                 for s in summaries]))
"""


@pytest.mark.slow
def test_a_folder_that_cannot_be_listed_is_recorded_once(prefect_harness, tmp_path):
    root, out = tmp_path / "in", tmp_path / "out"
    (root / "locked").mkdir(parents=True)
    (root / "locked" / "inside.txt").write_text(OTHER)
    (root / "good.txt").write_text(STORY)
    (root / "locked").chmod(0)
    try:
        prefix = _without_root_powers(root / "locked")
        env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
        env.update(PREFECT_HOME=str(tmp_path / "prefect-home"), PREFECT_SERVER_ANALYTICS_ENABLED="false",
                   PYTHONPATH=str(REPO))
        result = subprocess.run([*prefix, sys.executable, "-c", RUN_TWICE, str(root), str(out)], cwd=REPO, env=env,
                                capture_output=True, text=True, timeout=900)
    finally:
        (root / "locked").chmod(0o755)
    assert result.returncode == 0, result.stderr[-3000:]
    first, second = json.loads(result.stdout.split("SUMMARIES ", 1)[1])
    assert first["published"] == 1 and first["unreadable"] == 1
    assert second["ingest_dates"] == [] and second["documents_read"] == 0  # re-run: no second row

    by_path = rows_by_path(out)
    assert set(by_path) == {"good.txt", "locked"}
    [row] = by_path["locked"]
    assert row["status"] == "unreadable" and "cannot read folder" in row["reason"]
    assert "Permission denied" in row["reason"]

    # Once the folder can be read, its files are taken; the folder's row stays as history.
    summary = run(root, out)
    assert summary["published"] == 1
    by_path = rows_by_path(out)
    assert [r["status"] for r in by_path["locked/inside.txt"]] == ["published"] and len(by_path["locked"]) == 1


# -- 7. same path, same size, new bytes ---------------------------------------------------------------
def test_the_pre_check_compares_modification_times(tmp_path):
    (tmp_path / "story.txt").write_text(STORY)
    [before] = discover(tmp_path)
    recorded = DigestSet([file_stamp(before.path, before.size, before.mtime_ns)])
    assert not has_new_files([before], recorded)
    (tmp_path / "story.txt").write_text(STORY.replace("March", "April"))  # same size
    os.utime(tmp_path / "story.txt", ns=(before.mtime_ns + 10**9, before.mtime_ns + 10**9))
    [after] = discover(tmp_path)
    assert after.size == before.size and has_new_files([after], recorded)
    # A ledger written before file_mtime_ns existed: path and size, as before.
    assert not has_new_files([after], DigestSet([file_stamp(before.path, before.size, None)]))


@pytest.mark.slow
def test_a_file_rewritten_at_the_same_size_is_ingested(prefect_harness, tmp_path):
    root, out = tmp_path / "in", tmp_path / "out"
    root.mkdir()
    (root / "story.txt").write_text(STORY)
    (root / "other.txt").write_text(OTHER)
    first = run(root, out)
    assert first["published"] == 2
    recorded_mtime = (root / "story.txt").stat().st_mtime_ns

    changed = STORY.replace("March", "April").encode()
    assert len(changed) == len(STORY.encode())
    mtime = (root / "story.txt").stat().st_mtime_ns
    (root / "story.txt").write_bytes(changed)
    if (root / "story.txt").stat().st_mtime_ns == mtime:  # within one tick of the file system's clock
        os.utime(root / "story.txt", ns=(mtime + 1_000_000, mtime + 1_000_000))

    second = run(root, out)
    assert second["ingest_dates"] == [DAY.isoformat()] and second["published"] == 1
    rows = rows_by_path(out)["story.txt"]
    assert {r["doc_id"]: r["status"] for r in rows}[sha256(changed)] == "published"
    assert sha256(changed) in {a["doc_id"] for a in table(out, "articles")}
    assert {r["doc_id"]: r["file_mtime_ns"] for r in rows} == {
        sha256(STORY.encode()): recorded_mtime, sha256(changed): (root / "story.txt").stat().st_mtime_ns}
    assert run(root, out)["ingest_dates"] == []  # and then it is recorded: nothing new

    # A ledger from before `file_mtime_ns` (the column absent from its files) keeps working:
    # its files match on path and size, so an unchanged folder is still "nothing new".
    for part in (out / "documents").rglob("*.parquet"):
        pq.write_table(pq.read_table(part).drop_columns(["file_mtime_ns"]), part)
    assert "file_mtime_ns" not in pq.read_schema(next((out / "documents").rglob("*.parquet"))).names
    assert run(root, out)["ingest_dates"] == []


# -- 9. a file appended to during a run -----------------------------------------------------------------
def test_a_file_that_changes_between_discovery_and_read_is_left_for_the_next_run(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    (root / "story.txt").write_text(STORY)
    (root / "feed.jsonl").write_text(record(OTHER, "one") + "\n" + record(THIRD, "two") + "\n")
    (root / "steady.txt").write_text(THIRD)
    files = discover_partition(root, None)
    with open(root / "story.txt", "a") as handle:  # a writer appends while the run is under way
        handle.write("The council will vote on the timetable next month.\n")
    with open(root / "feed.jsonl", "a") as handle:
        handle.write('{"text": "A third record, half writ')

    deferred: dict[str, str] = {}
    decided, pending, skipped = load_batch(str(root), files, PublishedIndex(), deferred=deferred)
    assert {raw.path for raw in pending} | {o.document["path"] for o in decided} == {"steady.txt"}
    assert sorted(deferred) == ["feed.jsonl", "story.txt"]
    assert all("changed since discovery" in why for why in deferred.values())


@pytest.mark.slow
def test_a_growing_file_is_recorded_once_whole(prefect_harness, tmp_path):
    """After a run during which files were still being written, a plain re-run publishes
    exactly one version of each, and no half-written JSON line is ever recorded."""
    root, out = tmp_path / "in", tmp_path / "out"
    root.mkdir()
    (root / "story.txt").write_text(STORY)
    (root / "steady.txt").write_text(THIRD)
    feed = record(OTHER, "one") + "\n" + record(STORY.replace("night bus", "night tram"), "two") + "\n"
    third = record(SECRET.replace("SECRET-OUTSIDE-THE-INPUT-FOLDER. ", ""), "three")
    (root / "feed.jsonl").write_text(feed + third[:40])  # its writer is in the middle of line 3
    (root / "abandoned.jsonl").write_text(record(OTHER.replace("grape", "apple"), "one") + "\n" + third[:40])
    two_hours_ago = time.time_ns() - 2 * 3600 * 10**9
    os.utime(root / "abandoned.jsonl", ns=(two_hours_ago, two_hours_ago))  # its writer gave up long ago

    # A run's discovery and read, with a writer appending to story.txt in between:
    files = discover_partition(root, None)
    with open(root / "story.txt", "a") as handle:
        handle.write("The council will vote on the timetable next month.\n")
    deferred: dict[str, str] = {}
    decided, pending, _ = load_batch(str(root), files, PublishedIndex(), deferred=deferred)
    assert sorted(deferred) == ["feed.jsonl", "story.txt"]
    assert "still being written" in deferred["feed.jsonl"]
    assert {r.path for r in pending} | {o.document["path"] for o in decided} == {"steady.txt", "abandoned.jsonl"}

    # The next run: story.txt has stopped changing, feed.jsonl's last line is still unfinished.
    first = run(root, out)
    by_path = rows_by_path(out)
    assert "feed.jsonl" not in by_path  # left for a later run: nothing half-written recorded
    assert [d["path"] for d in first["deferred"]] == ["feed.jsonl"]  # and the run summary says so
    assert {r["record"]: r["status"] for r in by_path["abandoned.jsonl"]} == {1: "published", 2: "unreadable"}
    assert [r["doc_id"] for r in by_path["story.txt"]] == [sha256((root / "story.txt").read_bytes())]
    assert first["published"] == 3  # story, steady, abandoned#1

    with open(root / "feed.jsonl", "a") as handle:  # the writer finishes the line
        handle.write(third[40:] + "\n")
    second = run(root, out)
    assert second["published"] == 3
    by_path = rows_by_path(out)
    assert {r["record"]: r["status"] for r in by_path["feed.jsonl"]} == {1: "published", 2: "published",
                                                                         3: "published"}
    assert len(by_path["story.txt"]) == 1  # one version, the whole file
    assert run(root, out)["ingest_dates"] == []


def test_the_read_checks_the_file_after_reading(tmp_path):
    """A file truncated or grown after discovery is never returned, whatever its new size."""
    (tmp_path / "story.txt").write_text(STORY)
    [item] = discover(tmp_path)
    (tmp_path / "story.txt").write_text(STORY[:50])
    with pytest.raises(ChangedDuringRead, match="changed since discovery"):
        read_input(tmp_path, item, 10_000)
    [item] = discover(tmp_path)
    assert read_input(tmp_path, item, 10_000) == STORY[:50].encode()
    os.replace(tmp_path / "story.txt", tmp_path / "old.txt")
    (tmp_path / "story.txt").write_text(STORY[:50])  # same size and bytes, another file
    with pytest.raises(ChangedDuringRead, match="replaced"):
        read_input(tmp_path, InputFile(item.path, item.size, mtime_ns=(tmp_path / "story.txt").stat().st_mtime_ns,
                                       identity=item.identity), 10_000)
