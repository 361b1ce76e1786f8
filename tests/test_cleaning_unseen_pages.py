"""Mechanisms added for pages nobody tuned the cleaner to (issue 18, body text): a page that
closes </body></html> before its article, sub-headings one indentation level above a text
dump's paragraphs, the twin copies a text dump renders, and "more stories" grids of teaser
cards after an article. Each test fails with its mechanism switched off."""
from __future__ import annotations

from extractors import body_filter
from extractors.cleaning import CleanResult, clean_html, clean_text

P1 = ("The water board said on Monday that the reservoir near the old mill would be drained "
      "in June, so that engineers can inspect the dam wall for the first time in thirty years.")
P2 = ("Anglers who fish there have been told to collect their boats before the end of May, and "
      "the board promised to restock the lake with trout once the work is finished.")
P3 = ("The inspection is expected to cost about two million pounds, which the board said would "
      "come from its maintenance budget rather than from higher bills for households.")
P4 = ("Residents asked at a meeting in the village hall whether the footpath around the lake "
      "would stay open, and the board said it would close only on the days of the survey.")

P5 = ("Engineers from two universities will join the survey, and their findings will be "
      "published in the autumn together with a plan for any repairs the dam may need.")
P6 = ("The board last drained the reservoir in the nineties, when a crack was found near the "
      "spillway and the village was without its usual water supply for three weeks.")


def rules(r: CleanResult) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for b in r.removed:
        out.setdefault(b.rule, []).append(b.text)
    return out


# --------------------------------------------------------------------------- </body> early
def test_html_article_after_an_early_body_end_tag_is_kept():
    """A header include that ends with </body></html> before the article: browsers put what
    follows back into the body, and so must we (libxml2 alone drops it)."""
    page = ("<html><body><header><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
            "</header></body></html>\n"
            f"<div class='story'><h1>Reservoir to be drained</h1><p>{P1}</p><p>{P2}</p>"
            f"<p>{P3}</p></div><footer>Contact us</footer></body></html>")
    r = clean_html(page)
    assert r.paragraphs == [P1, P2, P3]


# --------------------------------------------------------------------------- indented dumps
def test_text_subheading_above_deeper_prose_is_kept():
    """A sub-heading one level shallower than the paragraphs under it is the article's, while
    menu lines at the same shallow depth, followed by more menu lines, are still dropped."""
    dump = (f"  Home\n  News\n  Sport\n\n      {P1}\n\n      {P2}\n\n"
            f"    What the survey will find\n\n      {P3}\n\n      {P4}\n\n"
            "  Contact the newsroom by phone\n  Follow the water desk\n  Jobs at the paper")
    r = clean_text(dump)
    assert r.paragraphs == [P1, P2, "What the survey will find", P3, P4]


def test_text_shallow_line_is_a_heading_only_over_prose_at_its_depth_or_deeper():
    """The exception needs prose right below the short line, at its depth or deeper: a line
    followed by more short lines (a menu), or by prose shallower than itself, is not."""
    units = [body_filter.Unit(0, "Weather", indent=4),
             body_filter.Unit(1, "Traffic", indent=4),
             body_filter.Unit(2, P1, indent=6),
             body_filter.Unit(3, P2, indent=6)]
    cls = [body_filter.classify_paragraph(u) for u in units]
    assert not body_filter._heads_deeper_prose(units, cls, 0)  # a menu item over a menu item
    assert body_filter._heads_deeper_prose(units, cls, 1)
    units[2] = body_filter.Unit(2, P1, indent=2)
    assert not body_filter._heads_deeper_prose(units, cls, 1)  # prose shallower than it
    units[2] = body_filter.Unit(2, P1, indent=4)
    assert body_filter._heads_deeper_prose(units, cls, 1)


def test_text_subheading_at_the_depth_of_its_section_is_kept():
    """A section whose heading and prose sit shallower than the page's deepest prose (where
    most of the text is) keeps its heading."""
    dump = (f"          {P3}\n\n          {P4}\n\n    Where the water goes\n\n"
            f"    {P1}\n\n    {P2}\n\n          {P5}\n\n          {P6}")
    r = clean_text(dump)
    assert r.paragraphs == [P3, P4, "Where the water goes", P1, P2, P5, P6]


# --------------------------------------------------------------------------- repeated copies
def test_text_paragraph_printed_twice_keeps_the_first_copy():
    """A dump renders a page's hidden twin (a mobile copy, a carousel clone): the repeated
    long paragraph is dropped as a duplicate and reported."""
    dump = f"{P1}\n\n{P2}\n\n{P3}\n\n{P2}\n\n{P4}"
    r = clean_text(dump)
    assert r.paragraphs == [P1, P2, P3, P4]
    assert rules(r)["duplicate"] == [P2]


def test_text_short_repeated_line_is_not_a_duplicate():
    """Short lines legitimately repeat (a step of a plan); only long paragraphs count."""
    units = [body_filter.Unit(0, "Rest for one day."), body_filter.Unit(1, P1),
             body_filter.Unit(2, "Rest for one day.")]
    kept, removed = body_filter.drop_repeated_paragraphs(units)
    assert [u.text for u in kept] == ["Rest for one day.", P1, "Rest for one day."]
    assert removed == []


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
    body = "".join(f"<p>{p}</p>" for p in (P1, P2, P3, P4, P5, P6))
    page = (f"<html><body><h1>Reservoir to be drained</h1><div class='content'>{body}"
            f"{grid}</div></body></html>")
    r = clean_html(page)
    assert r.paragraphs == [P1, P2, P3, P4, P5, P6]
    removed = " ".join(b.text for b in r.removed)
    for _, excerpt, _ in CARDS:
        assert excerpt in removed  # audited, with the rule that removed it


def test_html_linked_title_over_the_article_is_not_a_teaser():
    """One linked headline over prose (a blog title linking to its own page) is no grid."""
    page = (f"<html><body><div class='post'><h2><a href='/post'>Reservoir to be drained this "
            f"summer</a></h2><p>{P1}</p><p>{P2}</p><p>{P3}</p></div></body></html>")
    r = clean_html(page)
    assert r.paragraphs[-3:] == [P1, P2, P3]


def test_teaser_card_runs_need_three_cards_in_a_row():
    link = dict(link_density=1.0, tag="h3")
    two = [body_filter.Unit(0, P1, tag="p"), body_filter.Unit(1, P2, tag="p")]
    for i, (title, excerpt, _) in enumerate(CARDS[:2]):
        two += [body_filter.Unit(10 + 2 * i, title, **link),
                 body_filter.Unit(11 + 2 * i, excerpt, tag="div")]
    cls = [body_filter.classify_paragraph(u) for u in two]
    assert body_filter.teaser_card_runs(two, cls) == []
    title, excerpt, _ = CARDS[2]
    three = two + [body_filter.Unit(20, title, **link), body_filter.Unit(21, excerpt, tag="div")]
    cls = [body_filter.classify_paragraph(u) for u in three]
    assert body_filter.teaser_card_runs(three, cls) == [(2, 7)]


# --------------------------------------------------------------------------- captions
def test_html_figure_caption_is_removed_as_caption():
    """A <figcaption> describes an image, it is not the article's running text; it is reported
    under the rule "caption"."""
    caption = "Figure 2: the dam wall seen from the spillway, photographed by the water board"
    page = (f"<html><body><article><p>{P1}</p><figure><img src='dam.jpg'>"
            f"<figcaption>{caption}</figcaption></figure><p>{P2}</p><p>{P3}</p>"
            f"<p>{P4}</p><p>{P5}</p><p>{P6}</p></article></body></html>")
    r = clean_html(page)
    assert r.paragraphs == [P1, P2, P3, P4, P5, P6]
    assert rules(r)["caption"] == [caption]


# --------------------------------------------------------------------------- repeated phrase
def test_text_list_run_together_into_one_paragraph_is_not_prose():
    """A list of links wrapped into one long paragraph ("Open swimming in the town of Deal,
    in the county of Kent * Open swimming in the town of Dover, ...") is full of function
    words and reads as prose; it repeats one phrase, so it is removed as such, even between
    the article's paragraphs."""
    towns = ["Ashford", "Dover", "Deal", "Hythe", "Folkestone", "Margate", "Ramsgate",
             "Whitstable", "Faversham", "Sandwich", "Tenterden", "Maidstone", "Rochester"]
    listing = "\n".join(f"* Open swimming in the town of {t}, in the county of Kent"
                        for t in towns)
    dump = f"{P1}\n\n{P2}\n\n{listing}\n\n{P3}\n\n{P4}"
    r = clean_text(dump)
    assert r.paragraphs == [P1, P2, P3, P4]
    assert "repeated_phrase" in rules(r)


def test_prose_is_not_repetitive():
    assert not body_filter.is_repetitive(" ".join([P1, P2, P3]))
    assert body_filter.is_repetitive(" ".join(["Swimming pool in Dover, Kent County."] * 12))
