"""extractors.cleaning.bylines: authors and publication dates read from byline and dateline text."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from extractors.cleaning.bylines import (Byline, bylines_of_lines, dateline_authors, dateline_date,
                                fill_from_bylines, find_dates, html_byline_lines,
                                is_organisation, parse_authors, read_bylines, read_text_header)

EST = timezone(timedelta(hours=-5))


# --------------------------------------------------------------------------- authors
def test_by_cue_is_dropped_and_a_list_of_names_is_split():
    assert parse_authors("By Matthew Digby, Minh Do") == ("Matthew Digby", "Minh Do")
    assert parse_authors("By Ana Reyes, Tom Hale and Lia Moss") == ("Ana Reyes", "Tom Hale", "Lia Moss")
    assert parse_authors("Written by Ana Reyes & Tom Hale") == ("Ana Reyes", "Tom Hale")


def test_job_titles_and_credentials_are_not_people():
    assert parse_authors("By Jane Roe, Staff Writer") == ("Jane Roe",)
    assert parse_authors("By Jane Roe, MD, PhD") == ("Jane Roe",)
    assert parse_authors("By Ken Oduya, Shipping Expert") == ("Ken Oduya",)


def test_a_news_agency_after_the_name_is_not_part_of_it():
    assert parse_authors("Tom Davies Associated Press") == ("Tom Davies",)
    assert parse_authors("By Jane Roe, Reuters") == ("Jane Roe",)
    assert parse_authors("By Reuters") == ()


def test_the_publishers_own_name_is_not_an_author():
    assert parse_authors("By Harbour Gazette", publisher="Harbour Gazette") == ()
    assert parse_authors("By Ines Calder, Harbour Gazette", publisher="Harbour Gazette") == ("Ines Calder",)


def test_names_stop_at_the_date_or_a_label_glued_to_them():
    assert parse_authors("By Jane Roe | June 3, 2024") == ("Jane Roe",)
    assert parse_authors("By Ines CalderPublished on July 18, 2025") == ("Ines Calder",)


def test_a_reviewer_is_not_the_author_but_the_writer_in_the_same_line_is():
    assert parse_authors("Medically reviewed by Kim Lowe, RN — Written by Pia Grant, MS") == ("Pia Grant",)
    assert parse_authors("Reviewed by Kim Lowe") == ()


def test_prose_and_capitalised_headlines_without_a_cue_give_no_author():
    assert parse_authors("By the end of the day the ferry had left.") == ()
    assert parse_authors("Ferry Strike Ends After Talks") == ()
    assert parse_authors("Mayor Sues New York Times") == ()


def test_a_marked_byline_element_may_hold_a_bare_name():
    assert parse_authors("Ines Calder") == ()
    assert parse_authors("Ines Calder", cued=True) == ("Ines Calder",)
    assert parse_authors("Updated: June 3, 2024", cued=True) == ()


def test_names_printed_in_a_dateline_without_by():
    assert dateline_authors("Ines Calder | June 3, 2024") == ("Ines Calder",)
    assert dateline_authors("June 3, 2024 • Ines Calder in Harbour News") == ("Ines Calder",)
    assert dateline_authors("Ines Calder went to the harbour on June 3, 2024 to see the ferry") == ()
    assert dateline_authors("Mental Health June 3, 2024") == ()  # a category run into the date


def test_metadata_authors_that_are_organisations_or_ids():
    assert is_organisation("Harbour Gazette", publisher="Harbour Gazette")
    assert is_organisation("Bay Media Group")
    assert is_organisation("262588213843476")
    assert not is_organisation("Ines Calder", publisher="Harbour Gazette")


# --------------------------------------------------------------------------- dates
def test_a_dateline_with_clock_time_and_zone_keeps_its_zone():
    found = dateline_date("Published 11:34 PM EST Nov 19, 2019")
    assert found is not None and found.has_zone
    assert found.value == datetime(2019, 11, 19, 23, 34, tzinfo=EST)
    assert found.value.date() == date(2019, 11, 19)  # the local day, not the UTC one (Nov 20)


def test_generic_us_zones_follow_daylight_saving_time():
    summer = dateline_date("June 3, 2024 at 9:05 a.m. ET").value
    winter = dateline_date("Jan 3, 2024 at 9:05 a.m. ET").value
    assert summer.utcoffset() == timedelta(hours=-4) and winter.utcoffset() == timedelta(hours=-5)


def test_common_date_formats():
    days = [d.value.date() for d in find_dates(
        "3 March 2021; Mar. 3rd, 2021; Wednesday, March 3, 2021; 2021-03-03; 2021.03.03; 03/04/2021; 4.3.2021")]
    assert days == [date(2021, 3, 3)] * 5 + [date(2021, 3, 4), date(2021, 3, 4)]


def test_an_update_date_is_not_the_publication_date():
    assert dateline_date("Updated: June 3, 2024") is None
    found = dateline_date("Published June 1, 2024 | Updated June 3, 2024")
    assert found is not None and found.value.date() == date(2024, 6, 1)


def test_a_date_inside_a_sentence_is_not_a_dateline():
    assert dateline_date("On March 3, 2020, the council voted to approve the new harbour budget.") is None
    assert dateline_date("June 3, 2024 | 5 min read").value.date() == date(2024, 6, 3)


def test_no_calendar_date_no_date():
    assert dateline_date("Posted 3 days ago") is None
    assert dateline_date("May the best team win") is None


# --------------------------------------------------------------------------- lines
def test_first_authors_and_first_publication_date_over_lines():
    found = read_bylines(["Harbour News", "By Ines Calder", "Published June 3, 2024",
                          "By Tom Hale", "June 9, 2024"])
    assert found == Byline(("Ines Calder",), datetime(2024, 6, 3, tzinfo=timezone.utc))


def test_a_label_on_its_own_line_is_joined_to_its_value():
    lines = ["Author", "Ines Calder", "Published on", "June 3, 2024"]
    assert bylines_of_lines(lines)[0] == "Author Ines Calder"
    assert read_bylines(bylines_of_lines(lines)).authors == ("Ines Calder",)
    assert read_bylines(lines).authors == ()


def test_a_bare_name_beside_a_dateline_is_a_byline():
    lines = ["Ferry timetable changes", "Ines Calder", "June 3, 2024"]
    assert read_bylines(bylines_of_lines(lines)).authors == ("Ines Calder",)
    assert bylines_of_lines(["Ferry timetable changes", "Ines Calder", "The ferry runs."])[1] == "Ines Calder"


def test_removed_byline_blocks_are_read_but_reader_comments_are_not():
    removed = [(2, "byline", "By Ines Calder"), (40, "comments", "By Tom Hale"),
               (-1, "footer", "By Lia Moss")]
    lines = html_byline_lines(removed, [(5, "The ferry left at noon.")])
    assert "By Ines Calder" in lines and "By Tom Hale" not in lines and "By Lia Moss" not in lines


def test_text_header_gives_title_byline_and_date():
    lines = ["Ferry timetable changes from Monday", "", "By Ines Calder",
             "Published 11:34 PM EST Nov 19, 2019", "", "The harbour ferry will leave earlier."]
    title, found = read_text_header(lines, 5)
    assert title == "Ferry timetable changes from Monday"
    assert found.authors == ("Ines Calder",)
    assert found.published == datetime(2019, 11, 19, 23, 34, tzinfo=EST)


def test_text_header_takes_no_title_from_a_first_sentence_or_a_section_label():
    assert read_text_header(["The ferry will leave earlier, the council said.", "More text."], 0)[0] is None
    assert read_text_header(["News", "", "The ferry will leave earlier."], 2)[0] is None


def test_text_header_prefers_the_byline_nearest_the_body():
    lines = ["By Topic", "Home", "Ferry timetable changes", "By Ines Calder", "The ferry leaves."]
    assert read_text_header(lines, 4)[1].authors == ("Ines Calder",)


# --------------------------------------------------------------------------- merging
def test_page_metadata_wins_over_the_byline():
    page = {"authors": ("Ines Calder",), "published": datetime(2024, 6, 1, tzinfo=timezone.utc)}
    out = fill_from_bylines(page, Byline(("Tom Hale",), datetime(2024, 6, 3, tzinfo=timezone.utc)), "byline")
    assert out["authors"] == ("Ines Calder",)
    assert out["published"].day == 1 and out["published_source"] == "page"


def test_the_byline_fills_what_page_metadata_lacks():
    out = fill_from_bylines({"authors": ()}, Byline(("Tom Hale",), datetime(2024, 6, 3, tzinfo=EST)), "byline")
    assert out["authors"] == ("Tom Hale",)
    assert out["published"] == datetime(2024, 6, 3, tzinfo=EST) and out["published_source"] == "byline"


def test_a_byline_person_replaces_an_organisation_in_the_author_metadata():
    page = {"authors": ("Harbour Gazette",), "publisher": "Harbour Gazette"}
    assert fill_from_bylines(page, Byline(("Ines Calder",)), "byline")["authors"] == ("Ines Calder",)
    assert fill_from_bylines(page, Byline(()), "byline")["authors"] == ("Harbour Gazette",)


def test_an_update_only_dateline_fills_modified_not_published():
    found = read_bylines(["By Ines Calder", "Updated June 3, 2024"])
    assert found.published is None and found.updated == datetime(2024, 6, 3, tzinfo=timezone.utc)
    out = fill_from_bylines({}, found, "byline")
    assert out.get("published") is None and out["modified"] == found.updated


def test_written_by_names_the_writer_inside_a_sentence_and_after_a_date():
    assert parse_authors("This post was written by Ines Calder, MD, a harbour physician.") == ("Ines Calder",)
    assert parse_authors("Last updated March 3, 2025 by Ines Calder.") == ("Ines Calder",)
    assert parse_authors("The report was compiled by economists at the bank.") == ()
    assert parse_authors("The song, written by Paul Simon, was played at the harbour.") == ()


def test_a_byline_starts_with_a_name():
    assert parse_authors("By entering your email you agree to our Terms and Privacy Policy") == ()
    assert parse_authors("Author Information") == ()


def test_publication_date_is_found_after_an_update_date_on_the_same_line():
    found = read_bylines(["Updated June 3, 2024 | Published June 1, 2024"])
    assert found.published == datetime(2024, 6, 1, tzinfo=timezone.utc)
    assert found.updated == datetime(2024, 6, 3, tzinfo=timezone.utc)


def test_a_one_person_sites_owner_is_its_author():
    assert parse_authors("By Ines Calder", publisher="Ines Calder") == ("Ines Calder",)
    assert parse_authors("By Harbour Gazette", publisher="Harbour Gazette") == ()


def test_a_reader_comments_header_is_not_a_byline():
    assert parse_authors("by harbourfan ( 1234 ) writes:") == ()
    assert parse_authors("By Ines Calder says:") == ()


def test_a_headline_must_announce_the_lede_and_not_be_a_name():
    body = ["", "The harbour ferry will leave twenty minutes earlier from Monday."]
    assert read_text_header(["Harbour ferry leaves earlier"] + body, 2)[0] == "Harbour ferry leaves earlier"
    assert read_text_header(["Order Tickets Online Today"] + body, 2)[0] is None
    assert read_text_header(["Ines Calder", "June 3, 2024"] + body, 3)[0] is None
