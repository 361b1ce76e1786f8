"""Article-level metadata from bylines: the cleaner's PageMetadata in HTML and text mode, the
articles row's `published_at_source`, and the anchor of relative dates."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from extractors.cleaning.cleaner import clean_html, clean_text
from extractors.cleaning.html_dom import parse_html
from extractors.cleaning.html_metadata import marked_byline_texts
from extractors.loading import load_file
from extractors.records import process_document
from schemas.articles import PUBLISHED_AT_SOURCES

EST = timezone(timedelta(hours=-5))
PROSE = ("The harbour ferry will leave twenty minutes earlier from Monday, the operator said on "
         "Tuesday after a review of the winter timetable. Commuters who take the first crossing "
         "of the day will gain a connection to the regional train at the main station.")
MORE = ("The change follows a survey of passengers carried out over the summer months, in which a "
        "majority asked for the earlier departure. The council welcomed the decision and said it "
        "would review the evening service next spring after the new pier opens to the public.")

DUMP = ("Harbour ferry to leave earlier from Monday\n\n"
        "By Ines Calder and Tom Hale, Staff Writers\n"
        "Published 11:34 PM EST Nov 19, 2019\n\n"
        f"{PROSE}\n\n{MORE}\n")


def _page(head: str = "", header: str = "") -> str:
    return (f"<html><head><title>Ferry | Harbour Gazette</title>{head}</head><body>"
            f"<header class='site'><nav><a href='/'>Home</a></nav></header><article>"
            f"<h1>Harbour ferry to leave earlier from Monday</h1>{header}"
            f"<p>{PROSE}</p><p>{MORE}</p></article>"
            "<section class='comments'><div class='comment-author'>By Lia Moss</div>"
            "<time>June 9, 2024</time><p>Great news.</p></section></body></html>")


def test_text_dump_header_fills_title_authors_and_date():
    meta = clean_text(DUMP).metadata
    assert meta.title == "Harbour ferry to leave earlier from Monday"
    assert meta.authors == ("Ines Calder", "Tom Hale")
    assert meta.published == datetime(2019, 11, 19, 23, 34, tzinfo=EST)
    assert meta.published_source == "text_header"


def test_text_dump_without_a_header_gets_no_title_and_keeps_its_body():
    meta = clean_text(f"{PROSE}\n\n{MORE}\n").metadata
    assert meta.title is None and meta.authors == () and meta.published is None


def test_reading_the_header_does_not_change_what_the_cleaner_keeps():
    from extractors.cleaning import cleaner as cleaning

    with_header = clean_text(DUMP)
    original = cleaning._text_header_metadata
    try:
        cleaning._text_header_metadata = lambda text, kept, fields: fields
        without = clean_text(DUMP)
    finally:
        cleaning._text_header_metadata = original
    assert with_header.text == without.text and with_header.removed == without.removed
    assert without.metadata.authors == () and with_header.metadata.authors


def test_html_byline_and_dateline_fill_missing_page_metadata():
    page = _page(header="<div class='byline'>By Ines Calder</div>"
                        "<div>Published 11:34 PM EST Nov 19, 2019</div>")
    meta = clean_html(page).metadata
    assert meta.authors == ("Ines Calder",)
    assert meta.published == datetime(2019, 11, 19, 23, 34, tzinfo=EST)
    assert meta.published_source == "byline"


def test_html_marked_author_element_gives_a_bare_name():
    page = _page(header="<div class='post-meta'><span class='author-name'>Ines Calder</span>"
                        "<span class='post-date'>June 3, 2024</span></div>")
    meta = clean_html(page).metadata
    assert meta.authors == ("Ines Calder",)
    assert meta.published == datetime(2024, 6, 3, tzinfo=timezone.utc)


def test_bylines_in_reader_comments_are_not_the_articles():
    authors, dates = marked_byline_texts(parse_html(_page()))
    assert authors == [] and dates == []
    meta = clean_html(_page()).metadata
    assert meta.authors == () and meta.published is None


def test_page_metadata_wins_over_the_visible_byline():
    head = ('<meta name="author" content="Ines Calder">'
            '<meta property="article:published_time" content="2024-06-01T08:00:00Z">')
    meta = clean_html(_page(head, "<div class='byline'>By Tom Hale | June 3, 2024</div>")).metadata
    assert meta.authors == ("Ines Calder",)
    assert meta.published == datetime(2024, 6, 1, 8, tzinfo=timezone.utc)
    assert meta.published_source == "page"


def test_a_byline_person_replaces_the_site_name_given_as_author():
    head = ('<meta property="og:site_name" content="Harbour Gazette">'
            '<meta name="author" content="Harbour Gazette">')
    meta = clean_html(_page(head, "<div class='byline'>By Ines Calder</div>")).metadata
    assert meta.authors == ("Ines Calder",)


def test_articles_row_says_where_the_date_came_from():
    [raw] = load_file("ferry.txt", DUMP.encode())
    article = process_document(raw).article
    assert article["published_at_source"] == "text_header"
    assert article["title"] == "Harbour ferry to leave earlier from Monday"
    assert article["authors"] == ["Ines Calder", "Tom Hale"]
    assert article["published_at_source"] in PUBLISHED_AT_SOURCES


def test_relative_dates_anchor_to_the_articles_local_day_not_the_utc_day():
    from extractors.records import paragraph_spans
    from extractors.nlp.batch import ArticleText, anchor_of

    [raw] = load_file("ferry.txt", DUMP.encode())
    article = process_document(raw).article
    published = article["published_at"]
    assert published.astimezone(timezone.utc).date() == date(2019, 11, 20)  # UTC is a day later
    text = article["text"]
    anchor = anchor_of(ArticleText("d" * 64, text, paragraph_spans(text), published, date(2026, 12, 1)))
    assert anchor == (date(2019, 11, 19), "published")


def test_every_published_at_source_the_code_sets_is_in_the_contract():
    from extractors.cleaning import bylines

    assert {"input", bylines.SOURCE_PAGE, bylines.SOURCE_BYLINE, bylines.SOURCE_TEXT_HEADER, bylines.SOURCE_PEER} == \
        set(PUBLISHED_AT_SOURCES)


# -- the peer's publication day ---------------------------------------------------------------
_PEER_BODY = "<p>" + " ".join(["The council voted on the new budget after a long debate about the harbour."] * 4) + "</p>"
_PEER_PAGE = ('<html><head><title>Council budget</title>'
              '<link rel="canonical" href="https://example.com/news/2024/03/05/council-budget.html"></head>'
              f'<body><article><h1>Council budget</h1>{_PEER_BODY}{_PEER_BODY}</article></body></html>')


def test_a_page_dated_only_by_its_url_gets_the_peers_day_marked_as_peer():
    from extractors.cleaning.cleaner import clean_html

    meta = clean_html(_PEER_PAGE).metadata
    assert meta.published is not None and meta.published.date().isoformat() == "2024-03-05"
    assert meta.published_source == "peer"


def test_without_the_peer_that_page_has_no_publication_date(monkeypatch):
    from extractors.cleaning.cleaner import clean_html
    from settings import cleaning as cleaning_settings

    monkeypatch.setattr(cleaning_settings, "PEER_DATE", False)
    meta = clean_html(_PEER_PAGE).metadata
    assert meta.published is None and meta.published_source is None
