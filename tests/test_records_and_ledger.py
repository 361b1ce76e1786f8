from datetime import date

from extractors.ledger import DigestSet, PublishedIndex, resolve_run_duplicates
from extractors.loading import load_file
from extractors.records import paragraph_spans, process_document

BODY = ("The city council approved a new budget on Tuesday after a debate that lasted more than six hours.\n"
        "Council members voted 7 to 2 in favour, with the two dissenting members citing concerns about transit.\n"
        "The mayor said the budget would fund 40 new teachers and repair two bridges by the end of next year.\n"
        "© 2026 The Example Gazette. All rights reserved.\n")


def test_paragraph_offsets_point_into_the_clean_text():
    outcome = process_document(load_file("a.txt", BODY.encode())[0])
    text = outcome.article["text"]
    assert outcome.article["paragraph_count"] == len(outcome.paragraphs) == 3
    for paragraph in outcome.paragraphs:
        assert text[paragraph["start"]:paragraph["end"]] == paragraph["text"]
    assert outcome.article["publisher"] == "The Example Gazette"
    assert any(block["rule"] == "copyright" for block in outcome.removed_blocks)


def test_paragraph_spans_skip_blank_runs():
    text = "one\n\n\n\ntwo  \n\nthree"
    assert [text[s:e] for s, e in paragraph_spans(text)] == ["one", "two", "three"]


def test_a_cleaner_crash_costs_one_document_not_the_batch(monkeypatch):
    import extractors.records as records

    def explode(_text):
        raise RecursionError("parser blew up")

    monkeypatch.setattr(records, "clean_text", explode)
    outcome = process_document(load_file("a.txt", BODY.encode())[0])
    assert outcome.document["status"] == "quarantined"
    assert "cleaner failed: RecursionError: parser blew up" in outcome.document["reason"]
    assert outcome.article is None


def test_all_boilerplate_input_is_quarantined_with_the_reason():
    outcome = process_document(load_file("a.txt", "© 2026 Some Site. All rights reserved.\n".encode())[0])
    assert outcome.document["status"] == "quarantined"
    assert "no article body found" in outcome.document["reason"]


def test_same_article_under_two_names_is_published_once():
    first = process_document(load_file("b.txt", BODY.encode())[0])
    second = process_document(load_file("a.txt", BODY.encode())[0])
    resolved = resolve_run_duplicates([first, second])
    statuses = {o.document["path"]: o.document["status"] for o in resolved}
    assert statuses == {"a.txt": "published", "b.txt": "duplicate"}
    dup = next(o for o in resolved if o.document["path"] == "b.txt")
    assert dup.document["duplicate_of"] == "a.txt" and dup.article is None


def _ledger_row(doc_id, path, day, status="published", record=None):
    return {"doc_id": doc_id, "path": path, "record": record, "status": status, "ingest_date": day}


def test_ledger_skips_inputs_recorded_elsewhere_and_flags_republished_content():
    index = PublishedIndex.build([_ledger_row("d1", "old.txt", date(2026, 1, 1))], day=date(2026, 1, 2))
    assert index.triage(("d1", "old.txt", None)) == ("skip", None)
    assert index.triage(("d1", "copy.txt", None)) == ("duplicate", "old.txt (ingest_date=2026-01-01)")
    assert index.triage(("d2", "new.txt", None)) == ("process", None)
    assert index.triage(("d1", "old.txt", 3)) == ("duplicate", "old.txt (ingest_date=2026-01-01)")


def test_ledger_names_the_first_published_copy_and_ignores_unpublished_ones():
    rows = [_ledger_row("d1", "q.txt", date(2026, 1, 1), status="quarantined"),
            _ledger_row("d1", "a.jsonl", date(2026, 1, 1), record=4),
            _ledger_row("d1", "b.txt", date(2026, 1, 2))]
    index = PublishedIndex.build(rows, day=date(2026, 1, 3))
    assert index.triage(("d1", "c.txt", None)) == ("duplicate", "a.jsonl#4 (ingest_date=2026-01-01)")
    assert index.triage(("d1", "q.txt", None)) == ("skip", None)


def test_ledger_reprocess_reopens_only_the_partition_being_rebuilt():
    rows = [_ledger_row("d1", "here.txt", date(2026, 1, 2)), _ledger_row("d2", "there.txt", date(2026, 1, 1))]
    again = PublishedIndex.build(rows, day=date(2026, 1, 2), reprocess=True)
    assert again.triage(("d1", "here.txt", None)) == ("process", None)  # rebuilt, not a duplicate of itself
    assert again.triage(("d2", "there.txt", None)) == ("skip", None)
    plain = PublishedIndex.build(rows, day=date(2026, 1, 2))
    assert plain.triage(("d1", "here.txt", None)) == ("skip", None)


def test_digest_set_finds_members_whose_digest_ends_in_nul_bytes():
    # NumPy pads S16 values with NUL bytes, so a digest ending in b"\0" is the tricky case.
    values = [bytes([i]) * 15 + b"\0" for i in range(1, 50)] + [bytes(16), b"\xff" * 16]
    members = DigestSet(values[::2])
    assert all(v in members for v in values[::2])
    assert not any(v in members for v in values[1::2])


def test_ledger_index_costs_tens_of_bytes_per_row_not_hundreds():
    # The ledger grows with every day ever ingested and is read at every partition start.
    rows = (_ledger_row(f"{i:064x}", f"2026-01-0{i % 9 + 1}/feed/article-{i:06d}.html", date(2026, 1, i % 9 + 1))
            for i in range(20_000))
    index = PublishedIndex.build(rows, day=date(2026, 1, 1))
    assert 20_000 * 32 <= index.nbytes < 20_000 * 120
    assert index.triage((f"{7:064x}", "elsewhere.txt", None))[0] == "duplicate"


def test_a_packed_outcome_keeps_its_rows_and_its_ledger_row_stays_readable():
    outcome = process_document(load_file("a.txt", BODY.encode())[0])
    outcome.structured = {"sentences": [{"doc_id": outcome.article["doc_id"], "sentence_index": 0}]}
    packed = outcome.packed()
    assert packed.document is outcome.document and packed.key == outcome.key  # the ledger needs no unpacking
    assert packed.article is None and packed.paragraphs == [] and isinstance(packed.packed_content, bytes)
    restored = packed.unpacked()
    assert (restored.article, restored.paragraphs, restored.removed_blocks, restored.structured) == (
        outcome.article, outcome.paragraphs, outcome.removed_blocks, outcome.structured)
    assert outcome.unpacked() is outcome  # nothing to unpack
    quarantined = process_document(load_file("b.txt", "© 2026 Some Site. All rights reserved.\n".encode())[0])
    assert quarantined.packed() is quarantined  # no content rows to pack


def test_duplicates_are_resolved_on_packed_outcomes_without_unpacking_them():
    first = process_document(load_file("b.txt", BODY.encode())[0]).packed()
    second = process_document(load_file("a.txt", BODY.encode())[0]).packed()
    resolved = {o.document["path"]: o for o in resolve_run_duplicates([first, second])}
    assert resolved["a.txt"] is second and resolved["b.txt"].document["status"] == "duplicate"
