"""Quote rules (extractors/nlp/quotes.py), one behaviour per test, on sentences written for these
tests (no development-set text)."""
from __future__ import annotations

from datetime import date

import pytest

from extractors.nlp.quotation_marks import find_quote_spans
from extractors.nlp.quotes import _looks_like_title
from extractors.records import paragraph_spans
from extractors.nlp.batch import ArticleText, StructuredRows, extract_batch


@pytest.fixture(scope="module")
def nlp():
    from extractors.nlp.model import get_nlp

    return get_nlp()


def extract(nlp, text: str) -> StructuredRows:
    [rows] = extract_batch([ArticleText("f" * 64, text, paragraph_spans(text), None, date(2024, 3, 6))], nlp)
    assert rows.error is None, rows.error
    return rows


def direct(rows: StructuredRows) -> list[tuple[str, str | None]]:
    return [(q["text"], q["speaker"]) for q in rows.quotes if q["kind"] == "direct"]


def test_curly_quotation_closed_by_a_straight_mark_does_not_swallow_the_next(nlp):
    text = 'Ana Ruiz said, “We will stay." Her deputy, Tom Hale, said, "We will not leave."'
    spans = [text[s.start:s.end] for s in find_quote_spans(text, paragraph_spans(text))]
    assert spans == ["We will stay.", "We will not leave."]
    assert direct(extract(nlp, text))[0] == ("We will stay.", "Ana Ruiz")


def test_straight_quotation_closed_by_a_curly_mark(nlp):
    text = '"I hoped for more,” Ms. Rina Patel said. “So I was disappointed.”'
    assert direct(extract(nlp, text)) == [("I hoped for more", "Rina Patel"), ("So I was disappointed.", "Rina Patel")]


def test_cue_right_after_the_closing_mark_in_a_new_parser_sentence(nlp):
    text = "“Hold on, one more minute!” he urged the crowd in Dayton, as the rain began."
    [(_, speaker)] = direct(extract(nlp, "Mayor Carl Jensen spoke last. " + text))
    assert speaker == "Carl Jensen"


def test_colon_lead_in_names_the_speaker_of_the_next_quotation(nlp):
    text = "Asked about the delay, Priya Natarajan replied:\n\n“The parts arrive next week.”"
    [(_, speaker)] = direct(extract(nlp, text))
    assert speaker == "Priya Natarajan"


def test_titles_and_song_names_in_title_case_are_not_quotes(nlp):
    assert _looks_like_title("Market Size and Demand for Fuel in Ohio")
    assert _looks_like_title("We're Not Gonna Take It")
    assert not _looks_like_title("We are not going to take it any more")
    text = ('The study, "Market Size and Demand for Fuel in Ohio", was shared while the band played '
            '"We\'re Not Gonna Take It" at the rally.')
    assert direct(extract(nlp, text)) == []


def test_chant_after_its_cue_is_speech_by_the_subject(nlp):
    text = "Teachers chanted “Fair pay now” outside the hall."
    assert direct(extract(nlp, text)) == [("Fair pay now", "Teachers")]


def test_partial_quotation_inside_a_clause_is_the_subjects_words(nlp):
    text = "Governor Hal Brenner praised the budget as “a deal that every town can live with” on Monday."
    rows = extract(nlp, text)
    assert direct(rows) == [("a deal that every town can live with", "Hal Brenner")]
    [row] = rows.attributions
    claim = text[row["content_start"]:row["content_end"]]
    assert row["method"] == "quotation" and "a deal that every town can live with" in claim


def test_first_person_cue_inside_a_quotation_is_part_of_the_quoted_claim(nlp):
    text = "“I think the levee will hold, and we said so in May,” said engineer Maja Lind."
    rows = extract(nlp, text)
    assert [(a["source"], a["cue"]) for a in rows.attributions] == [("Maja Lind", "said")]
    assert direct(rows) == [("I think the levee will hold, and we said so in May", "Maja Lind")]


def test_quotation_interrupted_by_its_cue_is_one_claim(nlp):
    text = "“The dam is safe,” said engineer Maja Lind. “The spillway was tested in May.”"
    rows = extract(nlp, text)
    [row] = [a for a in rows.attributions if a["content_start"] is not None]
    claim = text[row["content_start"]:row["content_end"]]
    assert claim.startswith("The dam is safe") and claim.endswith("tested in May.")
    assert [q["speaker"] for q in rows.quotes if q["kind"] == "direct"] == ["Maja Lind", "Maja Lind"]


def test_two_apostrophes_are_a_double_quotation_mark(nlp):
    text = "''We will not sell the farm,'' said Ingrid Sorensen, the owner. She called it ''home.''"
    spans = [text[s.start:s.end] for s in find_quote_spans(text, paragraph_spans(text))]
    assert spans == ["We will not sell the farm", "home."]
    assert direct(extract(nlp, text))[0] == ("We will not sell the farm", "Ingrid Sorensen")


def test_as_someone_put_it_and_went_on_are_cues(nlp):
    text = ("As the historian Lena Varga put it: “Every bridge is a promise.”\n\n"
            "She went on: “Some promises are broken.”")
    assert [s for _, s in direct(extract(nlp, text))] == ["Lena Varga", "Lena Varga"]


def test_quotation_inside_a_reported_claim_takes_that_cues_speaker(nlp):
    text = "Delegate Omar Reyes predicted that his allies would “take this fight to the floor.”"
    assert direct(extract(nlp, text)) == [("take this fight to the floor.", "Omar Reyes")]


def test_a_quotation_opening_the_paragraph_after_a_speech_cue_goes_on_with_that_speaker(nlp):
    text = ("Mayor Dana Whitfield told reporters on Monday that the bridge would reopen.\n\n"
            "“We will not wait another winter. The crews start next week.”")
    assert direct(extract(nlp, text)) == [
        ("We will not wait another winter. The crews start next week.", "Dana Whitfield")]


def test_a_quotation_after_narration_stays_without_a_speaker(nlp):
    text = "The bridge closed in March after the flood.\n\n“We will not wait another winter.”"
    assert direct(extract(nlp, text)) == [("We will not wait another winter.", None)]


def test_typewriter_quotation_interrupted_by_its_cue_is_one_claim(nlp):
    text = ("Critics were angry. ''If the plan fails, I think that's terrible,'' Mr. Okafor said. "
            "''But this is not a bridge that collapsed. It has always held.''")
    rows = extract(nlp, text)
    [said] = [a for a in rows.attributions if a["cue"] == "said"]
    claim = text[said["content_start"]:said["content_end"]]
    assert claim.startswith("If the plan fails") and claim.endswith("It has always held.")


def test_a_quotation_of_several_sentences_is_governed_by_the_verb_before_it(nlp):
    text = "Mayor Lena Ortiz then boomed, “Today you proved it. There is no place like home.”"
    [quote] = extract(nlp, text).quotes
    assert (quote["speaker"], quote["speaker_resolution"]) == ("Lena Ortiz", "cue")


def test_a_lead_in_clause_the_parser_hung_under_the_quotation_names_the_speaker(nlp):
    text = "At a rally in Ohio, Senator Lena Ortiz ended her speech and quoted a poet: “Every obstacle yields to effort. We will win.”"
    rows = extract(nlp, text)
    [quote] = rows.quotes
    assert quote["speaker"] == "Lena Ortiz"
    assert [(a["cue"], a["source"]) for a in rows.attributions] == [("quoted", "Lena Ortiz")]


def test_a_paragraph_opening_quotation_is_not_governed_by_the_previous_paragraphs_verb(nlp):
    text = "Senator Lena Ortiz thanked the crowd in Dayton.\n\n“We will win this seat in May.”"
    rows = extract(nlp, text)
    assert [q["speaker"] for q in rows.quotes] == [None]
    assert rows.attributions == []


def test_any_noun_beside_a_quotation_with_a_weak_cue_is_its_speaker(nlp):
    # "replied" is a cue only with a speaker; "engineer" is on no role list, but the quotation
    # beside the verb shows speech
    text = "“The bridge will hold through the winter,” the engineer replied."
    assert direct(extract(nlp, text)) == [("The bridge will hold through the winter", "engineer")]


def test_colon_lead_in_with_a_subordinate_last_verb_is_spoken_by_the_governing_subject(nlp):
    # the verb before the colon ("happened") has no speaker; the clause that governs it does
    text = "Ruth Adler apologized for what happened: “I was wrong about the bridge.”"
    assert direct(extract(nlp, text)) == [("I was wrong about the bridge.", "Ruth Adler")]


def test_a_quotation_after_a_sentence_naming_its_speaker_goes_on_with_that_speaker(nlp):
    text = 'Sam Lau, the party spokesman, said in a statement. "We will count every vote again if we must."'
    [quote] = extract(nlp, text).quotes
    assert (quote["speaker"], quote["speaker_resolution"]) == ("Sam Lau", "continuation")


def test_a_quotation_two_sentences_after_a_speech_cue_stays_without_a_speaker(nlp):
    text = 'The mayor said the vote was fair. Critics left the hall early. "This is a disgrace."'
    quotes = [q for q in extract(nlp, text).quotes if q["kind"] == "direct"]
    assert [(q["speaker"], q["speaker_resolution"]) for q in quotes] == [(None, "unresolved")]


def test_inverted_tag_speaker_is_not_the_quoted_noun_the_parser_also_made_a_subject(nlp):
    text = '"He opposed every single one of them. Every single amendment," said Cruz, who had introduced them.'
    [quote] = [q for q in extract(nlp, text).quotes if q["kind"] == "direct"]
    assert quote["speaker"] == "Cruz"


def test_a_paragraph_ending_with_a_colon_introduces_the_next_paragraphs_quotation(nlp):
    text = ("After the vote, Mayor Dana Whitfield issued the following statement:\n\n"
            "“We will appeal this ruling and we will win.”")
    assert direct(extract(nlp, text)) == [("We will appeal this ruling and we will win.", "Dana Whitfield")]


def test_a_paragraph_ending_with_a_full_stop_does_not_introduce_the_next_quotation(nlp):
    text = "After the vote, Mayor Dana Whitfield left the hall.\n\n“We will appeal this ruling and we will win.”"
    assert direct(extract(nlp, text)) == [("We will appeal this ruling and we will win.", None)]


def test_sentence_interrupted_by_its_cue_after_a_comma_is_one_claim(nlp):
    text = "“When I look at the budget,” Ana Ruiz said, “I see a town that has stopped planning.”"
    rows = extract(nlp, text)
    [claim] = [text[a["content_start"]:a["content_end"]] for a in rows.attributions if a["content_start"] is not None]
    assert claim.startswith("When I look at the budget") and claim.endswith("stopped planning.")
