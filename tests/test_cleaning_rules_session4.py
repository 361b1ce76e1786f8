"""Rule families of the fourth cleaning pass (issue 3), on small hand-written inputs: links
inside a sentence that carry a chrome-like class, sales buttons and their pitch, the article's
opening cut off by a table, tables inside the body, double-decoded UTF-8, "About/By <name>"
author boxes, bylines naming a desk, section headers holding only a sub-heading, and linked
one-sentence paragraphs inside the body."""
from __future__ import annotations

from extractors.body_filter import is_named_bio
from extractors.boilerplate import classify_line, is_cta_button, repair_mojibake
from extractors.cleaning import clean_html, clean_text
from tests.test_cleaning_rules import P1, P2, P3, P4, rules



def _page(inner: str) -> str:
    return f"<html><body><h1>Ferry terminal</h1>{inner}</body></html>"


# --------------------------------------------------------------------------- in-text links
def test_link_inside_a_sentence_keeps_its_words_despite_a_chrome_class():
    linked = ("<p>Avoid the urge to <a class='recommendation-inline-link' href='/f'>"
              "overfertilize</a>; you will get lots of leaves but fewer vegetables, the "
              "harbour gardeners said at the Thursday meeting of the allotment society.</p>")
    r = clean_html(_page(f"<article><p>{P1}</p>{linked}<p>{P2}</p></article>"))
    assert ("Avoid the urge to overfertilize; you will get lots of leaves but fewer "
            "vegetables") in r.text
    assert "related_list" not in rules(r)


def test_standalone_link_with_a_chrome_class_is_still_dropped():
    r = clean_html(_page(f"<article><p>{P1}</p><p>{P2}</p>"
                         "<div><a class='recommendation' href='/t'>Ten ferries worth the "
                         "crossing</a></div><p>{P3}</p></article>".replace("{P3}", P3)))
    assert r.paragraphs == [P1, P2, P3]
    assert rules(r)["related_list"] == ["Ten ferries worth the crossing"]


# --------------------------------------------------------------------------- sales buttons
def test_sales_button_and_the_slogan_above_it_are_removed():
    promo = ("<p>Get the cash you need with a low-interest personal loan today</p>"
             "<div><a class='btn' href='/apply'>Apply now</a></div>")
    r = clean_html(_page(f"<article><p>{P1}</p><p>{P2}</p>{promo}<p>{P3}</p></article>"))
    assert r.paragraphs == [P1, P2, P3]
    assert rules(r)["call_to_action"] == [
        "Get the cash you need with a low-interest personal loan today"]
    assert "Apply now" in r.text + "".join(b.text for b in r.removed)  # the button goes too


def test_book_now_under_a_list_item_is_not_a_sales_button():
    assert not is_cta_button("Book now")
    assert not is_cta_button("Learn more")
    assert is_cta_button("Get Started for Free")
    # a lead-in ending with a colon above a button is not taken as its pitch
    page = _page(f"<article><p>{P1}</p><p>{P2}</p><p>Here is what you get with it:</p>"
                 "<p><a href='/s'>Subscribe now</a></p><p>{P3}</p></article>".replace("{P3}",
                                                                                      P3))
    assert "Here is what you get with it:" in clean_html(page).paragraphs


# --------------------------------------------------------------------------- tables, intro
def _table(rows: int) -> str:
    cells = "".join(f"<tr><td>Ferry {i}</td><td>{i} knots</td><td>Yes</td><td>{i}0 cars</td>"
                    "</tr>" for i in range(rows))
    return f"<table>{cells}</table>"


def test_comparison_table_between_prose_stays_in_the_body():
    page = _page(f"<article><p>{P1}</p><p>{P4}</p>{_table(8)}<p>{P2}</p><p>{P3}</p></article>")
    r = clean_html(page)
    assert r.paragraphs[:2] == [P1, P4] and r.paragraphs[-2:] == [P2, P3]
    assert "Ferry 7" in r.paragraphs and "70 cars" in r.paragraphs


def test_intro_cut_off_from_a_long_body_by_a_table_is_kept():
    body = "".join(f"<p>{p}</p>" for p in [P2, P3, P4] * 8)  # over ten times the intro
    links = "".join(f"<li><a href='/s{i}'>Section {i}</a></li>" for i in range(12))
    page = _page(f"<article><p>{P1}</p><p>{P4}</p><ul>{links}</ul>{_table(30)}{body}"
                 "</article>")
    assert clean_html(page).paragraphs[:3] == [P1, P4, P2]


# --------------------------------------------------------------------------- encoding
def test_double_decoded_utf8_is_repaired():
    broken = "Investor\u00e2\u0080\u0099s guide \u00e2\u0080\u0094 part two"
    assert repair_mojibake(broken) == "Investor’s guide — part two"
    assert repair_mojibake("café au lait, 20 °C") == "café au lait, 20 °C"  # no C1: untouched
    r = clean_html(_page(f"<article><p>{P1}</p><p>The harbour\u00e2\u0080\u0099s new ferry "
                         f"terminal will open in May, the authority said on Thursday "
                         f"evening after the vote.</p><p>{P2}</p></article>"))
    assert "The harbour’s new ferry terminal" in r.text


# --------------------------------------------------------------------------- author boxes
def test_about_name_line_over_a_bio_of_that_name_is_an_author_box():
    bio = ("Amar is an avid traveler who has tested ferries on all seven continents over the "
           "last thirteen years.")
    r = clean_text(f"{P1}\n{P2}\n{P3}\nAbout Amar Hussain\n{bio}\nWe Recommend\n{P4}")
    assert r.paragraphs == [P1, P2, P3]
    assert rules(r)["author_box"] == ["About Amar Hussain", bio]


def test_a_bare_name_heading_over_its_description_is_not_an_author_box():
    assert not is_named_bio("Hertz", "Hertz is the oldest car rental company in the country.")
    assert is_named_bio("By infuy", "Infuy is an international technology company.")


# --------------------------------------------------------------------------- bylines
def test_byline_naming_a_desk_is_removed():
    assert classify_line("By The Currency editors").rule == "byline"
    assert classify_line("By the end of the day, the ferry staff were exhausted.") is None


# --------------------------------------------------------------------------- section headers
def test_section_header_holding_only_a_subheading_is_kept():
    sections = "".join(f"<section><header><h3>Trail {i}</h3></header><p>{p}</p></section>"
                       for i, p in enumerate([P1, P2, P3]))
    page = ("<html><body><header><nav><a href='/'>Home</a><a href='/x'>Eat</a></nav>"
            f"</header><h1>Ferry terminal</h1><article><p>{P4}</p>" + sections +
            "</article></body></html>")
    r = clean_html(page)
    assert r.paragraphs == [P4, "Trail 0", P1, "Trail 1", P2, "Trail 2", P3]
    assert "Home Eat" in rules(r)["header"]


# --------------------------------------------------------------------------- linked sentences
def test_one_sentence_linked_paragraph_inside_the_body_is_kept():
    linked = ("<p><a href='https://shop.example/sqa55'>The new ferry is available at the "
              "harbour office.</a></p>")
    r = clean_html(_page(f"<article><p>{P1}</p><p>{P2}</p>{linked}<p>{P3}</p></article>"))
    assert r.paragraphs == [P1, P2, "The new ferry is available at the harbour office.", P3]


def test_linked_excerpt_under_a_linked_teaser_headline_is_still_dropped():
    teaser = ("<h3><a href='/t'>Ten ferries worth the crossing</a></h3>"
              "<p><a href='/t'>Our writers pick the ten crossings that are worth the "
              "fare.</a></p>")
    r = clean_html(_page(f"<article><p>{P1}</p><p>{P2}</p><p>{P3}</p>{teaser}</article>"))
    assert "Our writers pick the ten crossings that are worth the fare." not in r.paragraphs
