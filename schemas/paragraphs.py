"""`paragraphs`: the body of each article, one row per paragraph, with offsets."""
import pyarrow as pa

from schemas.contract import DOC_ID, DOC_ID_RULE, INGESTED_AT, RUN_ID, Column, Rule, TableContract

CONTRACT = TableContract(
    name="paragraphs",
    description="Paragraphs of each published article, in order, with character offsets into articles.text "
                "(articles.text[start:end] == text).",
    columns=(
        DOC_ID,
        Column("paragraph_index", pa.int32(), "0-based position of the paragraph in the article.", nullable=False),
        Column("start", pa.int32(), "Offset of the first character in articles.text.", nullable=False),
        Column("end", pa.int32(), "Offset one past the last character in articles.text.", nullable=False),
        Column("text", pa.string(), "The paragraph's text.", nullable=False),
        Column("word_count", pa.int32(), "Whitespace-separated words in the paragraph.", nullable=False),
        RUN_ID,
        INGESTED_AT,
    ),
    primary_key=("doc_id", "paragraph_index"),
    rules=(
        DOC_ID_RULE,
        Rule("ExpectColumnValuesToBeBetween", {"column": "start", "min_value": 0}, "row", "offsets are non-negative"),
        Rule("ExpectColumnPairValuesAToBeGreaterThanB", {"column_A": "end", "column_B": "start", "or_equal": False},
             "row", "a paragraph is never empty"),
    ),
)
