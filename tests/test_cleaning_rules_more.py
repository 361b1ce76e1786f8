"""Rule families added to close the leak and recall gaps of issue 3, on small hand-written
inputs: paywall/referral prompts, demo and trial calls to action, sponsor labels, bulleted
chrome lines, WordPress comment-list headings, more related-list headings, the author-box
heading as an end-of-article marker, call-to-action class names, and the HTML lede (standfirst)
between the headline and the main container."""
from __future__ import annotations

import pytest

from extractors.boilerplate import classify_line, is_related_heading
from extractors.cleaning import clean_html, clean_text
from tests.test_cleaning_rules import P1, P2, P3, P4, rules



@pytest.mark.parametrize("line,rule", [
    ("This article is exclusive to Harbour+ subscribers", "newsletter"),
    ("If you liked this article, please consider sharing it and subscribing to our digest.",
     "newsletter"),
    ("Love The Weekly Tide? Tell your friends and get rewards.", "newsletter"),
    ("Book a demo", "navigation"),
    ("Try for free", "navigation"),
    ("Categories", "navigation"),
    ("Sponsor Message", "advert"),
    ("In partnership with", "advert"),
    ("Ferry analytics, what is really happening (Sponsored)", "advert"),
    ("* Click to share on Mastodon (Opens in new window) Mastodon", "share_prompt"),
    ("Like this:", "share_prompt"),
    ("* Privacy Policy", "navigation"),
])
def test_more_chrome_lines_are_removed_with_their_rule(line, rule):
    r = clean_text(f"{P1}\n{line}\n{P2}\n{P3}")
    assert r.paragraphs == [P1, P2, P3]
    assert rules(r).get(rule) == [line]


@pytest.mark.parametrize("line", [
    "Related blogs", "Other related articles...", "* Other Posts You May Enjoy",
    "🔥 Recommended Posts", "Recent Articles", "More Videos", "Posts you might like",
])
def test_related_headings_with_bullets_and_new_wordings(line):
    assert is_related_heading(line)


@pytest.mark.parametrize("line", [
    "Related to the ferry, the council also discussed buses.",
    "Recent articles in the local paper praised the harbour.",
])
def test_prose_is_not_a_related_heading(line):
    assert not is_related_heading(line)


def test_a_bullet_does_not_hide_prose_from_the_rules():
    assert classify_line("* Passengers will be able to buy tickets at the gate again.") is None


def test_wordpress_comment_heading_ends_the_article():
    comment = ("I have taken this ferry for twenty years and I think the delay was worth it if "
               "the new terminal finally has a proper waiting room for all of the passengers.")
    heading = "12 thoughts on “New ferry terminal to open in May”"
    r = clean_text(f"{P1}\n\n{P2}\n\n{P3}\n\n{heading}\n\n{comment}\n\n{P4}")
    assert r.paragraphs == [P1, P2, P3]
    assert rules(r)["comments_prompt"] == [heading]


def test_about_the_author_heading_ends_the_article():
    bio = ("Dana writes about ferries, ports and the people who run them, and she has "
           "reported from harbours on three continents over the last ten years or so.")
    r = clean_text(f"{P1}\n\n{P2}\n\n{P3}\n\nAbout the Author\n\n{bio}")
    assert r.paragraphs == [P1, P2, P3]
    assert rules(r)["author_box"] == ["About the Author"]


def test_call_to_action_box_is_dropped_in_html():
    page = (f"<html><body><article><h1>Ferry terminal</h1><p>{P1}</p><p>{P2}</p>"
            "<div class='short-cta'><h2>Plan your crossing today!</h2></div>"
            f"<p>{P3}</p></article></body></html>")
    r = clean_html(page)
    assert r.paragraphs == [P1, P2, P3]
    assert rules(r)["newsletter"] == ["Plan your crossing today!"]


P5 = ("The builder has said it will pay part of the extra cost, and a spokesman added that the "
      "flood defences are now finished and have already been inspected by the agency.")
BODY = (P2, P3, P4, P5)


def _page_with_lede(lede: str) -> str:
    return ("<html><body><div class='hero'><h1>Ferry terminal to open in May</h1>"
            "<div class='meta'><a href='/a/dana'>Dana Whitfield</a><span>May 2, 2025</span>"
            f"</div><div class='dek'><p>{lede}</p></div></div>"
            "<div class='toc'><h3>In this article</h3></div>"
            "<p><a href='/ferries'>Ferries</a> <a href='/harbour'>Harbour news</a></p>"
            "<div class='article-body'>" + "".join(f"<p>{p}</p>" for p in BODY) + "</div>"
            "</body></html>")


def test_lede_between_headline_and_container_is_kept():
    r = clean_html(_page_with_lede(P1))
    assert r.paragraphs == [P1, *BODY]


def test_lede_repeated_by_the_body_is_not_taken_twice():
    r = clean_html(_page_with_lede(P2[:120]))
    assert r.paragraphs == list(BODY)
