"""The real flow (Prefect, Great Expectations, Parquet) on real files, read back by analysts' tools."""
from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

from schemas import CONTENT_TABLES, PARTITION_TABLES, TABLES
from tests.support import FLOW_DAY, read_table, run_flow

DAY = FLOW_DAY
pytestmark = pytest.mark.slow


def counts(out: Path) -> dict[str, int]:
    return {name: read_table(out, name).num_rows for name in PARTITION_TABLES}


@pytest.fixture(scope="module")
def sample_run(prefect_harness, tmp_path_factory):
    """One run of the flow over a copy of data/raw, shared by the read-only checks below."""
    from tests.paths import RAW

    work = tmp_path_factory.mktemp("sample")
    shutil.copytree(RAW, work / "raw")
    summary = run_flow(work / "raw", work / "out")
    return summary, work / "out"


def test_every_sample_input_is_published(sample_run):
    summary, out = sample_run
    documents = read_table(out, "documents").to_pylist()
    assert len(documents) == summary["documents_read"] == 6  # 2 text dumps, 2 pages, 2 JSON-lines records
    assert {d["status"] for d in documents} == {"published"}
    assert summary["published"] == 6 and summary["quarantined"] == summary["unreadable"] == 0
    assert read_table(out, "articles").num_rows == 6


def test_seed_articles_match_the_gold(sample_run, gold):
    _, out = sample_run
    articles = {a["source_path"]: a for a in read_table(out, "articles").to_pylist()}
    paragraphs = read_table(out, "paragraphs").to_pylist()
    removed = read_table(out, "removed_blocks").to_pylist()
    for name, expected in gold.items():
        article = articles[name]
        text = article["text"]
        assert text.startswith(expected["body_starts_with"]), name
        assert text.endswith(expected["body_ends_with"]), name
        assert article["paragraph_count"] == expected["body_paragraphs"], name
        own = [p for p in paragraphs if p["doc_id"] == article["doc_id"]]
        assert len(own) == expected["body_paragraphs"]
        assert all(text[p["start"]:p["end"]] == p["text"] for p in own)
        removed_text = "\n".join(r["text"] for r in removed if r["doc_id"] == article["doc_id"])
        for line in expected["boilerplate"]:
            assert line not in text, (name, line)
            assert line in removed_text, (name, line)
        assert article["publisher"] == expected["publisher"]
        if "copyright_year" in expected:
            assert article["copyright_year"] == expected["copyright_year"]
        assert article["language"] == "en"


def test_forbidden_strings_appear_only_in_the_removal_audit(sample_run, gold):
    """Boilerplate must not reach any content table; `removed_blocks` is the audit of what was
    removed, so that is the one place where it is expected (and required) to be."""
    _, out = sample_run
    articles = {a["source_path"]: a["doc_id"] for a in read_table(out, "articles").to_pylist()}
    for name, expected in gold.items():
        doc_id = articles[name]
        for table in [t for t in TABLES if t != "removed_blocks"]:
            rows = [r for r in read_table(out, table).to_pylist() if r.get("doc_id") == doc_id]
            blob = json.dumps(rows, default=str, ensure_ascii=False).lower()
            for forbidden in expected["forbidden"]:
                assert forbidden.lower() not in blob, (name, table, forbidden)


def test_duckdb_reads_the_hive_partitions_with_typed_columns(sample_run):
    _, out = sample_run
    con = duckdb.connect()
    rows = con.sql(f"""select ingest_date, typeof(ingest_date), typeof(published_at), count(*)
                       from read_parquet('{out}/articles/*/*.parquet', hive_partitioning=true)
                       group by all""").fetchall()
    assert rows == [(DAY, "DATE", "TIMESTAMP WITH TIME ZONE", 6)]
    joined = con.sql(f"""select count(*) from read_parquet('{out}/paragraphs/*/*.parquet') p
                         join read_parquet('{out}/articles/*/*.parquet') a using (doc_id)
                         where substring(a.text, p.start + 1, p."end" - p.start) = p.text""").fetchall()
    assert joined == [(read_table(out, "paragraphs").num_rows,)]


def test_summary_names_the_tables_and_the_validation_outputs(sample_run):
    summary, out = sample_run
    assert summary["validation"] == "passed"
    assert Path(summary["data_docs"]).is_file()
    [report_path] = summary["validation_reports"]
    report = json.loads(Path(report_path).read_text())
    assert report["success"] is True
    assert set(report["tables"]) == set(PARTITION_TABLES)
    assert all(report["tables"][name]["result"]["results"] for name in ("documents", "quarantine"))
    # the content tables are validated per batch, in the worker that staged it
    [batch_file] = report["batch_results"]
    batch = json.loads(Path(batch_file).read_text())
    assert set(batch["tables"]) == set(CONTENT_TABLES)
    assert all(result["results"] for result in batch["tables"].values())
    assert summary["tables"]["articles"] == str(out / "articles")
    manifest = json.loads(Path(summary["manifest"]).read_text())
    assert manifest["run_id"] == summary["run_id"] and manifest["published"] == 6


def test_rerunning_the_same_input_adds_no_rows(prefect_harness, sample_input, tmp_path):
    from flows.ingest import ingest

    out = tmp_path / "out"
    run_flow(sample_input, out)
    first = counts(out)
    again = run_flow(sample_input, out)  # nothing new: skipped without reading
    assert counts(out) == first
    assert again["published"] == 0 and again["ingest_dates"] == []
    later = run_flow(sample_input, out, date(2026, 11, 3))  # another day: still nothing new
    assert counts(out) == first and later["published"] == 0
    rebuilt = ingest(input_dir=str(sample_input), output_dir=str(out), ingest_date=DAY, reprocess=True)
    assert rebuilt["published"] == 6  # reprocess: the partition is rebuilt, not appended to
    assert counts(out) == first
    runs = read_table(out, "runs").to_pylist()
    assert len(runs) == 4 and {r["status"] for r in runs} == {"completed"}


def test_bad_files_are_accounted_for_next_to_good_ones(prefect_harness, sample_input, tmp_path):
    latin1 = ("Le conseil municipal de Genève a approuvé mardi un budget de 40 millions de francs pour rénover "
              "les écoles primaires, après un débat de plus de six heures. La maire a déclaré que les travaux "
              "commenceraient en été et dureraient deux ans.\n")
    (sample_input / "empty.txt").write_bytes(b"")
    (sample_input / "photo.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (sample_input / "geneve.txt").write_bytes(latin1.encode("latin-1"))
    (sample_input / "stub.txt").write_text("Developing story, more to follow.\n")
    shutil.copy(sample_input / "000_ff8034573ac0bc45.txt", sample_input / "copy of newsmax.txt")
    (sample_input / "broken.jsonl").write_text('{"text": "' + latin1.strip() + ' Copie."}\n{not json\n')

    out = tmp_path / "out"
    summary = run_flow(sample_input, out)

    docs = {(d["path"], d["record"]): d for d in read_table(out, "documents").to_pylist()}
    assert len(docs) == summary["documents_read"] == 6 + 7
    assert docs[("empty.txt", None)]["status"] == "quarantined"
    assert "empty file" in docs[("empty.txt", None)]["reason"]
    assert docs[("photo.html", None)]["status"] == "unreadable"
    assert "PNG image" in docs[("photo.html", None)]["reason"]
    assert docs[("geneve.txt", None)]["status"] == "published"
    assert docs[("geneve.txt", None)]["encoding"] in ("cp1252", "latin_1", "iso8859_15")
    assert docs[("stub.txt", None)]["status"] == "quarantined"
    assert "word_count" in docs[("stub.txt", None)]["reason"]
    assert docs[("copy of newsmax.txt", None)]["status"] == "duplicate"
    assert docs[("broken.jsonl", 1)]["status"] == "published"
    assert docs[("broken.jsonl", 2)]["status"] == "unreadable"
    assert all(d["reason"] for d in docs.values() if d["status"] != "published")

    articles = {a["source_path"]: a for a in read_table(out, "articles").to_pylist()}
    assert "Genève a approuvé" in articles["geneve.txt"]["text"]
    assert articles["geneve.txt"]["language"] == "fr"
    assert "stub.txt" not in articles and "copy of newsmax.txt" not in articles
    stub_id = docs[("stub.txt", None)]["doc_id"]
    quarantine = read_table(out, "quarantine").to_pylist()
    assert [(q["table"], q["doc_id"], q["column"]) for q in quarantine] == [("articles", stub_id, "word_count")]
    assert json.loads(quarantine[0]["values_json"]) == {"word_count": 5}


def test_structured_records_are_published_and_traceable_to_their_words(sample_run, gold):
    _, out = sample_run
    articles = {a["source_path"]: a for a in read_table(out, "articles").to_pylist()}
    newsmax = articles["000_ff8034573ac0bc45.txt"]
    text = newsmax["text"]
    rows = {name: [r for r in read_table(out, name).to_pylist() if r["doc_id"] == newsmax["doc_id"]]
            for name in ("sentences", "entity_mentions", "entities", "entity_candidates", "quotes", "attributions",
                         "amounts", "temporal_expressions")}
    assert all(rows.values()), {name: len(r) for name, r in rows.items()}
    for name in ("sentences", "entity_mentions", "quotes", "attributions", "amounts", "temporal_expressions"):
        assert all(text[r["start"]:r["end"]] == r["text"] for r in rows[name]), name
    doxsee = [q for q in rows["quotes"] if q["kind"] == "direct" and "Doxsee" in (q["speaker"] or "")]
    assert len(doxsee) >= 3
    personnel = [a for a in rows["amounts"] if a["value"] == 50000]
    assert personnel and "personnel" in personnel[0]["object"]
    mid_december = [t for t in rows["temporal_expressions"] if t["text"].lower() == "mid-december"]
    assert mid_december and mid_december[0]["value_start"].month == 12
    assert mid_december[0]["anchor_source"] == "ingest"  # the text dump carries no publication date
    assert {"Politico", "Bloomberg"} <= {a["source"] for a in rows["attributions"]}


def test_every_entity_mention_points_at_one_published_entity_or_one_candidate(sample_run):
    _, out = sample_run
    entities = {(r["doc_id"], r["entity_index"]): r for r in read_table(out, "entities").to_pylist()}
    candidates = {(r["doc_id"], r["entity_index"]): r for r in read_table(out, "entity_candidates").to_pylist()}
    assert entities and candidates and not entities.keys() & candidates.keys()
    for mention in read_table(out, "entity_mentions").to_pylist():
        entity = entities.get((mention["doc_id"], mention["entity_index"])) or candidates[
            (mention["doc_id"], mention["entity_index"])]
        assert entity["canonical_name"] == mention["canonical_name"]
    assert {c["support"] for c in candidates.values()} <= {"model", "article"}


def test_partition_subflows_are_children_of_their_ingest_run_on_the_server(sample_run):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterParentFlowRunId

    summary, _ = sample_run
    with get_client(sync_client=True) as client:
        children = client.read_flow_runs(flow_run_filter=FlowRunFilter(
            parent_flow_run_id=FlowRunFilterParentFlowRunId(any_=[summary["run_id"]])))
    assert children, "no partition subflow is linked to the ingest run"
    assert {client_run.parameters["day"] for client_run in children} == {DAY.isoformat()}
