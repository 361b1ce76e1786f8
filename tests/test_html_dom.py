"""The HTML page's DOM (extractors.cleaning.html_dom), on small hand-written pages: parsing goes on past
an early </body>; chrome elements are dropped by tag, class and attribute with their rule
(iframes, comments, hidden blocks, banners, calls to action, figure captions), but a link in
running text keeps its words despite a chrome class; a section header holding only a
sub-heading is kept; the body is found across a sibling container and across copies of one
wrapper class."""
from __future__ import annotations

from extractors.cleaning.cleaner import clean_html
from tests.support import P1, P2, P3, P4, R1, R2, R3, R4, R5, R6, ferry_page, removed_by_rule


# --------------------------------------------------------------------------- parsing
def test_html_article_after_an_early_body_end_tag_is_kept():
    """A header include that ends with </body></html> before the article: browsers put what
    follows back into the body, and so must we (libxml2 alone drops it)."""
    page = ("<html><body><header><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
            "</header></body></html>\n"
            f"<div class='story'><h1>Reservoir to be drained</h1><p>{R1}</p><p>{R2}</p>"
            f"<p>{R3}</p></div><footer>Contact us</footer></body></html>")
    r = clean_html(page)
    assert r.paragraphs == [R1, R2, R3]


# --------------------------------------------------------------------------- chrome elements
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
    got = removed_by_rule(r)
    for rule in ["iframe", "hidden", "cookie_banner", "share_prompt", "newsletter",
                 "related_list", "ad_slot"]:
        assert rule in got, rule
    assert "$4 million" not in r.text and "tracking pixel" not in r.text


def test_call_to_action_box_is_dropped_in_html():
    page = (f"<html><body><article><h1>Ferry terminal</h1><p>{P1}</p><p>{P2}</p>"
            "<div class='short-cta'><h2>Plan your crossing today!</h2></div>"
            f"<p>{P3}</p></article></body></html>")
    r = clean_html(page)
    assert r.paragraphs == [P1, P2, P3]
    assert removed_by_rule(r)["newsletter"] == ["Plan your crossing today!"]


def test_html_figure_caption_is_removed_as_caption():
    """A <figcaption> describes an image, it is not the article's running text; it is reported
    under the rule "caption"."""
    caption = "Figure 2: the dam wall seen from the spillway, photographed by the water board"
    page = (f"<html><body><article><p>{R1}</p><figure><img src='dam.jpg'>"
            f"<figcaption>{caption}</figcaption></figure><p>{R2}</p><p>{R3}</p>"
            f"<p>{R4}</p><p>{R5}</p><p>{R6}</p></article></body></html>")
    r = clean_html(page)
    assert r.paragraphs == [R1, R2, R3, R4, R5, R6]
    assert removed_by_rule(r)["caption"] == [caption]


def test_link_inside_a_sentence_keeps_its_words_despite_a_chrome_class():
    linked = ("<p>Avoid the urge to <a class='recommendation-inline-link' href='/f'>"
              "overfertilize</a>; you will get lots of leaves but fewer vegetables, the "
              "harbour gardeners said at the Thursday meeting of the allotment society.</p>")
    r = clean_html(ferry_page(f"<article><p>{P1}</p>{linked}<p>{P2}</p></article>"))
    assert ("Avoid the urge to overfertilize; you will get lots of leaves but fewer "
            "vegetables") in r.text
    assert "related_list" not in removed_by_rule(r)


def test_standalone_link_with_a_chrome_class_is_still_dropped():
    r = clean_html(ferry_page(f"<article><p>{P1}</p><p>{P2}</p>"
                              "<div><a class='recommendation' href='/t'>Ten ferries worth the "
                              "crossing</a></div><p>{P3}</p></article>".replace("{P3}", P3)))
    assert r.paragraphs == [P1, P2, P3]
    assert removed_by_rule(r)["related_list"] == ["Ten ferries worth the crossing"]


def test_section_header_holding_only_a_subheading_is_kept():
    sections = "".join(f"<section><header><h3>Trail {i}</h3></header><p>{p}</p></section>"
                       for i, p in enumerate([P1, P2, P3]))
    page = ("<html><body><header><nav><a href='/'>Home</a><a href='/x'>Eat</a></nav>"
            f"</header><h1>Ferry terminal</h1><article><p>{P4}</p>" + sections +
            "</article></body></html>")
    r = clean_html(page)
    assert r.paragraphs == [P4, "Trail 0", P1, "Trail 1", P2, "Trail 2", P3]
    assert "Home Eat" in removed_by_rule(r)["header"]


# --------------------------------------------------------------------------- containers
def test_html_intro_in_a_sibling_container_is_kept():
    page = (f"<html><body><h1>Ferry terminal delayed</h1><div class='intro'><p>{P1}</p></div>"
            f"<div class='content'><p>{P2}</p><p>{P3}</p><p>{P4}</p></div>"
            f"<div class='links'><a href='/a'>Home</a> <a href='/b'>News</a></div>"
            f"</body></html>")
    assert clean_html(page).paragraphs == [P1, P2, P3, P4]


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
    from extractors.cleaning.html_dom import extract_blocks, parse_html, twin_containers

    root = parse_html(f"<html><body><div class='col'><p>{P1}</p></div>"
                      f"<div class='col'><p>{P2}</p></div></body></html>")
    first = root.find(".//div")
    assert twin_containers(root, first, extract_blocks(root.find("body"))) == []
