"""Unit tests per rule family of the structured-extraction stage, on sentences written for
these tests (other names, outlets, numbers and dates than the seed articles)."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from extractors.records import paragraph_spans
from extractors.nlp.batch import ArticleText, StructuredRows, extract_batch

ANCHOR = date(2024, 6, 12)  # a Wednesday


@pytest.fixture(scope="module")
def nlp():
    from extractors.nlp.model import get_nlp

    return get_nlp()


def extract(nlp, text: str, published: datetime | None = None) -> StructuredRows:
    [rows] = extract_batch([ArticleText("d" * 64, text, paragraph_spans(text), published, ANCHOR)], nlp)
    assert rows.error is None, rows.error
    for table, table_rows in rows.tables().items():  # offsets always point at the stored text
        for row in table_rows:
            if "text" in row and "start" in row:
                assert text[row["start"]:row["end"]] == row["text"], (table, row)
    return rows


def labels(rows: StructuredRows) -> dict[str, str]:
    return {e["canonical_name"]: e["label"] for e in rows.entities}


# -- gazetteer ruler and entity canonicalisation ---------------------------------------------
def test_ruler_fixes_outlets_and_places_the_model_mislabels(nlp):
    rows = extract(nlp, "Reuters reported that Ukrainian troops held Avdiivka, and Axios said the Brookings "
                        "Institution agreed. The Guardian reported talks in Chisinau.")
    found = labels(rows)
    assert found["Reuters"] == "ORG" and found["Axios"] == "ORG" and found["Brookings Institution"] == "ORG"
    assert found["Avdiivka"] == "GPE" and found["Chisinau"] == "GPE"
    categories = {e["canonical_name"]: e["category"] for e in rows.entities}
    assert categories["Reuters"] == categories["Axios"] == "outlet"
    assert {m["source"] for m in rows.entity_mentions if m["text"] == "Reuters"} == {"rule"}


def test_surnames_acronyms_and_aliases_resolve_within_the_document(nlp):
    text = ("Defence analyst Maria Lindqvist met officials from the Central Intelligence Agency in the U.S. last "
            "week. Lindqvist said the CIA had briefed her, and that the US would respond.")
    rows = extract(nlp, text)
    mentions = {(m["text"], m["canonical_name"]) for m in rows.entity_mentions}
    assert ("Lindqvist", "Maria Lindqvist") in mentions
    assert ("CIA", "Central Intelligence Agency") in mentions
    assert ("U.S.", "United States") in mentions and ("US", "United States") in mentions
    person = next(e for e in rows.entities if e["canonical_name"] == "Maria Lindqvist")
    assert person["mention_count"] == 2 and person["aliases"] == ["Lindqvist"]


def test_short_organisation_name_joins_its_full_form(nlp):
    rows = extract(nlp, "The Redwood Group expanded into Kenya. Analysts say Redwood is now the largest lender.")
    assert ("Redwood", "Redwood Group") in {(m["text"], m["canonical_name"]) for m in rows.entity_mentions}


def test_unit_at_institution_is_split_into_two_organisations(nlp):
    rows = extract(nlp, "Tom Avery, a fellow at the Energy Security Program at the Atlantic Council, disagreed.")
    names = labels(rows)
    assert names.get("Atlantic Council") == "ORG"
    assert not any(" at " in n for n in names)


# -- attributions ------------------------------------------------------------------------------
def attribution(rows: StructuredRows, source: str) -> dict:
    return next(a for a in rows.attributions if a["source"] == source)


def test_outlet_reported_and_according_to(nlp):
    rows = extract(nlp, "Iran is expanding its drone exports to Sudan, Reuters reported.\n\n"
                        "The shipments started in March, according to a confidential UN panel report.")
    reuters = attribution(rows, "Reuters")
    assert reuters["cue"] == "reported" and reuters["source_kind"] == "outlet"
    text = "Iran is expanding its drone exports to Sudan"
    assert rows.sentences[0]["text"].startswith(text)
    doc = next(a for a in rows.attributions if a["cue_type"] == "according_to")
    assert doc["source_kind"] == "document" and "UN panel report" in doc["source"]


def test_declined_to_comment_and_denied_with_coordinated_sources(nlp):
    rows = extract(nlp, "The Pentagon and the FBI declined to comment. Moscow has repeatedly denied that it "
                        "supplied the rebels.")
    no_comment = {a["source"] for a in rows.attributions if a["cue_type"] == "no_comment"}
    assert no_comment == {"Pentagon", "FBI"}
    denial = next(a for a in rows.attributions if a["cue_type"] == "denial")
    assert denial["source"] == "Moscow" and denial["cue"] == "denied"


def test_nested_attribution_points_to_its_parent(nlp):
    text = ('"Prices will keep rising," said Helen Park, chief economist at Nordbank, the Financial Times '
            'reported.')
    rows = extract(nlp, text)
    park = attribution(rows, "Helen Park")
    ft = attribution(rows, "Financial Times")
    assert park["parent_attribution_index"] == ft["attribution_index"]
    assert ft["parent_attribution_index"] is None


def test_definite_description_and_pronoun_resolve_to_earlier_source(nlp):
    rows = extract(nlp, "Officials cited a classified Army assessment of the war.\n\n"
                        "The Army assessment said the brigade lost 40 tanks. It said morale was low.")
    sources = [(a["source_text"], a["source"], a["resolution"]) for a in rows.attributions]
    assert ("It", "Army assessment", "anaphora") in sources


# -- quotes -------------------------------------------------------------------------------------
def test_direct_quote_with_curly_marks_and_role_before_the_name(nlp):
    rows = extract(nlp, "“We will rebuild the port within a year,” Harbour Authority chairman Luis Ortega told "
                        "reporters on Monday.")
    [quote] = [q for q in rows.quotes if q["kind"] == "direct"]
    assert quote["text"].startswith("We will rebuild the port")
    assert quote["speaker"] == "Luis Ortega" and quote["speaker_kind"] == "person"
    assert quote["speaker_role"] == "Harbour Authority chairman" and quote["quote_marks"] == "curly"


def test_straight_quote_with_appositive_role_and_continuation_paragraph(nlp):
    text = ('"The river has never been this low," said Anna Berg, the chief hydrologist at the Rhine '
            'Institute.\n\n"Barges are already running half empty, and the harvest has not even begun."\n\n'
            'Berg added that rain was forecast.')
    rows = extract(nlp, text)
    direct = [q for q in rows.quotes if q["kind"] == "direct"]
    assert [q["speaker"] for q in direct] == ["Anna Berg", "Anna Berg"]
    assert direct[1]["speaker_resolution"] == "continuation" and direct[1]["continues_quote_index"] == 0
    assert direct[0]["speaker_role"].startswith("chief hydrologist")
    indirect = [q for q in rows.quotes if q["kind"] == "indirect"]
    assert indirect and indirect[0]["text"] == "rain was forecast" and indirect[0]["speaker"] == "Anna Berg"


def test_quote_running_over_two_paragraphs_without_closing_mark(nlp):
    text = ('“The first phase is finished.\n\n“The second will take until spring,” said Omar Haddad, the '
            'project manager.')
    rows = extract(nlp, text)
    direct = [q for q in rows.quotes if q["kind"] == "direct"]
    assert len(direct) == 2 and {q["speaker"] for q in direct} == {"Omar Haddad"}


def test_partial_quote_and_quoted_names_are_told_apart(nlp):
    text = ("Pavel Orlov, a smuggler known as “the Fox”, ran boats for “Operation Sea Breeze”. The court "
            "filing said he “moved weapons for years without being caught”, according to prosecutors.")
    rows = extract(nlp, text)
    texts = [q["text"] for q in rows.quotes if q["kind"] == "direct"]
    assert texts == ["moved weapons for years without being caught"]
    [partial] = [q for q in rows.quotes if q["kind"] == "direct"]
    assert partial["is_partial"] and partial["speaker_kind"] in {"document", "person"}


def test_indirect_speech_with_that_clause(nlp):
    rows = extract(nlp, "Finance minister Sara Koivu estimated that inflation would fall below 3 percent.")
    [quote] = [q for q in rows.quotes if q["kind"] == "indirect"]
    assert quote["text"].startswith("inflation would fall") and quote["cue"] == "estimated"
    assert quote["speaker"] == "Sara Koivu" and quote["speaker_role"] == "Finance minister"


# -- amounts ------------------------------------------------------------------------------------
def amount(rows: StructuredRows, surface: str) -> dict:
    return next(a for a in rows.amounts if a["text"] == surface)


def test_amount_values_currency_percent_words_and_qualifiers(nlp):
    rows = extract(nlp, "The ministry approved $2.5 billion for nearly 1,200 new buses, about 40 percent of the "
                        "fleet, and bought eight ferries.")
    money = amount(rows, "$2.5 billion")
    assert money["value"] == 2_500_000_000 and money["currency"] == "USD" and money["kind"] == "money"
    buses = amount(rows, "nearly 1,200")
    assert buses["value"] == 1200 and buses["qualifier"] == "nearly" and buses["object"] == "new buses"
    share = amount(rows, "about 40 percent")
    assert share["value"] == 40 and share["unit"] == "percent"
    ferries = amount(rows, "eight")
    assert ferries["value"] == 8 and ferries["object"] == "ferries"


def test_breakdown_links_parts_to_their_total(nlp):
    rows = extract(nlp, "The relief convoy carried 900 people — 600 volunteers and 300 medics — to the border.")
    total = amount(rows, "900")
    assert total["object"] == "people"
    parts = [a for a in rows.amounts if a["part_of_amount_index"] == total["amount_index"]]
    assert {(a["value"], a["object"]) for a in parts} == {(600, "volunteers"), (300, "medics")}


def test_years_ages_and_identifiers_are_not_counted(nlp):
    rows = extract(nlp, "In 2019 a 34-year-old pilot flew an F-16 on Flight 812 and 12 sorties.")
    kinds = {a["text"]: a["kind"] for a in rows.amounts}
    assert kinds["2019"] == "year" and kinds["34"] == "age" and kinds["16"] == "identifier"
    assert kinds["812"] == "identifier" and kinds["12"] == "count"
    assert [a["text"] for a in rows.amounts if a["is_counted"]] == ["12"]


# -- temporal -----------------------------------------------------------------------------------
def timex(rows: StructuredRows, surface: str) -> dict:
    return next(t for t in rows.temporal_expressions if t["text"].lower() == surface.lower())


def test_relative_expressions_resolve_against_the_ingest_date_when_unpublished(nlp):
    rows = extract(nlp, "The plant closed last month and reopened earlier this week. Talks resume in late "
                        "August. Output fell in early 2022 and has been flat since 2019. Workers waited for months.")
    last_month = timex(rows, "last month")
    assert (last_month["value_start"], last_month["value_end"]) == (date(2024, 5, 1), date(2024, 5, 31))
    assert last_month["anchor_source"] == "ingest" and last_month["anchor_date"] == ANCHOR
    # TimeML (TIMEX3) values: "earlier this week" is the whole week, a part of a month or year
    # the whole month or year (the granularity keeps the qualifier), "since 2019" a date row
    # for 2019 ("since" is a signal, not part of the value).
    week = timex(rows, "earlier this week")
    assert (week["value_start"], week["value_end"], week["granularity"]) == (
        date(2024, 6, 10), date(2024, 6, 16), "week")
    august = timex(rows, "late August")  # two months ahead: the coming August, not last year's
    assert (august["value_start"], august["value_end"], august["granularity"]) == (
        date(2024, 8, 1), date(2024, 8, 31), "part_of_month")
    early = timex(rows, "early 2022")
    assert (early["value_start"], early["value_end"], early["granularity"]) == (
        date(2022, 1, 1), date(2022, 12, 31), "part_of_year")
    since = timex(rows, "2019")
    assert (since["type"], since["value_start"], since["value_end"], since["granularity"]) == (
        "date", date(2019, 1, 1), date(2019, 12, 31), "year")
    assert not any(t["text"].lower().startswith("since") for t in rows.temporal_expressions)
    months = timex(rows, "for months")
    assert months["type"] == "duration" and months["value_start"] is None


def test_publication_date_is_the_anchor_and_dateparser_handles_explicit_dates(nlp):
    published = datetime(2021, 3, 4, 9, 30, tzinfo=timezone.utc)
    rows = extract(nlp, "The deal was signed on January 15, 2021, two weeks after talks in mid-November.",
                   published=published)
    signed = timex(rows, "January 15, 2021")
    assert signed["value_start"] == signed["value_end"] == date(2021, 1, 15)
    assert signed["method"] == "dateparser" and signed["anchor_source"] == "published"
    mid = timex(rows, "mid-November")  # TimeML: the month (mid is TIMEX3's mod, not a narrower value)
    assert (mid["value_start"], mid["value_end"]) == (date(2020, 11, 1), date(2020, 11, 30))


# -- the entry point ----------------------------------------------------------------------------
def test_one_bad_article_does_not_sink_the_batch(nlp):
    good = "Reuters reported that 40 ships left Odesa on Friday."
    bad = ArticleText("b" * 64, good, [(0, 5), (3, 10)], None, ANCHOR)  # overlapping spans cannot tile the text
    results = extract_batch([bad, ArticleText("g" * 64, good, paragraph_spans(good), None, ANCHOR)], nlp)
    assert results[0].error and "extraction failed" in results[0].error
    assert all(not rows for rows in results[0].tables().values())
    assert results[1].error is None and results[1].attributions


def test_bare_quantities_of_time_are_durations_not_calendar_dates(nlp):
    from extractors.nlp.sentences import SentenceIndex, sentence_spans
    from extractors.nlp.temporal import extract_temporal

    doc = nlp("The union called a strike five days before the vote, after talks that lasted over two years. "
              "The depot closed three weeks ago.")
    timexes = extract_temporal(doc, SentenceIndex(sentence_spans(doc)), date(2026, 5, 20))
    found = {doc.text[t.start:t.end]: t for t in timexes}
    assert found["five days"].type == "duration" and found["five days"].value_start is None
    assert found["over two years"].type == "duration" and found["over two years"].granularity == "year"
    ago = next(t for text, t in found.items() if "ago" in text)
    assert ago.type == "date" and ago.value_start <= date(2026, 4, 29) <= ago.value_end


def test_a_date_is_never_the_object_an_amount_counts(nlp):
    from extractors.nlp.amounts import extract_amounts
    from extractors.nlp.sentences import SentenceIndex, sentence_spans

    doc = nlp("The board offered a 4 per cent rise, up from 2 per cent last year.")
    amounts = {doc.text[a.start:a.end]: a for a in extract_amounts(doc, SentenceIndex(sentence_spans(doc)))}
    assert amounts["2 per cent"].object is None



def test_attributions_and_quotes_read_the_text_they_are_given_instead_of_rebuilding_it(nlp):
    """Doc.text joins every token on each access; the extraction stage checked the Doc against the
    article's text and hands it on (rows identical either way)."""
    from extractors.nlp.attributions import extract_attributions
    from extractors.nlp.entities import extract_entities
    from extractors.nlp.quotes import extract_quotes
    from extractors.nlp.sentences import ParagraphIndex, SentenceIndex, sentence_spans
    from tests.support import DocWithoutText

    text = ('Mayor Ana Ruiz of Springfield said on Tuesday that the city would spend $4.5 million on 30 buses. '
            '"We will not wait," she told reporters, adding that 12 percent of routes would change.')
    doc = nlp(text)
    sentences, paragraphs = SentenceIndex(sentence_spans(doc, text)), ParagraphIndex(paragraph_spans(text))
    entities = extract_entities(doc, sentences, text)
    expected = extract_attributions(doc, entities, sentences)
    given = extract_attributions(DocWithoutText(doc), entities, sentences, text)
    assert given == expected and len(expected) >= 2
    quotes = extract_quotes(DocWithoutText(doc), paragraphs, sentences, given, text)
    assert quotes == extract_quotes(doc, paragraphs, sentences, expected) and quotes
