"""`entity_mentions`: every named-entity mention, with its canonical name inside the document."""
import pyarrow as pa

from schemas.contract import DOC_ID, DOC_ID_RULE, INGESTED_AT, RUN_ID, Column, Rule, TableContract

# Kept in step with extractors/ by tests/test_extract_seeds.py::test_schema_value_sets_match_the_extractors
# (importing them here would load spaCy).
ENTITY_LABELS = ("PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE")

CONTRACT = TableContract(
    name="entity_mentions",
    description="Named-entity mentions (spaCy en_core_web_sm 3.8 NER plus a gazetteer EntityRuler), with offsets "
                "into articles.text and the canonical name they resolve to within the same article. Numbers and "
                "dates are in `amounts` and `temporal_expressions` instead.",
    columns=(
        DOC_ID,
        Column("mention_index", pa.int32(), "0-based position of the mention in the article.", nullable=False),
        Column("start", pa.int32(), "Offset of the first character in articles.text.", nullable=False),
        Column("end", pa.int32(), "Offset one past the last character in articles.text.", nullable=False),
        Column("text", pa.string(), "The mention as written, without a leading 'the' or a trailing possessive.",
               nullable=False),
        Column("label", pa.string(), "Entity type (OntoNotes: PERSON, ORG, GPE, LOC, NORP, FAC, ...), the same for "
                                     "every mention of one entity.", nullable=False),
        Column("model_label", pa.string(), "Type the model or gazetteer gave this mention before resolution "
                                           "(differs from label e.g. when a bare surname read as ORG joins a "
                                           "person).", nullable=False),
        Column("source", pa.string(), "How the mention was found: model (statistical NER) or rule (gazetteer "
                                      "EntityRuler, or a rule that split a span).", nullable=False),
        Column("canonical_name", pa.string(), "Name of the entity in this document (entities.canonical_name, or "
                                              "entity_candidates.canonical_name for a candidate's mention): "
                                              "'Kirby' -> 'John Kirby', 'U.S.' -> 'United States'.", nullable=False),
        Column("entity_index", pa.int32(), "entity_index of the entity mentioned: in entities, or in "
                                           "entity_candidates for a name the pipeline does not publish as an "
                                           "entity.", nullable=False),
        Column("resolution", pa.string(), "How canonical_name was chosen: self, alias (alias table), partial_name "
                                          "(surname or first name of a full name), prefix ('Wagner' -> 'Wagner "
                                          "Group'), acronym.", nullable=False),
        Column("sentence_index", pa.int32(), "sentences.sentence_index of the sentence holding the mention.",
               nullable=False),
        RUN_ID,
        INGESTED_AT,
    ),
    primary_key=("doc_id", "mention_index"),
    rules=(
        DOC_ID_RULE,
        Rule("ExpectColumnValuesToBeBetween", {"column": "start", "min_value": 0}, "row", "offsets are non-negative"),
        Rule("ExpectColumnPairValuesAToBeGreaterThanB", {"column_A": "end", "column_B": "start", "or_equal": False},
             "row", "a mention is never empty"),
        Rule("ExpectColumnValuesToBeInSet", {"column": "label", "value_set": list(ENTITY_LABELS)}, "table",
             "numeric labels go to other tables; any other label is a pipeline bug"),
        Rule("ExpectColumnValuesToBeInSet", {"column": "source", "value_set": ["model", "rule"]}, "table",
             "source is set by the pipeline"),
        Rule("ExpectColumnValuesToBeInSet",
             {"column": "resolution", "value_set": ["self", "alias", "partial_name", "prefix", "acronym"]}, "table",
             "resolution is set by the pipeline"),
    ),
)
