"""`quarantine`: rows that failed a row-level expectation, with the reason."""
import pyarrow as pa

from schemas.contract import INGESTED_AT, RUN_ID, Column, Rule, TableContract

CONTRACT = TableContract(
    name="quarantine",
    description="Rows that broke a row-level expectation. Their document is withheld from every published table "
                "(no half articles) and marked quarantined in `documents`; the failing values are kept here.",
    columns=(
        Column("table", pa.string(), "Table whose row failed.", nullable=False),
        Column("doc_id", pa.string(), "Document of the failing row (null only if doc_id itself was missing)."),
        Column("row_key", pa.string(), "Primary key of the failing row, as JSON.", nullable=False),
        Column("expectation", pa.string(), "The failed expectation, with its arguments.", nullable=False),
        Column("column", pa.string(), "Column(s) the expectation checks.", nullable=False),
        Column("values_json", pa.string(), "The offending values, as a JSON object.", nullable=False),
        Column("reason", pa.string(), "Why the expectation exists.", nullable=False),
        RUN_ID,
        INGESTED_AT,
    ),
    primary_key=("table", "row_key", "expectation"),
    rules=(
        Rule("ExpectColumnValuesToBeInSet",
             {"column": "table", "value_set": ["articles", "paragraphs", "removed_blocks", "sentences",
                                               "entity_mentions", "entities", "entity_candidates", "quotes",
                                               "attributions", "amounts", "temporal_expressions"]}, "table",
             "only content tables quarantine rows"),
    ),
)
