"""The second opinion in HTML mode (extractors.cleaning.second_opinion, issue 18): a body our rules cut
to nothing or too little is widened by the blocks a well-kept extractor (trafilatura) agrees
on, every block left out is still reported with a rule, and the result stays a pure function
of the page. Small hand-written pages; each mechanism is also shown switched off."""
from __future__ import annotations

import pytest

import extractors.cleaning.second_opinion as second
from extractors.cleaning.cleaner import clean_html
from extractors.cleaning.html_dom import extract_blocks, parse_html
from extractors.cleaning.second_opinion import PeerText, needs_second_opinion
from settings import cleaning as cleaning_settings

P1 = ("The harbour authority said on Thursday that the northern breakwater, damaged in the "
      "January storms, will be rebuilt with rock from the quarry at Dunmore rather than with "
      "concrete blocks, which engineers say would cost twice as much and take a year longer.")
P2 = ("Fishermen who moor inside the breakwater have complained for months that swell now "
      "reaches the inner harbour on every spring tide, and two boats sank at their moorings "
      "in March. The authority expects the work to begin in late summer.")
TITLE = "Breakwater to be rebuilt with quarry rock"
NAV = '<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>'
FOOT = "<footer><p>Contact us</p><p>Privacy policy</p></footer>"


def page(body: str) -> str:
    return (f"<html><head><title>{TITLE}</title></head><body>{NAV}<h1>{TITLE}</h1>{body}"
            f"{FOOT}</body></html>")


# a short article whose only container has a class that reads like chrome ("promo")
PROMO = page(f'<div class="promo-story"><p>{P1}</p><p>{P2}</p></div>')


@pytest.fixture
def switched_off(monkeypatch):
    monkeypatch.setattr(cleaning_settings, "SECOND_OPINION", False)


def _fake_peer(monkeypatch, text: str | None) -> list[str]:
    calls: list[str] = []

    def peer(html: str) -> str | None:
        calls.append(html)
        return text

    monkeypatch.setattr(second, "peer_extract", peer)
    return calls


def _invariants(r) -> None:
    assert r.text == "\n\n".join(r.paragraphs)
    for p in r.paragraphs:
        assert p == " ".join(p.split()) and p.strip()


# --------------------------------------------------------------------------- empty bodies
def test_short_article_in_a_chrome_like_container_is_recovered_by_the_peer():
    pytest.importorskip("trafilatura")
    r = clean_html(PROMO)
    assert r.paragraphs == [P1, P2]
    _invariants(r)
    rules = {b.text: b.rule for b in r.removed}
    assert rules["Home News Sport"] == "nav"
    assert rules[TITLE] == "headline"
    assert rules["Contact us"] == "footer" and rules["Privacy policy"] == "footer"


def test_without_the_second_opinion_the_same_page_comes_back_empty(switched_off):
    r = clean_html(PROMO)
    assert r.text == ""  # what issue 18 reports: the body removed whole as chrome


def test_one_paragraph_article_in_an_unusual_container(monkeypatch):
    html = page(f'<table><tr><td class="cta-cell"><font>{P1}</font></td></tr></table>')
    _fake_peer(monkeypatch, P1)
    assert clean_html(html).paragraphs == [P1]
    monkeypatch.setattr(cleaning_settings, "SECOND_OPINION", False)
    assert clean_html(html).text == ""


# --------------------------------------------------------------------------- the audit trail
def test_every_block_left_out_is_reported_with_the_rule_that_removed_it(monkeypatch):
    _fake_peer(monkeypatch, f"{P1}\n{P2}")
    html = page(f'<div class="promo-story"><p>{P1}</p><p>{P2}</p></div>'
                '<div class="share-row"><p>Share this story</p></div>')
    r = clean_html(html)
    assert r.paragraphs == [P1, P2]
    root = parse_html(html)
    body_or_removed = set(r.paragraphs) | {b.text for b in r.removed}
    for b in extract_blocks(root.find("body")):
        assert b.text in body_or_removed, b.text
    rules = {b.text: b.rule for b in r.removed}
    assert rules["Share this story"] == "share_prompt"  # the chrome rule of its wrapper
    assert all(b.rule for b in r.removed)


def test_a_block_the_peer_keeps_but_a_line_rule_flags_stays_removed(monkeypatch):
    notice = "© 2024 Harbour Gazette. All rights reserved."
    _fake_peer(monkeypatch, f"{P1}\n{P2}\n{notice}")
    r = clean_html(page(f'<div class="promo-story"><p>{P1}</p><p>{P2}</p><p>{notice}</p></div>'))
    assert r.paragraphs == [P1, P2]
    assert {b.text: b.rule for b in r.removed}[notice] == "copyright"


def test_block_outside_both_opinions_is_reported_as_outside_the_agreed_body(monkeypatch):
    # the peer reads the page in one piece where our blocks differ: a text run that only
    # exists once the chrome inside it is kept is in neither first-pass list
    _fake_peer(monkeypatch, f"{P1}\n{P2}")
    html = page(f'<div class="promo-story"><p>{P1}</p><p>{P2}</p></div>'
                '<div>Filed under <span class="sponsor">harbours</span> and coasts</div>')
    r = clean_html(html)
    assert r.paragraphs == [P1, P2]
    rules = {b.text: (b.rule, b.detail) for b in r.removed}
    assert rules["Filed under harbours and coasts"] == (
        "outside_agreed_body", "outside the extractors' agreed body")


# --------------------------------------------------------------------------- when to ask
def test_the_peer_is_not_asked_about_a_healthy_body(monkeypatch):
    calls = _fake_peer(monkeypatch, "anything")
    long_body = "".join(f"<p>{P1} {i}</p><p>{P2} {i}</p>" for i in range(4))
    r = clean_html(page(f"<article>{long_body}</article>"))
    assert calls == [] and len(r.paragraphs) == 8


def test_the_peer_never_narrows_our_body(monkeypatch):
    _fake_peer(monkeypatch, P1)  # agrees with less than we kept
    r = clean_html(page(f"<article><p>{P1}</p><p>{P2}</p></article>"))
    assert r.paragraphs == [P1, P2]


def test_no_peer_answer_leaves_the_first_pass_result(monkeypatch):
    _fake_peer(monkeypatch, None)
    assert clean_html(PROMO).text == ""


def test_needs_second_opinion_thresholds():
    assert needs_second_opinion(0, 0)
    assert needs_second_opinion(second.SHORT_BODY_CHARS - 1, 0)
    assert not needs_second_opinion(5000, 0)
    assert needs_second_opinion(5000, int(5000 * second.REMOVED_PROSE_RATIO))
    assert not needs_second_opinion(5000, int(5000 * second.REMOVED_PROSE_RATIO) - 1)


def test_span_cut_list_counts_towards_asking(monkeypatch):
    calls = _fake_peer(monkeypatch, None)
    body = "".join(f"<p>{P1} {i}</p><p>{P2} {i}</p>" for i in range(3))
    items = "".join(f"<li>Item number {i} of the kit list</li>" for i in range(60))
    clean_html(page(f"<article>{body}<ul>{items}</ul></article>"))
    assert len(calls) == 1
    calls.clear()
    monkeypatch.setattr(cleaning_settings, "SPAN_CUT_WEIGHT", 0.0)
    clean_html(page(f"<article>{body}<ul>{items}</ul></article>"))
    assert calls == []


# --------------------------------------------------------------------------- matching
def test_peer_agreement_on_blocks():
    peer = PeerText.of(f"{P1}\n- First item of a list\nConclusion\n{P2}")
    assert peer.agrees(P1)
    assert peer.agrees(P1 + " Extra words at the end.")  # mostly contained
    assert peer.agrees("First item of a list")  # bullet dropped
    assert peer.agrees("Conclusion")  # a short block must be a whole line of the peer
    assert not peer.agrees("harbour")  # a word of a sentence is not a line
    assert not peer.agrees("Subscribe to our newsletter for the latest harbour news")
    assert not peer.agrees("")


def test_the_result_is_a_pure_function_of_the_page():
    pytest.importorskip("trafilatura")
    first, again = clean_html(PROMO), clean_html(PROMO)
    assert first == again
