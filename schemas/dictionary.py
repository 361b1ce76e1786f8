"""Generate the analysts' data dictionary from the table contracts.

    python -m schemas.dictionary --write docs/DATA_DICTIONARY.md   # regenerate
    python -m schemas.dictionary --check docs/DATA_DICTIONARY.md   # exit 1 when stale

The dictionary is never edited by hand: a test fails when it differs from what the
contracts in `schemas/` generate.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from schemas import READING_ORDER, TABLES
from schemas.contract import PARTITION_COLUMN, SCHEMA_VERSION

HEADER = f"""# Data dictionary

Generated from `schemas/` by `make dictionary` (schema version {SCHEMA_VERSION}); do not edit by hand.

Every table is a hive-partitioned Parquet dataset (zstd) under `<OUT>/<table>/`, one file per
partition: `<OUT>/<table>/{PARTITION_COLUMN}=YYYY-MM-DD/part-0.parquet`. The partition column
`{PARTITION_COLUMN}` (type `date32`) is the date of the run that published the rows; it is not stored
inside the files, so read the table folder with hive partitioning on (see README). Timestamps are
`timestamp[us, tz=UTC]`. Character offsets (`start`, `end`) are Python string indices into
`articles.text`, end exclusive.

Expectation levels: **row**: a failing row's document is withheld from all tables and listed in
`quarantine`; **table**: the run fails and nothing is published.
"""


def _type(t) -> str:
    return str(t).replace("timestamp[us, tz=UTC]", "timestamp[us, UTC]")


def render() -> str:
    parts = [HEADER]
    for name in READING_ORDER:
        contract = TABLES[name]
        parts.append(f"\n## `{contract.name}`\n\n{contract.description}\n\n"
                     f"Primary key: `({', '.join(contract.primary_key)})`, partitioned by `{PARTITION_COLUMN}`.\n\n"
                     "| column | type | nullable | meaning |\n|---|---|---|---|\n")
        for column in contract.columns:
            description = column.description.replace("|", "\\|")
            parts.append(f"| `{column.name}` | `{_type(column.type)}` | {'yes' if column.nullable else 'no'} "
                         f"| {description} |\n")
        parts.append("\nExpectations (Great Expectations suite `" + contract.name + "`):\n\n"
                     "| expectation | level | why |\n|---|---|---|\n")
        for rule in contract.all_rules():
            parts.append(f"| `{rule.describe()}` | {rule.level} | {rule.why} |\n")
    return "".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path, metavar="PATH")
    group.add_argument("--check", type=Path, metavar="PATH")
    args = parser.parse_args(argv)
    text = render()
    if args.write:
        args.write.parent.mkdir(parents=True, exist_ok=True)
        args.write.write_text(text, encoding="utf-8")
        return 0
    current = args.check.read_text(encoding="utf-8") if args.check.exists() else ""
    if current != text:
        print(f"{args.check} is stale: run `make dictionary`", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
