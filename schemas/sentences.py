"""`sentences`: the sentences of each article, with offsets, so every record can be joined by sentence."""
import pyarrow as pa

from schemas.contract import DOC_ID, DOC_ID_RULE, INGESTED_AT, RUN_ID, Column, Rule, TableContract

CONTRACT = TableContract(
    name="sentences",
    description="Sentences of each published article (spaCy parser boundaries, never crossing a paragraph), with "
                "character offsets into articles.text (articles.text[start:end] == text).",
    columns=(
        DOC_ID,
        Column("sentence_index", pa.int32(), "0-based position of the sentence in the article.", nullable=False),
        Column("paragraph_index", pa.int32(), "Paragraph (paragraphs.paragraph_index) holding the sentence.",
               nullable=False),
        Column("start", pa.int32(), "Offset of the first character in articles.text.", nullable=False),
        Column("end", pa.int32(), "Offset one past the last character in articles.text.", nullable=False),
        Column("text", pa.string(), "The sentence's text.", nullable=False),
        RUN_ID,
        INGESTED_AT,
    ),
    primary_key=("doc_id", "sentence_index"),
    rules=(
        DOC_ID_RULE,
        Rule("ExpectColumnValuesToBeBetween", {"column": "start", "min_value": 0}, "row", "offsets are non-negative"),
        Rule("ExpectColumnPairValuesAToBeGreaterThanB", {"column_A": "end", "column_B": "start", "or_equal": False},
             "row", "a sentence is never empty"),
        Rule("ExpectColumnValuesToBeBetween", {"column": "paragraph_index", "min_value": 0}, "table",
             "paragraph indexes are assigned by the pipeline"),
    ),
)
