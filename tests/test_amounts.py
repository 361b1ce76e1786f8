"""The amounts rules (extractors/nlp/amounts.py), on sentences written for these tests: ranges,
times of day, ages, durations, ordinals and names, and page furniture."""
from __future__ import annotations

from datetime import date

import pytest

from extractors.records import paragraph_spans
from extractors.nlp.batch import ArticleText, extract_batch
from tests.support import DocWithoutText


@pytest.fixture(scope="module")
def nlp():
    from extractors.nlp.model import get_nlp

    return get_nlp()


def amounts(nlp, text: str) -> list[dict]:
    [rows] = extract_batch([ArticleText("a" * 64, text, paragraph_spans(text), None, date(2024, 3, 4))], nlp)
    assert rows.error is None, rows.error
    for row in rows.amounts:
        assert text[row["start"]:row["end"]] == row["text"]
    return rows.amounts


def by_text(rows: list[dict]) -> dict[str, dict]:
    return {r["text"]: r for r in rows}


# -- ranges -------------------------------------------------------------------------------------
def test_money_range_with_one_scale_word_is_one_amount_with_low_and_high(nlp):
    rows = amounts(nlp, "The buyers offered $40-50 billion for the port operator.")
    [money] = [r for r in rows if r["kind"] == "money"]
    assert money["text"] == "$40-50 billion"
    assert (money["low"], money["high"], money["value"]) == (40e9, 50e9, 40e9)
    assert money["currency"] == "USD"


def test_percent_range_written_with_to_shares_the_percent_sign(nlp):
    rows = amounts(nlp, "Fares rose 40 to 50 percent on the northern line.")
    [share] = rows
    assert share["kind"] == "percent" and (share["low"], share["high"]) == (40, 50)


def test_between_and_and_from_up_to_make_ranges(nlp):
    rows = by_text(amounts(nlp, "Tutors charge between $30 and $55 an hour. Guides ask from around $20 up to $90."))
    assert (rows["$30 and $55"]["low"], rows["$30 and $55"]["high"]) == (30, 55)
    assert (rows["around $20 up to $90"]["low"], rows["around $20 up to $90"]["high"]) == (20, 90)


def test_a_score_is_not_a_range(nlp):
    rows = amounts(nlp, "The visitors won the final 3-1 after extra time.")
    assert all(r["low"] is None for r in rows)


def test_single_numbers_have_no_range_ends(nlp):
    [row] = amounts(nlp, "The council hired 12 wardens.")
    assert row["low"] is None and row["high"] is None and row["value"] == 12


# -- what is not an amount ----------------------------------------------------------------------
def test_time_of_day_gives_no_amount(nlp):
    assert amounts(nlp, "The ferry left at 4:30 a.m. and again at 6 pm.") == []


def test_urls_phone_numbers_and_gallery_counters_give_no_rows(nlp):
    text = "Read more at www.example.org/news/2024/118 or call 555-867-5309.\n\n3 of 12\n\nThe mayor opened two parks."
    assert [r["text"] for r in amounts(nlp, text)] == ["two"]


def test_paths_and_ip_addresses_give_no_rows(nlp):
    text = "The image sits at /media/img/4f3a9c81/640x480 behind 10.0.0.12 on the office network of 30 staff."
    assert [r["text"] for r in amounts(nlp, text)] == ["30"]


def test_metres_are_not_millions_but_millions_of_people_are(nlp):
    rows = by_text(amounts(nlp, "The cabin is 2.5m wide. The region has 4m people."))
    assert rows["2.5m"]["value"] == 2.5 and rows["4m"]["value"] == 4_000_000


def test_lines_repeated_with_only_their_numbers_changed_are_furniture(nlp):
    banner = "Free standard shipping on orders over {} or more in this region today."
    text = "\n".join(banner.format(v) for v in ("$40", "$60", "$75")) + "\n\nThe shop employs 14 people."
    assert [r["text"] for r in amounts(nlp, text)] == ["14"]


def test_one_used_as_a_pronoun_is_not_counted(nlp):
    rows = amounts(nlp, "One of the biggest changes is speed. The clinic bought one scanner.")
    assert [r["text"] for r in rows] == ["one"]


def test_numeral_repeating_a_number_word_is_one_amount(nlp):
    rows = amounts(nlp, "The tenant may keep three (3) dogs.")
    assert [r["text"] for r in rows] == ["three"]


# -- ages, durations, ordinals, names ---------------------------------------------------------
def test_age_after_a_name_is_an_age(nlp):
    rows = by_text(amounts(nlp, "Helga Braun, 38, opened the bakery in spring."))
    assert rows["38"]["kind"] == "age" and rows["38"]["is_counted"] is False


def test_durations_are_typed_duration_and_not_counted(nlp):
    rows = by_text(amounts(nlp, "The hearing lasted two hours and the board approved a five-year plan."))
    assert rows["two"]["kind"] == "duration" and rows["five"]["kind"] == "duration"
    assert not rows["two"]["is_counted"]


def test_a_point_in_time_stays_a_date(nlp):
    rows = by_text(amounts(nlp, "The bridge closed three years ago."))
    assert rows["three"]["kind"] == "date"


def test_steps_list_numbers_tips_and_ordinal_suffixes_are_ordinals(nlp):
    text = "Step 3: Seal the joints.\n\n2. Choose the Right Paint\n\nTip #4 - keep the lid on. It is the 4th edition."
    kinds = [(r["text"], r["kind"]) for r in amounts(nlp, text)]
    assert kinds == [("3", "ordinal"), ("2", "ordinal"), ("4", "ordinal"), ("4", "ordinal")]


def test_numbers_inside_names_and_codes_are_identifiers(nlp):
    rows = amounts(nlp, "Shares in the S&P 500 slipped after CVE-2021-44228 was disclosed.")
    assert {r["kind"] for r in rows} == {"identifier"}
    assert not any(r["is_counted"] for r in rows)


def test_aperture_and_port_numbers_are_identifiers(nlp):
    rows = amounts(nlp, "Shoot at f/2.8 and open port 22 for the backups.")
    assert [r["kind"] for r in rows] == ["identifier", "identifier"]


def test_no_before_a_number_word_is_a_determiner_not_a_label(nlp):
    rows = by_text(amounts(nlp, "No two gardens are alike, said the owner of plot No. 5."))
    assert rows["two"]["kind"] == "count" and rows["5"]["kind"] == "identifier"


def test_page_ranges_keep_both_ends_as_labels(nlp):
    rows = amounts(nlp, "See pages 6-13 of the manual.")
    assert [r["kind"] for r in rows] == ["identifier", "identifier"]


def test_counted_amounts_still_counted(nlp):
    rows = by_text(amounts(nlp, "Rescuers reached 240 villagers and delivered 3,500 blankets."))
    assert rows["240"]["kind"] == "count" and rows["3,500"]["value"] == 3500


# -- mixed numbers -----------------------------------------------------------------------------
def test_a_mixed_number_percent_is_one_amount_with_its_object(nlp):
    rows = amounts(nlp, "The company sold $100 million of 6 3/8% notes due 2030.")
    [pct] = [r for r in rows if r["kind"] == "percent"]
    assert (pct["text"], pct["value"], pct["object"]) == ("6 3/8%", 6.375, "notes")
    assert not [r for r in rows if r["text"] in ("6", "3", "8%")]
    for row in rows:
        if row["object_start"] is not None:
            assert row["object_start"] < row["object_end"], row


def test_a_long_bare_digit_run_is_an_id_not_an_amount(nlp):
    rows = amounts(nlp, "The post, status 786543219876543210, was shared 40,000 times by Tuesday.")
    assert [r["text"] for r in rows if r["kind"] == "count"] == ["40,000"]
    assert not [r for r in rows if "786543219876543210" in r["text"]]


def test_amounts_read_the_text_they_are_given_instead_of_rebuilding_it_from_the_doc(nlp):
    from extractors.nlp.amounts import extract_amounts
    from extractors.nlp.sentences import SentenceIndex, sentence_spans

    text = "The city spent $4.5 million on 300 new buses, about 12 percent more than planned."
    doc = nlp(text)
    sentences = SentenceIndex(sentence_spans(doc))
    expected = [(a.start, a.end, a.value, a.unit) for a in extract_amounts(doc, sentences)]
    given = [(a.start, a.end, a.value, a.unit) for a in extract_amounts(DocWithoutText(doc), sentences, text)]
    assert given == expected and len(expected) >= 3


# -- measurements and spans of years ------------------------------------------------------------
def test_a_number_with_a_unit_of_measurement_is_a_measure_with_its_unit_not_a_count(nlp):
    rows = by_text(amounts(nlp, "The kit adds a 15ml bottle, and the mouse weighs 56g. Water boils at 100°C, "
                                "the sensor polls at 8,000Hz and the lens has a 125-degree view."))
    expected = {"15ml": "ml", "56g": "g", "100°C": "°C", "8,000Hz": "Hz", "125-degree": "°"}
    assert {text: (rows[text]["kind"], rows[text]["unit"]) for text in expected} == {
        text: ("measure", unit) for text, unit in expected.items()}
    assert not any(rows[text]["is_counted"] for text in expected)
    assert rows["8,000Hz"]["value"] == 8000


def test_a_one_letter_unit_counts_only_glued_to_its_number_in_its_own_case(nlp):
    rows = by_text(amounts(nlp, "The shop at 5 W Main Street sold 3 phones and 60W bulbs."))
    assert rows["5"]["kind"] != "measure"
    assert rows["60W"]["kind"] == "measure" and rows["60W"]["unit"] == "W"


def test_a_measure_range_in_one_unit_is_one_amount(nlp):
    rows = by_text(amounts(nlp, "Each sack holds 4-5 kg of flour, and the hikers walked 10 to 15 miles."))
    assert (rows["4-5 kg"]["kind"], rows["4-5 kg"]["low"], rows["4-5 kg"]["high"], rows["4-5 kg"]["unit"]) == (
        "measure", 4, 5, "kg")
    assert (rows["10 to 15 miles"]["low"], rows["10 to 15 miles"]["high"], rows["10 to 15 miles"]["unit"]) == (
        10, 15, "mi")


def test_two_years_joined_by_a_dash_are_one_span_of_years(nlp):
    rows = by_text(amounts(nlp, "Temperatures over the decade (2012–2021) were higher than in 1850."))
    span = rows["2012–2021"]
    assert (span["kind"], span["low"], span["high"], span["is_counted"]) == ("year", 2012, 2021, False)
    assert rows["1850"]["kind"] == "year" and rows["1850"]["low"] is None
