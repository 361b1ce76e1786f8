"""Score the attributions an analyst reads against PolNeAR's hand annotations.

    .venv/bin/python -m benchmarks.attributions [--split train|dev|both] [--limit N] [--every N]
                                                [--offset K] [--via flow|extract] [--errors N]
                                                [--examples N]

Data: `../shared/devdata/attribution/{train,dev}/{text,ann}` (research only, read at run
time; the benchmark exits 0 with a message when it is absent).

Scoring, exactly as the data's README states it: per article, a system attribution (its
content text) matches a gold attribution when the word-token F1 of the two content texts is
>= 0.5 (tokens `\\w+`, lower-cased), matched one-to-one, greedily by overlap (highest F1
first). Precision = matched / system rows, recall = matched / gold attributions, F1 of the
two. Source accuracy = among matches, the share where the gold source's last word appears in
the system's source. Direct and indirect attributions both count.

What counts as a system row ("the claims the article attributes", as an analyst reads them):
- every `attributions` row with a content span (content text = `articles.text[content_start:
  content_end]`); rows without one ("X declined to comment") attribute no claim; rows with the
  same content span (one claim, coordinated sources: "X and Y said") count once, with the
  sources' words together;
- every `quotes` row that no such attribution row already covers (its span overlaps no
  attribution content): a direct quote with no cue of its own (continuation of a speaker, or
  unresolved) is still a claim the article attributes, and an analyst counting claims sees it.
The system's source of a row: the words of its `source_text`, its resolved `source` and its
`source_role` (for a quote row, `speaker_text`, `speaker`, `speaker_role`): the role is part of
the source phrase as written ("Jane Roe, the agency's director"), which PolNeAR's source spans
include. Source accuracy is over matches whose gold
attribution names a source (PolNeAR leaves ~7 % without one, "it was reported"); for those
without, the share the system marks unattributed is printed separately.

`--via flow` (default) copies the split's .txt files to a temporary folder, runs the real
pipeline (`newsetl run IN --output OUT --workers 0`), and reads `articles`, `attributions` and
`quotes` back from the published Parquet (and lists the articles the pipeline held back,
with the reason). `--via extract` runs the same per-document code
(`flows.batch_work.process_documents`: loading, text cleaning, `extract_batch`) in this process,
which is faster to iterate with. Checked 2026-12-01 on dev: the two modes give identical rows
for every published article; extract mode does not run the Great Expectations suites, so an
article the flow quarantines (2 of 84 dev articles then, for an `amounts` value) still
counts there.

Cleaning: texts go through the text-mode cleaner, which may drop lines. Gold contents whose
words no longer appear in the cleaned article are counted and reported ("lost to cleaning").
"""
from __future__ import annotations

import argparse
import collections
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "devdata" / "attribution"
WORD = re.compile(r"\w+")
INGEST_DATE = "2026-12-01"
NEAR = 0.2  # an unmatched pair this close is a span-length error, not a missed or spurious cue


def tokens(text: str | None) -> list[str]:
    return [w.lower() for w in WORD.findall(text or "")]


def token_f1(a: list[str], b: list[str]) -> float:
    if not a or not b:
        return 0.0
    common = sum((collections.Counter(a) & collections.Counter(b)).values())
    if not common:
        return 0.0
    p, r = common / len(a), common / len(b)
    return 2 * p * r / (p + r)


# -- gold --------------------------------------------------------------------------------
@dataclass
class Gold:
    content: str
    source: str | None
    cue: str
    content_start: int
    cue_start: int


def read_gold(ann: Path) -> list[Gold]:
    spans: dict[str, tuple[str, int, int, str]] = {}
    events: list[dict[str, str]] = []
    last_t = None
    for line in ann.read_text(encoding="utf-8").splitlines():
        if not re.match(r"[TEARN#*]\d*\t", line):
            if last_t is not None:  # a span text holding a line break goes on on the next line
                kind, start, end, words = spans[last_t]
                spans[last_t] = (kind, start, end, words + "\n" + line)
            continue
        if line.startswith("T"):
            tid, info, *rest = line.split("\t")
            kind, offsets = info.split(" ", 1)
            pieces = [tuple(map(int, p.split())) for p in offsets.split(";")]
            spans[tid] = (kind, pieces[0][0], pieces[-1][1], rest[0] if rest else "")
            last_t = tid
        elif line.startswith("E"):
            _, args = line.split("\t", 1)
            events.append(dict(a.split(":", 1) for a in args.split()))
    out = []
    for e in events:
        content = spans.get(e.get("Content", ""))
        cue = spans.get(e.get("Cue", ""))
        source = spans.get(e.get("Source", ""))
        if content is None:
            continue
        out.append(Gold(content[3], source[3] if source else None, cue[3] if cue else "",
                        content[1], cue[1] if cue else content[1]))
    return out


# -- system rows -------------------------------------------------------------------------
@dataclass
class SystemRow:
    content: str
    source_words: set[str]
    unattributed: bool
    origin: str  # attribution:<cue_type> | quote:<resolution>
    cue: str
    start: int = 0
    end: int = 0


def system_rows(text: str, attributions: Iterable[dict[str, Any]], quotes: Iterable[dict[str, Any]]) -> list[SystemRow]:
    rows: list[SystemRow] = []
    covered: list[tuple[int, int]] = []
    by_span: dict[tuple[int, int], SystemRow] = {}
    for a in attributions:
        if a.get("content_start") is None:
            continue
        s, e = a["content_start"], a["content_end"]
        covered.append((s, e))
        words = set(tokens(a.get("source_text"))) | set(tokens(a.get("source"))) | set(tokens(a.get("source_role")))
        if (s, e) in by_span:  # one claim, several coordinated sources ("X and Y said"): one row
            by_span[(s, e)].source_words |= words
            continue
        rows.append(SystemRow(text[s:e], words, a.get("source_kind") == "unattributed",
                              f"attribution:{a.get('cue_type')}", a.get("cue") or "", s, e))
        by_span[(s, e)] = rows[-1]
    for q in quotes:
        s, e = q["start"], q["end"]
        if any(cs < e and s < ce for cs, ce in covered):
            continue
        words = set(tokens(q.get("speaker_text"))) | set(tokens(q.get("speaker"))) | set(tokens(q.get("speaker_role")))
        rows.append(SystemRow(text[s:e], words, q.get("speaker_kind") in {"unattributed"} or not words,
                              f"quote:{q.get('kind')}/{q.get('speaker_resolution')}", q.get("cue") or "", s, e))
    return rows


# -- matching ----------------------------------------------------------------------------
@dataclass
class Tally:
    system: int = 0
    gold: int = 0
    matched: int = 0
    source_scored: int = 0
    source_right: int = 0
    unsourced_matched: int = 0
    unsourced_marked: int = 0
    lost_to_cleaning: int = 0
    articles: int = 0
    errors: collections.Counter = field(default_factory=collections.Counter)
    by_origin: collections.Counter = field(default_factory=collections.Counter)  # (origin, matched?) -> rows
    examples: dict[str, list[str]] = field(default_factory=lambda: collections.defaultdict(list))

    def add_error(self, kind: str, example: str, keep: int = 6) -> None:
        self.errors[kind] += 1
        if len(self.examples[kind]) < keep:
            self.examples[kind].append(example)

    def figures(self) -> dict[str, float]:
        p = self.matched / self.system if self.system else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        src = self.source_right / self.source_scored if self.source_scored else 0.0
        return {"precision": p, "recall": r, "f1": f, "source_accuracy": src}


def _cue_kind(cue: str) -> str:
    words = tokens(cue)
    if not words:
        return "(no cue)"
    if words[:2] == ["according", "to"]:
        return "according to"
    return words[-1] if len(words) <= 2 else " ".join(words[-2:])


def match_one_to_one(gtoks: list[list[str]], stoks: list[list[str]]) -> list[tuple[int, int]]:
    """Gold and system rows paired one-to-one, greedily by content token F1 (>= 0.5)."""
    pairs = []
    for i, gt in enumerate(gtoks):
        for j, st in enumerate(stoks):
            f = token_f1(gt, st)
            if f >= 0.5:
                pairs.append((f, i, j))
    pairs.sort(key=lambda p: -p[0])
    used_g: set[int] = set()
    used_s: set[int] = set()
    matched = []
    for f, i, j in pairs:
        if i in used_g or j in used_s:
            continue
        used_g.add(i)
        used_s.add(j)
        matched.append((i, j))
    return matched


def _score_source(name: str, g: Gold, r: SystemRow, tally: Tally) -> None:
    """Source accuracy of one match: the gold source's last word among the system's."""
    if g.source is None:
        tally.unsourced_matched += 1
        tally.unsourced_marked += r.unattributed
        return
    last = tokens(g.source)[-1:] or [""]
    tally.source_scored += 1
    if last[0] in r.source_words:
        tally.source_right += 1
    else:
        tally.add_error(f"wrong source ({r.origin})",
                        f"{name}: gold {g.source!r} / system {sorted(r.source_words)} :: {r.content[:60]!r}")


def _classify_missed(name: str, text: str, g: Gold, gt: list[str], rows: list[SystemRow],
                     stoks: list[list[str]], text_words: set[str], tally: Tally) -> None:
    """Why a gold attribution went unmatched: its words lost to cleaning, a system row over
    it with a span too long or too short, or no row at all (a missed cue)."""
    if gt and sum(w in text_words for w in gt) / len(gt) < 0.5:
        tally.lost_to_cleaning += 1
        tally.add_error("missed: content lost to cleaning", f"{name}: {g.content[:70]!r}")
        return
    where = text.find(g.content.strip()[:40]) if g.content.strip() else -1
    if where >= 0:  # located in the cleaned text: a system row over it is a span error
        overlapping = [j for j, r in enumerate(rows) if r.start < where + len(g.content) and where < r.end]
    else:
        overlapping = [j for j, st in enumerate(stoks) if token_f1(gt, st) >= NEAR]
    if overlapping:
        j = max(overlapping, key=lambda j: token_f1(gt, stoks[j]))
        kind = "content too long" if len(stoks[j]) > len(gt) else "content too short"
        tally.add_error(f"missed: {kind} (best F1 < 0.5)", f"{name}: cue {g.cue!r} gold {g.content[:60]!r} / "
                                                             f"system {rows[j].content[:60]!r}")
    else:
        tally.add_error(f"missed cue: {_cue_kind(g.cue)}", f"{name}: {g.cue!r} :: {g.content[:70]!r}")


def score_article(name: str, text: str, gold: list[Gold], rows: list[SystemRow], tally: Tally) -> None:
    tally.articles += 1
    tally.system += len(rows)
    tally.gold += len(gold)
    text_words = set(tokens(text))
    gtoks = [tokens(g.content) for g in gold]
    stoks = [tokens(r.content) for r in rows]
    matched = match_one_to_one(gtoks, stoks)
    used_g = {i for i, _ in matched}
    used_s = {j for _, j in matched}
    for i, j in matched:
        tally.matched += 1
        _score_source(name, gold[i], rows[j], tally)
    for i, g in enumerate(gold):  # errors among the unmatched
        if i not in used_g:
            _classify_missed(name, text, g, gtoks[i], rows, stoks, text_words, tally)
    for j, r in enumerate(rows):
        tally.by_origin[(r.origin.split(":")[0] + ":" + r.origin.split(":")[1].split("/")[-1], j in used_s)] += 1
        if j in used_s:
            continue
        if any(token_f1(gt, stoks[j]) >= NEAR for gt in gtoks):
            continue  # already counted as a span-length error on the gold side
        tally.add_error(f"spurious ({r.origin}): {_cue_kind(r.cue)}", f"{name}: {r.cue!r} :: {r.content[:70]!r}")


# -- running the pipeline ------------------------------------------------------------------
def _split_files(split: str, limit: int | None, every: int = 1, offset: int = 0) -> list[Path]:
    files = sorted((DATA / split / "text").glob("*.txt"))[offset::every]
    return files[:limit] if limit else files


def run_extract(files: list[Path]) -> dict[str, tuple[str, list[dict], list[dict]]]:
    """In-process: the per-document code the flow's workers run (load, clean, extract)."""
    from datetime import date

    from extractors.loading import load_file
    from flows.batch_work import process_documents

    out: dict[str, tuple[str, list[dict], list[dict]]] = {}
    chunk = 50
    for k in range(0, len(files), chunk):
        raws = []
        for f in files[k:k + chunk]:
            raws.extend(load_file(f.name, f.read_bytes()))
        for outcome in process_documents(raws, date.fromisoformat(INGEST_DATE)):
            if outcome.article is None:
                continue
            s = outcome.structured
            out[outcome.article["source_path"]] = (outcome.article["text"], s.get("attributions", []),
                                                   s.get("quotes", []))
    return out


def run_flow(files: list[Path]) -> dict[str, tuple[str, list[dict], list[dict]]]:
    """The real pipeline: `newsetl run` over a temporary copy, tables read back from Parquet."""
    from benchmarks.flow_tables import read_table, run_newsetl

    with tempfile.TemporaryDirectory(prefix="attr-bench-") as tmp:
        inp, outp = Path(tmp) / "in", Path(tmp) / "out"
        inp.mkdir()
        for f in files:
            shutil.copy(f, inp / f.name)
        run_newsetl(inp, outp, INGEST_DATE, "--workers", "1")

        def table(name: str) -> list[dict]:
            return read_table(outp, name)

        articles = {a["doc_id"]: a for a in table("articles")}
        for d in table("documents"):  # an article the pipeline held back is missing from every table
            if d["status"] != "published":
                print(f"  not published: {d['path']}: {d['status']}: {str(d['reason'])[:300]}")
        by_doc: dict[str, tuple[list[dict], list[dict]]] = {d: ([], []) for d in articles}
        for a in table("attributions"):
            by_doc.setdefault(a["doc_id"], ([], []))[0].append(a)
        for q in table("quotes"):
            by_doc.setdefault(q["doc_id"], ([], []))[1].append(q)
    out = {}
    for doc_id, art in articles.items():
        atts, quotes = by_doc[doc_id]
        atts.sort(key=lambda r: r["attribution_index"])
        quotes.sort(key=lambda r: r["quote_index"])
        out[Path(art["source_path"]).name] = (art["text"], atts, quotes)
    return out


def evaluate(split: str, limit: int | None, via: str, every: int = 1, offset: int = 0) -> tuple[Tally, float]:
    files = _split_files(split, limit, every, offset)
    started = time.perf_counter()
    results = run_flow(files) if via == "flow" else run_extract(files)
    elapsed = time.perf_counter() - started
    tally = Tally()
    for f in files:
        gold = read_gold(DATA / split / "ann" / (f.stem + ".ann"))
        if f.name not in results:
            tally.gold += len(gold)
            tally.add_error("missed: article not published", f.name)
            continue
        text, atts, quotes = results[f.name]
        score_article(f.stem, text, gold, system_rows(text, atts, quotes), tally)
    return tally, elapsed


def report(split: str, tally: Tally, elapsed: float, via: str, errors: int, examples: int) -> None:
    fig = tally.figures()
    print(f"\n== {split} ({tally.articles} articles, via {via}, {elapsed:.0f} s)")
    print(f"system rows {tally.system}  gold {tally.gold}  matched {tally.matched}")
    print(f"precision {fig['precision']:.3f}  recall {fig['recall']:.3f}  F1 {fig['f1']:.3f}  "
          f"source accuracy {fig['source_accuracy']:.3f} ({tally.source_right}/{tally.source_scored})")
    print(f"gold without a source, matched: {tally.unsourced_matched}, marked unattributed by the system: "
          f"{tally.unsourced_marked}")
    print(f"gold contents lost to cleaning (under half their words left in articles.text): "
          f"{tally.lost_to_cleaning}")
    origins = sorted({o for o, _ in tally.by_origin})
    print("system rows by origin (matched / rows): " + ", ".join(
        f"{o} {tally.by_origin[(o, True)]}/{tally.by_origin[(o, True)] + tally.by_origin[(o, False)]}"
        for o in origins))
    print("top error classes:")
    for kind, n in tally.errors.most_common(errors):
        print(f"  {n:6d}  {kind}")
        for ex in tally.examples[kind][:examples]:
            print(f"            {ex}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("train", "dev", "both"), default="both")
    parser.add_argument("--limit", type=int, default=None, help="first N articles of each split")
    parser.add_argument("--every", type=int, default=1, help="every Nth article only (a sample across outlets)")
    parser.add_argument("--offset", type=int, default=0,
                        help="with --every N: start at the article with this index (a second sample: 2 for [2::4])")
    parser.add_argument("--via", choices=("flow", "extract"), default="flow")
    parser.add_argument("--errors", type=int, default=15, help="error classes listed")
    parser.add_argument("--examples", type=int, default=0, help="examples shown per error class (train only!)")
    args = parser.parse_args(argv)
    if not DATA.is_dir():
        print(f"skipped: the development data is not at {DATA}")
        return 0
    splits = ("train", "dev") if args.split == "both" else (args.split,)
    for split in splits:
        tally, elapsed = evaluate(split, args.limit, args.via, args.every, args.offset)
        # examples quote article text: shown for train only, so dev is measured without being read
        report(split, tally, elapsed, args.via, args.errors, args.examples if split == "train" else 0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
