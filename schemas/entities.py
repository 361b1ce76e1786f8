"""`entities`: one row per distinct entity per article, after canonicalisation."""
import pyarrow as pa

from schemas.contract import DOC_ID, DOC_ID_RULE, INGESTED_AT, RUN_ID, Column, Rule, TableContract
from schemas.entity_mentions import ENTITY_LABELS

# Kept in step with extractors/nlp/entities/result.py (SUPPORTS) by tests/test_entities.py (importing it here would
# load spaCy).
SUPPORTS = ("gazetteer", "article", "model")

CONTRACT = TableContract(
    name="entities",
    description="Distinct entities of each article that the pipeline stands behind: the canonical name its "
                "mentions resolve to, its type, how often and where it is first mentioned. Canonical names are per "
                "document (no cross-document linking). Names with weaker support are in entity_candidates.",
    columns=(
        DOC_ID,
        Column("entity_index", pa.int32(), "0-based, in order of first mention.", nullable=False),
        Column("canonical_name", pa.string(), "Fullest name used in the article ('John Kirby', 'Wagner Group'), "
                                              "or the alias table's name ('United States').", nullable=False),
        Column("label", pa.string(), "Entity type (OntoNotes labels).", nullable=False),
        Column("category", pa.string(), "Gazetteer category when known: outlet, org, country, place, person, "
                                        "product; "
                                        "null for entities only the model found."),
        Column("mention_count", pa.int32(), "Rows in entity_mentions for this entity.", nullable=False),
        Column("first_start", pa.int32(), "Offset of the first mention in articles.text.", nullable=False),
        Column("first_end", pa.int32(), "End offset of the first mention.", nullable=False),
        Column("aliases", pa.list_(pa.string()), "Other surface forms of the entity in the article.",
               nullable=False),
        Column("support", pa.string(), "What stands behind the row beyond the model's label, strongest first: "
                                       "'gazetteer' (the gazetteer knows the name and category is set, or, for a "
                                       "GPE, GeoNames knows a place of that name), 'article' (the article's own "
                                       "words type it: a rule or evidence step gave it a label the model did not, a "
                                       "class noun gives that kind ('apps like X'), a PERSON with a title, a verb "
                                       "of speech, a role appositive or he/she after it, a GPE/LOC after a place "
                                       "preposition or next to a place), 'model' (the small model's label alone: "
                                       "in entities only for PERSON, LANGUAGE, FAC, EVENT and an ORG whose head "
                                       "word names a body). Null in rows published before the column existed."),
        RUN_ID,
        INGESTED_AT,
    ),
    primary_key=("doc_id", "entity_index"),
    rules=(
        DOC_ID_RULE,
        Rule("ExpectCompoundColumnsToBeUnique", {"column_list": ["doc_id", "canonical_name", "label"]}, "table",
             "one row per distinct entity; a duplicate means canonicalisation is broken"),
        Rule("ExpectColumnValuesToBeBetween", {"column": "mention_count", "min_value": 1}, "table",
             "an entity exists only through its mentions"),
        Rule("ExpectColumnPairValuesAToBeGreaterThanB",
             {"column_A": "first_end", "column_B": "first_start", "or_equal": False}, "row",
             "a mention is never empty"),
        Rule("ExpectColumnValuesToBeInSet", {"column": "label", "value_set": list(ENTITY_LABELS)}, "table",
             "labels are set by the pipeline"),
        Rule("ExpectColumnValuesToBeInSet",
             {"column": "category", "value_set": ["outlet", "org", "country", "place", "person", "product"]}, "table",
             "categories come from the gazetteer"),
        Rule("ExpectColumnValuesToBeInSet", {"column": "support", "value_set": list(SUPPORTS)}, "table",
             "support is set by the pipeline"),
    ),
)
