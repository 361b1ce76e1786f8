"""Bounded time and memory on pathological pages: deep nesting, huge inline scripts, huge text.
Each case must finish within a few seconds and still return the article text it carries."""
from __future__ import annotations

import time

from extractors.cleaning.cleaner import clean_html, clean_text
from extractors.cleaning.html_dom import MAX_PARSE_DEPTH
from settings.cleaning import MAX_HTML_CHARS

P = ("<p>The county board agreed on Monday to rebuild the old pier, a project that engineers "
     "say has been delayed for almost a decade by disputes over funding.</p>")


def _timed(fn, arg):
    t0 = time.perf_counter()
    out = fn(arg)
    return out, time.perf_counter() - t0


def test_100k_levels_of_nesting_are_flattened_and_the_text_kept():
    page = "<html><body>" + "<div>" * 100_000 + P * 3 + "</div>" * 100_000 + "</body></html>"
    r, dt = _timed(clean_html, page)
    assert len(r.paragraphs) == 3
    assert dt < 5


def test_unclosed_deep_nesting_does_not_raise():
    r, dt = _timed(clean_html, "<html><body>" + "<div><span>" * 100_000 + P)
    assert "rebuild the old pier" in r.text
    assert dt < 5
    assert MAX_PARSE_DEPTH == 256


def test_20_mb_of_inline_script_before_the_article_is_skipped():
    page = ("<html><head><script>" + "var a='x';" * 2_000_000 + "</script></head><body>"
            "<article>" + P * 5 + "</article></body></html>")
    assert len(page) > 4 * MAX_HTML_CHARS
    r, dt = _timed(clean_html, page)
    assert len(r.paragraphs) == 5
    assert any(b.rule == "script" for b in r.removed) or "var a" not in r.text
    assert dt < 5


def test_huge_html_is_cut_at_the_limit():
    page = "<html><body>" + P * 150_000 + "</body></html>"  # ~21 MB of paragraphs
    r, dt = _timed(clean_html, page)
    assert r.paragraphs and len(r.text) <= MAX_HTML_CHARS
    assert dt < 8


def test_huge_text_dump_is_bounded():
    r, dt = _timed(clean_text, ("word " * 30 + "\n") * 130_000)
    assert dt < 5 and isinstance(r.text, str)
