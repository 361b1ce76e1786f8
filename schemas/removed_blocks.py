"""`removed_blocks`: the cleaner's audit trail."""
import pyarrow as pa

from schemas.contract import DOC_ID, DOC_ID_RULE, INGESTED_AT, RUN_ID, Column, Rule, TableContract

CONTRACT = TableContract(
    name="removed_blocks",
    description="Every block of input the cleaner removed from a published article, with the rule that removed "
                "it, so an analyst can see why a line was dropped.",
    columns=(
        DOC_ID,
        Column("block_index", pa.int32(), "0-based order of the removal within the document.", nullable=False),
        Column("source_index", pa.int32(), "Position of the block in the input (line number for text, element "
                                           "order for HTML).", nullable=False),
        Column("rule", pa.string(), "Stable id of the rule that removed the block (e.g. copyright, related_list).",
               nullable=False),
        Column("detail", pa.string(), "Human-readable reason: the pattern or signal that fired.", nullable=False),
        Column("text", pa.string(), "The removed text (whitespace-normalised).", nullable=False),
        RUN_ID,
        INGESTED_AT,
    ),
    primary_key=("doc_id", "block_index"),
    rules=(
        DOC_ID_RULE,
        Rule("ExpectColumnValuesToMatchRegex", {"column": "rule", "regex": r"^[a-z][a-z0-9_]*$"}, "table",
             "rule ids are stable snake_case identifiers"),
    ),
)
