"""`quotes`: direct and indirect quotes with their speakers."""
import pyarrow as pa

from schemas.contract import DOC_ID, DOC_ID_RULE, INGESTED_AT, RUN_ID, Column, Rule, TableContract

# Kept in step with extractors/ by tests/test_extract_seeds.py::test_schema_value_sets_match_the_extractors
# (importing them here would load spaCy).
SOURCE_KINDS = ("person", "organisation", "outlet", "document", "unresolved", "unattributed")

CONTRACT = TableContract(
    name="quotes",
    description="Quoted speech: direct quotes (in straight or curly marks, partial or whole, one row per "
                "paragraph when a quote runs over several) and indirect speech (a cue verb's clausal complement), "
                "each with its speaker, cue and the speaker's role. start/end cover the quoted words without the "
                "marks (articles.text[start:end] == text). Names and epithets in quote marks are not quotes.",
    columns=(
        DOC_ID,
        Column("quote_index", pa.int32(), "0-based: direct quotes in text order, then indirect ones.", nullable=False),
        Column("start", pa.int32(), "Offset of the first quoted character in articles.text.", nullable=False),
        Column("end", pa.int32(), "Offset one past the last quoted character.", nullable=False),
        Column("text", pa.string(), "The quoted words.", nullable=False),
        Column("kind", pa.string(), "direct (in quote marks) or indirect (reported speech).", nullable=False),
        Column("quote_marks", pa.string(), "straight, curly or guillemets; null for indirect speech."),
        Column("is_partial", pa.bool_(), "True when the quote is a fragment inside a sentence of the article's "
                                         "own words.", nullable=False),
        Column("cue", pa.string(), "The cue ('said', 'told reporters', 'according to'); null when unresolved."),
        Column("cue_start", pa.int32(), "Offset of the cue in articles.text."),
        Column("cue_end", pa.int32(), "End offset of the cue."),
        Column("speaker_text", pa.string(), "The speaker as written at the cue ('Doxsee', 'the report', 'It')."),
        Column("speaker", pa.string(), "Resolved speaker: the canonical entity name for a named speaker, else "
                                       "the description ('leaked US intelligence report'); null when unresolved."),
        Column("speaker_kind", pa.string(), "person, organisation, outlet, document, unresolved or unattributed.",
               nullable=False),
        Column("speaker_entity", pa.string(), "canonical_name of the speaker in this article (in entities, or in "
                                              "entity_candidates); null when the speaker is described rather "
                                              "than named, or unresolved."),
        Column("speaker_role", pa.string(), "The speaker's role or title as the text gives it ('National Security "
                                            "Council spokesman'), carried to later quotes by the same person."),
        Column("speaker_resolution", pa.string(), "cue (a cue in the quote's sentence), continuation (no cue: the "
                                                  "previous quote's speaker) or unresolved.", nullable=False),
        Column("attribution_index", pa.int32(), "attributions.attribution_index of the cue used."),
        Column("continues_quote_index", pa.int32(), "quote_index of the quote this one continues (next paragraph "
                                                    "or sentence of the same speech)."),
        Column("paragraph_index", pa.int32(), "Paragraph holding the start of the quote.", nullable=False),
        Column("sentence_index", pa.int32(), "Sentence holding the start of the quote.", nullable=False),
        RUN_ID,
        INGESTED_AT,
    ),
    primary_key=("doc_id", "quote_index"),
    rules=(
        DOC_ID_RULE,
        Rule("ExpectColumnValuesToBeBetween", {"column": "start", "min_value": 0}, "row", "offsets are non-negative"),
        Rule("ExpectColumnPairValuesAToBeGreaterThanB", {"column_A": "end", "column_B": "start", "or_equal": False},
             "row", "a quote is never empty"),
        Rule("ExpectColumnValuesToBeInSet", {"column": "kind", "value_set": ["direct", "indirect"]}, "table",
             "kind is set by the pipeline"),
        Rule("ExpectColumnValuesToBeInSet", {"column": "speaker_kind", "value_set": list(SOURCE_KINDS)}, "table",
             "speaker kinds are set by the pipeline"),
        Rule("ExpectColumnValuesToBeInSet",
             {"column": "speaker_resolution", "value_set": ["cue", "continuation", "unresolved"]}, "table",
             "resolution is set by the pipeline"),
        Rule("ExpectColumnValuesToNotBeNull",
             {"column": "speaker", "row_condition": 'speaker_resolution!="unresolved"', "condition_parser": "pandas"},
             "row", "every quote has a speaker unless it is marked unresolved"),
    ),
)
