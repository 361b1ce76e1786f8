"""Behaviour of the boilerplate/ad cleaner (extractors.cleaning.cleaner).

Each rule family is shown on small hand-written inputs (other words than the seed files), then
the two seed files are checked against the hand-made gold, and the dev-set targets live in
test_cleaning_devset.py.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from extractors.cleaning.cleaner import CleanResult, clean_html, clean_text
from tests.paths import RAW, SEEDS_GOLD
from tests.support import removed_by_rule

P1 = ("The county board agreed on Monday to rebuild the old pier, a project that engineers "
      "say has been delayed for almost a decade by disputes over funding.")
P2 = ("Work is expected to begin in the spring, and the contractor said the first section "
      "would reopen to walkers before the end of the summer season.")
P3 = ("“We have waited long enough for this,” said Tomasz Reed, a fisherman who has moored "
      "his boat beside the pier since he was a teenager.")



# --------------------------------------------------------------------------- text mode: layout
def test_one_paragraph_per_line_gives_blank_line_separated_paragraphs():
    r = clean_text(f"{P1}\n{P2}\n{P3}\n")
    assert r.text == f"{P1}\n\n{P2}\n\n{P3}"
    assert r.paragraphs == [P1, P2, P3]


def test_hard_wrapped_block_is_joined_into_one_paragraph():
    wrapped = ("The county board agreed on Monday to rebuild the old pier, a\n"
               "project that engineers say has been delayed for almost a decade\n"
               "by disputes over funding and by two failed tenders.")
    r = clean_text(wrapped + "\n\n" + P2)
    assert r.paragraphs[0] == " ".join(wrapped.split("\n"))
    assert r.paragraphs[1] == P2


def test_short_one_line_paragraphs_without_blank_lines_stay_apart():
    lines = ["The council approved the budget on Tuesday after a six-hour debate.",
             "Two members voted against it, citing the cost of the new tram line.",
             "The mayor said work on the bridges would start before the end of next year."]
    assert clean_text("\n".join(lines) + "\n").paragraphs == lines


def test_hard_wrapped_text_without_blank_lines_is_joined_per_sentence_end():
    text = ("The county board agreed on Monday to rebuild the old pier, a\n"
            "project that engineers say has been delayed for almost a decade.\n"
            "Residents welcomed the decision, though some worried about the\n"
            "noise of construction during the busy summer season ahead.\n")
    assert clean_text(text).paragraphs == [
        "The county board agreed on Monday to rebuild the old pier, a project that engineers say has been "
        "delayed for almost a decade.",
        "Residents welcomed the decision, though some worried about the noise of construction during the busy "
        "summer season ahead."]


def test_whitespace_is_normalised_but_characters_are_kept():
    r = clean_text(f"   {P3}   \n\n\n\n{P1}\t\n")
    assert r.paragraphs == [P3, P1]  # curly quotes untouched
    assert "\n\n\n" not in r.text


def test_empty_and_blank_input_give_empty_result():
    assert clean_text("").text == ""
    assert clean_text(" \n\n \t").text == ""


# --------------------------------------------------------------------------- text mode: rules
def test_copyright_line_is_removed_and_gives_publisher_and_year():
    r = clean_text(f"{P1}\n{P2}\n© 2021 Harbour Gazette. All rights reserved.")
    assert "Harbour Gazette" not in r.text
    assert removed_by_rule(r)["copyright"] == ["© 2021 Harbour Gazette. All rights reserved."]
    assert r.metadata.publisher == "Harbour Gazette"
    assert r.metadata.copyright_year == 2021


def test_copyright_word_form_and_year_range_take_latest_year():
    r = clean_text(f"{P1}\n{P2}\nCopyright 2019-2024 Northfield Media Group")
    assert r.metadata.copyright_year == 2024
    assert r.metadata.publisher == "Northfield Media Group"
    assert "Northfield" not in r.text


def test_copyright_glued_to_last_body_line_is_split_off_with_trailing_label():
    r = clean_text(f"{P1}\n{P2}© 2022 Valley Post. All rights reserved.Sport")
    assert r.paragraphs == [P1, P2]
    got = removed_by_rule(r)
    assert got["copyright"] == ["© 2022 Valley Post. All rights reserved."]
    assert got["section_label"] == ["Sport"]
    assert r.metadata.publisher == "Valley Post"


def test_leading_section_label_is_removed_and_recorded_as_section():
    r = clean_text(f"Politics\n\n{P1}\n\n{P2}")
    assert r.paragraphs[0] == P1
    assert r.metadata.section == "Politics"
    assert removed_by_rule(r)["section_label"] == ["Politics"]


def test_short_first_sentence_is_not_mistaken_for_a_label():
    r = clean_text(f"It rained.\n{P1}\n{P2}")
    assert r.paragraphs[0] == "It rained." or r.metadata.section is None
    assert r.metadata.section is None


@pytest.mark.parametrize("heading", ["Related", "Read more", "You may also like",
                                     "More from Business", "Recommended for you",
                                     "Related Stories:"])
def test_related_list_at_end_is_removed_with_its_headlines(heading):
    tail = ("Lighthouse keeper retires after 40 years\n"
            "Storm warning issued for $90 million marina project\n"
            "Five things to do this weekend")
    r = clean_text(f"{P1}\n\n{P2}\n\n{heading}\n\n{tail}")
    assert r.paragraphs == [P1, P2]
    assert "$90 million" not in r.text
    got = removed_by_rule(r)["related_list"]
    assert got[0] == heading and len(got) == 4


def test_related_list_stops_at_the_next_prose_paragraph():
    long_para = P3 + " " + P2
    r = clean_text(f"{P1}\n\nRead more\nPier plans unveiled\n\n{long_para}")
    assert r.paragraphs == [P1, long_para]


@pytest.mark.parametrize("line,rule", [
    ("ADVERTISEMENT", "advert"),
    ("Story continues below advertisement", "advert"),
    ("Share this article", "share_prompt"),
    ("Follow us on Facebook and Instagram", "share_prompt"),
    ("Sign up for our daily newsletter", "newsletter"),
    ("Get the best stories delivered to your inbox.", "newsletter"),
    ("We use cookies to give you the best experience on our site.", "cookie_banner"),
    ("Home > News > Local", "navigation"),
    ("Skip to main content", "navigation"),
    ("By Ana Lucía Pereira", "byline"),
    ("Photo: Jens Holm/Getty Images", "photo_credit"),
    ("Updated: March 3, 2025 10:14 am", "timestamp"),
    ("5 min read", "reading_time"),
    ("Leave a comment", "comments_prompt"),
])
def test_boilerplate_line_is_removed_with_its_rule(line, rule):
    r = clean_text(f"{P1}\n{line}\n{P2}\n{P3}")
    assert line not in r.text
    assert removed_by_rule(r).get(rule) == [line]
    assert r.paragraphs == [P1, P2, P3]


def test_prose_that_mentions_boilerplate_words_is_kept():
    prose = ("By the end of the meeting, members agreed that the newsletter sent to "
             "residents should explain how the cookies sold at the fair raised money.")
    r = clean_text(f"{P1}\n{prose}\n{P2}")
    assert prose in r.paragraphs


def test_every_removed_block_has_rule_and_detail():
    r = clean_text(f"World\n{P1}\nADVERTISEMENT\n{P2}\n© 2020 Foo News. All rights reserved.")
    assert r.removed
    assert all(b.rule and b.detail for b in r.removed)


def test_page_chrome_around_the_body_is_dropped_in_a_full_text_dump():
    chrome_top = "Home\nNews\nSport\nWeather\nSign in"
    chrome_bottom = "About us\nContact\nPrivacy policy\nTerms of use\nCareers\nAdvertise with us"
    r = clean_text(f"{chrome_top}\n{P1}\n{P2}\n{P3}\n{chrome_bottom}")
    assert r.paragraphs == [P1, P2, P3]


# --------------------------------------------------------------------------- HTML mode
PAGE = f"""<!doctype html><html lang="en"><head>
<title>Pier to be rebuilt | Bay Chronicle</title>
<meta property="og:site_name" content="Bay Chronicle">
<meta property="og:title" content="Pier to be rebuilt">
<meta property="article:published_time" content="2025-04-02T08:00:00Z">
<meta name="author" content="Ines Calder">
<link rel="canonical" href="https://bay.example/pier">
<script type="application/ld+json">{{"@type":"NewsArticle","headline":"Pier to be rebuilt",
"datePublished":"2025-04-02T08:00:00Z","dateModified":"2025-04-03T09:30:00+01:00",
"author":{{"@type":"Person","name":"Ines Calder"}}}}</script>
<script>var x = "script text";</script><style>p{{color:red}}</style></head>
<body><nav><a href="/">Home</a><a href="/news">News</a></nav>
<div class="cookie-notice">We use cookies. <button>OK</button></div>
<article><h1>Pier to be rebuilt</h1>
<div class="ad-slot">Advertisement</div>
<p>{P1}</p><p>{P2}</p><div class="share-tools">Share on Facebook</div><p>{P3}</p>
<div class="newsletter-box">Sign up for our weekly newsletter</div>
<div style="display:none">Invisible promo text</div>
<aside><h3>Related</h3><ul><li><a href="/x">Seafront cafe to close for $2 million refit</a></li></ul></aside>
</article>
<div class="related-posts"><a href="/y">Harbour dredging begins</a></div>
<footer>© 2025 Bay Chronicle Ltd. All rights reserved.</footer>
</body></html>"""


def test_html_body_is_the_article_paragraphs_without_headline():
    r = clean_html(PAGE)
    assert r.paragraphs == [P1, P2, P3]


def test_html_chrome_elements_are_recorded_with_rule_ids():
    got = removed_by_rule(clean_html(PAGE))
    for rule in ["script", "style", "nav", "cookie_banner", "ad_slot", "share_prompt",
                 "newsletter", "hidden", "aside", "related_list", "footer", "headline"]:
        assert rule in got, rule
    assert any("Invisible promo" in t for t in got["hidden"])


def test_html_metadata_from_meta_tags_and_json_ld():
    m = clean_html(PAGE, url="https://bay.example/pier?utm=1").metadata
    assert m.title == "Pier to be rebuilt"
    assert m.authors == ("Ines Calder",)
    assert m.publisher == "Bay Chronicle"
    assert m.published == datetime(2025, 4, 2, 8, 0, tzinfo=timezone.utc)
    assert m.modified is not None and m.modified.utcoffset() is not None
    assert m.language == "en"
    assert m.canonical_url == "https://bay.example/pier"
    assert m.copyright_year == 2025


def test_html_without_article_tag_uses_text_density():
    page = (f"<html><body><div class='menu'><a href='/'>Home</a> <a href='/a'>About</a></div>"
            f"<div id='x1'><div><p>{P1}</p><p>{P2}</p><p>{P3}</p></div></div>"
            f"<div><a href='/1'>Link one</a> <a href='/2'>Link two</a> <a href='/3'>Three</a>"
            f"</div></body></html>")
    assert clean_html(page).paragraphs == [P1, P2, P3]


def test_html_line_rules_apply_inside_the_body():
    page = f"<html><body><article><p>{P1}</p><p>ADVERTISEMENT</p><p>{P2}</p></article></body></html>"
    r = clean_html(page)
    assert r.paragraphs == [P1, P2]
    assert removed_by_rule(r)["advert"] == ["ADVERTISEMENT"]


@pytest.mark.parametrize("bad", ["", "   ", "<", "<html>", "<<<>>>&&&", "\x00\x01binary",
                                 "<?xml version='1.0' encoding='utf-8'?><html><body><p>x</p>"
                                 "</body></html>", "<div>" * 5000 + "deep" + "</div>" * 5000,
                                 "<p>" + "word " * 20000])
def test_html_never_raises_on_malformed_input(bad):
    r = clean_html(bad)
    assert isinstance(r, CleanResult)


def test_html_sample_pages_in_data_raw():
    for name, must, publisher in [
        ("2026-harbour-ferry.html", "£1.4 million subsidy", "Eastmouth Courier"),
        ("2026-city-budget.html", "$612 million operating budget", "The Riverton Ledger"),
    ]:
        r = clean_html((RAW / name).read_text(encoding="utf-8"))
        assert must in r.text
        assert 5 <= len(r.paragraphs) <= 8
        assert r.metadata.publisher == publisher
        assert r.metadata.published is not None and r.metadata.canonical_url
        for junk in ["cookies", "Advertisement", "ADVERTISEMENT", "newsletter", "Related",
                     "More from", "All rights reserved", "Share"]:
            assert junk not in r.text, (name, junk)


# --------------------------------------------------------------------------- seeds vs gold
def _seed_gold() -> dict:
    return json.loads(SEEDS_GOLD.read_text(encoding="utf-8"))["documents"]


def test_seed_files_match_gold():
    for name, gold in _seed_gold().items():
        r = clean_text((RAW / name).read_text(encoding="utf-8"))
        assert r.text.startswith(gold["body_starts_with"]), name
        assert r.text.endswith(gold["body_ends_with"]), name
        assert len(r.paragraphs) == gold["body_paragraphs"], name
        removed = [b.text for b in r.removed]
        for s in gold.get("boilerplate", []):
            assert s in removed, (name, s)
        for s in gold.get("boilerplate", []) + gold.get("forbidden", []):
            if s == "News":
                assert not r.text.startswith("News"), name
                continue
            assert s not in r.text, (name, s)
        if "publisher" in gold:
            assert r.metadata.publisher == gold["publisher"], name
        if "copyright_year" in gold:
            assert r.metadata.copyright_year == gold["copyright_year"], name
        if "section" in gold:
            assert r.metadata.section == gold["section"], name

# The dev-set quality targets are asserted in tests/test_cleaning_devset.py.
