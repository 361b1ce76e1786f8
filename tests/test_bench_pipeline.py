"""Smoke test of the end-to-end benchmark (`python -m benchmarks.pipeline`) at a tiny N.

It checks that the benchmark still runs and prints its table, not how fast anything is:
timings are never asserted.
"""
from __future__ import annotations

import re

import pytest

N = 12


@pytest.mark.slow
def test_benchmark_runs_and_prints_its_table(tmp_path, capsys):
    from benchmarks.pipeline import PLAIN_STAGES, main

    result = main(["--docs", str(N), "--out", str(tmp_path), "--no-devdata", "--days", "2"])
    table = capsys.readouterr().out

    # the corpus: N unique documents in the three formats
    corpus = result["corpus"]
    assert corpus["documents"] == N
    assert corpus["text"] + corpus["html"] + corpus["jsonl_records"] == N
    assert corpus["text"] and corpus["html"] and corpus["jsonl_records"]

    # every document accounted for; the seed-derived corpus has nothing to quarantine
    expected_quarantined = 0
    flow = result["flow"]["summary"]
    plain = result["plain"]["counts"]
    assert flow["published"] == N - expected_quarantined
    assert plain["published"] == N - expected_quarantined
    assert flow["duplicate"] == flow["unreadable"] == 0
    assert result["sentences"] > 0 and result["sentences"] == result["sentences_plain"]

    # numbers present and positive
    assert result["flow"]["wall"] > 0 and result["docs_per_s"] > 0 and result["overhead"] > 0
    assert all(result["plain"]["times"][stage] >= 0 for stage in PLAIN_STAGES)
    assert result["plain"]["times"]["extract"] > 0 and result["sentences_per_s"] > 0
    assert result["rss"]["flow"] > 0 and result["rss"]["plain"] > 0
    # one task per planned batch (JSON-lines files counted by their records), as the benchmark expects
    assert result["flow"]["task_runs"] == result["expected_task_runs"] > 0
    assert result["incremental"]["summary"]["published"] == 0

    # the printed table
    assert table == result["table"] + "\n"
    for label in ("orchestration overhead", "documents/s end to end", "sentences/s", "peak RSS",
                  "Prefect task runs", "incremental run", "cores", f"N={N}"):
        assert label in table, label
    overhead = re.search(r"\*\*([0-9.]+)×\*\* \(target ≤ 1\.15×\)", table)
    assert overhead and float(overhead.group(1)) > 0
    # the work folder is removed without --keep
    assert not any(tmp_path.iterdir())


@pytest.mark.slow
def test_the_partition_step_benchmark_measures_growing_partitions():
    from benchmarks import partition_step

    small, large = partition_step.main(["--docs-per-batch", "6", "--batches", "1", "3"])
    assert (small["documents"], large["documents"]) == (6, 18)
    assert small["rows"]["sentences"] > 0 and large["rows"]["sentences"] == 3 * small["rows"]["sentences"]
    assert large["rows"]["documents"] == 18 and not large["failures"]
    assert large["rss_peak"] >= large["rss_before"] > 0 and large["publish_s"] > 0


def test_peaks_by_part_splits_a_run_into_equal_stretches_and_keeps_each_stretchs_peak():
    from benchmarks.memory import peaks_by_part

    windows = [{"tree": 10 * i, "workers": 100 - i} for i in range(16)]
    parts = peaks_by_part(windows, parts=8)
    assert [p["tree"] for p in parts] == [10, 30, 50, 70, 90, 110, 130, 150]
    assert [p["workers"] for p in parts] == [100, 98, 96, 94, 92, 90, 88, 86]
    assert len(peaks_by_part(windows[:3], parts=8)) == 3  # never more stretches than windows
    assert peaks_by_part([]) == []


def test_rss_sampler_records_peaks_per_window_of_each_phase():
    import time

    from benchmarks.memory import RssSampler
    from benchmarks.pipeline import trend_lines

    with RssSampler(interval=0.01, window=0.05) as rss:
        rss.phase("flow")
        time.sleep(0.5)
    windows = rss.windows["flow"]
    assert len(windows) >= 4
    assert all(w["tree"] >= w["this process (flow)"] > 0 for w in windows if w)
    rows = trend_lines({"rss_windows": {"flow": windows}})
    assert [row.split(" | ")[0] for row in rows] == ["| peak RSS by eighth of the run, tree",
                                                     "| peak RSS by eighth of the run, flow process",
                                                     "| peak RSS by eighth of the run, workers"]
    assert rows[0].count(" MB") == min(8, len(windows))


def test_short_article_corpus_keeps_the_mix_and_cuts_body_paragraphs(tmp_path):
    from benchmarks.corpus import DEVDATA, _HTML_P_ANY, _visible_text, build_corpus

    devdata = DEVDATA if (DEVDATA / "html").is_dir() else None
    full = build_corpus(tmp_path / "full", 40, days=2, devdata=devdata)
    short = build_corpus(tmp_path / "short", 40, days=2, devdata=devdata, max_paragraphs=1)
    assert (short.text, short.html, short.jsonl_records) == (full.text, full.html, full.jsonl_records)
    assert short.max_paragraphs == 1 and full.max_paragraphs is None

    def body_paragraphs(path) -> int:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".html":
            return sum(len(_visible_text(m.group(1))) >= 120 for m in _HTML_P_ANY.finditer(text))
        return sum(len(block.strip()) >= 120 for block in text.split("\n\n"))

    for kind in ("text", "html"):
        full_counts = [body_paragraphs(p) for p in sorted((tmp_path / "full").rglob(f"{kind}/*"))]
        short_counts = [body_paragraphs(p) for p in sorted((tmp_path / "short").rglob(f"{kind}/*"))]
        # one kept paragraph plus at most one swapped in from another article
        assert max(short_counts) <= 2, kind
        assert sum(short_counts) < sum(full_counts), kind
    # every short document is still unique
    digests = {p.read_bytes() for p in (tmp_path / "short").rglob("*") if p.is_file()}
    assert len(digests) == short.files


# -- benchmarks/throughput.py (issue 23): the three-way comparison and newsetl's stage profile --

def test_throughput_benchmark_skips_cleanly_without_the_development_pages(tmp_path, monkeypatch, capsys):
    import benchmarks.throughput as throughput

    monkeypatch.setattr(throughput, "DEVDATA", tmp_path / "absent")
    assert throughput.main(["--pages", "3", "--repeats", "1"]) == 0
    assert "skipped" in capsys.readouterr().out


def test_throughput_report_gives_median_min_and_ratios_of_each_newsetl_against_the_peers():
    from benchmarks.throughput import render, summarise

    report = {"pages": 10, "workers": 2, "when": "2026-12-01T19:00", "load_start": 1.0, "load_end": 1.0,
              "outputs": {}, "order": [],
              "summary": {"newsetl": summarise([4.0, 5.0, 6.0], 10), "naive": summarise([10.0, 12.0, 8.0], 10),
                          "floor": summarise([5.0, 5.0, 5.0], 10), "newsetl@before": summarise([20.0], 10)}}
    assert report["summary"]["newsetl"]["median_docs_s"] == 2.0 and report["summary"]["newsetl"]["min_s"] == 4.0
    text = render(report)
    assert "newsetl / naive: 2.00x (medians), 2.00x (minima)" in text
    assert "newsetl / floor: 1.00x (medians), 1.25x (minima)" in text
    assert "newsetl@before / naive: 0.50x (medians)" in text
    assert "`newsetl run` from before" in text


def test_throughput_peers_run_again_in_each_other_environment_and_are_labelled_with_their_spacy():
    from benchmarks.throughput import labelled, render, summarise, with_variants

    assert labelled(["release=.venv-peers/bin/python=x"], "--peers-env") == {"release": ".venv-peers/bin/python=x"}
    with pytest.raises(SystemExit, match="--peers-env takes LABEL=PATH"):
        labelled([".venv-peers/bin/python"], "--peers-env")
    assert with_variants(["newsetl", "naive", "floor"], {"before": "/old"}, {"release": "/peers/bin/python"}) == [
        "newsetl", "naive", "floor", "newsetl@before", "naive@release", "floor@release"]
    report = {"pages": 10, "workers": 2, "when": "2026-12-02T17:00", "load_start": 1.0, "load_end": 1.0,
              "outputs": {"naive@release": {"spacy": "3.8.18", "thinc": "8.3.14"}}, "order": [],
              "summary": {"newsetl": summarise([5.0], 10), "naive": summarise([4.0], 10),
                          "naive@release": summarise([6.0], 10)}}
    text = render(report)
    assert "release env (spaCy 3.8.18, thinc 8.3.14)" in text
    assert "newsetl / naive: 0.80x (medians)" in text and "newsetl / naive@release: 1.20x (medians)" in text


def test_throughput_stopwatch_times_wrapped_calls_and_a_timed_pipe_counts_only_the_model():
    import time

    from benchmarks.throughput import Stopwatch, TimedPipe

    watch = Stopwatch()
    slow = watch.wrap("slow", lambda x: time.sleep(0.02) or x)
    assert slow(3) == 3 and watch.calls["slow"] == 1 and watch.seconds["slow"] >= 0.02

    class Model:
        batch_size = 7

        def pipe(self, texts):
            for t in texts:
                time.sleep(0.01)
                yield t.upper()

    timed = TimedPipe(Model(), watch)
    assert timed.batch_size == 7
    started = time.perf_counter()
    for _ in timed.pipe(["a", "b"]):
        time.sleep(0.03)  # the consumer's time is not the model's
    assert 0.02 <= watch.seconds["model (nlp.pipe)"] < time.perf_counter() - started - 0.05
