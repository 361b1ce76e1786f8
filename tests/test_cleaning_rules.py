"""Rule families added for the side-by-side benchmark (issue 3), on small hand-written inputs:
disclosures, share rows, site-chrome vocabulary, comment threads, author boxes, the body span
(lists inside, footers outside), end-of-article barriers, indentation of layout-preserving
dumps, and HTML pages that split the body over sibling containers."""
from __future__ import annotations

import pytest

from extractors.body_filter import Unit, is_author_bio, select_span
from extractors.cleaning import CleanResult, clean_html, clean_text

P1 = ("The harbour authority said on Thursday that the new ferry terminal would open in May, "
      "two years later than planned, after a dispute with the builder over flood defences.")
P2 = ("Passengers will be able to buy tickets at the gate again, a change that local traders "
      "have asked for since the old ticket office was closed during the pandemic.")
P3 = ("The authority expects about 400,000 crossings in the first full year, and it said the "
      "timetable would be published in March after talks with the two ferry operators.")
P4 = ("Councillors welcomed the news but asked for a public report on the cost overrun, which "
      "they said had not been explained to residents in any of the meetings so far.")


def rules(r: CleanResult) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for b in r.removed:
        out.setdefault(b.rule, []).append(b.text)
    return out


@pytest.mark.parametrize("line,rule", [
    ("When you purchase through links on our site, we may earn an affiliate commission.",
     "disclosure"),
    ("As an Amazon Associate we earn from qualifying purchases.", "disclosure"),
    ("This article is for informational purposes only and does not constitute financial advice.",
     "disclosure"),
    ("Share: Facebook X Reddit Pinterest Email LinkedIn", "share_prompt"),
    ("Privacy Policy", "navigation"),
    ("Terms of Use", "navigation"),
    ("Affiliate Disclosure", "navigation"),
    ("Featured image by Lena Ortiz, other images via the brands", "photo_credit"),
])
def test_site_chrome_lines_are_removed_with_their_rule(line, rule):
    r = clean_text(f"{P1}\n{line}\n{P2}\n{P3}")
    assert r.paragraphs == [P1, P2, P3]
    assert rules(r).get(rule) == [line]


def test_comment_thread_after_the_article_is_dropped():
    comment = ("I have taken this ferry for twenty years and honestly I think the delay was "
               "worth it if the new terminal finally has a proper waiting room for everyone.")
    r = clean_text(f"{P1}\n{P2}\n{P3}\n3 Comments\nMira Holt says: March 3, 2025 at 4:05 pm\n"
                   f"{comment}\nReply")
    assert r.paragraphs == [P1, P2, P3]
    assert "Mira Holt says: March 3, 2025 at 4:05 pm" in rules(r)["comments_prompt"]
    assert comment in [b.text for b in r.removed]


def test_author_box_closing_the_article_is_dropped_but_not_in_the_middle():
    bio = ("Dana Whitfield is a senior writer covering transport and infrastructure, with "
           "a decade of experience reporting on ports.")
    r = clean_text(f"{P1}\n{P2}\n{P3}\n{bio}")
    assert r.paragraphs == [P1, P2, P3]
    assert rules(r)["author_box"] == [bio]
    assert is_author_bio("Hi, I'm Kev, a home barista and the guy behind this site.")
    assert not is_author_bio(P1)


def test_bullet_list_inside_the_article_stays_and_footer_menu_goes():
    bullets = "\n".join(f"* Stop {i}: Harbour Street" for i in range(1, 7))
    footer = "\n".join(["About", "Careers", "Advertise", "Newsroom", "Our apps",
                        "Accessibility", "Sitemap", "Jobs board", "Events", "Shop"])
    r = clean_text(f"{P1}\n{P2}\n{bullets}\n{P3}\n{P4}\n{footer}")
    assert r.paragraphs[:2] == [P1, P2] and r.paragraphs[-2:] == [P3, P4]
    assert "* Stop 3: Harbour Street" in r.paragraphs
    assert "Jobs board" not in r.text


def test_span_does_not_cross_an_end_of_article_marker():
    units = [Unit(i, t) for i, t in enumerate([P1, P2])]
    units.append(Unit(2, P3, barrier=True))
    kept, removed = select_span(units)
    assert [u.text for u in kept] == [P1, P2]
    assert removed[0].rule == "outside_body"


def test_related_heading_stops_the_body_even_before_long_teasers():
    teaser = ("A long teaser for another story about the ferry operators, written in full "
              "sentences so that it looks like prose to a naive length-based filter.")
    r = clean_text(f"{P1}\n{P2}\n{P3}\nRelated Articles\n{teaser}\n{teaser}")
    assert r.paragraphs == [P1, P2, P3]


def test_indented_dump_drops_lines_shallower_than_the_body():
    dump = (f"  Home\n  News\n  Sport\n      {P1}\n\n      {P2}\n\n      {P3}\n"
            f"  Contact the newsroom by phone\n  Follow the harbour desk\n  Jobs at the paper")
    r = clean_text(dump)
    assert r.paragraphs == [P1, P2, P3]


def test_html_intro_in_a_sibling_container_is_kept():
    page = (f"<html><body><h1>Ferry terminal delayed</h1><div class='intro'><p>{P1}</p></div>"
            f"<div class='content'><p>{P2}</p><p>{P3}</p><p>{P4}</p></div>"
            f"<div class='links'><a href='/a'>Home</a> <a href='/b'>News</a></div>"
            f"</body></html>")
    assert clean_html(page).paragraphs == [P1, P2, P3, P4]


def test_html_drops_iframes_comments_hidden_and_banners_with_rule_ids():
    page = (f"<html><body><article><p>{P1}</p><!-- tracking pixel here -->"
            f"<iframe src='https://ads.example/x'>Ad frame text</iframe>"
            f"<div aria-hidden='true'>Screen-hidden promo</div>"
            f"<div id='onetrust-banner'>We value your privacy. Accept all</div>"
            f"<div class='social-share'>Share this story</div>"
            f"<div class='newsletter-signup'>Get the morning briefing</div>"
            f"<ul class='related-articles'><li><a href='/x'>Bridge tolls to rise by $4 million"
            f"</a></li></ul><div class='ad-container'>Sponsored offer</div>"
            f"<p>{P2}</p><p>{P3}</p></article></body></html>")
    r = clean_html(page)
    assert r.paragraphs == [P1, P2, P3]
    got = rules(r)
    for rule in ["iframe", "hidden", "cookie_banner", "share_prompt", "newsletter",
                 "related_list", "ad_slot"]:
        assert rule in got, rule
    assert "$4 million" not in r.text and "tracking pixel" not in r.text
