"""The edges and the inside of the body span (extractors.cleaning.body_filter.select_span and its
penalties), on small hand-written inputs: a list or a table between prose stays, short
sentences at the edge of the body stay while short chrome lines go, a dropped chrome line
separates the body from a thin sentence after it, and an intro cut off from a long body by a
table is kept."""
from __future__ import annotations

from extractors.cleaning.cleaner import clean_html, clean_text
from settings import cleaning as cleaning_settings
from tests.support import P1, P2, P3, P4, ferry_page, removed_by_rule


# --------------------------------------------------------------------------- edges
def test_bullet_list_inside_the_article_stays_and_footer_menu_goes():
    bullets = "\n".join(f"* Stop {i}: Harbour Street" for i in range(1, 7))
    footer = "\n".join(["About", "Careers", "Advertise", "Newsroom", "Our apps",
                        "Accessibility", "Sitemap", "Jobs board", "Events", "Shop"])
    r = clean_text(f"{P1}\n{P2}\n{bullets}\n{P3}\n{P4}\n{footer}")
    assert r.paragraphs[:2] == [P1, P2] and r.paragraphs[-2:] == [P3, P4]
    assert "* Stop 3: Harbour Street" in r.paragraphs
    assert "Jobs board" not in r.text


def test_dropped_chrome_line_separates_the_body_from_a_thin_sentence(monkeypatch):
    tail = "Our friendly team will plan your next island trip."
    text = f"{P1}\n{P2}\n{P3}\nSubscribe now.\n{tail}"
    r = clean_text(text)
    assert r.paragraphs == [P1, P2, P3]
    assert tail in removed_by_rule(r)["outside_body"]
    monkeypatch.setattr(cleaning_settings, "CHROME_PENALTY", 0.0)
    assert clean_text(text).paragraphs == [P1, P2, P3, tail]  # what the penalty changes


def test_short_one_sentence_paragraphs_at_the_edge_of_the_body_are_kept():
    short = ["It is late.", "Trains are full.", "Roads are closed."]
    page = ferry_page("<div class='post'>" + "".join(f"<p>{s}</p>" for s in short) +
                      f"<p>{P1}</p><p>{P2}</p><p>{P3}</p></div>")
    assert clean_html(page).paragraphs == [*short, P1, P2, P3]


def test_short_lines_without_a_full_stop_at_the_edge_are_still_dropped():
    page = ferry_page("<div class='post'><p>Share</p><p>Stay connected with us!</p>"
                      f"<p>{P1}</p><p>{P2}</p><p>{P3}</p></div>")
    assert clean_html(page).paragraphs == [P1, P2, P3]


# --------------------------------------------------------------------------- tables
def _table(rows: int) -> str:
    cells = "".join(f"<tr><td>Ferry {i}</td><td>{i} knots</td><td>Yes</td><td>{i}0 cars</td>"
                    "</tr>" for i in range(rows))
    return f"<table>{cells}</table>"


def test_comparison_table_between_prose_stays_in_the_body():
    page = ferry_page(f"<article><p>{P1}</p><p>{P4}</p>{_table(8)}<p>{P2}</p><p>{P3}</p></article>")
    r = clean_html(page)
    assert r.paragraphs[:2] == [P1, P4] and r.paragraphs[-2:] == [P2, P3]
    assert "Ferry 7" in r.paragraphs and "70 cars" in r.paragraphs


def test_intro_cut_off_from_a_long_body_by_a_table_is_kept():
    body = "".join(f"<p>{p}</p>" for p in [P2, P3, P4] * 8)  # over ten times the intro
    links = "".join(f"<li><a href='/s{i}'>Section {i}</a></li>" for i in range(12))
    page = ferry_page(f"<article><p>{P1}</p><p>{P4}</p><ul>{links}</ul>{_table(30)}{body}"
                      "</article>")
    assert clean_html(page).paragraphs[:3] == [P1, P4, P2]
