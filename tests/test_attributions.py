"""Attribution rules (extractors/nlp/attributions.py), one behaviour per test, on sentences written
for these tests (no development-set text)."""
from __future__ import annotations

from datetime import date

import pytest

from extractors.records import paragraph_spans
from extractors.nlp.batch import ArticleText, StructuredRows, extract_batch


@pytest.fixture(scope="module")
def nlp():
    from extractors.nlp.model import get_nlp

    return get_nlp()


def extract(nlp, text: str) -> StructuredRows:
    [rows] = extract_batch([ArticleText("e" * 64, text, paragraph_spans(text), None, date(2024, 3, 6))], nlp)
    assert rows.error is None, rows.error
    return rows


def claims(rows: StructuredRows, text: str) -> list[tuple[str, str, str]]:
    """(source, cue, content text) of every attribution that carries a claim."""
    return [(a["source"], a["cue"], text[a["content_start"]:a["content_end"]])
            for a in rows.attributions if a["content_start"] is not None]


def test_add_and_continue_without_a_speaker_are_not_cues(nlp):
    text = ("The stock added 3 percent on Tuesday. Those gains add to the pressure on rivals. "
            "The rally continued into the evening.")
    assert extract(nlp, text).attributions == []


def test_add_with_a_speaker_and_a_claim_is_a_cue(nlp):
    text = "The mayor added that the bridge would reopen in May."
    assert claims(extract(nlp, text), text) == [("mayor", "added", "the bridge would reopen in May")]


def test_infinitive_under_a_non_speech_verb_is_not_a_cue(nlp):
    text = ("The agency struggled to contend with the floods. Officials are trying to assess the damage. "
            "Party leaders rushed to claim the seat.")
    assert extract(nlp, text).attributions == []


def test_passive_report_without_agent_is_an_explicit_unattributed_row(nlp):
    text = "It was reported that the refinery had closed."
    [row] = extract(nlp, text).attributions
    assert row["source_kind"] == "unattributed" and row["method"] == "passive" and row["source_text"] == ""
    assert text[row["content_start"]:row["content_end"]] == "the refinery had closed"
    assert text[row["cue_start"]:row["cue_end"]] == "was reported"


def test_belief_verb_attributes_its_complement_only(nlp):
    text = "Analysts believe the merger will fail. I think so."
    rows = extract(nlp, text)
    assert [(a["cue_type"], a["source"]) for a in rows.attributions] == [("belief", "Analysts")]
    assert claims(rows, text)[0][2] == "the merger will fail"


def test_gerund_continuing_a_clause_takes_the_governing_subject(nlp):
    text = "Senator Lena Holm spoke on Monday, adding that the vote would be delayed."
    assert claims(extract(nlp, text), text) == [("Lena Holm", "adding", "the vote would be delayed")]


def test_coordinated_reporting_verb_is_cut_from_the_first_claim(nlp):
    text = "Gloria Ortega said she would run again but did not say when."
    found = claims(extract(nlp, text), text)
    assert ("Gloria Ortega", "said", "she would run again") in found
    assert all("did not say" not in content for _, _, content in found)


def test_trailing_non_restrictive_relative_clause_is_the_writers_aside(nlp):
    text = "Okafor said the winner would be Dana Whitfield, who leads the polls."
    [(_, _, content)] = claims(extract(nlp, text), text)
    assert content == "the winner would be Dana Whitfield"


def test_quotation_of_several_sentences_is_one_claim(nlp):
    text = "“We are ready. The trucks are loaded,” said Nadia Petrov."
    [(_, cue, content)] = claims(extract(nlp, text), text)
    assert cue == "said" and content.startswith("We are ready.") and content.endswith("loaded")


def test_the_statement_read_is_the_words_of_whoever_issued_it(nlp):
    text = ("Voltera Motors issued a statement on Friday about the recall.\n\n"
            "“We regret the delay and will repay every customer,” the statement read.")
    rows = extract(nlp, text)
    [row] = rows.attributions
    assert row["source_text"] == "the statement" and row["source"] == "Voltera Motors"
    [quote] = [q for q in rows.quotes if q["kind"] == "direct"]
    assert quote["speaker"] == "Voltera Motors"


def test_cited_document_is_not_authored_by_who_cites_it(nlp):
    text = ("Officials cited a classified Army assessment of the war.\n\n"
            "The Army assessment said the brigade lost 40 tanks.")
    [row] = extract(nlp, text).attributions
    assert row["source_kind"] == "document" and row["source"] != "Officials"


def test_he_skips_an_antecedent_of_the_other_gender(nlp):
    text = ("Marcelo Duarte met the board on Monday. A spokeswoman for the bank said the talks had ended.\n\n"
            "He said the bank would appeal.")
    rows = extract(nlp, text)
    he = next(a for a in rows.attributions if a["source_text"] == "He")
    assert he["source"] == "Marcelo Duarte"


def test_they_wants_a_plural_antecedent_not_a_single_agency(nlp):
    text = ("The agency said the grant was approved. Governor Ruth Mbeki and party leaders said the budget was "
            "balanced.\n\nThey said taxes would not rise.")
    rows = extract(nlp, text)
    they = next(a for a in rows.attributions if a["source_text"] == "They")
    assert they["source"] != "agency"


def test_named_speaker_and_colon_in_running_prose_open_a_claim(nlp):
    text = ("The council met on Monday. Governor Maria Lopez: No new taxes this year.\n\n"
            "Note: the budget vote is on Friday.")
    rows = extract(nlp, text)
    [row] = rows.attributions
    assert "Maria Lopez" in row["source"] and (row["cue"], row["method"]) == (":", "colon")
    assert claims(rows, text)[0][2] == "No new taxes this year"


def test_a_name_and_colon_opening_a_line_is_a_heading_or_list_label_not_a_speaker(nlp):
    text = ("Our guide to the best apps this year.\n\n"
            "Microsoft Teams: Video calls, chat and shared files for small offices.\n\n"
            "Governor Maria Lopez: No new taxes this year")
    rows = extract(nlp, text)
    assert not [a for a in rows.attributions if a["method"] == "colon"]


def test_a_list_item_after_a_colon_line_and_a_titled_question_are_labels_not_speakers(nlp):
    text = ("Two offers stand out this spring. The options include:\n\n"
            "Governor Maria Lopez: Depending on the roof, a system may cost $10,000.\n\n"
            "Marketing News\n\nGovernor Maria Lopez: What You Need to Know")
    rows = extract(nlp, text)
    assert not [a for a in rows.attributions if a["method"] == "colon"]


def test_a_name_and_colon_opening_a_headline_with_a_stated_claim_is_a_speaker(nlp):
    text = "Governor Maria Lopez: The budget will not raise taxes\n\nThe vote is on Friday."
    rows = extract(nlp, text)
    [row] = [a for a in rows.attributions if a["method"] == "colon"]
    assert "Maria Lopez" in row["source"]


def test_a_direct_quotation_the_reader_is_told_to_say_keeps_you_as_its_speaker(nlp):
    text = "Your puppy jumps up and you push him off while saying “off.” He jumps again."
    rows = extract(nlp, text)
    assert [q["speaker_text"] for q in rows.quotes] == ["you"]


def test_a_preposition_before_the_colon_is_no_speaker(nlp):
    text = "The council met on Monday. In Governor Maria Lopez: The Early Years, the town hall appears on every page."
    rows = extract(nlp, text)
    assert not [a for a in rows.attributions if a["method"] == "colon"]


def test_the_writer_addressing_the_reader_is_no_source(nlp):
    text = ("If you think the market will recover, you might find that prices keep falling. "
            "We expect that you will want a cheaper plan.")
    rows = extract(nlp, text)
    assert not [a for a in rows.attributions if a["source_text"].lower() in {"you", "your"}]


def test_source_as_written_keeps_its_apposition_and_a_title_is_not_a_role(nlp):
    text = "Mr. Tomas Reyes, the mayor of Tulsa, said the bridge would reopen."
    [row] = extract(nlp, text).attributions
    assert row["source"] == "Tomas Reyes" and row["source_text"] == "Mr. Tomas Reyes, the mayor of Tulsa"
    assert row["source_role"] == "mayor of Tulsa"


def test_parenthetical_cue_reports_the_sentence_around_it(nlp):
    text = "The aim, she said, is a lasting truce between the two villages."
    [(_, cue, content)] = claims(extract(nlp, text), text)
    assert cue == "said" and content.startswith("The aim") and content.endswith("the two villages")


def test_trailing_participial_clause_is_cut_from_the_claim(nlp):
    text = "Dana Okoro said the tax plan would pass, calling it fair to every family."
    found = claims(extract(nlp, text), text)
    assert ("Dana Okoro", "said", "the tax plan would pass") in found


def test_object_of_an_announcing_verb_is_its_claim(nlp):
    text = ("Senator Ada Pike announced her resignation on Monday. She called the plan a disgrace and accused "
            "the council of hiding the costs. The mayor called the police.")
    found = {(cue, content) for _, cue, content in claims(extract(nlp, text), text)}
    assert ("announced", "her resignation") in found
    assert ("called", "the plan a disgrace") in found
    assert ("accused", "the council of hiding the costs") in found
    assert all(content != "the police" for _, content in found)


def test_copula_around_a_quotation_names_no_speaker(nlp):
    text = "The mayor became “the one who kept the lights on” for the whole city."
    rows = extract(nlp, text)
    assert rows.attributions == []


def test_relative_pronoun_is_the_written_source_resolved_to_the_noun_it_stands_for(nlp):
    text = "The plan was backed by a retired general who said the border needed more troops."
    rows = extract(nlp, text)
    [row] = [a for a in rows.attributions if a["cue"] == "said"]
    assert row["source"] == "retired general" and row["source_text"] == "who"
    assert text[row["source_start"]:row["source_end"]] == "who"


def test_relative_pronoun_of_a_named_speaker_resolves_to_the_person(nlp):
    text = "The first critic was Senator Jane Holloway, who said on Monday that the plan would fail."
    rows = extract(nlp, text)
    [row] = [a for a in rows.attributions if a["cue"] == "said"]
    assert (row["source"], row["source_text"], row["source_kind"]) == ("Jane Holloway", "who", "person")


def test_a_position_taken_is_attributed_to_whoever_takes_it(nlp):
    text = ("The governor endorsed Senator Alma Reyes for president on Monday. "
            "Union leaders have criticized the mayor for closing the library.")
    assert claims(extract(nlp, text), text) == [
        ("governor", "endorsed", "Senator Alma Reyes for president"),
        ("Union leaders", "criticized", "the mayor for closing the library")]
    assert {a["cue_type"] for a in extract(nlp, text).attributions} == {"stance"}


def test_stance_verbs_without_a_speaker_or_in_a_phrasal_sense_are_not_cues(nlp):
    text = "The company backed away from the deal. The pillars support the roof of the hall."
    assert claims(extract(nlp, text), text) == []


def test_first_person_inside_a_quoted_claim_is_the_quoted_speaker(nlp):
    text = "“I endorse Senator Alma Reyes for governor,” Tom Ortiz said on Monday."
    rows = extract(nlp, text)
    stance = next(a for a in rows.attributions if a["cue"] == "endorse")
    assert (stance["source_text"], stance["source"]) == ("I", "Tom Ortiz")


def test_a_quotation_after_its_cue_is_claimed_whole_not_its_first_sentence(nlp):
    text = "Mayor Lena Ortiz told the crowd “We will rebuild. The river will not win.”"
    [(_, _, content)] = claims(extract(nlp, text), text)
    assert content.startswith("We will rebuild.") and content.endswith("will not win.")


def test_a_quoted_phrase_ending_with_a_stop_is_framed_by_the_verb_that_governs_it(nlp):
    text = "Senator Ada Pike hailed the vote as proof of a “rigged system.”"
    [(source, cue, content)] = claims(extract(nlp, text), text)
    assert (source, cue) == ("Ada Pike", "hailed") and content.startswith("as proof of")


def test_the_object_of_a_topic_preposition_is_what_speech_is_about(nlp):
    text = ("The governor warned of a long battle over the budget. Dana Okoro wrote about the flood. "
            "The mayor spoke on Monday.")
    found = {(cue, content) for _, cue, content in claims(extract(nlp, text), text)}
    assert ("warned", "a long battle over the budget") in found
    assert any(cue == "wrote" and content.startswith("the flood") for cue, content in found)
    assert all(cue != "spoke" for cue, _ in found)  # a time is not a topic


def test_what_an_object_is_described_as_belongs_to_the_claim(nlp):
    text = "She described the plan as a gift to the rich."
    assert [content for _, _, content in claims(extract(nlp, text), text)] == ["the plan as a gift to the rich"]


def test_the_organisation_a_spokesperson_speaks_for_is_part_of_the_source(nlp):
    text = "A spokeswoman for the Harbor Bank said the branch would close."
    [row] = extract(nlp, text).attributions
    assert row["source_text"] == "A spokeswoman for the Harbor Bank"


def test_a_question_put_by_an_unnamed_asker_is_an_explicit_unattributed_row(nlp):
    text = "Asked whether the mayor would run again, Ms. Reyes said she did not know."
    rows = extract(nlp, text)
    [asked] = [a for a in rows.attributions if a["cue"] == "Asked"]
    assert asked["source_kind"] == "unattributed"
    assert text[asked["content_start"]:asked["content_end"]] == "the mayor would run again"


def test_asking_someone_to_act_is_a_claim_like_urging(nlp):
    text = "The mayor asked her to call the agency at once."
    assert claims(extract(nlp, text), text) == [("mayor", "asked", "her to call the agency at once")]


def test_a_noun_of_stance_with_its_holder_attributes_what_it_is_about(nlp):
    text = "Reyes's criticism of the plan was sharp. The senator launched attacks on the press. The bridge has support."
    found = {(cue, content) for _, cue, content in claims(extract(nlp, text), text)}
    assert found == {("criticism of", "the plan"), ("attacks on", "the press")}


def test_pointing_and_referring_to_something_attributes_it(nlp):
    text = "Governor Ruth Mbeki pointed to the jobs report. The arrow points to the exit."
    assert claims(extract(nlp, text), text) == [("Ruth Mbeki", "pointed", "the jobs report")]


def test_the_phrase_completing_a_reported_object_belongs_to_the_claim(nlp):
    text = "A new poll of voters showed Ortega in the lead."
    assert [content for _, _, content in claims(extract(nlp, text), text)] == ["Ortega in the lead"]


def test_a_verb_of_public_judgement_is_a_stance_of_its_subject(nlp):
    text = "Governor Ruth Mbeki blasted the court's ruling on Tuesday."
    rows = extract(nlp, text)
    assert [(a["cue_type"], a["source"]) for a in rows.attributions] == [("stance", "Ruth Mbeki")]
    assert claims(rows, text)[0][2] == "the court's ruling"


def test_a_stated_aim_with_an_infinitive_is_a_stance_of_its_subject(nlp):
    text = "Senator Paul Okafor wants to repeal the fuel tax."
    rows = extract(nlp, text)
    assert [(a["cue_type"], a["source"], a["cue"]) for a in rows.attributions] == [("stance", "Paul Okafor", "wants")]
    assert claims(rows, text)[0][2] == "to repeal the fuel tax"


def test_an_aim_inside_someone_quoted_words_is_part_of_their_claim(nlp):
    text = "“We want to win this seat,” Dana Whitfield said."
    assert [a["cue"] for a in extract(nlp, text).attributions] == ["said"]


def test_a_participle_describing_a_group_makes_the_group_the_holder(nlp):
    text = "Donors gave money to a committee backing Senator Lena Holm."
    rows = extract(nlp, text)
    assert [(a["source"], a["cue"]) for a in rows.attributions] == [("committee", "backing")]
    assert claims(rows, text)[0][2] == "Senator Lena Holm"


def test_an_appearance_presented_by_the_writer_is_an_unattributed_claim(nlp):
    text = "Turnout in the northern districts seems to be rising sharply."
    [row] = extract(nlp, text).attributions
    assert (row["source_kind"], row["cue_type"], row["cue"]) == ("unattributed", "belief", "seems")
    assert text[row["content_start"]:row["content_end"]] == "Turnout in the northern districts seems to be rising sharply"


def test_an_expectation_in_the_passive_is_an_unattributed_claim(nlp):
    text = "The governor is expected to sign the water bill next week."
    [row] = extract(nlp, text).attributions
    assert (row["source_kind"], row["cue"]) == ("unattributed", "is expected")
    assert text[row["content_start"]:row["content_end"]].endswith("to sign the water bill next week")


def test_an_appearance_inside_a_quotation_is_the_speakers_hedge(nlp):
    text = "“The levee seems to be holding,” Mayor Tom Ortiz said."
    assert [a["cue"] for a in extract(nlp, text).attributions] == ["said"]


def test_calling_for_someone_to_act_attributes_the_infinitival_clause(nlp):
    text = "In December, the prince called for Ortiz to drop out of the race."
    assert claims(extract(nlp, text), text) == [("prince", "called", "Ortiz to drop out of the race")]


def test_plural_documents_and_recordings_can_report(nlp):
    text = "Recent polls show Mayor Tom Ortiz with a double-digit lead."
    rows = extract(nlp, text)
    assert [(a["cue_type"], a["source_kind"], a["cue"]) for a in rows.attributions] == [("report", "document", "show")]
    assert claims(rows, text)[0][2] == "Mayor Tom Ortiz with a double-digit lead"


def test_people_by_their_public_part_and_poll_shares_can_hold_a_stance(nlp):
    text = "Forty-one percent would vote for Senator Lena Holm. Many voters oppose the new toll."
    found = [(a["source"], a["source_kind"], a["cue"]) for a in extract(nlp, text).attributions]
    assert found == [("Forty-one percent", "person", "vote"), ("Many voters", "person", "oppose")]


def test_a_gerund_after_a_preposition_speaks_for_the_subject_of_its_verb(nlp):
    text = "The senator stirred anger last week by saying that the judge could not be impartial."
    assert claims(extract(nlp, text), text) == [("senator", "saying", "the judge could not be impartial")]


def test_speech_tag_between_commas_is_found_from_the_commas_not_the_parse(nlp):
    # the parser hangs "Farmers" on the tag's verb as a second subject, and gives "many" no
    # subject role at all; the commas still set the tag apart from the claim around it
    text = ("Farmers, Okafor suggested, do not have to worry about the drought.\n\n"
            "That plan, many argue, could ruin the valley's orchards.")
    assert claims(extract(nlp, text), text) == [
        ("Okafor", "suggested", "Farmers, Okafor suggested, do not have to worry about the drought"),
        ("many", "argue", "That plan, many argue, could ruin the valley's orchards")]


def test_a_regular_plural_of_a_speaker_noun_is_a_speaker(nlp):
    # "noted" needs a speaker-like subject; the lists hold "agency", morphology gives "agencies"
    text = "The agencies noted that the river would flood by Friday."
    assert claims(extract(nlp, text), text) == [("agencies", "noted", "the river would flood by Friday")]


def test_a_participle_with_its_own_subject_is_a_finite_verb(nlp):
    # the tagger reads "advocated" as a participle; a participle modifying a noun has no subject
    text = "When local unions advocated for a shorter week, the board refused."
    [(source, cue, content)] = claims(extract(nlp, text), text)
    assert (cue, content) == ("advocated", "a shorter week") and "unions" in source


def test_a_coordinated_cue_with_its_own_object_does_not_report_the_clause_before_it(nlp):
    text = "Other mayors have stayed silent, and Governor Maria Lopez called for a ban on the pesticide."
    assert claims(extract(nlp, text), text) == [("Maria Lopez", "called", "a ban on the pesticide")]


def test_a_quoted_judgement_of_called_ends_at_its_closing_mark(nlp):
    # the parser hangs the quotation on "the plan", not as the verb's predicate; the marks, not
    # the parse, bound the judgement ("on Tuesday" is when it was said)
    text = "Senator Maria Lopez called the plan “an absolute disgrace” on Tuesday."
    assert claims(extract(nlp, text), text) == [("Maria Lopez", "called", "the plan “an absolute disgrace”")]


def test_a_belief_about_a_topic_attributes_the_topic(nlp):
    text = "Many residents worry about the noise from the new highway."
    assert claims(extract(nlp, text), text) == [("Many residents", "worry", "the noise from the new highway")]


def test_the_object_of_noted_or_mentioned_is_the_claim(nlp):
    text = "Critics have noted the rising cost of the program."
    assert claims(extract(nlp, text), text) == [("Critics", "noted", "the rising cost of the program")]


def test_a_quantifier_subject_stands_for_people_but_not_a_share_of_things(nlp):
    text = "Some noted that the dam was old. Some of the funds added to the deficit."
    assert claims(extract(nlp, text), text) == [("Some", "noted", "the dam was old")]


def test_a_gerund_with_an_object_claim_continues_its_clauses_speaker(nlp):
    text = "Mr. Tomas Reyes won the seat by promising to repair the old bridge."
    assert claims(extract(nlp, text), text) == [("Tomas Reyes", "promising", "to repair the old bridge")]


def test_a_passive_stance_is_held_by_its_agent(nlp):
    text = ("The plan was endorsed by the Herald. "
            "The states kept a loophole, a practice criticized by Senator Maria Lopez.")
    assert claims(extract(nlp, text), text) == [("Herald", "endorsed", "The plan"),
                                                ("Maria Lopez", "criticized", "a practice")]


def test_a_sentence_opened_by_in_and_a_document_is_what_the_document_says(nlp):
    text = "In the new survey, a third of the town opposed the dam. In Ohio, turnout was high."
    rows = extract(nlp, text)
    assert [(a["cue"], a["source_text"], text[a["content_start"]:a["content_end"]]) for a in rows.attributions
            if a["cue_type"] == "according_to"] == [("In", "the new survey", "a third of the town opposed the dam")]


def test_a_trailing_participle_that_is_not_an_act_of_saying_stays_in_the_claim(nlp):
    text = "Inspectors said that officers still patrol the park every night, handing out fines to skaters."
    assert claims(extract(nlp, text), text) == [
        ("Inspectors", "said", "officers still patrol the park every night, handing out fines to skaters")]


def test_seeing_someone_as_something_is_a_belief_but_seeing_a_crowd_is_not(nlp):
    text = "Many voters see Senator Maria Lopez as the likeliest winner. She saw the crowd in the square."
    assert claims(extract(nlp, text), text) == [
        ("Many voters", "see", "Senator Maria Lopez as the likeliest winner")]


def test_a_cue_after_a_closing_mark_and_comma_is_not_a_speech_tag_inside_its_claim(nlp):
    text = '"It is huge," he said, doing his best impression of the mayor.'
    assert claims(extract(nlp, text), text) == [("he", "said", "It is huge")]


def test_a_trailing_which_clause_is_the_writers_aside_in_an_object_claim_too(nlp):
    text = "Senator Maria Lopez pointed to the example of Ohio, which lost a plant last year."
    assert claims(extract(nlp, text), text) == [("Maria Lopez", "pointed", "the example of Ohio")]


def test_a_gerund_hung_on_a_reported_claim_is_spoken_by_the_reporting_subject(nlp):
    text = "Senator Rivera argued that the fund would run dry by May, saying that the state had waited too long."
    rows = extract(nlp, text)
    [row] = [a for a in rows.attributions if a["cue"] == "saying"]
    assert row["source"] == "Rivera"


def test_written_source_before_its_verb_keeps_all_that_describes_the_speaker(nlp):
    text = "Harry Bond, 30, of Raleigh, who was among those polled, said the race was open."
    [row] = [a for a in extract(nlp, text).attributions if a["cue"] == "said"]
    assert row["source"] == "Harry Bond"
    assert row["source_text"] == "Harry Bond, 30, of Raleigh, who was among those polled"


def test_a_document_speaking_in_the_clause_that_issued_it_is_its_issuers_words(nlp):
    text = "Senator Ruiz released a statement saying the vote had been rigged."
    [row] = [a for a in extract(nlp, text).attributions if a["cue"] == "saying"]
    assert (row["source"], row["source_text"]) == ("Ruiz", "a statement")


def test_written_source_after_an_inverted_verb_keeps_age_and_home_town(nlp):
    text = '"I am voting for anyone else," declared Alyssa Wagner, 29, of Meridian, Ind.'
    [row] = [a for a in extract(nlp, text).attributions if a["cue"] == "declared"]
    assert (row["source"], row["source_text"]) == ("Alyssa Wagner", "Alyssa Wagner, 29, of Meridian, Ind.")


def test_claim_goes_on_through_the_colon_that_elaborates_it(nlp):
    text = "The mayor said the plan fails for one reason: the city has no money left."
    assert claims(extract(nlp, text), text) == [("mayor", "said",
                                                 "the plan fails for one reason: the city has no money left")]


def test_stance_object_stops_before_an_apposition_describing_it(nlp):
    text = "The union voted for Ann Ortiz, a nurse who has never held office."
    assert claims(extract(nlp, text), text) == [("union", "voted", "Ann Ortiz")]


def test_stance_noun_object_stops_before_an_apposition_describing_it(nlp):
    text = "Local farmers criticized the mayor's support for Paul Reyes, a banker from Tulsa."
    assert [c for _, cue, c in claims(extract(nlp, text), text) if cue == "support for"] == ["Paul Reyes"]


def test_phrase_placing_the_act_in_time_is_not_part_of_the_object_claim(nlp):
    text = "The governor claimed victory during a late-night interview."
    assert claims(extract(nlp, text), text) == [("governor", "claimed", "victory")]


def test_subordinate_cue_reports_its_own_object_not_the_clause_before(nlp):
    text = "Senator Lee grew angry, so that he accused the clerks of hiding the ledger."
    assert claims(extract(nlp, text), text) == [("Lee", "accused", "the clerks of hiding the ledger")]


def test_cue_after_as_still_reports_the_clause_before(nlp):
    text = "The economy grew faster than expected, as the report said."
    assert claims(extract(nlp, text), text) == [("report", "said", "The economy grew faster than expected")]


def test_of_two_complements_the_cue_reports_the_one_beside_it(nlp):
    text = ('The endorsements prompted some anger from members ("I want my money back," wrote Ed Nolan, '
            'a welder in Ohio), and more complaints will follow.')
    assert claims(extract(nlp, text), text) == [("Ed Nolan", "wrote", "I want my money back")]


def test_a_lead_in_clause_before_the_speaker_is_not_the_claim(nlp):
    text = ('Sitting down with Channel 4\'s "Morning Show" on Thursday, during which she also touched on the '
            'idea of a new stadium, Mayor Ortiz remarked that she was "a little surprised" to be debating taxes.')
    assert claims(extract(nlp, text), text) == [("Ortiz", "remarked",
                                                 'she was "a little surprised" to be debating taxes')]


def test_restrictive_relative_cue_does_not_report_the_sentence_before_it(nlp):
    text = "Unity does not mean the mayor takes back everything he said."
    assert claims(extract(nlp, text), text) == []


def test_cue_after_as_with_its_own_object_reports_that_object(nlp):
    text = "The talks failed on Tuesday, as the senators accused each other of stalling."
    assert claims(extract(nlp, text), text) == [("senators", "accused", "each other of stalling")]


def test_cue_with_its_own_object_does_not_report_the_clause_before_it(nlp):
    text = "When the senator skipped the hearing, voters were glad reporters kept pointing it out."
    assert not [c for _, _, c in claims(extract(nlp, text), text) if "skipped the hearing" in c]


def test_tell_with_its_addressee_still_reports_the_clause_before_it(nlp):
    text = "The board approved the budget on Monday, the treasurer told reporters."
    assert claims(extract(nlp, text), text) == [("treasurer", "told reporters",
                                                 "The board approved the budget on Monday")]


def test_referring_to_after_a_quotation_attributes_what_it_refers_to(nlp):
    text = "“The key was the timing,” Mr. Lund said, referring to the two lake resorts."
    assert ("Lund", "referring", "the two lake resorts") in claims(extract(nlp, text), text)


def test_claim_stops_before_a_further_act_of_saying_hung_deep_in_it(nlp):
    text = ("The mayor said the council will have to choose whose side it is on, saying, "
            "“At some point the pressure is going to build.”")
    assert [c for _, cue, c in claims(extract(nlp, text), text) if cue == "said"] == [
        "the council will have to choose whose side it is on"]


def test_claim_stops_before_another_speakers_contrasted_claim(nlp):
    text = ("Some voters said the former governor had made a good case for his wife, while other voters said "
            "they had not heard anything new.")
    assert claims(extract(nlp, text), text) == [
        ("Some voters", "said", "the former governor had made a good case for his wife"),
        ("other voters", "said", "they had not heard anything new")]


def test_topic_goes_on_through_the_as_phrase_judging_it(nlp):
    text = "The governor often referred to Ms. Reyes as “a bright, charismatic leader.”"
    [(source, cue, content)] = claims(extract(nlp, text), text)
    assert (source, cue) == ("governor", "referred")
    assert content.startswith("Ms. Reyes as “a bright, charismatic leader")


def test_a_stance_inside_a_reported_claim_is_part_of_that_claim(nlp):
    text = "The governor said that the plan was sound and that voters would back it in November."
    assert [(s, c) for s, c, _ in claims(extract(nlp, text), text)] == [("governor", "said")]


def test_speech_reported_inside_a_quotation_is_the_quoted_speakers_account(nlp):
    text = "“The chief told me the plant would close in May,” Ana Ruiz said on Friday."
    assert claims(extract(nlp, text), text) == [
        ("Ana Ruiz", "said", "The chief told me the plant would close in May")]


def test_a_finite_verb_coordinated_with_a_nonfinite_claim_is_the_speakers_next_act(nlp):
    text = "The mayor said she would resign in May and thanked her staff for their work."
    assert claims(extract(nlp, text), text) == [("mayor", "said", "she would resign in May")]



def test_a_stance_or_belief_quoted_from_someone_else_is_the_quoted_speakers_claim(nlp):
    text = ("“The unions endorse Senator Reyes,” Tom Ortiz said. "
            "“Most farmers believe the new tax is unfair,” Ana Ruiz said.")
    assert [(s, c) for s, c, _ in claims(extract(nlp, text), text)] == [("Tom Ortiz", "said"), ("Ana Ruiz", "said")]


def test_a_question_put_by_someone_unnamed_is_an_unattributed_claim_about_its_topic(nlp):
    text = "The governor was asked about the new budget on Monday."
    rows = extract(nlp, text)
    [row] = [a for a in rows.attributions if a["content_start"] is not None]
    assert (row["source_kind"], row["cue"]) == ("unattributed", "was asked")
    assert text[row["content_start"]:row["content_end"]].startswith("the new budget")


def test_a_participle_phrase_closing_an_object_claim_is_part_of_the_claim(nlp):
    text = "A new poll showed the mayor in first at 30 percent, followed closely by the treasurer at 22 percent."
    assert [(c, t) for _, c, t in claims(extract(nlp, text), text)] == [
        ("showed", "the mayor in first at 30 percent, followed closely by the treasurer at 22 percent")]


def test_a_participle_of_saying_after_an_object_claim_stays_a_claim_of_its_own(nlp):
    text = "The senator praised the bill, calling it a model for the state."
    assert ("praised", "the bill") in [(c, t) for _, c, t in claims(extract(nlp, text), text)]


def test_a_clause_coordinated_without_a_comma_after_a_reported_claim_goes_on_with_the_claim(nlp):
    text = "The coach says Mr. Dale is a very close friend and it's his choice what plays he runs."
    assert [(c, t) for _, c, t in claims(extract(nlp, text), text)] == [
        ("says", "Mr. Dale is a very close friend and it's his choice what plays he runs")]


def test_a_clause_coordinated_after_a_comma_is_the_writers_own(nlp):
    text = "The coach said the team was ready, and the fans cheered."
    assert [(c, t) for _, c, t in claims(extract(nlp, text), text)] == [("said", "the team was ready")]


def test_a_clause_of_reason_closing_a_reported_claim_is_part_of_the_claim(nlp):
    text = 'The judge wrote that the request was "futile," because if there were more records, they would appear.'
    [(_, cue, content)] = claims(extract(nlp, text), text)
    assert cue == "wrote" and content.endswith("because if there were more records, they would appear")


def test_the_reason_given_for_a_reproach_is_part_of_its_topic(nlp):
    text = "The senator railed against the mayor for refusing to give the council a fair hearing."
    assert [(c, t) for _, c, t in claims(extract(nlp, text), text)] == [
        ("railed", "the mayor for refusing to give the council a fair hearing")]


def test_a_speech_tag_closing_the_sentence_after_a_comma_reports_the_clause_before_it(nlp):
    text = 'Those who take on heavy debt struggle, even with a "good" job, he said.'
    assert [(c, t) for _, c, t in claims(extract(nlp, text), text)] == [
        ("said", 'Those who take on heavy debt struggle, even with a "good" job')]


def test_a_cue_coordinated_inside_a_relative_clause_speaks_for_the_noun_it_describes(nlp):
    text = "Ana met the mayor, who answered her door on Sunday and said she planned to vote for Reyes."
    rows = extract(nlp, text)
    [row] = [a for a in rows.attributions if a["cue"] == "said"]
    assert (row["source_text"], row["source"]) == ("who", "mayor")
    assert text[row["content_start"]:row["content_end"]] == "she planned to vote for Reyes"


def test_a_second_cue_the_parser_hangs_on_the_first_claim_keeps_the_first_speaker(nlp):
    text = ("Dale said the mayor had begun making calls to members - there are two from each district - "
            "but said the outcome was still open.")
    assert [(s, c, t) for s, c, t in claims(extract(nlp, text), text) if t.startswith("the outcome")] == [
        ("Dale", "said", "the outcome was still open")]


def test_what_say_takes_as_its_object_is_what_was_said(nlp):
    text = "The coach says a lot about the team."
    assert [(c, t) for _, c, t in claims(extract(nlp, text), text)] == [("says", "a lot about the team")]


def test_a_relative_word_as_the_object_of_say_is_no_claim(nlp):
    text = "The mayor took back everything he said."
    assert claims(extract(nlp, text), text) == []


def test_the_answer_say_gives_is_what_was_said(nlp):
    text = "When the council asked him to stay, the mayor said no."
    assert ("said", "no") in [(c, t) for _, c, t in claims(extract(nlp, text), text)]
