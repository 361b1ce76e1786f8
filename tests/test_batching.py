"""Batches are sized in documents: a JSON-lines file counts as its records."""
from __future__ import annotations

import json
import tracemalloc

from settings import DEFAULT_LIMITS, Limits
from extractors.loading import load_file
from flows.batch_loading import load_input
from flows.planning import count_documents, even_batches, partition_inputs, plan_batches
from storage.landing import InputFile, discover


def _files(*documents: int) -> list[InputFile]:
    return [InputFile(f"f{i:03d}", 100, documents=n) for i, n in enumerate(documents)]


def test_a_batch_holds_at_most_the_batch_size_in_documents():
    files = _files(1, 1, 150, 60, 1, 1, 1)
    batches = plan_batches(files, 200)
    assert [sum(f.documents for f in b) for b in batches] == [152, 63]
    assert [f for b in batches for f in b] == files  # every file once, in path order


def test_a_file_with_more_records_than_the_batch_size_is_a_batch_by_itself():
    files = _files(1, 1, 250, 250, 1)
    batches = plan_batches(files, 200)
    assert [[f.path for f in b] for b in batches] == [["f000", "f001"], ["f002"], ["f003"], ["f004"]]


def test_single_document_files_are_still_batched_by_count():
    assert [len(b) for b in plan_batches(_files(*[1] * 450), 200)] == [200, 200, 50]
    assert plan_batches([], 200) == []


def test_a_partition_is_cut_into_batches_of_about_the_same_size():
    assert [len(b) for b in even_batches(_files(*[1] * 300), 200)] == [150, 150]
    assert [len(b) for b in even_batches(_files(*[1] * 450), 200)] == [150, 150, 150]
    assert [len(b) for b in even_batches(_files(*[1] * 120), 200)] == [120]
    files = _files(*[1] * 301)
    assert [f for b in even_batches(files, 200) for f in b] == files  # every file once, in path order


def test_even_batches_never_take_more_batches_than_the_batch_size_does():
    files = _files(1, 1, 150, 60, 1, 1, 1)  # at 108 (215 / 2) the 150-document file, never cut, needs a third batch
    assert [sum(f.documents for f in b) for b in even_batches(files, 200)] == [152, 63]


def test_json_lines_files_are_counted_by_their_records(tmp_path):
    record = json.dumps({"url": "https://example.org/a", "text": "A short wire story."})
    (tmp_path / "wire.jsonl").write_text("\n".join([record] * 7) + "\n\n  \n", encoding="utf-8")
    (tmp_path / "story.txt").write_text("One article.\n\nTwo paragraphs.", encoding="utf-8")
    (tmp_path / "huge.jsonl").write_text("\n".join([record] * 50), encoding="utf-8")
    (tmp_path / "empty.jsonl").write_bytes(b"")
    limits = Limits(max_file_bytes=40 * len(record))  # huge.jsonl is over it: read (and refused) as one input

    counted = {f.path: f.documents for f in count_documents(str(tmp_path), discover(tmp_path), limits)}
    assert counted == {"wire.jsonl": 7, "story.txt": 1, "huge.jsonl": 1, "empty.jsonl": 1}


def test_a_days_wire_files_no_longer_fill_one_batch(tmp_path):
    """Ten 250-record feed files of one day: 2,500 documents, formerly one batch of ten inputs,
    then ten batches of 250; now batches of at most 200 records, each file cut into slices."""
    record = json.dumps({"url": "https://example.org/a", "text": "A short wire story."})
    for k in range(10):
        (tmp_path / f"wire-{k:03d}.jsonl").write_text("\n".join([record] * 250), encoding="utf-8")
    files = count_documents(str(tmp_path), discover(tmp_path))
    batches = plan_batches(files, 200)
    assert [sum(f.documents for f in b) for b in batches] == [200] * 12 + [100]
    covered: dict[str, list[int]] = {}
    for item in (f for b in batches for f in b):
        first, count = item.records
        covered.setdefault(item.path, []).extend(range(first, first + (count or 250 - first)))
    assert covered == {f"wire-{k:03d}.jsonl": list(range(250)) for k in range(10)}  # every record once, in order


# -- issue 24, fault 10: a JSON-lines file larger than a batch is cut into slices of records ---
def _wire(path, records: int, blank_every: int = 0) -> list[str]:
    lines = [json.dumps({"url": f"https://example.org/{n}", "text": f"Wire story number {n}, a short one."})
             for n in range(records)]
    if blank_every:
        for at in range(len(lines) - blank_every, 0, -blank_every):
            lines.insert(at, "   ")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return lines


def test_a_json_lines_file_of_450_records_is_three_batches(tmp_path):
    _wire(tmp_path / "wire.jsonl", 450, blank_every=7)
    batches = plan_batches(partition_inputs(str(tmp_path), None), 200)
    assert [[(f.path, f.records, f.documents) for f in b] for b in batches] == [
        [("wire.jsonl", (0, 200), 200)], [("wire.jsonl", (200, 200), 200)], [("wire.jsonl", (400, None), 50)]]


def test_slices_fill_the_current_batch_and_leave_room_for_the_next_files(tmp_path):
    (tmp_path / "a.txt").write_text("One article.", encoding="utf-8")
    _wire(tmp_path / "b.jsonl", 450)
    (tmp_path / "c.txt").write_text("Another article.", encoding="utf-8")
    _wire(tmp_path / "d.jsonl", 30)  # smaller than a batch: never cut
    batches = plan_batches(partition_inputs(str(tmp_path), None), 200)
    assert [[(f.path, f.records) for f in b] for b in batches] == [
        [("a.txt", None), ("b.jsonl", (0, 199))], [("b.jsonl", (199, 200))],
        [("b.jsonl", (399, None)), ("c.txt", None), ("d.jsonl", None)]]
    assert [sum(f.documents for f in b) for b in batches] == [200, 200, 51 + 1 + 30]


def test_slices_load_only_their_records_with_the_whole_files_keys(tmp_path):
    """Ids, line numbers and everything else are those of loading the file whole, so the ledger
    keys (doc_id, path, record) of earlier runs still match; a slice holds only its records."""
    _wire(tmp_path / "wire.jsonl", 450, blank_every=7)
    raw = (tmp_path / "wire.jsonl").read_bytes()
    whole = load_file("wire.jsonl", raw)
    assert len(whole) == 450 and whole[-1].record > 450  # blank lines: line numbers run ahead of records
    [item], = plan_batches(count_documents(str(tmp_path), discover(tmp_path)), 200)[1:2]
    middle = load_input(str(tmp_path), item, DEFAULT_LIMITS)  # what a batch loads for its slice
    assert middle == whole[200:400]
    pieces = [load_file("wire.jsonl", raw, records=r) for r in ((0, 200), (200, 200), (400, None))]
    assert [len(p) for p in pieces] == [200, 200, 50] and sum(pieces, []) == whole
    assert load_file("wire.jsonl", raw, records=(440, 100)) == whole[440:]  # past the end: what there is
    assert load_file("wire.jsonl", raw, records=(500, None)) == []


def test_a_whole_file_verdict_belongs_to_the_first_slice_only():
    for raw in (b"", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), b"\n  \n"):
        first = load_file("wire.jsonl", raw, records=(0, 200))
        assert len(first) == 1 and first[0].record is None and first[0].status != "ok"
        assert load_file("wire.jsonl", raw, records=(200, 200)) == []  # never repeated by a later slice
    assert count_documents("/nonexistent", [InputFile("gone.jsonl", 10)]) == [InputFile("gone.jsonl", 10)]


def test_records_are_counted_as_the_loader_finds_them(tmp_path):
    """Blank lines, CR-only line ends and UTF-16 are counted after decoding, as `load_file`
    reads them; the byte-level count was wrong for the last two."""
    records = [json.dumps({"text": f"Story {n}."}) for n in range(5)]
    (tmp_path / "cr.jsonl").write_bytes("\r".join(records).encode())
    (tmp_path / "utf16.jsonl").write_bytes("\n\n".join(records).encode("utf-16"))
    counted = {f.path: f.documents for f in count_documents(str(tmp_path), discover(tmp_path))}
    assert counted == {"cr.jsonl": 5, "utf16.jsonl": 5}
    for name in counted:
        assert len(load_file(name, (tmp_path / name).read_bytes())) == 5


def test_loading_a_slice_does_not_hold_the_other_records(tmp_path):
    """Memory is bounded by the slice, not the file: loading one 200-record slice of a
    20,000-record file allocates a small fraction of what loading the file whole does
    (tracemalloc peaks: deterministic, no timing)."""
    _wire(tmp_path / "wire.jsonl", 20_000)
    raw = (tmp_path / "wire.jsonl").read_bytes()

    def peak(records) -> int:
        tracemalloc.start()
        try:
            docs = load_file("wire.jsonl", raw, records=records)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
            del docs

    whole, one_slice = peak(None), peak((10_000, 200))
    assert whole > 4 * one_slice, (whole, one_slice)
    # The slice's peak is the decoded file (about its size) plus 200 records, not 20,000.
    assert one_slice < 2 * len(raw) + 200 * 2_000, (one_slice, len(raw))
