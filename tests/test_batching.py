"""Batches are sized in documents: a JSON-lines file counts as its records."""
from __future__ import annotations

import json

from extractors.limits import Limits
from flows import steps
from storage.landing import InputFile, discover


def _files(*documents: int) -> list[InputFile]:
    return [InputFile(f"f{i:03d}", 100, documents=n) for i, n in enumerate(documents)]


def test_a_batch_holds_at_most_the_batch_size_in_documents():
    files = _files(1, 1, 150, 60, 1, 1, 1)
    batches = steps.plan_batches(files, 200)
    assert [sum(f.documents for f in b) for b in batches] == [152, 63]
    assert [f for b in batches for f in b] == files  # every file once, in path order


def test_a_file_with_more_records_than_the_batch_size_is_a_batch_by_itself():
    files = _files(1, 1, 250, 250, 1)
    batches = steps.plan_batches(files, 200)
    assert [[f.path for f in b] for b in batches] == [["f000", "f001"], ["f002"], ["f003"], ["f004"]]


def test_single_document_files_are_still_batched_by_count():
    assert [len(b) for b in steps.plan_batches(_files(*[1] * 450), 200)] == [200, 200, 50]
    assert steps.plan_batches([], 200) == []


def test_json_lines_files_are_counted_by_their_records(tmp_path):
    record = json.dumps({"url": "https://example.org/a", "text": "A short wire story."})
    (tmp_path / "wire.jsonl").write_text("\n".join([record] * 7) + "\n\n  \n", encoding="utf-8")
    (tmp_path / "story.txt").write_text("One article.\n\nTwo paragraphs.", encoding="utf-8")
    (tmp_path / "huge.jsonl").write_text("\n".join([record] * 50), encoding="utf-8")
    (tmp_path / "empty.jsonl").write_bytes(b"")
    limits = Limits(max_file_bytes=40 * len(record))  # huge.jsonl is over it: read (and refused) as one input

    counted = {f.path: f.documents for f in steps.count_documents(str(tmp_path), discover(tmp_path), limits)}
    assert counted == {"wire.jsonl": 7, "story.txt": 1, "huge.jsonl": 1, "empty.jsonl": 1}


def test_a_days_wire_files_no_longer_fill_one_batch(tmp_path):
    """Ten 250-record feed files of one day: 2,500 documents, formerly one batch of ten inputs."""
    record = json.dumps({"url": "https://example.org/a", "text": "A short wire story."})
    for k in range(10):
        (tmp_path / f"wire-{k:03d}.jsonl").write_text("\n".join([record] * 250), encoding="utf-8")
    files = steps.count_documents(str(tmp_path), discover(tmp_path))
    batches = steps.plan_batches(files, 200)
    assert len(batches) == 10 and all(len(b) == 1 for b in batches)
