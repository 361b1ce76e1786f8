"""Plain-text dumps of pages (layout-preserving renderings; extractors.cleaning.body_filter), on small
hand-written inputs: lines shallower than the body are menus unless they head prose at their
depth, a paragraph printed twice keeps its first copy, and a list run together into one
paragraph is removed as a repeated phrase."""
from __future__ import annotations

from extractors.cleaning import body_filter
from extractors.cleaning.cleaner import clean_text
from tests.support import P1, P2, P3, R1, R2, R3, R4, R5, R6, removed_by_rule


# --------------------------------------------------------------------------- indentation
def test_indented_dump_drops_lines_shallower_than_the_body():
    dump = (f"  Home\n  News\n  Sport\n      {P1}\n\n      {P2}\n\n      {P3}\n"
            f"  Contact the newsroom by phone\n  Follow the harbour desk\n  Jobs at the paper")
    r = clean_text(dump)
    assert r.paragraphs == [P1, P2, P3]


def test_text_subheading_above_deeper_prose_is_kept():
    """A sub-heading one level shallower than the paragraphs under it is the article's, while
    menu lines at the same shallow depth, followed by more menu lines, are still dropped."""
    dump = (f"  Home\n  News\n  Sport\n\n      {R1}\n\n      {R2}\n\n"
            f"    What the survey will find\n\n      {R3}\n\n      {R4}\n\n"
            "  Contact the newsroom by phone\n  Follow the water desk\n  Jobs at the paper")
    r = clean_text(dump)
    assert r.paragraphs == [R1, R2, "What the survey will find", R3, R4]


def test_text_shallow_line_is_a_heading_only_over_prose_at_its_depth_or_deeper():
    """The exception needs prose right below the short line, at its depth or deeper: a line
    followed by more short lines (a menu), or by prose shallower than itself, is not."""
    units = [body_filter.Unit(0, "Weather", indent=4),
             body_filter.Unit(1, "Traffic", indent=4),
             body_filter.Unit(2, R1, indent=6),
             body_filter.Unit(3, R2, indent=6)]
    cls = [body_filter.classify_paragraph(u) for u in units]
    assert not body_filter._heads_deeper_prose(units, cls, 0)  # a menu item over a menu item
    assert body_filter._heads_deeper_prose(units, cls, 1)
    units[2] = body_filter.Unit(2, R1, indent=2)
    assert not body_filter._heads_deeper_prose(units, cls, 1)  # prose shallower than it
    units[2] = body_filter.Unit(2, R1, indent=4)
    assert body_filter._heads_deeper_prose(units, cls, 1)


def test_text_subheading_at_the_depth_of_its_section_is_kept():
    """A section whose heading and prose sit shallower than the page's deepest prose (where
    most of the text is) keeps its heading."""
    dump = (f"          {R3}\n\n          {R4}\n\n    Where the water goes\n\n"
            f"    {R1}\n\n    {R2}\n\n          {R5}\n\n          {R6}")
    r = clean_text(dump)
    assert r.paragraphs == [R3, R4, "Where the water goes", R1, R2, R5, R6]


# --------------------------------------------------------------------------- repeated copies
def test_text_paragraph_printed_twice_keeps_the_first_copy():
    """A dump renders a page's hidden twin (a mobile copy, a carousel clone): the repeated
    long paragraph is dropped as a duplicate and reported."""
    dump = f"{R1}\n\n{R2}\n\n{R3}\n\n{R2}\n\n{R4}"
    r = clean_text(dump)
    assert r.paragraphs == [R1, R2, R3, R4]
    assert removed_by_rule(r)["duplicate"] == [R2]


def test_text_short_repeated_line_is_not_a_duplicate():
    """Short lines legitimately repeat (a step of a plan); only long paragraphs count."""
    units = [body_filter.Unit(0, "Rest for one day."), body_filter.Unit(1, R1),
             body_filter.Unit(2, "Rest for one day.")]
    kept, removed = body_filter.drop_repeated_paragraphs(units)
    assert [u.text for u in kept] == ["Rest for one day.", R1, "Rest for one day."]
    assert removed == []


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
    dump = f"{R1}\n\n{R2}\n\n{listing}\n\n{R3}\n\n{R4}"
    r = clean_text(dump)
    assert r.paragraphs == [R1, R2, R3, R4]
    assert "repeated_phrase" in removed_by_rule(r)


def test_prose_is_not_repetitive():
    assert not body_filter.is_repetitive(" ".join([R1, R2, R3]))
    assert body_filter.is_repetitive(" ".join(["Swimming pool in Dover, Kent County."] * 12))
