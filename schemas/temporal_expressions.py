"""`temporal_expressions`: dates and relative expressions resolved to date intervals."""
import pyarrow as pa

from schemas.contract import DOC_ID, DOC_ID_RULE, INGESTED_AT, RUN_ID, Column, Rule, TableContract

# Kept in step with extractors/ by tests/test_extract_seeds.py::test_schema_value_sets_match_the_extractors
# (importing them here would load spaCy).
GRANULARITIES = ("day", "week", "part_of_month", "month", "quarter", "part_of_year", "year", "decade")
TYPES = ("date", "time", "duration")
METHODS = ("rule", "dateparser", "unresolved")
ANCHOR_SOURCES = ("published", "ingest")

CONTRACT = TableContract(
    name="temporal_expressions",
    description="Explicit and relative time expressions ('last month', 'mid-December', 'early 2023', 'the "
                "third quarter') resolved against an anchor date to an inclusive interval of calendar dates "
                "(value_start..value_end, pa.date32, no time of day or zone: the text gives none). A weekday, month or "
                "quarter without a year is the nearest one in the direction of its verb's tense. Values follow TimeML's "
                "TIMEX3 normalisation: 'earlier this month' is the month, 'early 2023' the year, 'since 2015' a "
                "date row for 2015.",
    columns=(
        DOC_ID,
        Column("timex_index", pa.int32(), "0-based position in the article.", nullable=False),
        Column("start", pa.int32(), "Offset of the expression in articles.text.", nullable=False),
        Column("end", pa.int32(), "Offset one past its end.", nullable=False),
        Column("text", pa.string(), "The expression as written.", nullable=False),
        Column("type", pa.string(), "date (a point or period), time (a day with a time of day: 'Thursday "
                                    "evening', '10 p.m. Wednesday'; the interval is the day) or duration ('for "
                                    "years', 'two weeks'), as TIMEX3 types them.",
               nullable=False),
        Column("value_start", pa.date32(), "First day of the interval (inclusive); null when the text leaves it "
                                           "open ('for years') or the expression could not be resolved."),
        Column("value_end", pa.date32(), "Last day of the interval (inclusive); null when unresolved."),
        Column("granularity", pa.string(), "day, week (ISO, Monday-Sunday), part_of_month (the text names the "
                                           "early, middle or late part of a month: the interval is the whole month, "
                                           "as in TimeML), month, quarter (a fiscal quarter is given as the calendar quarter "
                                           "it is named after), part_of_year (early/mid/late year: the interval is the whole "
                                           "year), "
                                           "year or decade; null when unresolved."),
        Column("anchor_date", pa.date32(), "The date relative expressions were resolved against.", nullable=False),
        Column("anchor_source", pa.string(), "published (the article's publication date) or ingest (publication "
                                             "date unknown: the run's ingest date was used).", nullable=False),
        Column("method", pa.string(), "rule (own rule layer), dateparser, or unresolved.", nullable=False),
        Column("rule", pa.string(), "Name of the rule when method = rule."),
        Column("sentence_index", pa.int32(), "Sentence holding the expression.", nullable=False),
        RUN_ID,
        INGESTED_AT,
    ),
    primary_key=("doc_id", "timex_index"),
    rules=(
        DOC_ID_RULE,
        Rule("ExpectColumnValuesToBeBetween", {"column": "start", "min_value": 0}, "row", "offsets are non-negative"),
        Rule("ExpectColumnPairValuesAToBeGreaterThanB", {"column_A": "end", "column_B": "start", "or_equal": False},
             "row", "an expression is never empty"),
        Rule("ExpectColumnPairValuesAToBeGreaterThanB",
             {"column_A": "value_end", "column_B": "value_start", "or_equal": True,
              "ignore_row_if": "either_value_is_missing"}, "row", "an interval is ordered (start <= end)"),
        Rule("ExpectColumnValuesToBeInSet", {"column": "type", "value_set": list(TYPES)}, "table",
             "types are set by the pipeline"),
        Rule("ExpectColumnValuesToBeInSet", {"column": "granularity", "value_set": list(GRANULARITIES)}, "table",
             "granularities are set by the pipeline"),
        Rule("ExpectColumnValuesToBeInSet", {"column": "method", "value_set": list(METHODS)}, "table",
             "methods are set by the pipeline"),
        Rule("ExpectColumnValuesToBeInSet", {"column": "anchor_source", "value_set": list(ANCHOR_SOURCES)}, "table",
             "anchor sources are set by the pipeline"),
    ),
)
