"""Line rules (extractors.cleaning.boilerplate) on small hand-written inputs: a line of page chrome between
an article's paragraphs is removed with the rule that names it (disclosures, share and follow
prompts, navigation, photo credits, newsletter and paywall prompts, sponsor labels, sales calls
to action, post meta, a copyright sign after the holder, inline "Related:" links, reader-comment
headers, bylines naming a desk), while prose resembling those lines is kept; related-list
headings are recognised; double-decoded UTF-8 is repaired."""
from __future__ import annotations

import pytest

from extractors.cleaning.boilerplate import classify_line, is_related_heading, repair_mojibake
from extractors.cleaning.cleaner import clean_html, clean_text
from tests.support import P1, P2, P3, ferry_page, removed_by_rule


# --------------------------------------------------------------------------- chrome lines
@pytest.mark.parametrize("line,rule", [
    ("When you purchase through links on our site, we may earn an affiliate commission.",
     "disclosure"),
    ("As an Amazon Associate we earn from qualifying purchases.", "disclosure"),
    ("This article is for informational purposes only and does not constitute financial advice.",
     "disclosure"),
    ("We may be compensated when you click on a link from one of our partners.", "disclosure"),
    ("If you buy through my links, I may earn a commission at no cost to you.", "disclosure"),
    ("Harbour Wealth, LLC is a Registered Investment Adviser.", "disclosure"),
    ("Share: Facebook X Reddit Pinterest Email LinkedIn", "share_prompt"),
    ("* Click to share on Mastodon (Opens in new window) Mastodon", "share_prompt"),
    ("Like this:", "share_prompt"),
    ("Catch up on our coverage of travel and follow us on Facebook, Instagram and TikTok.",
     "share_prompt"),
    ("Like what you see? Share with a friend", "share_prompt"),
    ("Privacy Policy", "navigation"),
    ("Terms of Use", "navigation"),
    ("Affiliate Disclosure", "navigation"),
    ("Book a demo", "navigation"),
    ("Try for free", "navigation"),
    ("Categories", "navigation"),
    ("* Privacy Policy", "navigation"),
    ("Previous: Paying for the rides I took eight years ago", "navigation"),
    ("Next Post » Ten ferries worth the crossing", "navigation"),
    ("Featured image by Lena Ortiz, other images via the brands", "photo_credit"),
    ("This article is exclusive to Harbour+ subscribers", "newsletter"),
    ("If you liked this article, please consider sharing it and subscribing to our digest.",
     "newsletter"),
    ("Love The Weekly Tide? Tell your friends and get rewards.", "newsletter"),
    ("Subscribe to the Harbour blog to receive fresh perspectives on coastal travel.",
     "newsletter"),
    ("Sign up to get our curated emails with the best stories from the coast.", "newsletter"),
    ("Get the morning briefing", "newsletter"),
    ("Sponsor Message", "advert"),
    ("In partnership with", "advert"),
    ("Ferry analytics, what is really happening (Sponsored)", "advert"),
    ("Talk to a relocation specialist today", "call_to_action"),
    ("Stop Searching & Start Winning. Talk To Our Marketing Experts", "call_to_action"),
    ("Book a free demo with Ferrylog", "call_to_action"),
    ("Get in touch with us", "call_to_action"),
    ("Call for an appointment", "call_to_action"),
    ("Posted on November 25, 2024 in Travel, Ferries, Coastal towns, Harbour news", "tags"),
    ("Jane Doe © 2025. All content is the property of Jane Doe.", "copyright"),
    ("Related: Ten ferries worth the crossing this winter", "related_link"),
    ("3. Ella Fox says:", "comments_prompt"),
    ("December 19, 2025 at 15:54", "comments_prompt"),
])
def test_site_chrome_lines_are_removed_with_their_rule(line, rule):
    r = clean_text(f"{P1}\n{line}\n{P2}\n{P3}")
    assert r.paragraphs == [P1, P2, P3]
    assert removed_by_rule(r).get(rule) == [line]


@pytest.mark.parametrize("line", [
    "Readers can contact us with questions about the new timetable, the authority said.",
    "The mayor says the ferry will call at the island twice a day from May onwards.",
    "Posted to the harbour in 1998, she spent twenty years inspecting the ferries.",
    "Next, the operators will publish the winter timetable.",
    "She shared the news with a friend before the council meeting on Friday evening.",
    "As the report says:",
])
def test_prose_resembling_chrome_lines_is_kept(line):
    assert classify_line(line) is None


def test_a_bullet_does_not_hide_prose_from_the_rules():
    assert classify_line("* Passengers will be able to buy tickets at the gate again.") is None


def test_byline_naming_a_desk_is_removed():
    assert classify_line("By The Currency editors").rule == "byline"
    assert classify_line("By the end of the day, the ferry staff were exhausted.") is None


# --------------------------------------------------------------------------- related-list headings
@pytest.mark.parametrize("line", [
    "Related blogs", "Other related articles...", "* Other Posts You May Enjoy",
    "🔥 Recommended Posts", "Recent Articles", "More Videos", "Posts you might like",
])
def test_related_headings_are_recognised_in_their_wordings_and_with_bullets(line):
    assert is_related_heading(line)


@pytest.mark.parametrize("line", [
    "Related to the ferry, the council also discussed buses.",
    "Recent articles in the local paper praised the harbour.",
])
def test_prose_is_not_a_related_heading(line):
    assert not is_related_heading(line)


# --------------------------------------------------------------------------- encoding
def test_double_decoded_utf8_is_repaired():
    broken = "Investor\u00e2\u0080\u0099s guide \u00e2\u0080\u0094 part two"
    assert repair_mojibake(broken) == "Investor’s guide — part two"
    assert repair_mojibake("café au lait, 20 °C") == "café au lait, 20 °C"  # no C1: untouched
    r = clean_html(ferry_page(f"<article><p>{P1}</p><p>The harbour\u00e2\u0080\u0099s new ferry "
                              f"terminal will open in May, the authority said on Thursday "
                              f"evening after the vote.</p><p>{P2}</p></article>"))
    assert "The harbour’s new ferry terminal" in r.text
