from extractors.ledger import PublishedIndex, resolve_run_duplicates
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


def test_ledger_skips_inputs_recorded_elsewhere_and_flags_republished_content():
    index = PublishedIndex(published={"d1": "old.txt (ingest_date=2026-01-01)"},
                           published_keys={"d1": ("old.txt", None)},
                           recorded_elsewhere=frozenset({("d1", "old.txt", None)}))
    assert index.triage(("d1", "old.txt", None)) == ("skip", None)
    assert index.triage(("d1", "copy.txt", None)) == ("duplicate", "old.txt (ingest_date=2026-01-01)")
    assert index.triage(("d2", "new.txt", None)) == ("process", None)
