"""Where the article ends (extractors.cleaning.body_filter, with the line rules' end-of-article markers),
on small hand-written inputs: the body stops at an end-of-article marker, a related-stories
heading, a comment thread or its heading, an author box and a publisher's notice closing the
page; an inline "Related:" link, a bio-like description and a long notice in mid-article do
not end it."""
from __future__ import annotations

from extractors.cleaning.body_filter import Unit, is_author_bio, is_named_bio, select_span
from extractors.cleaning.boilerplate import classify_line, trailing_notice
from extractors.cleaning.cleaner import clean_text
from tests.support import P1, P2, P3, P4, removed_by_rule


# --------------------------------------------------------------------------- end-of-article markers
def test_span_does_not_cross_an_end_of_article_marker():
    units = [Unit(i, t) for i, t in enumerate([P1, P2])]
    units.append(Unit(2, P3, barrier=True))
    kept, removed = select_span(units)
    assert [u.text for u in kept] == [P1, P2]
    assert removed[0].rule == "outside_body"


def test_related_heading_stops_the_body_even_before_long_teasers():
    teaser = ("A long teaser for another story about the ferry operators, written in full "
              "sentences so that it looks like prose to a naive length-based filter.")
    r = clean_text(f"{P1}\n{P2}\n{P3}\nRelated Articles\n{teaser}\n{teaser}")
    assert r.paragraphs == [P1, P2, P3]


def test_related_link_is_not_an_end_of_article_marker():
    r = clean_text(f"{P1}\n{P2}\nRelated: Ten ferries worth the crossing\n{P3}\n{P4}")
    assert r.paragraphs == [P1, P2, P3, P4]


# --------------------------------------------------------------------------- comment threads
def test_comment_thread_after_the_article_is_dropped():
    comment = ("I have taken this ferry for twenty years and honestly I think the delay was "
               "worth it if the new terminal finally has a proper waiting room for everyone.")
    r = clean_text(f"{P1}\n{P2}\n{P3}\n3 Comments\nMira Holt says: March 3, 2025 at 4:05 pm\n"
                   f"{comment}\nReply")
    assert r.paragraphs == [P1, P2, P3]
    assert "Mira Holt says: March 3, 2025 at 4:05 pm" in removed_by_rule(r)["comments_prompt"]
    assert comment in [b.text for b in r.removed]


def test_wordpress_comment_heading_ends_the_article():
    comment = ("I have taken this ferry for twenty years and I think the delay was worth it if "
               "the new terminal finally has a proper waiting room for all of the passengers.")
    heading = "12 thoughts on “New ferry terminal to open in May”"
    r = clean_text(f"{P1}\n\n{P2}\n\n{P3}\n\n{heading}\n\n{comment}\n\n{P4}")
    assert r.paragraphs == [P1, P2, P3]
    assert removed_by_rule(r)["comments_prompt"] == [heading]


def test_comment_headers_close_the_article():
    comment = ("I have used this ferry for years and the new terminal is a welcome change for "
               "all of us who commute to the mainland every single day of the week.")
    r = clean_text(f"{P1}\n{P2}\n{P3}\n1. Ella Fox says:\nDecember 19, 2025 at 15:54\n{comment}")
    assert r.paragraphs == [P1, P2, P3]
    assert comment in removed_by_rule(r)["outside_body"]


# --------------------------------------------------------------------------- author boxes
def test_author_box_closing_the_article_is_dropped_but_not_in_the_middle():
    bio = ("Dana Whitfield is a senior writer covering transport and infrastructure, with "
           "a decade of experience reporting on ports.")
    r = clean_text(f"{P1}\n{P2}\n{P3}\n{bio}")
    assert r.paragraphs == [P1, P2, P3]
    assert removed_by_rule(r)["author_box"] == [bio]
    assert is_author_bio("Hi, I'm Kev, a home barista and the guy behind this site.")
    assert not is_author_bio(P1)


def test_about_the_author_heading_ends_the_article():
    bio = ("Dana writes about ferries, ports and the people who run them, and she has "
           "reported from harbours on three continents over the last ten years or so.")
    r = clean_text(f"{P1}\n\n{P2}\n\n{P3}\n\nAbout the Author\n\n{bio}")
    assert r.paragraphs == [P1, P2, P3]
    assert removed_by_rule(r)["author_box"] == ["About the Author"]


def test_about_name_line_over_a_bio_of_that_name_is_an_author_box():
    bio = ("Amar is an avid traveler who has tested ferries on all seven continents over the "
           "last thirteen years.")
    r = clean_text(f"{P1}\n{P2}\n{P3}\nAbout Amar Hussain\n{bio}\nWe Recommend\n{P4}")
    assert r.paragraphs == [P1, P2, P3]
    assert removed_by_rule(r)["author_box"] == ["About Amar Hussain", bio]


def test_a_bare_name_heading_over_its_description_is_not_an_author_box():
    assert not is_named_bio("Hertz", "Hertz is the oldest car rental company in the country.")
    assert is_named_bio("By infuy", "Infuy is an international technology company.")


# --------------------------------------------------------------------------- trailing notices
NOTICE = ("Harbour Notes is a production of Coastal Press. If you liked this article, please "
          "consider liking, sharing and subscribing to the Coastal Digest newsletter. If you want "
          "to support Coastal Press further, you can become a patron and get early access to "
          "every new issue, the full archive of past guides and a monthly letter from the "
          "editors about what we are working on next and why it matters to us.")


def test_long_notice_closing_the_article_is_removed():
    assert len(NOTICE) > 300 and classify_line(NOTICE) is None  # too long for the line rule
    assert trailing_notice(NOTICE) == "newsletter"
    r = clean_text(f"{P1}\n\n{P2}\n\n{P3}\n\n{NOTICE}")
    assert r.paragraphs == [P1, P2, P3]
    assert removed_by_rule(r)["newsletter"] == [NOTICE]


def test_long_notice_in_mid_article_is_kept():
    r = clean_text(f"{P1}\n\n{NOTICE}\n\n{P2}\n\n{P3}\n\n{P4}\n\n{P1[:150]}")
    assert NOTICE in r.paragraphs
