"""Rule families of the third cleaning pass (issue 3), on small hand-written inputs: bodies split
over copies of one wrapper class, sales calls to action, "follow us on" prompts, more newsletter
and disclosure sentences, post navigation, WordPress "Posted on ... in" meta, a copyright sign
after the holder, inline "Related:" links, reader-comment headers, publisher's notices closing
the article, dropped chrome lines as span separators, runs of one-sentence paragraphs at the
edge of the body, and linked sub-headings inside the body."""
from __future__ import annotations

import pytest

from extractors import body_filter
from extractors.boilerplate import classify_line, trailing_notice
from extractors.cleaning import clean_html, clean_text
from tests.test_cleaning_rules import P1, P2, P3, P4, rules



# --------------------------------------------------------------------------- line rules
@pytest.mark.parametrize("line,rule", [
    ("Talk to a relocation specialist today", "call_to_action"),
    ("Stop Searching & Start Winning. Talk To Our Marketing Experts", "call_to_action"),
    ("Book a free demo with Ferrylog", "call_to_action"),
    ("Get in touch with us", "call_to_action"),
    ("Call for an appointment", "call_to_action"),
    ("Catch up on our coverage of travel and follow us on Facebook, Instagram and TikTok.",
     "share_prompt"),
    ("Like what you see? Share with a friend", "share_prompt"),
    ("Subscribe to the Harbour blog to receive fresh perspectives on coastal travel.",
     "newsletter"),
    ("Sign up to get our curated emails with the best stories from the coast.", "newsletter"),
    ("Get the morning briefing", "newsletter"),
    ("We may be compensated when you click on a link from one of our partners.", "disclosure"),
    ("If you buy through my links, I may earn a commission at no cost to you.", "disclosure"),
    ("Harbour Wealth, LLC is a Registered Investment Adviser.", "disclosure"),
    ("Previous: Paying for the rides I took eight years ago", "navigation"),
    ("Next Post » Ten ferries worth the crossing", "navigation"),
    ("Posted on November 25, 2024 in Travel, Ferries, Coastal towns, Harbour news", "tags"),
    ("Jane Doe © 2025. All content is the property of Jane Doe.", "copyright"),
    ("Related: Ten ferries worth the crossing this winter", "related_link"),
    ("3. Ella Fox says:", "comments_prompt"),
    ("December 19, 2025 at 15:54", "comments_prompt"),
])
def test_new_chrome_lines_are_removed_with_their_rule(line, rule):
    r = clean_text(f"{P1}\n{line}\n{P2}\n{P3}")
    assert r.paragraphs == [P1, P2, P3]
    assert rules(r).get(rule) == [line]


@pytest.mark.parametrize("line", [
    "Readers can contact us with questions about the new timetable, the authority said.",
    "The mayor says the ferry will call at the island twice a day from May onwards.",
    "Posted to the harbour in 1998, she spent twenty years inspecting the ferries.",
    "Next, the operators will publish the winter timetable.",
    "She shared the news with a friend before the council meeting on Friday evening.",
    "As the report says:",
])
def test_prose_resembling_the_new_rules_is_kept(line):
    assert classify_line(line) is None


def test_related_link_is_not_an_end_of_article_marker():
    r = clean_text(f"{P1}\n{P2}\nRelated: Ten ferries worth the crossing\n{P3}\n{P4}")
    assert r.paragraphs == [P1, P2, P3, P4]


def test_comment_headers_close_the_article():
    comment = ("I have used this ferry for years and the new terminal is a welcome change for "
               "all of us who commute to the mainland every single day of the week.")
    r = clean_text(f"{P1}\n{P2}\n{P3}\n1. Ella Fox says:\nDecember 19, 2025 at 15:54\n{comment}")
    assert r.paragraphs == [P1, P2, P3]
    assert comment in rules(r)["outside_body"]


# --------------------------------------------------------------------------- trailing notices
NOTICE = ("Harbour Notes is a production of Coastal Press. If you liked this article, please "
          "consider liking, sharing and subscribing to the Coastal Digest newsletter. If you want "
          "to support Coastal Press further, you can become a patron and get early access to "
          "every new issue, the full archive of past guides and a monthly letter from the "
          "editors about what we are working on next and why it matters to us.")


def test_long_notice_closing_the_article_is_removed():
    assert len(NOTICE) > 300 and classify_line(NOTICE) is None  # too long for the line rule
    assert trailing_notice(NOTICE) == "newsletter"
    r = clean_text(f"{P1}\n\n{P2}\n\n{P3}\n\n{NOTICE}")
    assert r.paragraphs == [P1, P2, P3]
    assert rules(r)["newsletter"] == [NOTICE]


def test_long_notice_in_mid_article_is_kept():
    r = clean_text(f"{P1}\n\n{NOTICE}\n\n{P2}\n\n{P3}\n\n{P4}\n\n{P1[:150]}")
    assert NOTICE in r.paragraphs


# --------------------------------------------------------------------------- span
def test_dropped_chrome_line_separates_the_body_from_a_thin_sentence(monkeypatch):
    tail = "Our friendly team will plan your next island trip."
    text = f"{P1}\n{P2}\n{P3}\nSubscribe now.\n{tail}"
    r = clean_text(text)
    assert r.paragraphs == [P1, P2, P3]
    assert tail in rules(r)["outside_body"]
    monkeypatch.setattr(body_filter, "CHROME_PENALTY", 0.0)
    assert clean_text(text).paragraphs == [P1, P2, P3, tail]  # what the penalty changes


def _page(inner: str) -> str:
    return f"<html><body><h1>Ferry terminal</h1>{inner}</body></html>"


def test_short_one_sentence_paragraphs_at_the_edge_of_the_body_are_kept():
    short = ["It is late.", "Trains are full.", "Roads are closed."]
    page = _page("<div class='post'>" + "".join(f"<p>{s}</p>" for s in short) +
                 f"<p>{P1}</p><p>{P2}</p><p>{P3}</p></div>")
    assert clean_html(page).paragraphs == [*short, P1, P2, P3]


def test_short_lines_without_a_full_stop_at_the_edge_are_still_dropped():
    page = _page("<div class='post'><p>Share</p><p>Stay connected with us!</p>"
                 f"<p>{P1}</p><p>{P2}</p><p>{P3}</p></div>")
    assert clean_html(page).paragraphs == [P1, P2, P3]


def test_linked_subheading_inside_the_body_is_kept():
    page = _page(f"<article><p>{P1}</p><p>{P2}</p>"
                 "<h2><a href='https://example.org/ferries'>The new timetable</a></h2>"
                 f"<p>{P3}</p><p>{P4}</p></article>")
    assert clean_html(page).paragraphs == [P1, P2, "The new timetable", P3, P4]


def test_link_list_items_are_still_dropped():
    page = _page(f"<article><p>{P1}</p><p>{P2}</p><p>{P3}</p>"
                 "<p><a href='/a'>Ten ferries worth the crossing</a></p></article>")
    r = clean_html(page)
    assert r.paragraphs == [P1, P2, P3]
    assert rules(r)["link_list"] == ["Ten ferries worth the crossing"]


# --------------------------------------------------------------------------- split bodies
def _section(text: str, pad: int) -> str:
    inner = f"<div class='post__content wysiwyg'><p>{text}</p></div>"
    for _ in range(pad):
        inner = f"<div class='wrap{pad}'>{inner}</div>"
    return f"<section class='outer'>{inner}<p><a href='/x'>Teaser link</a></p></section>"


def test_body_split_over_copies_of_one_wrapper_class_is_kept_whole():
    # the copies sit at different depths, too far apart for the ancestor climb
    page = ("<html><body><h1>Year in review</h1><main><div class='post'>"
            + _section(f"{P1} {P2}", 5) + _section(f"{P3} {P4}", 0)
            + _section(f"{P2} {P1}", 0) + "</div></main></body></html>")
    assert clean_html(page).paragraphs == [f"{P1} {P2}", f"{P3} {P4}", f"{P2} {P1}"]


def test_a_lone_layout_class_is_not_taken_for_a_body_wrapper():
    from extractors.html_dom import extract_blocks, parse_html, twin_containers

    root = parse_html(f"<html><body><div class='col'><p>{P1}</p></div>"
                      f"<div class='col'><p>{P2}</p></div></body></html>")
    first = root.find(".//div")
    assert twin_containers(root, first, extract_blocks(root.find("body"))) == []
