"""`attributions`: who the article cites for what, with nested chains."""
import pyarrow as pa

from schemas.contract import DOC_ID, DOC_ID_RULE, INGESTED_AT, RUN_ID, Column, Rule, TableContract
from schemas.quotes import SOURCE_KINDS

CUE_TYPES = ["speech", "report", "belief", "stance", "confirmation", "denial", "according_to", "no_comment"]

CONTRACT = TableContract(
    name="attributions",
    description="Sources the article cites: 'Politico reported', 'according to a leaked report', 'X declined to "
                "comment', 'X denied'. start/end cover the source and the cue (articles.text[start:end] == text); "
                "content_start/content_end the claim attributed. A nested attribution points to its parent "
                "('..., said Jane Roe, Reuters reported': Roe's row has Reuters' row as parent).",
    columns=(
        DOC_ID,
        Column("attribution_index", pa.int32(), "0-based position in the article.", nullable=False),
        Column("start", pa.int32(), "Offset where the source-and-cue phrase starts in articles.text.",
               nullable=False),
        Column("end", pa.int32(), "Offset one past its end.", nullable=False),
        Column("text", pa.string(), "The source-and-cue phrase ('Politico reported').", nullable=False),
        Column("cue", pa.string(), "The cue words ('reported', 'told reporters', 'declined to comment').",
               nullable=False),
        Column("cue_type", pa.string(), "speech, report, belief (think, believe, expect), stance (endorse, oppose, "
                                        "criticize: a public position), confirmation, denial, "
                                        "according_to or no_comment.", nullable=False),
        Column("cue_start", pa.int32(), "Offset of the cue.", nullable=False),
        Column("cue_end", pa.int32(), "End offset of the cue.", nullable=False),
        Column("source_text", pa.string(), "The source as written ('The media outlet', 'It'); empty when the text "
                                           "names none ('it was reported that').", nullable=False),
        Column("source_start", pa.int32(), "Offset of the source phrase.", nullable=False),
        Column("source_end", pa.int32(), "End offset of the source phrase.", nullable=False),
        Column("source", pa.string(), "Resolved source: canonical entity name, an antecedent for pronouns and "
                                      "definite descriptions, else the description itself.", nullable=False),
        Column("source_kind", pa.string(), "person, organisation, outlet, document, unresolved, or unattributed "
                                           "when the text names no source (a passive 'it was reported that').",
               nullable=False),
        Column("source_entity", pa.string(), "canonical_name (in entities, or in entity_candidates) when a named "
                                             "entity is the source."),
        Column("source_role", pa.string(), "Role or title of a person source as the text gives it."),
        Column("resolution", pa.string(), "entity, anaphora (pronoun or 'the report' resolved to an earlier "
                                          "source), description (an unnamed source described), unresolved, or "
                                          "unattributed (no source named).",
               nullable=False),
        Column("content_start", pa.int32(), "Offset of the attributed claim; null when there is none (no comment)."),
        Column("content_end", pa.int32(), "End offset of the attributed claim."),
        Column("parent_attribution_index", pa.int32(), "attribution_index of the attribution whose claim holds "
                                                       "this one (nested chains); null at the top."),
        Column("sentence_index", pa.int32(), "Sentence holding the cue.", nullable=False),
        Column("method", pa.string(), "dependency (cue verb and its subject), passive ('it was reported that'), "
                                      "quotation (a quotation inside a clause whose subject speaks: 'X vowed to "
                                      "“...”'), colon ('Lynch: no outside influence', a named speaker and a colon "
                                      "opening the sentence), according_to or no_comment.", nullable=False),
        RUN_ID,
        INGESTED_AT,
    ),
    primary_key=("doc_id", "attribution_index"),
    rules=(
        DOC_ID_RULE,
        Rule("ExpectColumnValuesToBeBetween", {"column": "start", "min_value": 0}, "row", "offsets are non-negative"),
        Rule("ExpectColumnPairValuesAToBeGreaterThanB", {"column_A": "end", "column_B": "start", "or_equal": False},
             "row", "an attribution phrase is never empty"),
        Rule("ExpectColumnPairValuesAToBeGreaterThanB",
             {"column_A": "content_end", "column_B": "content_start", "or_equal": False,
              "ignore_row_if": "either_value_is_missing"}, "row", "a claim, when present, is never empty"),
        Rule("ExpectColumnValuesToBeInSet", {"column": "cue_type", "value_set": CUE_TYPES}, "table",
             "cue types are set by the pipeline"),
        Rule("ExpectColumnValuesToBeInSet", {"column": "source_kind", "value_set": list(SOURCE_KINDS)}, "table",
             "source kinds are set by the pipeline"),
        Rule("ExpectColumnValuesToBeInSet",
             {"column": "resolution",
              "value_set": ["entity", "anaphora", "description", "unresolved", "unattributed"]},
             "table", "resolution is set by the pipeline"),
        Rule("ExpectColumnValuesToBeInSet",
             {"column": "method",
              "value_set": ["dependency", "passive", "quotation", "colon", "according_to", "no_comment"]},
             "table", "method is set by the pipeline"),
    ),
)
