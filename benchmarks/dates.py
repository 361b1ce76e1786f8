"""Dates resolved right: `temporal_expressions` scored against hand-normalised TimeBank dates.

    .venv/bin/python -m benchmarks.dates [--half tune|check|both] [--via flow|extract]
                                         [--data ../shared/devdata/dates/timebank.jsonl] [--errors N]

The development set (`../shared/devdata/dates/`, research only: nothing of it is copied
anywhere) holds 183 wire stories with their publication date and every temporal expression
normalised by hand. Scoring follows that folder's README exactly:

- only DATE timexes whose value is a calendar day, ISO week, month, quarter, year or decade
  are scored (835 of them);
- a gold timex is *found* when a `temporal_expressions` row overlaps its span, and *right*
  when such a row's `value_start`..`value_end` is exactly the gold value's interval (a day:
  start = end; "1998-08": Aug 1..31; "1998-W32": its Monday..Sunday; "1998-Q3": Jul 1..Sep
  30; "199": 1990-01-01..1999-12-31);
- value precision = right / rows with a resolved interval (both ends set), value recall =
  right / gold, F1. A row is right for at most one gold timex and vice versa.

`--via flow` (default) is what an analyst's feed gets: the stories are written as JSON lines
with `published` set, `newsetl run` ingests them (the real flow, worker processes and all),
and the Parquet tables are read back. Rows map to stories through `articles.source_record`
(the line number); offsets index `articles.text`, which is the input text unless the cleaner
removed a block, so they are mapped back to the input through a character alignment.
`--via extract` runs the same per-document steps in-process (`flows.batch_work.process_documents`:
load, clean, extract) and is what to iterate with; both give the same figures.

On 2026-12-01 the flow first quarantined every story published before 1990 (132 of the
183, all the 1989 Wall Street Journal ones): the `articles` contract then held a publication
date outside 1990-2100 to be a parsing error. The bound is now 1800-2100. Stories the flow
still holds back are listed with the reason, and the flow mode also prints the figures on
the stories it published; `--compare` checks that, on those, both modes give identical rows.

Rows of type `time` ("Thursday evening", "10 p.m. Wednesday": TIMEX3 TIMEs, the interval
being the day) count as resolved rows like any other, as the README's scoring says; the
report adds how many of them there are, since the development set scores only DATEs.

The stories are split in two halves by a stable rule, the parity of the first byte of
sha1(id): "tune" (even) is what rules may be developed on, "check" (odd) is held out.
"""
from __future__ import annotations

import argparse
import calendar
import difflib
import hashlib
import json
import re
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from datetime import date, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "devdata" / "dates" / "timebank.jsonl"
INGEST_DATE = date(2026, 12, 1)  # any fixed day: every story carries its publication date
_WEEKDAYS = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", re.I)
_MONTH_WORD = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?", re.I)
_YEAR_WORD = re.compile(r"\b(?:1[89]\d\d|20\d\d)\b|'\d\d\b")


# -- the gold -----------------------------------------------------------------------------------
def value_interval(value: str) -> tuple[date, date, str] | None:
    """(first day, last day, granularity) of a scored TIMEX3 value; None for the rest."""
    if m := re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", value):
        d = date(int(m[1]), int(m[2]), int(m[3]))
        return d, d, "day"
    if m := re.fullmatch(r"(\d{4})-W(\d\d)", value):
        monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        return monday, monday + timedelta(days=6), "week"
    if m := re.fullmatch(r"(\d{4})-(\d\d)", value):
        y, mo = int(m[1]), int(m[2])
        return date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1]), "month"
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
        y, q = int(m[1]), int(m[2])
        last = 3 * q
        return date(y, last - 2, 1), date(y, last, calendar.monthrange(y, last)[1]), "quarter"
    if m := re.fullmatch(r"(\d{4})", value):
        return date(int(m[1]), 1, 1), date(int(m[1]), 12, 31), "year"
    if m := re.fullmatch(r"(\d{3})", value):
        return date(int(m[1]) * 10, 1, 1), date(int(m[1]) * 10 + 9, 12, 31), "decade"
    return None


def granularity_of(start: date, end: date) -> str:
    """The calendar unit an interval spans exactly, or 'other'."""
    if start == end:
        return "day"
    if start.weekday() == 0 and end - start == timedelta(days=6):
        return "week"
    last = calendar.monthrange(end.year, end.month)[1]
    if start.day == 1 and end.day == last:
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        if months == 1:
            return "month"
        if months == 3 and start.month % 3 == 1:
            return "quarter"
        if months == 12 and start.month == 1:
            return "year"
        if months == 120 and start.month == 1 and start.year % 10 == 0:
            return "decade"
    return "other"


def half_of(story_id: str) -> str:
    """Stable split: the parity of the first byte of sha1(id)."""
    return "tune" if hashlib.sha1(story_id.encode()).digest()[0] % 2 == 0 else "check"


def load_stories(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


# -- running the product ------------------------------------------------------------------------
@dataclass
class Row:
    start: int  # offsets into the story's input text (mapped back from articles.text)
    end: int
    text: str
    value_start: date | None
    value_end: date | None
    granularity: str | None
    type: str
    method: str
    rule: str | None

    @property
    def resolved(self) -> bool:
        return self.value_start is not None and self.value_end is not None


def offset_map(clean: str, original: str) -> list[int]:
    """For each offset of `clean` (and one past its end), the matching offset in `original`.

    Identical texts map to themselves; otherwise a character alignment (the cleaner only
    removes blocks and normalises whitespace, so long matching runs carry the offsets)."""
    if clean == original:
        return list(range(len(clean) + 1))
    mapping: list[int | None] = [None] * (len(clean) + 1)
    matcher = difflib.SequenceMatcher(None, clean, original, autojunk=False)
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size + 1):
            if a + k <= len(clean):
                mapping[a + k] = b + k
    last = 0
    for i, m in enumerate(mapping):  # unmatched characters take the last known position
        if m is None:
            mapping[i] = last
        else:
            last = m
    return mapping  # type: ignore[return-value]


def _rows_from(records: list[dict[str, Any]], clean: str, original: str) -> list[Row]:
    mapping = offset_map(clean, original)
    return [Row(mapping[r["start"]], max(mapping[r["end"]], mapping[r["start"]] + 1), r["text"], r["value_start"],
                r["value_end"], r["granularity"], r["type"], r["method"], r["rule"]) for r in records]


def write_feed(stories: list[dict[str, Any]], folder: Path) -> Path:
    """The stories as an analyst's JSON-lines feed: text and publication date, one a line."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "timebank.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for story in stories:
            fh.write(json.dumps({"text": story["text"], "published": story["published"]}, ensure_ascii=False) + "\n")
    return path


def run_extract(stories: list[dict[str, Any]]) -> dict[str, list[Row]]:
    """The flow's per-document steps, in this process: load the feed, clean, extract."""
    from extractors.loading import load_file
    from flows.batch_work import process_documents

    with tempfile.TemporaryDirectory() as tmp:
        path = write_feed(stories, Path(tmp))
        raws = load_file(str(path), path.read_bytes())
    by_line = {i + 1: s for i, s in enumerate(stories)}
    out: dict[str, list[Row]] = {}
    for outcome in process_documents(raws, ingest_date=INGEST_DATE):
        story = by_line[outcome.document["record"]]
        if outcome.article is None:
            print(f"  {story['id']}: {outcome.document['status']} ({outcome.document['reason']})")
            out[story["id"]] = []
            continue
        records = sorted(outcome.structured.get("temporal_expressions", []), key=lambda r: r["timex_index"])
        out[story["id"]] = _rows_from(records, outcome.article["text"], story["text"])
    return out


def run_flow(stories: list[dict[str, Any]], published: set[str] | None = None) -> dict[str, list[Row]]:
    """`newsetl run` on the feed, then the Parquet tables read back; `published` collects the
    ids of the stories the flow published (the others were quarantined or refused)."""
    from benchmarks.flow_tables import read_table, run_newsetl

    with tempfile.TemporaryDirectory() as tmp:
        feed = write_feed(stories, Path(tmp) / "in")
        out_dir = Path(tmp) / "out"
        run_newsetl(feed.parent, out_dir, INGEST_DATE.isoformat())
        articles = read_table(out_dir, "articles", ["doc_id", "source_record", "text"])
        documents = read_table(out_dir, "documents", ["record", "status", "reason"])
        timexes = read_table(out_dir, "temporal_expressions")
    by_line = {i + 1: s for i, s in enumerate(stories)}
    refused = Counter(f"{d['status']}: {re.sub(r' [(]value [^)]*[)]', '', d['reason'])[:200]}" for d in documents
                      if d["status"] != "published")
    for reason, count in refused.most_common():
        print(f"  {count} stories {reason}")
    rows_of: dict[str, list[dict[str, Any]]] = {}
    for r in timexes:
        rows_of.setdefault(r["doc_id"], []).append(r)
    out: dict[str, list[Row]] = {s["id"]: [] for s in stories}
    for a in articles:
        story = by_line[a["source_record"]]
        if published is not None:
            published.add(story["id"])
        records = sorted(rows_of.get(a["doc_id"], []), key=lambda r: r["timex_index"])
        out[story["id"]] = _rows_from(records, a["text"], story["text"])
    return out


# -- scoring ------------------------------------------------------------------------------------
@dataclass
class Score:
    gold: int = 0
    found: int = 0
    right: int = 0
    resolved_rows: int = 0
    time_rows: int = 0  # resolved rows of type time (TIMEX3 TIMEs): counted in resolved_rows too
    errors: Counter = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def figures(self) -> dict[str, float]:
        p = self.right / self.resolved_rows if self.resolved_rows else 0.0
        r = self.right / self.gold if self.gold else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return {"found": self.found / self.gold if self.gold else 0.0, "precision": p, "recall": r, "f1": f1}

    def note(self, kind: str, example: str) -> None:
        self.errors[kind] += 1
        self.examples.setdefault(kind, []).append(example)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _context(text: str, start: int, end: int, width: int = 60) -> str:
    left = text[max(0, start - width):start].replace("\n", " ")
    right = text[end:end + width].replace("\n", " ")
    return f"…{left}[{text[start:end]}]{right}…"


def classify_wrong(gold_text: str, gold: tuple[date, date, str], row: Row, published: date) -> str:
    """A name for why a resolved row overlapping a gold timex has the wrong interval."""
    g_start, g_end, g_gran = gold
    r_gran = granularity_of(row.value_start, row.value_end)
    if r_gran != g_gran:
        return f"granularity: gold {g_gran}, row {r_gran}"
    if _WEEKDAYS.search(gold_text) and g_gran == "day":
        if row.value_start == published or g_start == published:
            return "weekday: publication day vs other"
        return "weekday: wrong direction or week"
    if not _YEAR_WORD.search(gold_text) and _MONTH_WORD.search(gold_text) and g_gran in ("day", "month"):
        return f"{g_gran} without year: wrong year"
    if g_gran == "quarter":
        return "quarter: wrong one"
    if g_gran == "year":
        return "year: wrong one"
    return f"{g_gran}: wrong value"


def score_story(story: dict[str, Any], rows: list[Row], sc: Score) -> None:
    text = story["text"]
    published = date.fromisoformat(story["published"])
    scored = [(t, value_interval(t["value"])) for t in story["timex"] if t["type"] == "DATE"]
    scored = [(t, iv) for t, iv in scored if iv is not None]
    sc.gold += len(scored)
    sc.resolved_rows += sum(r.resolved for r in rows)
    sc.time_rows += sum(r.resolved and r.type == "time" for r in rows)
    used: set[int] = set()
    for t, iv in scored:
        span = (t["start"], t["end"])
        overlapping = [i for i, r in enumerate(rows) if _overlaps(span, (r.start, r.end))]
        if overlapping:
            sc.found += 1
        else:
            sc.note("missed (no row overlaps)", f"{story['id']}: {_context(text, *span)} gold {t['value']}")
            continue
        right = [i for i in overlapping if i not in used and rows[i].resolved
                 and (rows[i].value_start, rows[i].value_end) == iv[:2]]
        if right:
            sc.right += 1
            used.add(right[0])
            continue
        resolved = [i for i in overlapping if rows[i].resolved]
        if not resolved:
            sc.note("unresolved (row without a value)",
                    f"{story['id']}: {_context(text, *span)} gold {t['value']}, row '{rows[overlapping[0]].text}'")
            continue
        row = rows[resolved[0]]
        sc.note(classify_wrong(t["text"], iv, row, published),
                f"{story['id']} ({published}): {_context(text, *span)} gold {t['value']}, row '{row.text}' "
                f"{row.value_start}..{row.value_end} ({row.method}/{row.rule})")
    # resolved rows that match no scored gold timex at all
    scored_spans = [(t["start"], t["end"]) for t, _ in scored]
    for i, r in enumerate(rows):
        if not r.resolved or any(_overlaps((r.start, r.end), s) for s in scored_spans):
            continue
        other = [t for t in story["timex"] if _overlaps((r.start, r.end), (t["start"], t["end"]))]
        if other:
            kind = f"spurious: overlaps a gold {other[0]['type']}" + (
                f" {other[0]['value']}" if other[0]["type"] == "DATE" else "")
            kind = re.sub(r"\d", "9", kind)
        else:
            kind = "spurious: no gold timex there"
        sc.note(kind, f"{story['id']}: {_context(text, r.start, r.end)} row {r.value_start}..{r.value_end} "
                      f"({r.method}/{r.rule})")


def score(stories: list[dict[str, Any]], rows: dict[str, list[Row]]) -> Score:
    sc = Score()
    for story in stories:
        score_story(story, rows.get(story["id"], []), sc)
    return sc


def report(name: str, sc: Score, errors: int, examples: int) -> None:
    f = sc.figures()
    print(f"{name:<6} gold {sc.gold:4d}  found {sc.found:4d} ({f['found']:.3f})  right {sc.right:4d}  "
          f"resolved rows {sc.resolved_rows:4d}  value P {f['precision']:.3f}  R {f['recall']:.3f}  "
          f"F1 {f['f1']:.3f}" + (f"  (of the resolved rows, {sc.time_rows} are times)" if sc.time_rows else ""))
    for kind, count in sc.errors.most_common(errors):
        print(f"    {count:4d}  {kind}")
        for example in sc.examples[kind][:examples]:
            print(f"            {example}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--half", choices=("tune", "check", "both"), default="both")
    parser.add_argument("--via", choices=("flow", "extract"), default="flow")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--errors", type=int, default=12, help="error classes listed per half")
    parser.add_argument("--examples", type=int, default=0, help="examples printed per error class")
    parser.add_argument("--story", help="only this story id (debugging)")
    parser.add_argument("--compare", action="store_true",
                        help="also run the other mode and check both give the same rows")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"dates benchmark skipped: {args.data} is absent (the development set lives in ../shared)")
        return 0
    stories = load_stories(args.data)
    halves = ("tune", "check") if args.half == "both" else (args.half,)
    chosen = [s for s in stories if half_of(s["id"]) in halves and (args.story is None or s["id"] == args.story)]
    sizes = Counter(half_of(s["id"]) for s in chosen)
    print(f"newsetl dates benchmark, {date.today().isoformat()}, via {args.via}, {len(chosen)} stories "
          f"({', '.join(f'{h}: {sizes[h]}' for h in halves)})")
    published: set[str] = set()
    rows = (partial(run_flow, published=published) if args.via == "flow" else run_extract)(chosen)
    for h in halves:
        report(h, score([s for s in chosen if half_of(s["id"]) == h], rows), args.errors, args.examples)
    if len(halves) == 2:
        report("all", score(chosen, rows), 0, 0)
    if args.via == "flow" and len(published) < len(chosen):
        print(f"the flow published {len(published)} of {len(chosen)} stories (the others were quarantined, see "
              f"above); on those alone:")
        kept = [s for s in chosen if s["id"] in published]
        for h in halves:
            report(h, score([s for s in kept if half_of(s["id"]) == h], rows), 0, 0)
    if args.compare:
        same_rows(chosen, rows if args.via == "flow" else None, published)
    return 0


def same_rows(stories: list[dict[str, Any]], flow_rows: dict[str, list[Row]] | None, published: set[str]) -> None:
    """Check that the flow and the in-process steps give the same rows for every story the
    flow published (the in-process mode has no validation step, so it never quarantines)."""
    if flow_rows is None:
        flow_rows = run_flow(stories, published=published)
    extract_rows = run_extract(stories)
    differ = [s["id"] for s in stories if s["id"] in published and flow_rows[s["id"]] != extract_rows[s["id"]]]
    print(f"flow vs extract: {len(published) - len(differ)} of {len(published)} published stories have identical "
          f"rows" + (f"; differing: {', '.join(differ[:10])}" if differ else ""))


if __name__ == "__main__":
    sys.exit(main())
