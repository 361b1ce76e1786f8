"""Plain helpers and hand-written inputs shared by several test modules.

Test modules import these from here, never from one another: importing a test module ran its
module-level code (markers, fixtures) a second time under another name and tied unrelated tests
together. Fixtures live in ``conftest.py``; this module holds only constants and functions, and
imports the flow's code inside the functions that need it, so the cleaning tests that import it
do not load Prefect.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.dataset as ds

if TYPE_CHECKING:
    from extractors.cleaning.cleaner import CleanResult
    from flows.batch import BatchResult
    from flows.context import RunContext

# --------------------------------------------------------------------------- cleaning inputs
# A short article about a ferry terminal, written for the tests (no dev-set text): four prose
# paragraphs the cleaner must keep around the chrome each test puts between or after them.
P1 = ("The harbour authority said on Thursday that the new ferry terminal would open in May, "
      "two years later than planned, after a dispute with the builder over flood defences.")
P2 = ("Passengers will be able to buy tickets at the gate again, a change that local traders "
      "have asked for since the old ticket office was closed during the pandemic.")
P3 = ("The authority expects about 400,000 crossings in the first full year, and it said the "
      "timetable would be published in March after talks with the two ferry operators.")
P4 = ("Councillors welcomed the news but asked for a public report on the cost overrun, which "
      "they said had not been explained to residents in any of the meetings so far.")

# A second hand-written article (a reservoir to be drained), for pages nobody tuned the cleaner
# to: six paragraphs, so a page can hold more body than chrome.
R1 = ("The water board said on Monday that the reservoir near the old mill would be drained "
      "in June, so that engineers can inspect the dam wall for the first time in thirty years.")
R2 = ("Anglers who fish there have been told to collect their boats before the end of May, and "
      "the board promised to restock the lake with trout once the work is finished.")
R3 = ("The inspection is expected to cost about two million pounds, which the board said would "
      "come from its maintenance budget rather than from higher bills for households.")
R4 = ("Residents asked at a meeting in the village hall whether the footpath around the lake "
      "would stay open, and the board said it would close only on the days of the survey.")
R5 = ("Engineers from two universities will join the survey, and their findings will be "
      "published in the autumn together with a plan for any repairs the dam may need.")
R6 = ("The board last drained the reservoir in the nineties, when a crack was found near the "
      "spillway and the village was without its usual water supply for three weeks.")


def removed_by_rule(result: CleanResult) -> dict[str, list[str]]:
    """The texts the cleaner removed, grouped by the rule that removed them (in order)."""
    out: dict[str, list[str]] = {}
    for b in result.removed:
        out.setdefault(b.rule, []).append(b.text)
    return out


def ferry_page(inner: str) -> str:
    """A bare HTML page with the ferry article's headline over ``inner``."""
    return f"<html><body><h1>Ferry terminal</h1>{inner}</body></html>"


# --------------------------------------------------------------------------- flow runs
# The ingest date of the end-to-end runs over data/raw.
FLOW_DAY = date(2026, 11, 2)


def run_flow(input_dir: Path, output_dir: Path, day: date = FLOW_DAY) -> dict:
    """One real run of the ingest flow (Prefect, GX, Parquet); returns its summary."""
    from flows.ingest import ingest

    return ingest(input_dir=str(input_dir), output_dir=str(output_dir), ingest_date=day)


def read_table(out: Path, name: str) -> pa.Table:
    """A published table read back as an analyst would, with its hive ``ingest_date`` key."""
    part = ds.partitioning(pa.schema([("ingest_date", pa.date32())]), flavor="hive")
    return ds.dataset(out / name, format="parquet", partitioning=part).to_table()


# --------------------------------------------------------------------------- batches in-process
INGESTED_AT = datetime(2026, 11, 1, 12, tzinfo=timezone.utc)
# One article long enough to pass every row-level expectation.
GOOD_ARTICLE = ("The harbour authority said on Monday that the new ferry terminal would open in the "
                "spring, after two years of delays caused by flooding and a shortage of steel. "
                "Officials expect 3,000 passengers a day.\n")


def run_context(tmp_path: Path) -> RunContext:
    """A run on 2026-11-01 reading ``tmp_path`` and writing to ``tmp_path / "out"``."""
    from flows.context import RunContext

    return RunContext(run_id="run-1", day=date(2026, 11, 1), ingested_at=INGESTED_AT,
                      input_dir=str(tmp_path), output_dir=str(tmp_path / "out"))


def document_outcomes(*files: tuple[str, str]) -> list:
    """Each (name, text) loaded and processed as the batch worker does."""
    from extractors.loading import load_file
    from extractors.records import process_document

    return [process_document(load_file(name, text.encode())[0]) for name, text in files]


def decided_batch(ctx: RunContext, number: int, *files: tuple[str, str]) -> BatchResult:
    """One batch decided in this process (validated and staged), as flows.batch.process_batch does."""
    from flows.batch import decide_batch

    return decide_batch(ctx, number, document_outcomes(*files))


class DocWithoutText:
    """A parsed Doc whose `.text` may not be read: Doc.text rebuilds the string from every
    token on each access, so a rule module whose caller has the text must use that instead."""

    def __init__(self, doc):
        self._doc = doc

    @property
    def text(self):
        raise AssertionError("doc.text rebuilt although the text was given")

    def __getattr__(self, name):
        return getattr(self._doc, name)

    def __getitem__(self, key):
        return self._doc[key]

    def __len__(self):
        return len(self._doc)

    def __iter__(self):
        return iter(self._doc)
