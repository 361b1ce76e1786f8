"""Dev-set quality gates for the cleaner (issue 3), skipped when ../shared/devdata is absent.

Thresholds sit a little below the figures measured with `python -m benchmarks.cleaning` /
`python -m benchmarks.cleaning_score` on 2026-11-21 (300 pages), so a regression fails CI
(raised after the lede, call-to-action and comment-heading rules, then again after the
split-body, trailing-notice and chrome-separator rules, then after the fourth pass: in-text
links, sales buttons, tables and the intro in the span, mojibake, named author boxes; never
lowered):

| mode | measured F1 / P / with % / leaked % | asserted |
|---|---|---|
| HTML (`clean_html`) | 0.962 / 0.952 / 97.9 / 1.6 | ≥ 0.953 / ≥ 0.943 / ≥ 96.9 / ≤ 2.1 |
| text, lxml one-line-per-block dump | 0.928 / 0.926 / 92.2 / 5.1 | ≥ 0.918 / ≥ 0.916 / ≥ 91.3 / ≤ 5.9 |
| text, inscriptis dump (benchmark twin) | 0.935 / 0.925 / 93.9 / 4.5 | ≥ 0.926 / ≥ 0.915 / ≥ 93 / ≤ 5.3 |

Second set, ../shared/devdata/extraction-more (410 further WCXB article pages, issue 18), held
out from every rule choice before the trafilatura second opinion; measured 2026-12-01 after it
(`extractors/cleaning/second_opinion.py`, whose trigger thresholds were chosen on the even ids of this
set and checked on the odd ids and on the first set):

| mode | measured F1 / P / with % / leaked % / near-empty pages | asserted |
|---|---|---|
| HTML (`clean_html`) | 0.931 / 0.913 / 94.9 / 3.6 / 1 | ≥ 0.922 / ≥ 0.904 / ≥ 93.9 / ≤ 4.1 / ≤ 1 |
| text, lxml one-line-per-block dump | 0.895 / 0.886 / 89.1 / 7.0 | ≥ 0.886 / ≥ 0.877 / ≥ 88.2 / ≤ 7.8 |

The inscriptis twin is the one the benchmark reports, but inscriptis is a dev-only package
(requirements-bench.txt), not in requirements.lock, so that test skips when it is missing;
the lxml-rendered twin (benchmarks.cleaning_score.render_text, lxml only) always runs, so CI
still guards text mode. Speed is not asserted here (shared CI machines are too noisy); the
benchmark reports it.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from extractors.cleaning.cleaner import clean_html, clean_text

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "devdata" / "extraction"
MORE = DEV.parent / "extraction-more"
pytestmark = pytest.mark.skipif(not DEV.is_dir(), reason="dev set ../shared/devdata absent")


@pytest.fixture(scope="module")
def dev() -> tuple[list[dict], list[str]]:
    from benchmarks.cleaning_score import load_dev

    recs = load_dev()
    pages = [(DEV / "html" / f"{r['id']}.html").read_text(encoding="utf-8", errors="replace")
             for r in recs]
    return recs, pages


def _check(res: dict, f1: float, p: float, with_: float, leaked: float) -> None:
    msg = (f"F1={res['F1']:.3f} P={res['P']:.3f} R={res['R']:.3f} with={res['with%']:.1f} "
           f"leaked={res['without%']:.1f}")
    assert res["F1"] >= f1, msg
    assert res["P"] >= p, msg
    assert res["with%"] >= with_, msg
    assert res["without%"] <= leaked, msg


def test_html_mode_meets_the_measured_level_and_never_raises(dev):
    from benchmarks.cleaning_score import summarise

    recs, pages = dev
    outs = [clean_html(p).text for p in pages]  # clean_html never raises by contract
    assert sum(1 for o in outs if not o.strip()) <= 3  # nearly every page yields a body
    _check(summarise(recs, outs), f1=0.953, p=0.943, with_=96.9, leaked=2.1)


def test_text_mode_on_lxml_rendered_dumps(dev):
    from benchmarks.cleaning_score import render_text, summarise

    recs, pages = dev
    outs = [clean_text(render_text(p)).text for p in pages]
    _check(summarise(recs, outs), f1=0.918, p=0.916, with_=91.3, leaked=5.9)


def test_text_mode_on_inscriptis_rendered_dumps(dev):
    pytest.importorskip("inscriptis")
    from benchmarks.cleaning_score import render_inscriptis
    from benchmarks.cleaning_score import summarise

    recs, pages = dev
    outs = [clean_text(render_inscriptis(p)).text for p in pages]
    _check(summarise(recs, outs), f1=0.926, p=0.915, with_=93.0, leaked=5.3)


@pytest.fixture(scope="module")
def more() -> tuple[list[dict], list[str]]:
    from benchmarks.cleaning_score import load_dev

    if not MORE.is_dir():
        pytest.skip("second dev set ../shared/devdata/extraction-more absent")
    recs = load_dev(None, MORE)
    pages = [(MORE / "html" / f"{r['id']}.html").read_text(encoding="utf-8", errors="replace")
             for r in recs]
    return recs, pages


def test_html_mode_on_the_second_dev_set(more):
    from benchmarks.cleaning_score import summarise

    recs, pages = more
    res = summarise(recs, [clean_html(p).text for p in pages])
    assert res["empty"] <= 1, res["empty"]  # near-empty bodies (< 200 chars): 6 before issue 18
    _check(res, f1=0.922, p=0.904, with_=93.9, leaked=4.1)


def test_text_mode_on_lxml_rendered_dumps_of_the_second_dev_set(more):
    from benchmarks.cleaning_score import render_text, summarise

    recs, pages = more
    outs = [clean_text(render_text(p)).text for p in pages]
    _check(summarise(recs, outs), f1=0.886, p=0.877, with_=88.2, leaked=7.8)
