"""Linked blocks in and after the body (extractors.cleaning.body_filter), on small hand-written pages: a
linked sub-heading or one-sentence linked paragraph inside the body stays; link lists, a teaser
headline with its linked excerpt, grids of teaser cards after the article, and a sales button
with the slogan above it go."""
from __future__ import annotations

from extractors.cleaning import body_filter
from extractors.cleaning.boilerplate import is_cta_button
from extractors.cleaning.cleaner import clean_html
from tests.support import P1, P2, P3, P4, R1, R2, R3, R4, R5, R6, ferry_page, removed_by_rule


# --------------------------------------------------------------------------- links inside the body
def test_linked_subheading_inside_the_body_is_kept():
    page = ferry_page(f"<article><p>{P1}</p><p>{P2}</p>"
                      "<h2><a href='https://example.org/ferries'>The new timetable</a></h2>"
                      f"<p>{P3}</p><p>{P4}</p></article>")
    assert clean_html(page).paragraphs == [P1, P2, "The new timetable", P3, P4]


def test_link_list_items_are_still_dropped():
    page = ferry_page(f"<article><p>{P1}</p><p>{P2}</p><p>{P3}</p>"
                      "<p><a href='/a'>Ten ferries worth the crossing</a></p></article>")
    r = clean_html(page)
    assert r.paragraphs == [P1, P2, P3]
    assert removed_by_rule(r)["link_list"] == ["Ten ferries worth the crossing"]


def test_one_sentence_linked_paragraph_inside_the_body_is_kept():
    linked = ("<p><a href='https://shop.example/sqa55'>The new ferry is available at the "
              "harbour office.</a></p>")
    r = clean_html(ferry_page(f"<article><p>{P1}</p><p>{P2}</p>{linked}<p>{P3}</p></article>"))
    assert r.paragraphs == [P1, P2, "The new ferry is available at the harbour office.", P3]


def test_linked_excerpt_under_a_linked_teaser_headline_is_still_dropped():
    teaser = ("<h3><a href='/t'>Ten ferries worth the crossing</a></h3>"
              "<p><a href='/t'>Our writers pick the ten crossings that are worth the "
              "fare.</a></p>")
    r = clean_html(ferry_page(f"<article><p>{P1}</p><p>{P2}</p><p>{P3}</p>{teaser}</article>"))
    assert "Our writers pick the ten crossings that are worth the fare." not in r.paragraphs


# --------------------------------------------------------------------------- sales buttons
def test_sales_button_and_the_slogan_above_it_are_removed():
    promo = ("<p>Get the cash you need with a low-interest personal loan today</p>"
             "<div><a class='btn' href='/apply'>Apply now</a></div>")
    r = clean_html(ferry_page(f"<article><p>{P1}</p><p>{P2}</p>{promo}<p>{P3}</p></article>"))
    assert r.paragraphs == [P1, P2, P3]
    assert removed_by_rule(r)["call_to_action"] == [
        "Get the cash you need with a low-interest personal loan today"]
    assert "Apply now" in r.text + "".join(b.text for b in r.removed)  # the button goes too


def test_book_now_under_a_list_item_is_not_a_sales_button():
    assert not is_cta_button("Book now")
    assert not is_cta_button("Learn more")
    assert is_cta_button("Get Started for Free")
    # a lead-in ending with a colon above a button is not taken as its pitch
    page = ferry_page(f"<article><p>{P1}</p><p>{P2}</p><p>Here is what you get with it:</p>"
                      "<p><a href='/s'>Subscribe now</a></p><p>{P3}</p></article>".replace("{P3}",
                                                                                           P3))
    assert "Here is what you get with it:" in clean_html(page).paragraphs


# --------------------------------------------------------------------------- teaser grids
def _card(title: str, excerpt: str, date: str) -> str:
    return (f"<div class='card'><h3><a href='/{len(title)}'>{title}</a></h3>"
            f"<div class='excerpt'>{excerpt}</div><div class='date'>{date}</div></div>")


CARDS = [
    ("Harbour cranes to be replaced next year",
     "The port said the new cranes would be quieter and faster, and that the old ones would "
     "be sold to a yard in the north once the replacements had been tested.",
     "May 3, 2026"),
    ("Bus fares frozen for another twelve months",
     "The council agreed to keep fares at their current level, saying that more passengers "
     "had returned to the buses than it had expected at the start of the year.",
     "May 2, 2026"),
    ("Library opening hours extended in the summer",
     "Branches in the town centre will stay open until eight in the evening, because the "
     "reading rooms have been full on most afternoons since the new cafe opened.",
     "May 1, 2026"),
]


def test_html_grid_of_teaser_cards_after_the_article_is_not_body():
    """Three cards of linked headline, excerpt and date in the article's own container:
    their excerpts read as prose but are a "more stories" grid, not the article's end."""
    grid = "".join(_card(*c) for c in CARDS)
    body = "".join(f"<p>{p}</p>" for p in (R1, R2, R3, R4, R5, R6))
    page = (f"<html><body><h1>Reservoir to be drained</h1><div class='content'>{body}"
            f"{grid}</div></body></html>")
    r = clean_html(page)
    assert r.paragraphs == [R1, R2, R3, R4, R5, R6]
    removed = " ".join(b.text for b in r.removed)
    for _, excerpt, _ in CARDS:
        assert excerpt in removed  # audited, with the rule that removed it


def test_html_linked_title_over_the_article_is_not_a_teaser():
    """One linked headline over prose (a blog title linking to its own page) is no grid."""
    page = (f"<html><body><div class='post'><h2><a href='/post'>Reservoir to be drained this "
            f"summer</a></h2><p>{R1}</p><p>{R2}</p><p>{R3}</p></div></body></html>")
    r = clean_html(page)
    assert r.paragraphs[-3:] == [R1, R2, R3]


def test_teaser_card_runs_need_three_cards_in_a_row():
    link = dict(link_density=1.0, tag="h3")
    two = [body_filter.Unit(0, R1, tag="p"), body_filter.Unit(1, R2, tag="p")]
    for i, (title, excerpt, _) in enumerate(CARDS[:2]):
        two += [body_filter.Unit(10 + 2 * i, title, **link),
                 body_filter.Unit(11 + 2 * i, excerpt, tag="div")]
    cls = [body_filter.classify_paragraph(u) for u in two]
    assert body_filter.teaser_card_runs(two, cls) == []
    title, excerpt, _ = CARDS[2]
    three = two + [body_filter.Unit(20, title, **link), body_filter.Unit(21, excerpt, tag="div")]
    cls = [body_filter.classify_paragraph(u) for u in three]
    assert body_filter.teaser_card_runs(three, cls) == [(2, 7)]
