"""`documents`: one row per input file or JSON-lines record, whatever became of it."""
import pyarrow as pa

from schemas.contract import DOC_ID, INGESTED_AT, RUN_ID, Column, Rule, TableContract

STATUSES = ["published", "quarantined", "duplicate", "unreadable"]

CONTRACT = TableContract(
    name="documents",
    description="Every input the run saw (each file, and each line of a JSON-lines file), with what became of "
                "it. Nothing is ever left out: inputs that failed are here with a human-readable reason.",
    columns=(
        DOC_ID,
        Column("path", pa.string(), "Path of the input file, relative to the input folder (POSIX separators).",
               nullable=False),
        Column("record", pa.int32(), "1-based line number inside a JSON-lines file; null for whole files."),
        Column("format", pa.string(), "Input format: text, html, jsonl, or unsupported.", nullable=False),
        Column("bytes", pa.int64(), "Size of the input (file, or JSON-lines record) in bytes.", nullable=False),
        Column("file_bytes", pa.int64(), "Size of the whole input file when it was read; lets a scheduled run skip "
                                         "a landing partition whose files are all recorded unchanged without "
                                         "reading them."),
        Column("file_mtime_ns", pa.int64(), "Modification time of the whole input file when it was read, in "
                                            "nanoseconds since the Unix epoch (local files: st_mtime_ns; object "
                                            "storage: the listing's LastModified). With path and file_bytes, what a "
                                            "scheduled run compares to notice a file rewritten in place at the same "
                                            "size; null for inputs that could not be read and for rows recorded "
                                            "before this column existed."),
        Column("encoding", pa.string(), "Text encoding detected (charset-normalizer, BOMs, strict UTF-8); null when "
                                        "the bytes are not text."),
        Column("status", pa.string(), "published | quarantined | duplicate | unreadable.", nullable=False),
        Column("reason", pa.string(), "Why the input was not published (or a warning about a published one); "
                                      "empty when there is nothing to say.", nullable=False),
        Column("duplicate_of", pa.string(), "For status=duplicate: doc path (and #record) of the copy that was "
                                            "published."),
        RUN_ID,
        INGESTED_AT,
    ),
    primary_key=("doc_id", "path", "record"),
    rules=(
        Rule("ExpectColumnValuesToBeInSet", {"column": "status", "value_set": STATUSES}, "table",
             "status is set by the pipeline; an unknown value is a bug"),
        Rule("ExpectColumnValuesToBeInSet", {"column": "format", "value_set": ["text", "html", "jsonl", "unsupported"]},
             "table", "format is set by the pipeline"),
        Rule("ExpectColumnValuesToBeBetween", {"column": "bytes", "min_value": 0}, "table", "sizes are non-negative"),
    ),
)
