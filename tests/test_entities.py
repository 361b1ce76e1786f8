"""The entity rules (extractors/nlp/entities.py, extractors/nlp/model.py), on sentences written for these
tests: the gazetteer as data, list splitting, company words, places with a direction word,
surname merging, and capitalised common words that are not names."""
from __future__ import annotations

from datetime import date

import pytest

from extractors.nlp.entities import Mention, extract_entities, find_mentions, resolve
from extractors.nlp.entities import heading_lines as _heading_lines
from extractors.nlp.model import CATEGORIES, gazetteer, gazetteer_patterns, is_outlet
from extractors.records import paragraph_spans
from extractors.nlp.sentences import SentenceIndex, sentence_spans
from extractors.nlp.batch import ArticleText, extract_batch


@pytest.fixture(scope="module")
def nlp():
    from extractors.nlp.model import get_nlp

    return get_nlp()


def entities(nlp, text: str) -> dict[str, dict]:
    """The article's `entities` rows and its `entity_candidates` rows by canonical name, each with `published`
    (which table it is in): most tests here are about names, types and spans, whichever table holds them."""
    [rows] = extract_batch([ArticleText("e" * 64, text, paragraph_spans(text), None, date(2024, 3, 4))], nlp)
    assert rows.error is None, rows.error
    return {e["canonical_name"]: {**e, "published": published}
            for published, table in ((True, rows.entities), (False, rows.entity_candidates)) for e in table}


def mentions_with(nlp, text: str, spans: list[tuple[str, str]]) -> list[Mention]:
    """find_mentions on a parsed doc whose entities are set by hand: (surface, label) pairs."""
    doc = nlp(text)
    ents = []
    for surface, label in spans:
        start = text.index(surface)
        ents.append(doc.char_span(start, start + len(surface), label=label))
    doc.ents = ents
    return find_mentions(doc, SentenceIndex(sentence_spans(doc)))


# -- the gazetteer is data ----------------------------------------------------------------------
def test_gazetteer_is_read_from_the_data_file_with_valid_categories():
    rows = gazetteer()
    assert len(rows) > 500
    assert {category for category, _, _ in rows} <= set(CATEGORIES)
    assert ("org", "ORG", "Netflix") in rows and ("place", "GPE", "Inner Mongolia") in rows
    assert len(gazetteer_patterns()) == len(rows)
    assert is_outlet("the Guardian") and not is_outlet("Netflix")


def test_company_the_model_reads_as_a_place_is_an_organisation(nlp):
    found = entities(nlp, "Netflix raised prices in Brazil and Netflix lost subscribers.")
    assert found["Netflix"]["label"] == "ORG" and found["Netflix"]["category"] == "org"


def test_inner_mongolia_is_one_place(nlp):
    found = entities(nlp, "Herders in Inner Mongolia moved their flocks.")
    assert found["Inner Mongolia"]["label"] == "GPE" and "Inner" not in found


def test_direction_word_joins_the_place_it_precedes(nlp):
    doc = nlp("Floods hit Upper Egypt on Sunday.")  # "Egypt" comes from the gazetteer, "Upper" does not
    assert [m.text for m in find_mentions(doc, SentenceIndex(sentence_spans(doc)))] == ["Upper Egypt"]


# -- lists and company words --------------------------------------------------------------------
def test_comma_list_read_as_one_name_is_split(nlp):
    text = "Viewers left CBS All Access, Disney and Hulu last year."
    mentions = mentions_with(nlp, text, [("CBS All Access, Disney and Hulu", "ORG")])
    assert [m.text for m in mentions] == ["CBS All Access", "Disney", "Hulu"]


def test_ampersand_inside_a_list_item_does_not_split_that_item(nlp):
    text = "Clients include Vexa, Acme Hotels & Resorts, Brightline and Corvo."
    mentions = mentions_with(nlp, text, [("Vexa, Acme Hotels & Resorts, Brightline and Corvo", "ORG")])
    assert [m.text for m in mentions] == ["Vexa", "Acme Hotels & Resorts", "Brightline", "Corvo"]
    mentions = mentions_with(nlp, text, [("Vexa", "ORG"), ("Acme Hotels & Resorts", "ORG"), ("Brightline", "ORG")])
    assert [m.text for m in mentions][:2] == ["Vexa", "Acme Hotels & Resorts"]  # the list goes on after it


def test_names_with_and_or_ampersand_stay_whole_outside_a_list(nlp):
    text = "Procter & Gamble and the Bank of Bosnia and Herzegovina signed."
    mentions = mentions_with(nlp, text, [("Procter & Gamble", "ORG"), ("Bank of Bosnia and Herzegovina", "ORG")])
    assert [m.text for m in mentions] == ["Procter & Gamble", "Bank of Bosnia and Herzegovina"]


def test_name_ending_in_a_company_word_is_an_organisation(nlp):
    mentions = mentions_with(nlp, "Dick Clark Productions sold the show.", [("Dick Clark Productions", "PERSON")])
    assert [(m.text, m.label) for m in mentions] == [("Dick Clark Productions", "ORG")]


def test_company_word_alone_is_not_a_company(nlp):
    text = "Register the LLC before you open an account with Fenwick Tools LLC."
    mentions = mentions_with(nlp, text, [("LLC", "ORG"), ("Fenwick Tools LLC", "ORG")])
    assert [m.text for m in mentions] == ["Fenwick Tools LLC"]


def test_well_known_products_are_typed_from_the_gazetteer(nlp):
    found = entities(nlp, "Firefox and Android users can update today.")
    assert found["Firefox"]["label"] == found["Android"]["label"] == "PRODUCT"
    assert found["Firefox"]["category"] == "product"


def test_unclosed_parenthesis_is_trimmed_from_a_name(nlp):
    text = "Artificial Intelligence (AI) is changing farming."
    mentions = mentions_with(nlp, text, [("Artificial Intelligence (AI", "ORG")])
    assert [m.text for m in mentions] == ["Artificial Intelligence"]


# -- merging name variants ----------------------------------------------------------------------
def _mention(text: str, start: int, label: str) -> Mention:
    return Mention(start, start + len(text), text, label, label, "model", "", 0)


def test_surname_joins_a_full_name_the_model_typed_as_an_organisation():
    result = resolve([_mention("Marcelo Claure", 0, "ORG"), _mention("Claure", 40, "PERSON")])
    [entity] = result.entities
    assert entity.canonical == "Marcelo Claure" and entity.label == "PERSON" and len(entity.mentions) == 2


def test_surname_shared_by_two_people_stays_unresolved():
    result = resolve([_mention("Anna Lund", 0, "PERSON"), _mention("Erik Lund", 20, "PERSON"),
                      _mention("Lund", 40, "PERSON")])
    assert {e.canonical for e in result.entities} == {"Anna Lund", "Erik Lund", "Lund"}


def test_surname_the_model_missed_is_found_and_merged(nlp):
    found = entities(nlp, "Marcelo Claure met officials in Inner Mongolia. Claure said the deal would close.")
    assert found["Marcelo Claure"]["aliases"] == ["Claure"] and found["Marcelo Claure"]["label"] == "PERSON"


# -- capitalised common words -------------------------------------------------------------------
def test_capitalised_words_written_in_lower_case_elsewhere_are_not_names(nlp):
    text = "Planners value Organizational Skills. Good organizational skills help them meet deadlines."
    assert mentions_with(nlp, text, [("Organizational Skills", "ORG")]) == []


def test_mention_without_a_proper_noun_is_not_a_name(nlp):
    text = "Continuous monitoring helps the crew."
    assert mentions_with(nlp, text, [("Continuous", "PERSON")]) == []


def test_outlet_word_inside_a_longer_capitalised_phrase_is_not_the_outlet(nlp):
    found = entities(nlp, "Time Management for Nurses\n\nShe reads Time magazine on the train.")
    assert found["Time"]["mention_count"] == 1 and found["Time"]["category"] == "outlet"


def test_common_initialisms_and_defined_abbreviations_are_not_names(nlp):
    found = entities(nlp, "The clinic uses an AI tool. Staff rely on natural language processing (NLP) daily.")
    assert "AI" not in found and "NLP" not in found


def test_pluralised_or_indefinite_initialisms_are_common_nouns(nlp):
    text = "Most HMOs ask for a PCP referral before a visit to the NHSX office."
    mentions = mentions_with(nlp, text, [("HMOs", "ORG"), ("PCP", "ORG"), ("NHSX", "ORG")])
    assert [m.text for m in mentions] == ["NHSX"]


def test_person_label_with_digits_or_camel_case_is_a_product_or_company(nlp):
    text = "Reviewers praised the Lumix G9 and TrailMate, and Anna McBride agreed."
    mentions = mentions_with(nlp, text, [("Lumix G9", "PERSON"), ("TrailMate", "PERSON"), ("Anna McBride", "PERSON")])
    assert [(m.text, m.label) for m in mentions] == [("Lumix G9", "PRODUCT"), ("TrailMate", "ORG"),
                                                     ("Anna McBride", "PERSON")]


def test_phrase_seen_only_in_a_heading_is_not_a_name(nlp):
    found = entities(nlp, "5. Convenience Without Compromise\n\nMeals arrive ready to heat, said Ruth Okafor.")
    assert "Convenience Without Compromise" not in found and found["Ruth Okafor"]["label"] == "PERSON"


def test_person_named_in_the_text_survives_the_filters(nlp):
    found = entities(nlp, "Profile: Ruth Okafor\n\nRuth Okafor, a nurse, founded the clinic in Lagos.")
    assert found["Ruth Okafor"]["label"] == "PERSON" and found["Lagos"]["label"] == "GPE"


# -- whole-article evidence (weigh_evidence) ----------------------------------------------------
def weighed(nlp, text: str, spans: list[tuple[str, str]]) -> dict[str, str]:
    """Entities (canonical -> label) after the evidence step, with the model's spans set by hand."""
    doc = nlp(text)
    ents = []
    for surface, label in spans:
        start = text.index(surface)
        ents.append(doc.char_span(start, start + len(surface), label=label))
    doc.ents = ents
    result = extract_entities(doc, SentenceIndex(sentence_spans(doc)))
    return {e.canonical: e.label for e in result.entities}


def test_name_is_never_cut_by_a_colon(nlp):
    assert weighed(nlp, "Patch Review: Install the update today.", [("Patch Review: Install", "ORG")]) == {}


def test_word_capitalised_only_where_sentences_start_is_no_name(nlp):
    assert weighed(nlp, "Brush the loaves with oil. Bake them for an hour.", [("Brush", "PERSON")]) == {}
    assert weighed(nlp, "Gartner warns that costs rise.", [("Gartner", "ORG")]) == {"Gartner": "ORG"}


def test_one_word_person_needs_a_persons_evidence(nlp):
    assert weighed(nlp, "Teachers use Zoom for the class meeting.", [("Zoom", "PERSON")]) == {}
    text = "Tea was served at noon. Amy ordered a pot and she smiled."
    assert weighed(nlp, text, [("Amy", "PERSON")]) == {"Amy": "PERSON"}
    assert weighed(nlp, "The class starts at noon, Kemal said.", [("Kemal", "PERSON")]) == {"Kemal": "PERSON"}


def test_person_with_a_products_marks_and_no_persons_evidence_is_dropped(nlp):
    text = "The Trail Ghost is light. Testers chose Vela Caldera 8 for mud. Anna Lund said so."
    found = weighed(nlp, text, [("Trail Ghost", "PERSON"), ("Vela Caldera", "PERSON"), ("Anna Lund", "PERSON")])
    assert found == {"Anna Lund": "PERSON"}


def test_person_names_sharing_a_first_word_are_a_brands_line(nlp):
    text = "Testers liked Brooks Ghost, Brooks Caldera and Brooks Vela on long runs."
    spans = [("Brooks Ghost", "PERSON"), ("Brooks Caldera", "PERSON"), ("Brooks Vela", "PERSON")]
    assert weighed(nlp, text, spans) == {}


def test_person_name_holding_an_initialism_is_no_person(nlp):
    assert weighed(nlp, "I tuned Bermuda BLE at home for a week.", [("Bermuda BLE", "PERSON")]) == {}


def test_model_place_needs_a_places_evidence(nlp):
    text = "Staff use Preservo daily. Farms in Louisiana and Oregon grow rice."
    found = weighed(nlp, text, [("Preservo", "GPE"), ("Louisiana", "GPE"), ("Oregon", "GPE")])
    assert found == {"Louisiana": "GPE", "Oregon": "GPE"}


def test_nationality_needs_a_demonyms_shape(nlp):
    text = "Users of Bloomreach met Kenyan farmers."
    assert weighed(nlp, text, [("Bloomreach", "NORP"), ("Kenyan", "NORP")]) == {"Kenyan": "NORP"}


def test_unknown_initialism_must_act_as_a_name(nlp):
    text = "Print the TIN on the form. NASA's team checked it."
    assert weighed(nlp, text, [("TIN", "ORG"), ("NASA", "ORG")]) == {"NASA": "ORG"}


def test_state_code_after_a_city_is_a_place(nlp):
    assert weighed(nlp, "She moved to Clifton, NJ last year.", [("NJ", "ORG")]) == {"NJ": "GPE"}


def test_rare_labels_need_their_kinds_head_word(nlp):
    text = "The Clean Fifteen list grew. He ran the Boston Marathon. She read Blue Harbor Nights."
    spans = [("Clean Fifteen", "LAW"), ("Boston Marathon", "FAC"), ("Blue Harbor Nights", "WORK_OF_ART")]
    found = weighed(nlp, text, spans)
    assert found == {"Boston Marathon": "EVENT"}
    quoted = weighed(nlp, "She read “Blue Harbor Nights” twice.", [("Blue Harbor Nights", "WORK_OF_ART")])
    assert quoted == {"Blue Harbor Nights": "WORK_OF_ART"}


def test_model_numbers_make_products_and_identifiers_are_no_names(nlp):
    text = "Reviewers took the Nikon Z9 abroad. Runners liked Sonic 7 on roads. Patch CVE-2024-1234 now."
    found = weighed(nlp, text, [("Nikon Z9", "ORG"), ("Sonic 7", "ORG"), ("CVE-2024-1234", "ORG")])
    assert found == {"Nikon Z9": "PRODUCT", "Sonic 7": "PRODUCT"}


def test_name_followed_by_its_model_number_is_dropped(nlp):
    text = "Testers chose Glycerin GTS 21 for roads."
    assert weighed(nlp, text, [("Glycerin GTS", "ORG")]) == {}


def test_title_cased_common_words_are_no_name(nlp):
    text = "Enter each guest on the list here. Then Guest Lists show the total. New York City agreed."
    found = weighed(nlp, text, [("Guest Lists", "ORG"), ("New York City", "GPE")])
    assert found == {"New York City": "GPE"}  # "York" is never written in lower case


def test_term_spelled_out_before_its_initials_is_no_body_unless_it_names_one(nlp):
    text = "Each Identity Resolving Key (IRK) is private. The Federal Aviation Administration (FAA) agreed."
    found = weighed(nlp, text, [("Identity Resolving Key", "ORG"), ("Federal Aviation Administration", "ORG")])
    assert found == {"Federal Aviation Administration": "ORG"}


def test_phrase_headed_by_a_common_initialism_is_no_name(nlp):
    assert weighed(nlp, "We built Orion LLM for the office.", [("Orion LLM", "ORG")]) == {}


def test_nationality_listed_with_a_language_is_a_language(nlp):
    text = "Captions come in Spanish, Italian, or Thai."
    found = weighed(nlp, text, [("Spanish", "LANGUAGE"), ("Italian", "NORP"), ("Thai", "NORP")])
    assert found["Italian"] == found["Thai"] == "LANGUAGE"  # Thai is listed after Italian, not beside Spanish


def test_run_in_heading_label_is_a_heading():
    text = "Social Engineering: these tricks fool staff every day."
    assert _heading_lines(text) == [(0, len("Social Engineering"))]


# -- spans cleaned before resolution ------------------------------------------------------------
def test_possessive_splits_an_owner_named_alone_elsewhere_from_its_product(nlp):
    text = "Acme hired staff. Acme’s Rocket Boots sell well. Readers of Runner’s World agree."
    spans = [("Acme’s Rocket Boots", "ORG"), ("Acme", "ORG"), ("Runner’s World", "ORG")]
    mentions = mentions_with(nlp, text, spans)
    assert [m.text for m in mentions] == ["Acme", "Acme", "Runner’s World"]


def test_slash_pairs_hashtags_and_trailing_lower_case_words_are_cleaned(nlp):
    text = "Aetna/Humana plans vary. Join #FreshStart today. Optum healthcare services grew."
    spans = [("Aetna/Humana", "ORG"), ("FreshStart", "ORG"), ("Optum healthcare services", "ORG")]
    assert [m.text for m in mentions_with(nlp, text, spans)] == ["Optum"]


def test_spelled_company_word_alone_is_not_a_company(nlp):
    assert mentions_with(nlp, "Use the words LLC or L.L.C. in the name.", [("L.L.C.", "ORG")]) == []


def test_one_word_entity_glued_to_a_person_is_the_first_name(nlp):
    text = "Rudri Bhatt Patel wrote this guide."
    mentions = mentions_with(nlp, text, [("Rudri", "GPE"), ("Bhatt Patel", "PERSON")])
    assert [(m.text, m.label) for m in mentions] == [("Rudri Bhatt Patel", "PERSON")]


def test_name_in_capitals_joins_its_ordinary_spelling():
    result = resolve([_mention("Pinterest", 0, "ORG"), _mention("PINTEREST", 30, "ORG")])
    [entity] = result.entities
    assert entity.canonical == "Pinterest" and len(entity.mentions) == 2


def test_appositive_role_decides_person_or_thing(nlp):
    text = "Take Yves Marchal, a global beauty brand. Dana Stier, a publisher, wrote it. Lena Voss, a nurse, agreed."
    found = weighed(nlp, text, [("Yves Marchal", "PERSON"), ("Dana Stier", "ORG"), ("Lena Voss", "PERSON")])
    # a brand is an ORG (the eleventh pass made "brand" a body's class noun; before, the row was dropped)
    assert found == {"Yves Marchal": "ORG", "Dana Stier": "PERSON", "Lena Voss": "PERSON"}


def test_person_that_opens_with_a_common_word_and_has_no_persons_evidence_is_dropped(nlp):
    text = "Open the menu and click the box. Then Click Zorvan twice."
    assert weighed(nlp, text, [("Click Zorvan", "PERSON")]) == {}


def test_initials_alone_and_names_holding_semicolons_are_dropped(nlp):
    text = "P. S. make sure to write. Thanks to Chris; Peterson helped too."
    assert weighed(nlp, text, [("P. S.", "PERSON"), ("Chris; Peterson", "PERSON")]) == {}


def test_initialism_with_an_adjective_is_a_common_noun(nlp):
    text = "The nine-digit EIN is assigned by the tax office."
    assert weighed(nlp, text, [("EIN", "ORG")]) == {}


def test_organisation_ending_in_a_long_number_is_a_numbered_item(nlp):
    text = "The log shows Event Code 1015 after the crash."
    assert weighed(nlp, text, [("Event Code 1015", "ORG")]) == {}


def test_three_names_sharing_a_brand_word_are_products(nlp):
    text = "Admins use Zenix Update, Zenix Server and Zenix Shell every day."
    found = weighed(nlp, text, [("Zenix Update", "ORG"), ("Zenix Server", "ORG"), ("Zenix Shell", "ORG")])
    assert set(found.values()) == {"PRODUCT"}


def test_title_cased_plural_of_a_word_written_in_lower_case_is_common(nlp):
    text = "Each domain has a controller. Attackers target Domain Controllers first."
    assert weighed(nlp, text, [("Domain Controllers", "ORG")]) == {}


def test_one_word_outlet_in_a_heading_that_is_also_a_common_word_is_dropped(nlp):
    found = entities(nlp, "Service Schedule by Mileage and Time\n\nPlan the time you need for each visit.")
    assert "Time" not in found


# -- evidence that keeps news names -------------------------------------------------------------
def test_title_credit_line_and_civic_noun_are_a_persons_evidence(nlp):
    text = "Voters cheered President Okoro. Reporting by Dunmore. Critics blamed the Halvorsen administration."
    found = weighed(nlp, text, [("Okoro", "PERSON"), ("Dunmore", "PERSON"), ("Halvorsen", "PERSON")])
    assert found == {"Okoro": "PERSON", "Dunmore": "PERSON", "Halvorsen": "PERSON"}


def test_one_word_person_acting_mid_sentence_needs_a_persons_evidence(nlp):
    # Ninth pass: being a verb's subject no longer keeps a one-word PERSON (on the judged splits all
    # such rows were products and firms); a pronoun, a title or a verb of speech still does.
    text = "Years ago, when Okoro ran for office, turnout rose."
    assert weighed(nlp, text, [("Okoro", "PERSON")]) == {}
    text = "Years ago, when Okoro ran for office, she won easily."
    assert weighed(nlp, text, [("Okoro", "PERSON")]) == {"Okoro": "PERSON"}


def test_place_modifying_a_civic_noun_or_acting_as_subject_is_kept(nlp):
    text = "Officials said Vermont voters agreed. Later, Kiribati is buying land abroad."
    found = weighed(nlp, text, [("Vermont", "GPE"), ("Kiribati", "GPE")])
    assert found == {"Vermont": "GPE", "Kiribati": "GPE"}


def test_place_after_an_adjective_and_a_preposition_is_kept(nlp):
    assert weighed(nlp, "Farmers in western Ohio sold corn.", [("Ohio", "GPE")]) == {"Ohio": "GPE"}


def test_initialism_modifying_a_civic_noun_or_cited_as_a_source_is_kept(nlp):
    text = "The GOP nominee spoke. Inmates doubled, according to the NAACP."
    assert weighed(nlp, text, [("GOP", "ORG"), ("NAACP", "ORG")]) == {"GOP": "ORG", "NAACP": "ORG"}


def test_occupations_in_cian_are_no_nationality_but_compound_demonyms_are(nlp):
    text = "Call an Electrician today. Latin American buyers agreed."
    found = weighed(nlp, text, [("Electrician", "NORP"), ("Latin American", "NORP")])
    assert found == {"Latin American": "NORP"}


def test_regnal_numbers_and_hyphenated_names_stay_person_names(nlp):
    text = "King George III signed it. Later Ban Ki-moon said the talks would resume."
    mentions = mentions_with(nlp, text, [("George III", "PERSON"), ("Ban Ki-moon", "PERSON")])
    assert [m.text for m in mentions] == ["George III", "Ban Ki-moon"]
    found = weighed(nlp, text, [("George III", "PERSON"), ("Ban Ki-moon", "PERSON")])
    assert found == {"George III": "PERSON", "Ban Ki-moon": "PERSON"}


def test_party_word_before_a_person_is_not_glued_to_the_name(nlp):
    text = "If Democrat Mara Quist is elected, the court may rule."
    mentions = mentions_with(nlp, text, [("Democrat", "NORP"), ("Mara Quist", "PERSON")])
    assert [m.text for m in mentions] == ["Democrat", "Mara Quist"]


# -- third pass: structure, dependency roles and lists (issue 20) ------------------------------------
def test_place_cut_from_a_longer_name_is_completed_or_dropped(nlp):
    found = entities(nlp, "She studied at Georgia Tech before moving to Ohio.")
    assert "Georgia" not in found and found["Ohio"]["label"] == "GPE"
    found = entities(nlp, "He teaches at the Hong Kong University of Science and Technology in the city.")
    assert found["Hong Kong University of Science and Technology"]["label"] == "ORG" and "Hong Kong" not in found
    found = entities(nlp, "Robots from the Woods Hole Oceanographic Institute mapped the reef.")
    assert found == {"Woods Hole Oceanographic Institute": found["Woods Hole Oceanographic Institute"]}
    assert found["Woods Hole Oceanographic Institute"]["label"] == "ORG"


def test_capitalised_run_leading_into_a_title_is_not_part_of_a_name(nlp):
    found = entities(nlp, "Russian Foreign Minister Sergei Lavrov spoke on Monday.")
    assert found["Russian"]["label"] == "NORP" and found["Sergei Lavrov"]["label"] == "PERSON"
    found = entities(nlp, "The Russian Foreign Minister spoke on Monday.")
    assert found["Russian"]["label"] == "NORP"


def test_function_word_in_capitals_is_no_name(nlp):
    assert weighed(nlp, "You only need to know WHO is in the room.", [("WHO", "ORG")]) == {}
    assert weighed(nlp, "Our advice would be to START with light weights.", [("START", "PRODUCT")]) == {}


def test_label_of_a_control_after_an_interface_verb_is_no_name(nlp):
    text = "Open the menu, select Quick Pairing and click Next to continue."
    assert weighed(nlp, text, [("Quick Pairing", "ORG"), ("Next", "ORG")]) == {}


def test_name_owned_by_the_page_is_its_tool_not_an_organisation(nlp):
    text = "Then our Ultimate Party Planner is for you. Enter your total Guest Tally in the cell."
    assert weighed(nlp, text, [("Ultimate Party Planner", "ORG"), ("Guest Tally", "PERSON")]) == {}
    text = "When I was eleven, my great-aunt Gretchen passed away and left me her books."
    assert weighed(nlp, text, [("Gretchen", "PERSON")]) == {"Gretchen": "PERSON"}


def test_one_word_person_read_as_a_thing_is_dropped(nlp):
    text = "Put the Vendrel in the hall and the Vendrel will find the phone."
    assert weighed(nlp, text, [("Vendrel", "PERSON")]) == {}
    text = "Currently, Maximo is working on farms in Ohio, where it is used to lay panels."
    assert "Maximo" not in weighed(nlp, text, [("Maximo", "PERSON"), ("Ohio", "GPE")])
    text = "Currently, Marta is working on farms in Ohio, where she grows beans."
    assert weighed(nlp, text, [("Marta", "PERSON"), ("Ohio", "GPE")])["Marta"] == "PERSON"


def test_items_of_one_list_share_a_kind(nlp):
    text = "Assistants like Siri and Orvana answer questions."
    assert weighed(nlp, text, [("Siri", "PRODUCT"), ("Orvana", "ORG")])["Orvana"] == "PRODUCT"
    text = "Insurers like Beltrane, Corvix, and Dunmore grew."
    found = weighed(nlp, text, [("Beltrane", "ORG"), ("Corvix", "PRODUCT"), ("Dunmore", "ORG")])
    assert found["Corvix"] == "ORG"
    text = "Last year Corvix and Dunmore grew."  # one neighbour of unknown kind decides nothing (no class noun here)
    assert weighed(nlp, text, [("Corvix", "PRODUCT"), ("Dunmore", "ORG")])["Corvix"] == "PRODUCT"


def test_organisations_name_followed_by_common_words_keeps_the_models_organisation(nlp):
    # eighth pass: "Brand + common words" was retyped PRODUCT; on unseen pages it was mostly the firm itself
    text = ("Travora sells trips. Cruises are fun, and Travora Cruises runs ten ships. "
            "Travora's staff grew.")
    found = weighed(nlp, text, [("Travora", "ORG"), ("Travora Cruises", "ORG"), ("Travora's", "ORG")])
    assert found["Travora Cruises"] == "ORG" and found["Travora"] == "ORG"


def test_building_and_demonym_typed_organisation_are_retyped(nlp):
    text = "We visited Varnell Arena in May. I taught my Guatemalan students there."
    found = weighed(nlp, text, [("Varnell Arena", "ORG"), ("Guatemalan", "ORG")])
    assert found == {"Varnell Arena": "FAC", "Guatemalan": "NORP"}


def test_what_one_installs_or_a_framework_appositive_is_a_product(nlp):
    text = "First install Quillpad on the laptop. Teams rely on Vestara, an open-source framework."
    found = weighed(nlp, text, [("Quillpad", "ORG"), ("Vestara", "ORG")])
    assert found == {"Quillpad": "PRODUCT", "Vestara": "PRODUCT"}


def test_organisation_only_modifying_a_common_noun_is_dropped(nlp):
    text = "Ron builds on the Zentrix framework and buys dual Qorvex cards."
    assert weighed(nlp, text, [("Zentrix", "ORG"), ("Qorvex", "ORG")]) == {}
    assert weighed(nlp, "The GOP nominee spoke.", [("GOP", "ORG")]) == {"GOP": "ORG"}


def test_person_name_holding_a_hyphenated_code_is_no_person(nlp):
    text = "I have had no issues with the Canon EF-RF adapter. The Canon EF-RF adapter works."
    assert weighed(nlp, text, [("Canon EF-RF", "PERSON")]) == {}


def test_words_in_diagrams_and_configuration_lines_are_no_names(nlp):
    text = ("The flow is drawn below.\n│ Kick off model run │\n- name: \"Derek Den Sensor\"\n"
            "Marta Velez said it works.")
    found = weighed(nlp, text, [("Kick", "PERSON"), ("Derek Den Sensor", "WORK_OF_ART"), ("Marta Velez", "PERSON")])
    assert found == {"Marta Velez": "PERSON"}


def test_short_capitals_read_as_a_place_need_a_places_evidence(nlp):
    assert weighed(nlp, "It has a high-res mode and live ND.", [("ND", "GPE")]) == {}
    assert weighed(nlp, "She moved to ND last year.", [("ND", "GPE")]) == {"ND": "GPE"}


def test_organisation_named_for_a_document_is_no_organisation(nlp):
    text = "The Catering Comparison Spreadsheet is part of the kit."
    assert weighed(nlp, text, [("Catering Comparison Spreadsheet", "ORG")]) == {}


def test_initialism_of_a_product_spelled_before_it_is_no_organisation(nlp):
    text = "Vestra Secure Desk (VSD) offers access. VSD protects teams. The Federal Trade Commission (FTC) agreed."
    doc = nlp(text)
    first, second = text.index("VSD"), text.index("VSD", text.index("VSD") + 1)
    doc.ents = [doc.char_span(first, first + 3, label="ORG"), doc.char_span(second, second + 3, label="ORG"),
                doc.char_span(text.index("FTC"), text.index("FTC") + 3, label="ORG")]
    found = {e.canonical: e.label for e in extract_entities(doc, SentenceIndex(sentence_spans(doc))).entities}
    assert found == {"FTC": "ORG"}


def test_honorific_makes_a_person_and_an_organisations_possessive_a_product(nlp):
    text = "Ms. Dale Wren spoke at noon. Later, Zentrel's Pulse Board was shown."
    found = weighed(nlp, text, [("Dale Wren", "ORG"), ("Zentrel", "ORG"), ("Pulse Board", "ORG")])
    assert found["Dale Wren"] == "PERSON" and found["Pulse Board"] == "PRODUCT" and found["Zentrel"] == "ORG"


def test_person_shaped_speaker_referred_to_as_she_is_a_person(nlp):
    text = "Dale Wren said the plan works. She added that costs fell."
    assert weighed(nlp, text, [("Dale Wren", "ORG")]) == {"Dale Wren": "PERSON"}
    text = "Pine Harbor said the plan works. It added that costs fell."
    assert weighed(nlp, text, [("Pine Harbor", "ORG")]) == {"Pine Harbor": "ORG"}


def test_person_typed_name_where_places_stand_is_dropped(nlp):
    text = "Take the train to Varo Koen station, then walk through Varo Koen towards the river."
    assert weighed(nlp, text, [("Varo Koen", "PERSON")]) == {}
    text = "Ines Varo said the river rose, and she walked home."
    assert weighed(nlp, text, [("Ines Varo", "PERSON")]) == {"Ines Varo": "PERSON"}


def test_name_headed_by_a_natural_place_or_a_site_takes_that_kind(nlp):
    text = "We rowed on Lake Tovani, walked in the Brenno Bamboo Forest and prayed at the Kesa Taisha Shrine."
    found = weighed(nlp, text, [("Lake Tovani", "GPE"), ("Brenno Bamboo Forest", "ORG"), ("Kesa Taisha Shrine", "ORG")])
    assert found == {"Lake Tovani": "LOC", "Brenno Bamboo Forest": "LOC", "Kesa Taisha Shrine": "FAC"}


def test_one_word_organisation_listed_with_places_is_a_place(nlp):
    text = "We drove to Ostrava, Brno, Zlin and Dvorak last spring."
    found = weighed(nlp, text, [("Ostrava", "GPE"), ("Brno", "GPE"), ("Zlin", "GPE"), ("Dvorak", "ORG")])
    assert found["Dvorak"] == "GPE"


def test_organisation_named_once_in_no_role_of_a_body_is_dropped(nlp):
    text = "Add browser add-ons like Click-to-Play or Vexly to stay safe."
    assert weighed(nlp, text, [("Vexly", "ORG")]) == {}
    text = "She volunteers with students through Vexly every week."
    assert weighed(nlp, text, [("Vexly", "ORG")]) == {"Vexly": "ORG"}


def test_unit_glued_to_its_number_is_no_name(nlp):
    text = "The suction power can reach 12,800Pa. Vela Home sells it in Lyon."
    found = weighed(nlp, text, [("Pa.", "GPE"), ("Lyon", "GPE")])
    assert "Pa." not in found and found["Lyon"] == "GPE"


def test_entities_scan_the_article_for_headings_once_and_accept_its_text(nlp, monkeypatch):
    # Doc.text joins every token on each access and the heading scan reads every line: both
    # once per article, the text given by the caller (a Doc stand-in cannot be used here:
    # spaCy's Span wants a real Doc).
    import extractors.nlp.entities.mentions as module

    text = ("COMPANY NEWS\nMarcelo Claure met officials of the Harbour Authority in Lisbon on Monday. "
            "Claure said the Harbour Authority would expand the port.")
    doc = nlp(text)
    sentences = SentenceIndex(sentence_spans(doc))

    def rows(result):
        return [(e.canonical, e.label, len(e.mentions)) for e in result.entities]

    expected = rows(extract_entities(doc, sentences))
    scans = []
    real = module.heading_lines
    monkeypatch.setattr(module, "heading_lines", lambda t: scans.append(t) or real(t))
    assert rows(extract_entities(doc, sentences, text)) == expected
    assert scans == [text] and len(expected) >= 2


def test_class_noun_before_examples_types_them(nlp):
    # "festivals like X", "stores such as X", "researchers like X": the sentence names the class
    found = weighed(nlp, "Festivals like Kanto Rock draw crowds every summer.", [("Kanto Rock", "GPE")])
    assert found == {"Kanto Rock": "EVENT"}
    found = weighed(nlp, "Big stores such as Horimatsu Kenji sell it cheaply.", [("Horimatsu Kenji", "PERSON")])
    assert found == {"Horimatsu Kenji": "ORG"}
    found = weighed(nlp, "Researchers like Talia Brenner wrote about it.", [("Talia Brenner", "ORG")])
    assert found == {"Talia Brenner": "PERSON"}


def test_appositive_class_noun_types_the_name(nlp):
    text = "After lunch we saw Kozen-ji, the oldest temple in Narubo."
    assert weighed(nlp, text, [("Kozen-ji", "ORG"), ("Narubo", "GPE")])["Kozen-ji"] == "FAC"


def test_example_of_a_kind_of_thing_with_no_entity_type_is_dropped(nlp):
    text = "We compared it with benchmarks such as Zorbix and Quelbench."
    assert weighed(nlp, text, [("Zorbix", "ORG"), ("Quelbench", "GPE")]) == {}


def test_class_nouns_that_disagree_or_take_firms_do_not_retype(nlp):
    text = "Analysts such as Morvane Group expect growth."
    assert weighed(nlp, text, [("Morvane Group", "ORG")]) == {"Morvane Group": "ORG"}  # "analysts" takes firms too
    text = "Dana Veld wrote a book. Dana Veld, a Japanese organization and decluttering consultant, has fans."
    assert weighed(nlp, text, [("Dana Veld", "PERSON")]) == {"Dana Veld": "PERSON"}


def test_destination_of_a_trip_typed_as_a_body_is_dropped(nlp):
    text = "I rented a car for my trips to Nakuro and Fukuoka. Then head to Sanmon Shrine."
    found = weighed(nlp, text, [("Nakuro", "ORG"), ("Fukuoka", "GPE"), ("Sanmon Shrine", "ORG")])
    assert "Nakuro" not in found and found["Sanmon Shrine"] == "FAC"


def test_destination_reads_through_the_rest_of_the_name_and_make_your_way(nlp):
    text = "You can head to Tamura Gyoen National Garden."
    assert weighed(nlp, text, [("Tamura Gyoen", "PERSON")]) == {}
    text = "After the castle, you can make your way to Den-Mori Town, where Kelso Group sells it."
    found = weighed(nlp, text, [("Den-Mori Town", "ORG"), ("Kelso Group", "ORG")])
    assert "Den-Mori Town" not in found and found["Kelso Group"] == "ORG"


def test_class_noun_reaches_every_item_of_a_bracketed_list(nlp):
    text = "We tested it using industry standard benchmarks (TPC-Q and Clickmark), comparing both."
    assert weighed(nlp, text, [("TPC-Q", "ORG"), ("Clickmark", "ORG")]) == {}


def test_regulations_named_as_examples_are_laws(nlp):
    text = "The service meets regulations like Dratna and Velsh."
    assert weighed(nlp, text, [("Dratna", "ORG"), ("Velsh", "ORG")]) == {"Dratna": "LAW", "Velsh": "LAW"}


def test_title_cased_thing_name_is_no_body(nlp):
    text = "Water the Snake Plant weekly. The Snake Plant thrives in low light."
    assert weighed(nlp, text, [("Snake Plant", "ORG")]) == {}


def test_one_word_name_after_an_indefinite_article_is_a_common_noun(nlp):
    text = "Moving up to a Principal means more work at Corvane Partners."
    found = weighed(nlp, text, [("Principal", "ORG"), ("Corvane Partners", "ORG")])
    assert "Principal" not in found and found["Corvane Partners"] == "ORG"


def test_imperative_opening_a_sentence_is_cut_off_the_name(nlp):
    text = "Contact Vela Home Services today for a quote."
    assert weighed(nlp, text, [("Contact Vela Home Services", "ORG")]) == {"Vela Home Services": "ORG"}


def test_subject_of_include_and_copula_complement_name_the_class(nlp):
    text = "The highlighted features include Dravo Edge Sweep for corners."
    assert weighed(nlp, text, [("Dravo Edge Sweep", "ORG")]) == {"Dravo Edge Sweep": "PRODUCT"}
    text = "Quorra Serve is a modern query engine that teams deploy."
    assert weighed(nlp, text, [("Quorra Serve", "ORG")]) == {"Quorra Serve": "PRODUCT"}


def test_surname_joins_a_name_the_evidence_made_a_person(nlp):
    text = "Researchers like Tomas Brevik studied it. Later Brevik wrote two papers."
    doc = nlp(text)
    first = text.index("Tomas Brevik")
    second = text.rindex("Brevik")
    doc.ents = [doc.char_span(first, first + len("Tomas Brevik"), label="ORG"),
                doc.char_span(second, second + len("Brevik"), label="ORG")]
    result = extract_entities(doc, SentenceIndex(sentence_spans(doc)))
    assert [(e.canonical, e.label, len(e.mentions)) for e in result.entities] == [("Tomas Brevik", "PERSON", 2)]


def test_organisation_headed_by_an_event_only_word_is_the_event(nlp):
    text = "Storms led to the cancellation of the Lakeshore Rowing Cup last year."
    assert weighed(nlp, text, [("Lakeshore Rowing Cup", "ORG")]) == {"Lakeshore Rowing Cup": "EVENT"}


def test_place_class_noun_leaves_a_place_label_alone(nlp):
    text = "Urban areas like Velmora City often have higher costs. Velmora City voters agreed."
    assert weighed(nlp, text, [("Velmora City", "GPE")]) == {"Velmora City": "GPE"}


# -- sixth pass (issue 20): ordinary-word outlets, titles and particles, glued cells, contractions ----
def test_an_outlet_whose_name_is_an_ordinary_word_needs_the_outlets_role(nlp):
    found = entities(nlp, "We cook all the time. Read the Best Recipes of All Time list.")
    assert "Time" not in found
    kept = entities(nlp, "We cook all the time. Time reported that home cooking is back.")
    assert kept["Time"]["label"] == "ORG"


def test_a_sovereigns_title_makes_the_name_a_person(nlp):
    found = entities(nlp, "In 1530 the city council sent a silver cup to King Henry VIII of England. The King kept it "
                          "in London.")
    assert found["King Henry VIII"]["label"] == "PERSON"


def test_a_full_name_with_a_particle_and_a_persons_role_is_a_person(nlp):
    found = entities(nlp, "The first vines were planted by Henri de Valmont, a retired army officer.")
    assert found["Henri de Valmont"]["label"] == "PERSON"
    found = entities(nlp, "The fort was rebuilt under Carlos de Mendes Faria, a colonial officer.")
    assert found["Carlos de Mendes Faria"]["label"] == "PERSON"


def test_a_pronoun_and_its_contraction_are_cut_off_the_name(nlp):
    found = entities(nlp, "I’m Dana, and I have baked bread for ten years. Dana Whitfield runs the bakery.")
    assert "I’m Dana" not in found
    assert found["Dana Whitfield"]["label"] == "PERSON"


def test_table_cells_glued_by_rendering_are_no_name(nlp):
    mentions = mentions_with(nlp, "Week 1Build a formString cleanup2Add validation rules.",
                             [("cleanup2Add", "PRODUCT")])
    assert mentions == []


def test_what_one_uses_is_a_product(nlp):
    found = entities(nlp, "We send the invoices using FreshBooks.")
    assert found["FreshBooks"]["label"] == "PRODUCT"


def test_an_organisation_named_once_after_a_preposition_only_places_take_is_dropped(nlp):
    found = entities(nlp, "Traders spread the cloth trade beyond Kessaria within fifty years.")
    assert "Kessaria" not in found


def test_a_credit_label_is_cut_off_the_name_it_credits(nlp):
    mentions = mentions_with(nlp, "A quiet street in the old town.\nPhoto Dana Reyes on https://example.org/p/street-12"
                                  "\nThe market opens at dawn.",
                             [("Photo Dana Reyes", "PRODUCT")])
    assert [(m.text, m.label) for m in mentions] == [("Dana Reyes", "PERSON")]


def test_a_name_headed_by_a_products_class_noun_is_a_product(nlp):
    found = entities(nlp, "Kessel Camera is cheap, and Kessel Camera records at night.")
    assert found["Kessel Camera"]["label"] == "PRODUCT"
    firm = entities(nlp, "Dana Whitfield started Orrin Software in 2010 after she left her job.")
    assert all(e["label"] != "PRODUCT" for name, e in firm.items() if name == "Orrin Software")


# -- the model's second opinion (seventh pass) ------------------------------------------------------
def test_an_organisation_only_the_model_backs_and_doubts_is_dropped(nlp, monkeypatch):
    text = "Many teachers now rely on Brisk Teaching Assistant to grade essays."
    assert "Brisk Teaching" not in entities(nlp, text)
    import extractors.nlp.entities.evidence as evidence

    monkeypatch.setattr(evidence, "MODEL_LABEL_MIN_CONFIDENCE", 0.0)  # the second opinion off: the row comes back
    assert entities(nlp, text)["Brisk Teaching"]["label"] == "ORG"


def test_an_organisation_the_model_is_sure_of_is_kept(nlp):
    from extractors.nlp.entities.confidence import model_confidence
    from settings.extraction import MODEL_LABEL_MIN_CONFIDENCE

    text = "Brightwater Analytics hired forty engineers in Denver."
    assert entities(nlp, text)["Brightwater Analytics"]["label"] == "ORG"
    doc = nlp(text)
    [firm] = [e for e in doc.ents if e.text == "Brightwater Analytics"]
    assert model_confidence(doc, [firm])[(firm.start, firm.end)] >= MODEL_LABEL_MIN_CONFIDENCE


def test_a_doubted_organisation_with_a_bodys_head_word_keeps_its_support(nlp):
    from extractors.nlp.entities.confidence import model_confidence
    from settings.extraction import MODEL_LABEL_MIN_CONFIDENCE

    text = "Marrowind Labs raised money from investors last year."
    doc = nlp(text)
    [firm] = [e for e in doc.ents if e.text == "Marrowind Labs"]
    assert model_confidence(doc, [firm])[(firm.start, firm.end)] < MODEL_LABEL_MIN_CONFIDENCE  # the model hesitates
    assert entities(nlp, text)["Marrowind Labs"]["label"] == "ORG"  # "Labs" names a body: not only the model's word


def test_a_span_the_model_would_not_open_gets_no_second_opinion(nlp):
    from extractors.nlp.entities.confidence import model_confidence

    doc = nlp("Zentrel sells software to small shops.")
    doc.ents = [doc.char_span(0, 7, label="LAW")]  # set by hand: the model opens no LAW there
    assert model_confidence(doc, list(doc.ents)) == {}


def test_shouted_common_word_the_article_writes_in_lower_case_is_no_name(nlp):
    text = "Run VACUUM on the table every night. A vacuum of dead rows slows Zentrel queries. NASA agreed."
    found = weighed(nlp, text, [("VACUUM", "ORG"), ("Zentrel", "ORG"), ("NASA", "ORG")])
    assert "VACUUM" not in found and found.get("NASA") == "ORG"


def test_last_word_of_a_firm_the_model_typed_otherwise_is_no_surname(nlp):
    text = "Vantor Maple sells software to plumbers. Maple's software automates quotes."
    doc = nlp(text)
    doc.ents = [doc.char_span(0, len("Vantor Maple"), label="ORG")]
    mentions = find_mentions(doc, SentenceIndex(sentence_spans(doc)))
    assert [m.text for m in mentions] == ["Vantor Maple"]  # "Maple's" alone is not a surname mention


def test_code_identifiers_and_file_names_are_no_names(nlp):
    text = "Zentrel tested Send_Vexa_Headers and read settings.Local.json before lunch. Zentrel agreed."
    found = weighed(nlp, text, [("Zentrel", "ORG"), ("Send_Vexa_Headers", "PRODUCT"), ("settings.Local.json", "GPE")])
    assert "Send_Vexa_Headers" not in found and "settings.Local.json" not in found


# -- support: what stands behind a row beyond the model's label (ninth pass) -------------------------
def test_support_values_match_the_contract():
    from extractors.nlp.entities.result import SUPPORTS
    from schemas import entities as contract

    assert contract.SUPPORTS == SUPPORTS
    assert "support" in {c.name for c in contract.CONTRACT.columns}


def test_a_name_the_gazetteer_knows_has_gazetteer_support(nlp):
    found = entities(nlp, "Netflix raised prices in Brazil and Netflix lost subscribers.")
    assert found["Netflix"]["support"] == "gazetteer"


def test_a_person_who_speaks_has_the_articles_support_and_a_silent_one_the_models(nlp):
    said = entities(nlp, "Dana Whitfield said the bridge would open in May.")
    painted = entities(nlp, "Dana Whitfield painted the bridge in May.")
    assert said["Dana Whitfield"]["label"] == painted["Dana Whitfield"]["label"] == "PERSON"
    assert said["Dana Whitfield"]["support"] == "article"
    assert painted["Dana Whitfield"]["support"] == "model"


def test_a_place_after_a_place_preposition_has_the_articles_support(nlp):
    assert entities(nlp, "She grew up in Pellston, a village in the north.")["Pellston"]["support"] == "article"


def test_a_name_a_rule_retyped_has_the_articles_support(nlp):
    found = entities(nlp, "You can install Vestaro on any laptop.")
    assert found["Vestaro"]["label"] == "PRODUCT" and found["Vestaro"]["support"] == "article"


def _entity_labels(nlp, text: str, spans: list[tuple[str, str]]) -> dict[str, str]:
    """extract_entities on a parsed doc whose model entities are set by hand: canonical name -> label."""
    doc = nlp(text)
    doc.ents = [doc.char_span(text.index(s), text.index(s) + len(s), label=label) for s, label in spans]
    return {e.canonical: e.label for e in extract_entities(doc, SentenceIndex(sentence_spans(doc))).entities}


def test_a_one_word_person_is_not_kept_for_being_a_verbs_subject(nlp):
    text = "Every evening at the lab, Grafana collects the numbers from the servers."
    assert "Grafana" not in _entity_labels(nlp, text, [("Grafana", "PERSON")])
    said = "Every evening at the lab, Grafana said the numbers were fine."
    assert _entity_labels(nlp, said, [("Grafana", "PERSON")]).get("Grafana") == "PERSON"


def _supports(nlp, text: str, spans: list[tuple[str, str]]) -> dict[str, str]:
    """extract_entities on a doc whose model entities are set by hand: canonical name -> support."""
    doc = nlp(text)
    doc.ents = [doc.char_span(text.index(s), text.index(s) + len(s), label=label) for s, label in spans]
    return {e.canonical: e.support for e in extract_entities(doc, SentenceIndex(sentence_spans(doc))).entities}


def test_an_organisation_that_speaks_has_the_articles_support(nlp):
    assert _supports(nlp, "Orlen Dynamics said the plant would close.", [("Orlen Dynamics", "ORG")]) == {
        "Orlen Dynamics": "article"}
    assert _supports(nlp, "According to Orlen Dynamics, the plant will close.", [("Orlen Dynamics", "ORG")]) == {
        "Orlen Dynamics": "article"}
    assert _supports(nlp, "Orlen Dynamics built the plant near the river.", [("Orlen Dynamics", "ORG")]) == {
        "Orlen Dynamics": "model"}


def test_a_class_noun_giving_the_models_kind_is_the_articles_support(nlp):
    assert _supports(nlp, "Apps like Pixora are free to try.", [("Pixora", "PRODUCT")]) == {"Pixora": "article"}


def test_a_measurement_is_no_name(nlp):
    """A number with its unit, or the unit right after a number, is a measure (as the amounts
    table reads it), whatever label the model gave it; the same word elsewhere may be a name."""
    text = "The router reached 62.21 Mbps in the test and the Helix Pro reached 3.2 GHz."
    found = mentions_with(nlp, text, [("Mbps", "PERSON"), ("3.2 GHz", "PRODUCT"), ("Helix Pro", "PRODUCT")])
    assert [m.text for m in found] == ["Helix Pro"]
    named = mentions_with(nlp, "Shares of Mbps Networks rose on Monday.", [("Mbps Networks", "ORG")])
    assert [m.text for m in named] == ["Mbps Networks"]


# -- tenth pass: reference lists, technical pages ------------------------------------------------
REFERENCES = ("References\n\n"
              "Brandt KL, Okafor TN, Villeneuve P, et al. Walking after meals and glucose control. Diabetes Care. "
              "2019;42(3):401-409.\n"
              "Marsh DW, Quint RA. Sleep and memory in older adults. Sleep Medicine. 2021;8:12-20.\n"
              "Tolliver S, Abernathy GE, Nakamura H. Tea and attention: a randomised trial. 2018;5(2):33-41.")


def test_an_author_in_a_reference_list_is_a_person(nlp):
    found = entities(nlp, REFERENCES)
    assert found["Quint RA"]["label"] == "PERSON" and found["Tolliver S"]["label"] == "PERSON"


def test_a_surname_and_initials_outside_a_reference_line_are_not_read_as_an_author(nlp):
    from extractors.nlp.entities.cues import cited_author

    doc = nlp("Our team met Tolliver S at the fair, and Okafor TN joined later.")
    assert not any(cited_author(doc[i:i + 2], doc.text) for i in range(len(doc) - 1))
    doc = nlp("Tolliver S, Abernathy GE, Nakamura H. Tea and attention. 2018;5(2):33-41.")
    assert cited_author(doc[0:2], doc.text)


CODE_PAGE = ("Retrying failed requests\n\n"
             "The handler below wraps every call. When QueueRunner sees a timeout, it waits and tries again, and the "
             "RetryBudget keeps count.\n\n"
             "class QueueRunner {\n  int attempts = 0;\n  void run() { send(); }\n}\n"
             "Call run() once per job; the RetryBudget object resets each hour.\n"
             "if (attempts > 3) { stop(); }")


def test_on_a_page_of_code_the_models_label_alone_publishes_no_row(nlp):
    found = entities(nlp, CODE_PAGE)
    assert "RetryBudget" not in found
    prose = CODE_PAGE.split("\n\nclass")[0]
    assert entities(nlp, prose)["RetryBudget"]["support"] == "model"  # the same name on a page of prose stays


def test_on_a_page_of_code_a_place_preposition_is_no_places_support(nlp):
    prose = "Retrying failed requests\n\nWe first wrote the handler in Kotlin and later ported it to a new runtime."
    assert entities(nlp, prose)["Kotlin"]["support"] == "article"  # "in Kotlin" reads as a place on a page of prose
    assert "Kotlin" not in entities(nlp, prose + "\n\n" + CODE_PAGE.split("\n\n", 2)[2])


def test_a_page_is_code_only_with_several_code_lines():
    from extractors.nlp.entities.evidence import code_page

    assert code_page(CODE_PAGE)
    assert not code_page("Call run() once.\nThe team met in May.\nIt rained.")


def test_a_place_named_after_of_in_a_bodys_name_is_the_body(nlp):
    found = entities(nlp, "Marta Ruiz studied at the University of Washington. Earlier she worked for the Bank of "
                          "Canada.")
    assert found["University of Washington"]["label"] == "ORG" and found["Bank of Canada"]["label"] == "ORG"
    assert "Washington" not in found and "Canada" not in found


def test_a_place_after_of_with_no_bodys_head_stays_a_place(nlp):
    found = entities(nlp, "Boats crossed the Gulf of Mexico before the storm reached Mexico.")
    assert found["Mexico"]["label"] == "GPE"


# -- eleventh pass: how the article uses a name ----------------------------------------------------------------------
def entities_with(nlp, text: str, spans: list[tuple[str, str]]) -> dict[str, object]:
    """extract_entities on a parsed doc whose model entities are set by hand: (surface, label) pairs (first
    occurrence of each surface; a surface written "surface@N" is its N-th occurrence, from 0)."""
    doc = nlp(text)
    ents = []
    for surface, label in spans:
        surface, _, nth = surface.partition("@")
        start = -1
        for _ in range(int(nth or 0) + 1):
            start = text.index(surface, start + 1)
        ents.append(doc.char_span(start, start + len(surface), label=label))
    doc.ents = ents
    result = extract_entities(doc, SentenceIndex(sentence_spans(doc)))
    return {e.canonical: e for e in result.entities}


def test_a_language_class_noun_makes_a_language(nlp):
    found = entities_with(nlp, "Developers write services in languages like Zorbel and Quintly. Zorbel became the most "
                               "popular language on the platform this year.",
                          [("Zorbel", "ORG"), ("Quintly", "ORG"), ("Zorbel@1", "ORG")])
    assert found["Zorbel"].label == "LANGUAGE" and found["Quintly"].label == "LANGUAGE"


def test_what_an_organisation_launches_is_a_product(nlp):
    text = "Brightlane Systems said it had raised funds. Brightlane Systems launched Kestrel Analytics in March."
    found = entities_with(nlp, text, [("Brightlane Systems", "ORG"), ("Brightlane Systems@1", "ORG"),
                                      ("Kestrel Analytics", "ORG")])
    assert found["Kestrel Analytics"].label == "PRODUCT" and found["Brightlane Systems"].label == "ORG"
    found = entities_with(nlp, "The company unveiled Nimbus Ledger in May.", [("Nimbus Ledger", "ORG")])
    assert found["Nimbus Ledger"].label == "PRODUCT"


def test_what_a_person_launches_keeps_the_models_type(nlp):
    text = "Dana Reyes said she was ready. Dana Reyes launched Kestrel Analytics in a garage in 2019."
    found = entities_with(nlp, text, [("Dana Reyes", "PERSON"), ("Dana Reyes@1", "PERSON"),
                                      ("Kestrel Analytics", "ORG")])
    assert found["Kestrel Analytics"].label == "ORG"  # a founder launches a company


def test_a_full_name_listed_only_among_people_is_a_person(nlp):
    text = "Credits: Dana Reyes, Tomas Lind, Ilse Marquand, Okonkwo Adebayo and Priya Natarajan."
    people = [("Dana Reyes", "PERSON"), ("Tomas Lind", "PERSON"), ("Okonkwo Adebayo", "PERSON"),
              ("Priya Natarajan", "PERSON")]
    found = entities_with(nlp, text, people + [("Ilse Marquand", "ORG")])
    assert found["Ilse Marquand"].label == "PERSON"


def test_a_name_among_people_that_is_also_named_elsewhere_keeps_the_models_type(nlp):
    text = ("The team asked Ilse Marquand to redraw the letters. Credits: Dana Reyes, Tomas Lind, Ilse Marquand, "
            "Okonkwo Adebayo and Priya Natarajan.")
    people = [("Dana Reyes", "PERSON"), ("Tomas Lind", "PERSON"), ("Okonkwo Adebayo", "PERSON"),
              ("Priya Natarajan", "PERSON")]
    found = entities_with(nlp, text, people + [("Ilse Marquand", "ORG"), ("Ilse Marquand@1", "ORG")])
    # "asked X to redraw": its own role decides, not the list
    assert "Ilse Marquand" not in found or found["Ilse Marquand"].label != "PERSON"


def test_a_name_with_kin_is_a_person(nlp):
    found = entities_with(nlp, "Brandi wrote the review. Brandi's husband tried the jacket and liked it.",
                          [("Brandi", "GPE"), ("Brandi@1", "GPE")])
    assert found["Brandi"].label == "PERSON"


def test_brands_like_make_organisations_but_yield_to_an_apps_appositive(nlp):
    found = entities_with(nlp, "Shoppers know brands like Harlow Lane and Petalwick from the mall.",
                          [("Harlow Lane", "PERSON"), ("Petalwick", "PERSON")])
    assert found["Harlow Lane"].label == "ORG" and found["Petalwick"].label == "ORG"
    text = ("We built Tandora, a shopping app for parents. We have served brands such as Harlow Lane, Petalwick and "
            "Tandora.")
    found = entities_with(nlp, text, [("Tandora", "ORG"), ("Harlow Lane", "ORG"), ("Petalwick", "ORG"),
                                      ("Tandora@1", "ORG")])
    assert found["Tandora"].label == "PRODUCT"


def test_a_peoples_word_the_article_writes_in_lower_case_is_no_name(nlp):
    text = "Vegetarian meals leave out meat. Many vegetarians still eat eggs."
    assert "Vegetarian" not in entities_with(nlp, text, [("Vegetarian", "NORP")])
    text = "Bake the French loaf first. The basic/french/sweet settings differ."
    assert entities_with(nlp, text, [("French", "NORP")])["French"].label == "NORP"  # no demonym's ending


def test_a_clauses_verb_glued_to_a_name_is_cut(nlp):
    from extractors.nlp.entities.spans import trimmed_span

    for text, surface, name in [("Introducing Quillfern: the planner built for teams", "Introducing Quillfern",
                                 "Quillfern"),
                                ("Harwick Air Unveiled Its New Jet", "Harwick Air Unveiled", "Harwick Air")]:
        doc = nlp(text)
        start = text.index(surface)
        assert trimmed_span(doc.char_span(start, start + len(surface))).text == name


def test_a_term_spelled_out_after_its_initials_is_no_name(nlp):
    text = "Most gateways speak QLMP (Quiet Link Message Protocol) to the sensors. Gateways expose ASIs, or " \
           "Application Service Interfaces, to the cloud."
    found = entities_with(nlp, text, [("Quiet Link Message Protocol", "ORG"),
                                      ("Application Service Interfaces", "ORG")])
    assert "Quiet Link Message Protocol" not in found and "Application Service Interfaces" not in found


def test_a_named_trail_is_a_facility(nlp):
    found = entities_with(nlp, "She hiked the Ridgeback Crest Trail twice last summer.",
                          [("Ridgeback Crest Trail", "ORG")])
    assert found["Ridgeback Crest Trail"].label == "FAC"


def test_a_known_organisation_grown_into_a_body_is_that_body(nlp):
    found = entities(nlp, "Before that she led research at the Morgan Stanley Wealth Institute in New York.")
    assert found["Morgan Stanley Wealth Institute"]["label"] == "ORG" and "Morgan Stanley" not in found
    found = entities(nlp, "Morgan Stanley Tower rose above the street, and Morgan Stanley said it would move.")
    assert "Morgan Stanley Tower" not in found  # no body's head word: the gazetteer's name stands


def test_a_generation_is_no_name(nlp):
    found = entities_with(nlp, "Gen Z shoppers and Millennials buy more online than their parents.",
                          [("Gen Z", "PERSON"), ("Millennials", "NORP")])
    assert "Gen Z" not in found and "Millennials" not in found


def test_islands_named_by_their_class_noun_are_places_of_nature(nlp):
    found = entities_with(nlp, "Traders reached islands such as Velluna, Tarsay and Morrow by the 1700s.",
                          [("Velluna", "GPE"), ("Tarsay", "GPE"), ("Morrow", "GPE")])
    assert found["Velluna"].label == "LOC"
    found = entities_with(nlp, "Buyers look in urban areas like Velluna and Tarsay for cheaper homes.",
                          [("Velluna", "GPE"), ("Tarsay", "GPE")])
    assert found["Velluna"].label == "GPE"  # a vague place noun leaves the label alone


def test_books_and_podcasts_named_by_their_class_noun_are_works(nlp):
    found = entities_with(nlp, "She is the author of books including Quiet Orchards and Salt Roads.",
                          [("Quiet Orchards", "PERSON"), ("Salt Roads", "ORG")])
    assert found["Quiet Orchards"].label == "WORK_OF_ART" and found["Salt Roads"].label == "WORK_OF_ART"


def test_a_class_noun_right_before_a_name_types_it(nlp):
    found = entities_with(nlp, "Since 2015 the Danish company Harrow Peak has sold waterless cleaners.",
                          [("Harrow Peak", "PERSON")])
    assert found["Harrow Peak"].label == "ORG"


def test_a_works_maker_after_by_keeps_the_models_type(nlp):
    found = entities_with(nlp, "My favourite was “Tidewater” by Dana Reyes, a gripping science fiction novel.",
                          [("Dana Reyes", "PERSON")])
    assert found["Dana Reyes"].label == "PERSON"


def test_an_imperative_opening_a_firms_name_is_not_cut(nlp):
    from extractors.nlp.entities.spans import trimmed_span

    text = "Lift Harbor Moving & Storage is a full service moving company."
    doc = nlp(text)
    span = doc.char_span(0, len("Lift Harbor Moving & Storage"))
    assert trimmed_span(span).text == "Lift Harbor Moving & Storage"


def test_new_glued_to_a_known_place_opens_its_name(nlp):
    found = entities(nlp, "She led canoe trips across northern New England every summer.")
    assert "New England" in found and "England" not in found


def test_what_has_a_ceo_is_an_organisation(nlp):
    found = entities_with(nlp, "Dana Reyes, CEO of Talvora, said the team would grow.", [("Dana Reyes", "PERSON"),
                                                                                       ("Talvora", "GPE")])
    assert found["Talvora"].label == "ORG"


# -- twelfth pass: which rows are published in `entities`, which are kept in `entity_candidates` ---------------------
def test_a_place_geonames_knows_has_gazetteer_support_and_is_published(nlp):
    tulsa = entities(nlp, "The team moved to Tulsa last year.")["Tulsa"]
    assert (tulsa["label"], tulsa["support"], tulsa["category"], tulsa["published"]) == ("GPE", "gazetteer", None, True)


def test_a_place_no_gazetteer_knows_is_a_candidate_whatever_the_sentence_says(nlp):
    pellston = entities(nlp, "She grew up in Pellston, a village in the north.")["Pellston"]
    assert pellston["label"] == "GPE" and not pellston["published"]
    found = entities_with(nlp, "The company opened an office at Zentrova last week.", [("Zentrova", "GPE")])
    assert found["Zentrova"].label == "GPE" and not found["Zentrova"].published


def test_geonames_knows_towns_states_and_their_codes_not_apps():
    from extractors.nlp.entities.places import known_place

    assert all(known_place(n) for n in ("Tulsa", "N.H.", "Kansas", "KS", "Fairfield County", "Europe", "Kenya"))
    assert not any(known_place(n) for n in ("Evernote", "Zentrova", "Python"))


def test_an_organisation_only_the_model_types_is_a_candidate_unless_its_head_names_a_body(nlp):
    text = "Orlen Dynamics built the plant near the river. Harwick Transit Authority built the depot."
    found = entities_with(nlp, text, [("Orlen Dynamics", "ORG"), ("Harwick Transit Authority", "ORG")])
    assert found["Orlen Dynamics"].support == "model" and not found["Orlen Dynamics"].published
    assert found["Harwick Transit Authority"].support == "model" and found["Harwick Transit Authority"].published


def test_an_organisation_that_speaks_is_published(nlp):
    found = entities_with(nlp, "Orlen Dynamics said the plant would close.", [("Orlen Dynamics", "ORG")])
    assert found["Orlen Dynamics"].support == "article" and found["Orlen Dynamics"].published


def test_a_person_only_the_model_types_is_published_unless_the_name_is_dictionary_words(nlp):
    text = "Dana Whitfield painted the mural. Later Domain Controller checked the roof."
    found = entities_with(nlp, text, [("Dana Whitfield", "PERSON"), ("Domain Controller", "PERSON")])
    assert found["Dana Whitfield"].support == "model" and found["Dana Whitfield"].published
    assert found["Domain Controller"].label == "PERSON" and not found["Domain Controller"].published


def test_dictionary_words_with_a_given_name_first_read_as_a_person():
    from extractors.nlp.entities.person_names import dictionary_words_only

    assert dictionary_words_only("Domain Controller") and dictionary_words_only("Short Story")
    assert not dictionary_words_only("Grace Hopper") and not dictionary_words_only("Panuwat Usakunwathana")


def test_labels_the_model_often_gets_wrong_alone_are_candidates_and_the_reliable_ones_published(nlp):
    text = ("The Zentish farmers met on Tuesday. The Velvet Prism sold out. "
            "Speakers of Zorbelese gathered at Harwick Hall for the Lantern Festival.")
    found = entities_with(nlp, text, [("Zentish", "NORP"), ("Velvet Prism", "PRODUCT"), ("Zorbelese", "LANGUAGE"),
                                      ("Harwick Hall", "FAC"), ("Lantern Festival", "EVENT")])
    assert {name: (e.support, e.published) for name, e in found.items()} == {
        "Zentish": ("model", False), "Velvet Prism": ("model", False), "Zorbelese": ("model", True),
        "Harwick Hall": ("model", True), "Lantern Festival": ("model", True)}


def test_a_candidates_mentions_point_at_its_row_and_nothing_is_lost(nlp):
    text = "Orlen Dynamics built the plant. Orlen Dynamics hired forty welders from Tulsa."
    [rows] = extract_batch([ArticleText("e" * 64, text, paragraph_spans(text), None, date(2024, 3, 4))], nlp)
    by_index = {e["entity_index"]: (True, e) for e in rows.entities}
    by_index |= {e["entity_index"]: (False, e) for e in rows.entity_candidates}
    assert len(by_index) == len(rows.entities) + len(rows.entity_candidates)
    for mention in rows.entity_mentions:
        assert by_index[mention["entity_index"]][1]["canonical_name"] == mention["canonical_name"]
    assert {(e["canonical_name"], p) for p, e in by_index.values()} >= {("Tulsa", True)}


def test_a_product_only_a_weak_retype_gives_is_a_candidate(nlp):
    line = entities_with(nlp, "Zenix Update, Zenix Server and Zenix Shell got new releases this week.",
                         [("Zenix Update", "ORG"), ("Zenix Server", "ORG"), ("Zenix Shell", "ORG")])
    assert {(e.label, e.typed_by, e.published) for e in line.values()} == {
        ("PRODUCT", "retyped_by_the_article", False)}
    camera = entities(nlp, "Kessel Camera is cheap, and Kessel Camera records at night.")["Kessel Camera"]
    assert camera["label"] == "PRODUCT" and not camera["published"]


def test_a_product_a_class_noun_gives_is_published(nlp):
    found = entities_with(nlp, "Apps like Pixora are free to try.", [("Pixora", "PRODUCT")])
    assert found["Pixora"].support == "article" and found["Pixora"].published


# -- thirteenth pass: a body's name past its "of", and names that read as no person's -------------------------------
def test_a_body_the_model_stops_at_its_of_runs_on_into_the_place_after_it(nlp):
    text = "The Harwick Association of Canada released its report on Tuesday."
    found = entities_with(nlp, text, [("The Harwick Association of", "ORG"), ("Canada", "GPE")])
    assert set(found) == {"Harwick Association of Canada"}
    assert found["Harwick Association of Canada"].label == "ORG"


def test_a_body_goes_on_past_of_into_capitalised_words_no_entity_holds(nlp):
    text = "The Harwick Utilities Commission of Velmora approved the plan on Monday."
    found = entities_with(nlp, text, [("The Harwick Utilities Commission", "ORG")])
    assert set(found) == {"Harwick Utilities Commission of Velmora"}


def test_a_name_that_is_no_body_does_not_swallow_what_follows_of(nlp):
    text = "Dana Whitfield of Velmora said the plan would pass."
    found = entities_with(nlp, text, [("Dana Whitfield", "PERSON")])
    assert "Dana Whitfield" in found and not any("Velmora" in name for name in found)


def test_names_that_read_as_no_persons_and_names_that_do():
    from extractors.nlp.entities.person_names import unlike_a_persons_name

    for name in ("Orlen Noodle Bar", "Velmora", "Sculpture Garden", "Kitchen Table Series"):
        assert unlike_a_persons_name(name), name
    for name in ("Dana Whitfield", "Grace Hopper", "Whitfield DJ", "Panuwat Usakunwathana", "Charles II",
                 "Tom Cook", "Imran Khan"):
        assert not unlike_a_persons_name(name), name


def test_a_person_whose_name_reads_as_a_place_or_a_firm_is_a_candidate_even_when_the_article_types_it(nlp):
    text = "Orlen Noodle Bar said the queue was long. Dana Whitfield said she would wait."
    found = entities_with(nlp, text, [("Orlen Noodle Bar", "PERSON"), ("Dana Whitfield", "PERSON")])
    assert found["Orlen Noodle Bar"].support == "article" and not found["Orlen Noodle Bar"].published
    assert found["Dana Whitfield"].support == "article" and found["Dana Whitfield"].published


def test_a_one_word_person_with_no_given_name_is_a_candidate(nlp):
    found = entities_with(nlp, "The show moved to Velmora, Gundersen said.", [("Gundersen", "PERSON")])
    assert found["Gundersen"].label == "PERSON" and not found["Gundersen"].published


def test_a_name_typed_only_by_its_shape_is_a_candidate(nlp):
    text = "Dana Whitfield bought a Velmo X200 last week. Her brother joined TaskRail in March."
    found = entities_with(nlp, text, [("Dana Whitfield", "PERSON"), ("Velmo X200", "PERSON"), ("TaskRail", "GPE")])
    assert (found["Velmo X200"].label, found["Velmo X200"].typed_by, found["Velmo X200"].published) == (
        "PRODUCT", "", False)
    assert (found["TaskRail"].label, found["TaskRail"].published) == ("ORG", False)
    assert found["Dana Whitfield"].published


def test_a_product_the_model_itself_types_is_not_taken_for_a_shape():
    from extractors.nlp.entities.result import Entity, Mention
    from extractors.nlp.entities.support import typed_by_its_shape

    def entity(model_label: str) -> Entity:
        mention = Mention(0, 10, "Velmo X200", "PRODUCT", model_label, "model", "", 0)
        return Entity(index=0, canonical="Velmo X200", label="PRODUCT", category="", mentions=[mention])

    assert typed_by_its_shape(entity("PERSON")) and not typed_by_its_shape(entity("PRODUCT"))


def test_a_place_geonames_knows_stays_a_place_in_a_list_of_bodies(nlp):
    text = "Zentrix Corp, Velmora Labs, San Antonio and Orlen Dynamics sponsor the prize this year."
    found = entities_with(nlp, text, [("Zentrix Corp", "ORG"), ("Velmora Labs", "ORG"), ("San Antonio", "GPE"),
                                      ("Orlen Dynamics", "ORG")])
    assert found["San Antonio"].label == "GPE" and found["San Antonio"].published
    unknown = entities_with(nlp, text.replace("San Antonio", "Quorvane"), [
        ("Zentrix Corp", "ORG"), ("Velmora Labs", "ORG"), ("Quorvane", "GPE"), ("Orlen Dynamics", "ORG")])
    assert unknown["Quorvane"].label == "ORG"
