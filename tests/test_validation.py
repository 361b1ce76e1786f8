"""Real Great Expectations runs on small tables."""
from datetime import date, datetime, timezone

import pyarrow as pa
import pytest

from extractors.loading import load_file
from extractors.records import process_document
from flows import steps
from schemas import TABLES
from schemas.validation import SuiteRunner
from storage.tables import TableStore

NOW = datetime(2026, 11, 1, 12, tzinfo=timezone.utc)
GOOD = ("The harbour authority said on Monday that the new ferry terminal would open in the spring, after two years "
        "of delays caused by flooding and a shortage of steel. Officials expect 3,000 passengers a day.\n")
SHORT = "Breaking: more soon.\n"


@pytest.fixture(scope="module")
def runner():
    return SuiteRunner()


def _ctx(tmp_path) -> steps.RunContext:
    return steps.RunContext(run_id="run-1", day=date(2026, 11, 1), ingested_at=NOW, input_dir=str(tmp_path),
                            output_dir=str(tmp_path / "out"))


def _batch(*files: tuple[str, str]) -> steps.BatchResult:
    return steps.BatchResult([process_document(load_file(name, text.encode())[0]) for name, text in files])


def test_row_failure_quarantines_the_whole_document_and_keeps_its_values(tmp_path):
    ctx = _ctx(tmp_path)
    outcomes, tables = steps.assemble([_batch(("good.txt", GOOD), ("short.txt", SHORT))], ctx)
    validated = steps.validate(TableStore(ctx.output_dir), ctx, outcomes, tables, SuiteRunner())
    assert not validated.table_failures
    articles = validated.tables["articles"]
    assert articles["source_path"].to_pylist() == ["good.txt"]
    short_id = next(o.document["doc_id"] for o in outcomes if o.document["path"] == "short.txt")
    for name in ("paragraphs", "removed_blocks"):
        assert short_id not in validated.tables[name]["doc_id"].to_pylist()
    quarantine = validated.tables["quarantine"].to_pylist()
    assert [(q["table"], q["doc_id"], q["column"], q["values_json"]) for q in quarantine] == [
        ("articles", short_id, "word_count", '{"word_count": 3}')]
    documents = {d["path"]: d for d in validated.tables["documents"].to_pylist()}
    assert documents["short.txt"]["status"] == "quarantined"
    assert "word_count" in documents["short.txt"]["reason"]
    assert documents["good.txt"]["status"] == "published"


def test_duplicate_primary_key_is_a_table_level_failure(runner):
    row = {"doc_id": "a" * 64, "paragraph_index": 0, "start": 0, "end": 5, "text": "hello", "word_count": 1,
           "run_id": "r", "ingested_at": NOW}
    table = pa.Table.from_pylist([row, row], schema=TABLES["paragraphs"].schema)
    result = runner.validate(TABLES["paragraphs"], table)
    assert not result.success
    assert result.row_failures == []
    assert any("ExpectCompoundColumnsToBeUnique" in m and "pipeline bug" in m for m in result.table_failures)


def test_stage_refuses_to_publish_after_a_table_level_failure(tmp_path):
    ctx = _ctx(tmp_path)
    validated = steps.ValidatedRun(tables={}, validations={}, quarantined_doc_ids=set(), outcomes=[])
    validated.validations["paragraphs"] = steps.TableValidation("paragraphs", 2, False,
                                                                table_failures=["paragraphs: duplicate key"])
    with pytest.raises(steps.ValidationFailed, match="nothing published"):
        steps.stage(TableStore(ctx.output_dir), ctx, validated)
    assert not (tmp_path / "out" / "paragraphs").exists()


def test_out_of_range_publication_date_is_a_row_failure(runner):
    outcome = process_document(load_file("f.jsonl", ('{"text": "' + GOOD.strip() + '", "published": '
                                                      '"2999-01-01T00:00:00Z"}').encode())[0])
    row = {**outcome.article, "run_id": "r", "ingested_at": NOW}
    result = runner.validate(TABLES["articles"], pa.Table.from_pylist([row], schema=TABLES["articles"].schema))
    assert [f.column for f in result.row_failures] == ["published_at"]
    assert result.row_failures[0].values == {"published_at": "2999-01-01T00:00:00+00:00"}


def test_every_contract_validates_an_empty_table(runner):
    for name, contract in TABLES.items():
        result = runner.validate(contract, contract.schema.empty_table())
        assert result.success, (name, result.table_failures)
