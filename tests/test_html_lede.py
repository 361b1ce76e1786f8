"""The HTML lede (extractors.cleaning.html_lede), on small hand-written pages: a standfirst between the
headline and the main container is the article's first paragraph, unless the body repeats it."""
from __future__ import annotations

from extractors.cleaning.cleaner import clean_html
from tests.support import P1, P2, P3, P4

# a fifth paragraph, so the body under the lede is four paragraphs long
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
