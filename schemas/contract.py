"""The shape of a table contract: Arrow schema + expectation suite, declared together.

Expectations are declared as data (GX class name + arguments), not as GX objects, so the
contracts import in milliseconds (the data dictionary and the writers need only the
schema) and GX is loaded only by the validation step.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import pyarrow as pa

# What a failed expectation does:
#  - "row": the offending rows' documents are withheld from every table and quarantined;
#  - "table": the run fails with a clear message and nothing is published.
Level = Literal["row", "table"]

SCHEMA_VERSION = "1"
PARTITION_COLUMN = "ingest_date"
PARTITION_TYPE = pa.date32()


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    description: str
    nullable: bool = True


@dataclass(frozen=True)
class Rule:
    """One Great Expectations expectation, by class name and keyword arguments."""

    expectation: str  # class name in great_expectations.expectations
    kwargs: dict[str, Any]
    level: Level
    why: str

    def describe(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.kwargs.items())
        return f"{self.expectation}({args})"


@dataclass(frozen=True)
class TableContract:
    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    rules: tuple[Rule, ...] = field(default=())

    @property
    def schema(self) -> pa.Schema:
        return pa.schema(
            [pa.field(c.name, c.type, nullable=c.nullable) for c in self.columns],
            metadata={"table": self.name, "schema_version": SCHEMA_VERSION, "producer": "newsetl"},
        )

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def all_rules(self) -> list[Rule]:
        """The table's suite: rules derived from the schema, then the table's own rules."""
        derived = [
            Rule("ExpectTableColumnsToMatchSet", {"column_set": self.column_names, "exact_match": True}, "table",
                 "the published files must carry exactly the contract's columns"),
        ]
        if len(self.primary_key) == 1:
            derived.append(Rule("ExpectColumnValuesToBeUnique", {"column": self.primary_key[0]}, "table",
                                "the primary key identifies one row; a duplicate means a pipeline bug"))
        else:
            derived.append(Rule("ExpectCompoundColumnsToBeUnique", {"column_list": list(self.primary_key)}, "table",
                                "the primary key identifies one row; a duplicate means a pipeline bug"))
        derived += [
            Rule("ExpectColumnValuesToNotBeNull", {"column": c.name}, "row", f"{c.name} is required")
            for c in self.columns if not c.nullable
        ]
        return derived + list(self.rules)


SHA256_REGEX = r"^[0-9a-f]{64}$"

# Columns every table shares, so a row can be traced to the run that wrote it.
DOC_ID = Column("doc_id", pa.string(), "SHA-256 (hex) of the input's raw bytes, or of the canonical JSON record "
                                       "for JSON lines: the same article gets the same id wherever it comes from.",
                nullable=False)
RUN_ID = Column("run_id", pa.string(), "Id of the flow run that published the row (Prefect flow-run id).",
                nullable=False)
INGESTED_AT = Column("ingested_at", pa.timestamp("us", tz="UTC"),
                     "When the run that published the row started (UTC). The hive partition "
                     "`ingest_date` is the run's partition date (its start date unless the run was given "
                     "one), which is not stored inside the files.", nullable=False)

DOC_ID_RULE = Rule("ExpectColumnValuesToMatchRegex", {"column": "doc_id", "regex": SHA256_REGEX}, "table",
                   "doc ids are derived by the pipeline; anything else is a bug")
