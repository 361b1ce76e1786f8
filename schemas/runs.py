"""`runs`: one row per top-level flow run (scheduled ingest, backfill, CLI run)."""
import pyarrow as pa

from schemas.contract import Column, Rule, TableContract

TS = pa.timestamp("us", tz="UTC")

CONTRACT = TableContract(
    name="runs",
    description="One row per top-level flow run (scheduled ingest, backfill or CLI run), written when the run "
                "ends, whether it succeeded or failed. Partitioned by the date the run started.",
    columns=(
        Column("run_id", pa.string(), "Prefect flow-run id of the top-level run.", nullable=False),
        Column("flow", pa.string(), "Flow name (newsetl-ingest or newsetl-backfill).", nullable=False),
        Column("parameters_json", pa.string(), "The run's parameters, as JSON.", nullable=False),
        Column("started_at", TS, "When the run started (UTC).", nullable=False),
        Column("ended_at", TS, "When the run ended (UTC).", nullable=False),
        Column("status", pa.string(), "completed or failed.", nullable=False),
        Column("error", pa.string(), "Why the run failed; null when it completed."),
        Column("partitions", pa.list_(pa.date32()), "Output partitions (ingest_date) the run processed."),
        Column("documents_read", pa.int64(), "Inputs seen, including the ones skipped as already ingested.",
               nullable=False),
        Column("already_ingested", pa.int64(), "Inputs skipped because the ledger already recorded them.",
               nullable=False),
        Column("published", pa.int64(), "Inputs published by this run.", nullable=False),
        Column("quarantined", pa.int64(), "Inputs quarantined by this run.", nullable=False),
        Column("duplicate", pa.int64(), "Inputs recorded as duplicates by this run.", nullable=False),
        Column("unreadable", pa.int64(), "Inputs that could not be read as text.", nullable=False),
        Column("rows_json", pa.string(), "Rows this run published per table, as JSON.", nullable=False),
        Column("validation", pa.string(), "Validation outcome: passed, passed with N quarantined, failed, or "
                                          "skipped (nothing new).", nullable=False),
        Column("code_version", pa.string(), "newsetl version and git commit of the code that ran.", nullable=False),
        Column("versions_json", pa.string(), "Versions of Python and the main libraries, as JSON.", nullable=False),
    ),
    primary_key=("run_id",),
    rules=(
        Rule("ExpectColumnValuesToBeInSet", {"column": "status", "value_set": ["completed", "failed"]}, "table",
             "status is set by the pipeline"),
        Rule("ExpectColumnPairValuesAToBeGreaterThanB",
             {"column_A": "ended_at", "column_B": "started_at", "or_equal": True}, "table",
             "a run ends after it starts"),
        Rule("ExpectColumnValuesToBeBetween", {"column": "documents_read", "min_value": 0}, "table",
             "counts are non-negative"),
    ),
)
