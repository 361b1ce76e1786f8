"""extractors/nlp/temporal.py: incomplete dates resolved in the direction of their verb, quarters,
fiscal years, decades, references to the quarter named before, and rows that must carry no
calendar value. Every sentence here was written for these tests."""
from __future__ import annotations

from datetime import date

import pytest

from extractors.nlp.temporal import FUTURE, NONE, PAST, PRESENT, direction, extract_temporal
from tests.support import DocWithoutText


@pytest.fixture(scope="module")
def nlp():
    from extractors.nlp.model import get_nlp

    return get_nlp()


def rows(nlp, text: str, anchor: date) -> dict[str, tuple[date | None, date | None, str | None, str]]:
    """{surface: (value_start, value_end, granularity, type)} for every expression found."""
    from extractors.nlp.sentences import SentenceIndex, sentence_spans

    doc = nlp(text)
    found = extract_temporal(doc, SentenceIndex(sentence_spans(doc)), anchor)
    return {text[t.start:t.end]: (t.value_start, t.value_end, t.granularity, t.type) for t in found}


def extract_rows(nlp, text: str, anchor: date) -> list[tuple[str, date | None, date | None, str | None]]:
    """(surface, value_start, value_end, granularity) in reading order, repeated surfaces kept."""
    from extractors.nlp.sentences import SentenceIndex, sentence_spans

    doc = nlp(text)
    found = extract_temporal(doc, SentenceIndex(sentence_spans(doc)), anchor)
    return [(text[t.start:t.end], t.value_start, t.value_end, t.granularity) for t in found]


def day(d: date) -> tuple[date, date, str, str]:
    return d, d, "day", "date"


FRIDAY = date(2026, 11, 27)
MONDAY = date(2026, 11, 23)


# -- weekdays ------------------------------------------------------------------------------------
def test_a_weekday_equal_to_the_publication_day_is_that_day(nlp):
    found = rows(nlp, "Bombs exploded Friday near the harbour, the police said.", FRIDAY)
    assert found["Friday"] == day(FRIDAY)


def test_a_past_tense_weekday_is_the_latest_one_before(nlp):
    found = rows(nlp, "The ferry sank Wednesday off the northern coast.", FRIDAY)
    assert found["Wednesday"] == day(date(2026, 11, 25))


def test_a_weekday_in_the_present_or_future_tense_lies_ahead(nlp):
    found = rows(nlp, "The brewer reports earnings Wednesday. Its rival will meet investors on Thursday.", MONDAY)
    assert found["Wednesday"] == day(date(2026, 11, 25))
    assert found["Thursday"] == day(date(2026, 11, 26))


def test_the_same_weekday_in_the_past_tense_looks_back(nlp):
    found = rows(nlp, "The brewer reported earnings Wednesday.", MONDAY)
    assert found["Wednesday"] == day(date(2026, 11, 18))


def test_a_present_reporting_verb_with_a_clause_looks_back(nlp):
    found = rows(nlp, "Officials say Thursday that the bridge was unsafe.", FRIDAY)
    assert found["Thursday"] == day(date(2026, 11, 26))


def test_last_and_next_weekday_skip_the_publication_day(nlp):
    found = rows(nlp, "The mayor resigned last Friday and her deputy takes over next Friday.", FRIDAY)
    assert found["last Friday"] == day(date(2026, 11, 20))
    assert found["next Friday"] == day(date(2026, 12, 4))


def test_early_tuesday_is_the_tuesday_its_verb_points_at(nlp):
    found = rows(nlp, "Protesters gathered in the square early Tuesday.", date(2026, 11, 26))
    assert found["early Tuesday"] == day(date(2026, 11, 24))


# -- months and days without a year -----------------------------------------------------------------
def test_a_month_in_a_story_about_plans_is_the_next_one(nlp):
    found = rows(nlp, "The council plans to open the new library in April.", date(2026, 12, 10))
    assert found["April"][:3] == (date(2027, 4, 1), date(2027, 4, 30), "month")


def test_a_month_in_the_past_tense_is_the_latest_one(nlp):
    found = rows(nlp, "The council opened the new library in April.", date(2026, 12, 10))
    assert found["April"][:3] == (date(2026, 4, 1), date(2026, 4, 30), "month")


def test_a_month_one_or_two_ahead_is_the_coming_one_even_in_the_past_tense(nlp):
    found = rows(nlp, "The regulator gave the airline until mid-December to answer and set a hearing for January.",
                 date(2026, 11, 5))
    assert found["mid-December"][:2] == (date(2026, 12, 1), date(2026, 12, 31))
    assert found["January"][:2] == (date(2027, 1, 1), date(2027, 1, 31))


def test_a_past_tense_month_further_ahead_is_still_the_latest_one(nlp):
    found = rows(nlp, "The council opened the new library in March.", date(2026, 10, 29))
    assert found["March"][:2] == (date(2026, 3, 1), date(2026, 3, 31))


def test_a_month_and_day_follow_the_future_tense_even_when_last_years_is_nearer(nlp):
    found = rows(nlp, "The dividend will be paid June 3 to holders of record.", date(2026, 9, 1))
    assert found["June 3"] == day(date(2027, 6, 3))


def test_a_month_and_day_follow_the_past_tense_even_when_the_next_is_nearer(nlp):
    found = rows(nlp, "The plant closed on Oct. 1 after a fire.", date(2026, 6, 1))
    assert found["Oct. 1"] == day(date(2025, 10, 1))


def test_a_past_tense_deadline_a_few_days_ahead_is_not_put_a_year_back(nlp):
    found = rows(nlp, "The offer had been extended to Nov. 6.", date(2026, 10, 30))
    assert found["Nov. 6"] == day(date(2026, 11, 6))


def test_a_weekday_with_its_date_picks_the_year_where_they_agree(nlp):
    found = rows(nlp, "The vote is on Sunday, March 8, the party said.", date(2026, 2, 20))
    assert found["Sunday, March 8"] == day(date(2026, 3, 8))


def test_a_spoken_day_of_the_month_is_read(nlp):
    found = rows(nlp, "The festival opens on March eighth.", date(2026, 3, 2))
    assert found["March eighth"] == day(date(2026, 3, 8))


def test_last_october_is_the_latest_october_before_this_month(nlp):
    assert rows(nlp, "The dam failed last October.", date(2026, 2, 10))["last October"][:3] == (
        date(2025, 10, 1), date(2025, 10, 31), "month")
    assert rows(nlp, "The dam failed last October.", date(2026, 11, 10))["last October"][:3] == (
        date(2026, 10, 1), date(2026, 10, 31), "month")


def test_a_month_modifying_a_noun_takes_no_tense_from_the_clause(nlp):
    found = rows(nlp, "The bank will keep honouring a June agreement with its lenders.", date(2026, 10, 27))
    assert found["June"][:2] == (date(2026, 6, 1), date(2026, 6, 30))


def test_a_possessive_month_is_a_month(nlp):
    found = rows(nlp, "The agency revised December's figures.", date(2026, 1, 9))
    assert found["December"][:2] == (date(2025, 12, 1), date(2025, 12, 31))


def test_a_sentence_initial_last_month_name_is_read_as_last(nlp):
    found = rows(nlp, "Last October the dam failed.", date(2026, 10, 20))  # not this October
    assert found["Last October"][:2] == (date(2025, 10, 1), date(2025, 10, 31))


def test_calendar_words_inside_a_name_are_not_dates(nlp):
    found = rows(nlp, "She wrote the story for The Sunday Times.", FRIDAY)
    assert not any(v[0] for v in found.values())


def test_may_the_verb_is_not_a_month(nlp):
    assert not any(v[0] for v in rows(nlp, "Prices may fall further, traders said.", FRIDAY).values())


# -- quarters, fiscal years, decades, spoken years ------------------------------------------------
def test_the_third_quarter_is_the_latest_one_begun(nlp):
    found = rows(nlp, "Net income rose 8% in the third quarter.", date(2026, 11, 5))
    assert found["the third quarter"][:3] == (date(2026, 7, 1), date(2026, 9, 30), "quarter")


def test_a_forecast_quarter_is_the_nearest_one(nlp):
    found = rows(nlp, "The airline will report third-quarter results and expects a profit in the first quarter.",
                 date(2026, 10, 20))
    assert found["third-quarter"][:2] == (date(2026, 7, 1), date(2026, 9, 30))
    assert found["the first quarter"][:2] == (date(2027, 1, 1), date(2027, 3, 31))


def test_a_quarter_with_its_year_is_that_quarter(nlp):
    found = rows(nlp, "Sales fell in the fourth quarter of 2019 and in the 2021 second quarter.", FRIDAY)
    assert found["the fourth quarter of 2019"][:2] == (date(2019, 10, 1), date(2019, 12, 31))
    assert found["the 2021 second quarter"][:2] == (date(2021, 4, 1), date(2021, 6, 30))


def test_the_quarter_and_a_year_earlier_refer_to_the_quarter_named_before(nlp):
    text = ("The miner earned $40 million in the second quarter. Revenue in the quarter rose 5% from a year "
            "earlier, and the year-ago period included a one-time gain.")
    found = rows(nlp, text, date(2026, 8, 3))
    assert found["the quarter"][:2] == (date(2026, 4, 1), date(2026, 6, 30))
    assert found["a year earlier"][:2] == (date(2025, 4, 1), date(2025, 6, 30))
    assert found["the year-ago period"][:2] == (date(2025, 4, 1), date(2025, 6, 30))


def test_a_year_earlier_after_the_first_nine_months_is_the_year_before(nlp):
    text = ("The miner earned $40 million in the third quarter, up from $30 million a year earlier. In the first "
            "nine months it earned $90 million, compared with $70 million a year earlier.")
    found = [t for t in extract_rows(nlp, text, date(2026, 10, 20)) if t[0] == "a year earlier"]
    assert [t[1:3] for t in found] == [(date(2025, 7, 1), date(2025, 9, 30)), (date(2025, 1, 1), date(2025, 12, 31))]


def test_a_year_earlier_without_a_quarter_is_the_previous_year(nlp):
    found = rows(nlp, "Exports were 4% higher than a year earlier.", date(2026, 8, 3))
    assert found["a year earlier"][:3] == (date(2025, 1, 1), date(2025, 12, 31), "year")


def test_fiscal_years_are_the_years_they_are_named_after(nlp):
    found = rows(nlp, "In fiscal 2019 the group lost money; it expects a profit in the current fiscal year.",
                 date(2026, 3, 1))
    assert found["fiscal 2019"][:3] == (date(2019, 1, 1), date(2019, 12, 31), "year")
    assert found["the current fiscal year"][:2] == (date(2026, 1, 1), date(2026, 12, 31))


def test_decades_written_or_spoken_are_whole_decades(nlp):
    found = rows(nlp, "Prices peaked in the early 1980s, fell through the nineties and recovered in the '00s.",
                 date(2026, 3, 1))
    assert found["the early 1980s"][:3] == (date(1980, 1, 1), date(1989, 12, 31), "decade")
    assert found["the nineties"][:2] == (date(1990, 1, 1), date(1999, 12, 31))
    assert found["the '00s"][:2] == (date(2000, 1, 1), date(2009, 12, 31))


def test_spoken_years_are_read(nlp):
    found = rows(nlp, "He was convicted in nineteen ninety-one.", date(1998, 1, 15))
    assert found["nineteen ninety-one"][:2] == (date(1991, 1, 1), date(1991, 12, 31))


def test_the_end_of_a_year_is_that_year(nlp):
    found = rows(nlp, "The plant should be finished by the end of 2027.", date(2026, 3, 1))
    assert found["the end of 2027"][:3] == (date(2027, 1, 1), date(2027, 12, 31), "year")


def test_that_year_and_the_following_day_count_from_the_date_named_before(nlp):
    found = rows(nlp, "The mine opened in 2011. That year it employed 400 people. The strike began on May 3, "
                      "2019, and the union met the following day.", date(2026, 3, 1))
    assert found["That year"][:2] == (date(2011, 1, 1), date(2011, 12, 31))
    assert found["the following day"] == day(date(2019, 5, 4))


def test_the_day_before_an_event_is_not_a_day_before_the_last_date(nlp):
    found = rows(nlp, "Shares fell on Oct. 12, the day before the crash.", date(2026, 10, 30))
    assert all(start is None for text, (start, *_rest) in found.items() if text.startswith("the day"))


def test_an_approximate_count_ago_keeps_the_units_granularity(nlp):
    found = rows(nlp, "The ship sank almost two years ago and was found nearly three weeks ago.", date(2026, 3, 4))
    assert found["almost two years ago"][:3] == (date(2024, 1, 1), date(2024, 12, 31), "year")
    assert found["nearly three weeks ago"][:3] == (date(2026, 2, 9), date(2026, 2, 15), "week")


# -- TimeML (TIMEX3) normalisation -----------------------------------------------------------------
def test_earlier_or_later_this_unit_is_the_whole_unit(nlp):
    found = rows(nlp, "The mill shut earlier this month and will reopen later this year.", date(2026, 11, 18))
    assert found["earlier this month"][:3] == (date(2026, 11, 1), date(2026, 11, 30), "month")
    assert found["later this year"][:3] == (date(2026, 1, 1), date(2026, 12, 31), "year")


def test_a_part_of_a_month_or_year_is_the_whole_month_or_year_with_the_part_in_the_granularity(nlp):
    found = rows(nlp, "Ice closed the port in mid-January; trade had slumped in early 2019.", date(2026, 3, 2))
    assert found["mid-January"][:3] == (date(2026, 1, 1), date(2026, 1, 31), "part_of_month")
    assert found["early 2019"][:3] == (date(2019, 1, 1), date(2019, 12, 31), "part_of_year")


def test_since_a_year_gives_a_date_row_for_that_year(nlp):
    found = rows(nlp, "The tower has stood empty since 1987.", date(2026, 3, 2))
    assert found["1987"] == (date(1987, 1, 1), date(1987, 12, 31), "year", "date")
    assert not any(text.lower().startswith("since") for text in found)


def test_a_day_with_a_time_of_day_is_a_time_row_on_that_day(nlp):
    found = rows(nlp, "The ferry sank Wednesday evening; rescuers gave up at 10 p.m. Thursday.", FRIDAY)
    assert found["Wednesday evening"] == (date(2026, 11, 25), date(2026, 11, 25), "day", "time")
    assert found["10 p.m. Thursday"] == (date(2026, 11, 26), date(2026, 11, 26), "day", "time")


def test_a_day_without_a_time_of_day_stays_a_date(nlp):
    assert rows(nlp, "The ferry sank Wednesday.", FRIDAY)["Wednesday"][3] == "date"


# -- rows without a calendar value ------------------------------------------------------------------
def test_recurrences_ages_and_durations_claim_no_calendar_date(nlp):
    found = rows(nlp, "The 38-year-old pilot flies to Oslo each Friday; the flight takes two hours, "
                      "and the route ran for two years.", FRIDAY)
    assert found["each Friday"][0] is None
    assert found["two years"][0] is None and found["two years"][3] == "duration"
    dated = {text for text, (start, *_rest) in found.items() if start is not None}
    assert not any("38" in text or "hours" in text for text in dated)


def test_an_impossible_date_is_left_unresolved_not_fatal(nlp):
    found = rows(nlp, "The rock formed 9000 years ago; the form was dated Feb. 30.", date(2026, 3, 4))
    assert found["9000 years ago"][0] is None and found["Feb. 30"][0] is None


# -- the direction itself ---------------------------------------------------------------------------
@pytest.mark.parametrize("sentence, word, expected", [
    ("The talks collapsed Monday.", "Monday", PAST),
    ("The talks will resume Monday.", "Monday", FUTURE),
    ("The talks are expected to resume Monday.", "Monday", FUTURE),
    ("The deal is due Monday.", "Monday", FUTURE),
    ("The shop opens Monday.", "Monday", PRESENT),
    ("The board may have met Monday.", "Monday", PAST),
    ("Monday's vote", "Monday", NONE),
    ("The rebels received weapons promised by Monday.", "Monday", PAST),
    ("The closing is expected in March.", "March", FUTURE),
    ("Two banks extended their offers to acquire the Lisbon-based insurer Friday.", "Friday", PAST),
    ("The minister flew to Oslo to meet the king Tuesday.", "Tuesday", PAST),
])
def test_direction_reads_tense_modals_and_plans_from_the_parse(nlp, sentence, word, expected):
    doc = nlp(sentence)
    start = sentence.index(word)
    assert direction(doc, start, start + len(word)) == expected


# -- the key pre-filter: a rule's regex runs only when a word every match contains is present --

KEY_EXAMPLES = {  # one phrase per rule, written for this test; each must be matched by its rule
    "recurrence": "every Tuesday", "boundary_of": "the end of the year", "anaphoric": "the following day",
    "this_year": "earlier in the year", "quarter": "the third quarter of 2021", "period_ref": "the year-ago period",
    "year_ago": "a year earlier", "fiscal_year": "fiscal 2020", "decade": "the late 1990s",
    "spoken_year": "nineteen eighty-four", "part_of": "mid-March", "earlier_later_this": "later this month",
    "month_day": "Sept. 14", "month": "last October", "weekday": "on Friday", "deictic_day": "yesterday",
    "this_last_next": "next week", "ago": "two weeks ago", "for_units": "for years",
    "bare_duration": "about three months", "year": "in 2014",
}


def test_every_rule_match_contains_one_of_its_keys():
    from extractors.nlp.temporal import RULE_KEYS, RULES, folded

    assert set(KEY_EXAMPLES) == {name for name, _, _ in RULES} == set(RULE_KEYS)
    for name, pattern, _ in RULES:
        text = f"It was said {KEY_EXAMPLES[name]}, officials noted."
        found = [m.group() for m in pattern.finditer(text)]
        assert found, name
        assert all(any(key in folded(m) for key in RULE_KEYS[name]) for m in found), (name, found)


def test_the_key_test_folds_what_ignorecase_folds():
    from extractors.nlp.temporal import may_match, folded

    assert may_match("ago", folded("Two weeks AGO"))
    assert may_match("weekday", folded("on FRİDAY"))  # dotted capital I lowers to i + combining dot
    assert not may_match("fiscal_year", folded("Revenue rose in the spring."))
    assert may_match("a rule without keys", "")  # runs always


def test_a_rule_whose_keys_are_absent_is_not_scanned(nlp, monkeypatch):
    import extractors.nlp.temporal as temporal

    scanned: list[str] = []

    class Spy:
        def __init__(self, name, pattern):
            self.name, self.pattern = name, pattern

        def finditer(self, text):
            scanned.append(self.name)
            return self.pattern.finditer(text)

    monkeypatch.setattr(temporal, "RULES", [(n, Spy(n, p), r) for n, p, r in temporal.RULES])
    found = rows(nlp, "Prices rose two weeks ago, the minister said.", date(2024, 5, 10))
    assert found["two weeks ago"][2] == "week"
    assert "ago" in scanned and "fiscal_year" not in scanned and "quarter" not in scanned


def test_dates_read_the_text_they_are_given_instead_of_rebuilding_it_from_the_doc(nlp):
    from extractors.nlp.sentences import SentenceIndex, sentence_spans

    text = "The plant closed last March and will reopen on Friday, two weeks ago the owner said."
    doc = nlp(text)
    sentences = SentenceIndex(sentence_spans(doc))
    anchor = date(2024, 5, 8)
    expected = [(t.start, t.end, t.value_start, t.value_end) for t in extract_temporal(doc, sentences, anchor)]
    given = [(t.start, t.end, t.value_start, t.value_end)
             for t in extract_temporal(DocWithoutText(doc), sentences, anchor, text)]
    assert given == expected and len(expected) >= 3
