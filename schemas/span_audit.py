"""The offsets contract: every span row's text is exactly its slice of `articles.text`.

A cross-table check the GX suites cannot express per table; a contract check, so it lives with
the contracts.
"""
from __future__ import annotations

import pyarrow as pa

from schemas import CONTENT_TABLES, TABLES
from schemas.validation import RowFailure

SPAN_AUDIT = "offsets match articles.text (articles.text[start:end] == text)"


def audit_spans(tables: dict[str, pa.Table]) -> list[RowFailure]:
    """Cross-table check GX suites cannot express per table: every span row's text must be
    exactly its slice of the article's clean text, or analysts' offsets would lie."""
    texts = dict(zip(tables["articles"]["doc_id"].to_pylist(), tables["articles"]["text"].to_pylist()))
    failures = []
    for name in CONTENT_TABLES:
        contract = TABLES[name]
        if not {"start", "end", "text"} <= set(contract.column_names):
            continue
        table = tables[name]
        key_columns = list(contract.primary_key)
        rows = table.select(list(dict.fromkeys(key_columns + ["doc_id", "start", "end", "text"]))).to_pylist()
        for row in rows:
            article = texts.get(row["doc_id"])
            if article is not None and article[row["start"]:row["end"]] == row["text"]:
                continue
            failures.append(RowFailure(
                table=name, doc_id=row["doc_id"], row_key={c: row[c] for c in key_columns},
                expectation=SPAN_AUDIT, column="start,end,text",
                values={"start": row["start"], "end": row["end"], "text": row["text"][:200],
                        "article_slice": None if article is None else article[row["start"]:row["end"]][:200]},
                reason="a span must point at its own words in the article" if article is not None
                else "a row must belong to a published article"))
    return failures
