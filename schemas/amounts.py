"""`amounts`: numbers with what they count, normalised."""
import pyarrow as pa

from schemas.contract import DOC_ID, DOC_ID_RULE, INGESTED_AT, RUN_ID, Column, Rule, TableContract

# Kept in step with extractors/ by tests/test_extract_seeds.py::test_schema_value_sets_match_the_extractors
# (importing them here would load spaCy).
KINDS = ("count", "money", "percent", "year", "age", "identifier", "date", "duration", "ordinal", "measure")

CONTRACT = TableContract(
    name="amounts",
    description="Numbers in the article with their normalised value, kind, currency or unit, qualifier and the "
                "object they count; a part-of link when the text breaks a total down. Years, ages, identifiers "
                "day numbers of dates, durations and ordinals are kept but marked (is_counted = false) so they are "
                "never summed. A range ('$40-50 billion', '4-5 kg', '2012-2021') is one row with its low and high ends.",
    columns=(
        DOC_ID,
        Column("amount_index", pa.int32(), "0-based position in the article.", nullable=False),
        Column("start", pa.int32(), "Offset of the amount (with its qualifier) in articles.text.", nullable=False),
        Column("end", pa.int32(), "Offset one past its end.", nullable=False),
        Column("text", pa.string(), "The amount as written ('more than 100', '$750 million', '50 per cent').",
               nullable=False),
        Column("value", pa.float64(), "Normalised value: '50,000' -> 50000, 'six' -> 6, '$750 million' -> "
                                      "750000000, '50 per cent' -> 50.", nullable=False),
        Column("low", pa.float64(), "Low end of a range ('$40-50 billion' -> 40000000000, '40 to 50 percent' -> "
                                    "40); null for a single number. value equals low for a range."),
        Column("high", pa.float64(), "High end of a range ('$40-50 billion' -> 50000000000); null for a single "
                                     "number."),
        Column("kind", pa.string(), "count, money, percent (counted); year, age, identifier, date, duration "
                                    "('two hours', 'five-year'), ordinal ('Step 3', 'phase one', list numbering), "
                                    "measure ('15ml', '1.1°C', '8,000Hz', 'a 125-degree view') (not counted).", nullable=False),
        Column("is_counted", pa.bool_(), "True for count, money and percent.", nullable=False),
        Column("currency", pa.string(), "ISO 4217 code for money ('USD')."),
        Column("unit", pa.string(), "percent; currency for money; for a measure, its unit's symbol ('ml', '°C', "
                                   "'Hz', 'sq ft'); null for plain counts."),
        Column("qualifier", pa.string(), "'more than', 'about', 'up to', ... when the text qualifies the number."),
        Column("object", pa.string(), "What is counted ('personnel', 'VOG-17 grenade launcher rounds'); for a "
                                      "percentage, the whole it is a share of."),
        Column("object_start", pa.int32(), "Offset of the object in articles.text."),
        Column("object_end", pa.int32(), "End offset of the object."),
        Column("part_of_amount_index", pa.int32(), "amount_index of the total this amount is a part of."),
        Column("sentence_index", pa.int32(), "Sentence holding the amount.", nullable=False),
        RUN_ID,
        INGESTED_AT,
    ),
    primary_key=("doc_id", "amount_index"),
    rules=(
        DOC_ID_RULE,
        Rule("ExpectColumnPairValuesAToBeGreaterThanB",
             {"column_A": "high", "column_B": "low", "or_equal": True, "ignore_row_if": "either_value_is_missing"},
             "row", "a range never runs downwards"),
        Rule("ExpectColumnValuesToBeBetween", {"column": "start", "min_value": 0}, "row", "offsets are non-negative"),
        Rule("ExpectColumnPairValuesAToBeGreaterThanB", {"column_A": "end", "column_B": "start", "or_equal": False},
             "row", "an amount is never empty"),
        Rule("ExpectColumnValuesToBeBetween", {"column": "value", "min_value": 0, "max_value": 1e15}, "row",
             "a negative or astronomically large value is a parsing error"),
        Rule("ExpectColumnValuesToBeInSet", {"column": "kind", "value_set": list(KINDS)}, "table",
             "kinds are set by the pipeline"),
        Rule("ExpectColumnValuesToMatchRegex", {"column": "currency", "regex": r"^[A-Z]{3}$"}, "table",
             "currencies are ISO 4217 codes set by the pipeline"),
        Rule("ExpectColumnPairValuesAToBeGreaterThanB",
             {"column_A": "object_end", "column_B": "object_start", "or_equal": False,
              "ignore_row_if": "either_value_is_missing"}, "row", "an object, when present, is never empty"),
    ),
)
