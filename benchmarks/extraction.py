"""Score the structured-extraction stage on the two seed articles against the hand-made gold.

    python -m benchmarks.extraction [--gold ../shared/gold/seeds.json] [--repeat 5]

Matching is lenient, as the gold's "about" says: text fields match case-insensitively as
substrings (typographic apostrophes folded), people match on surname, a quote matches when
the gold's first words occur in it. Gold lists are what must be found (recall); what is
found beyond them is printed for judgement by hand. Precision is printed only where the gold
list is exhaustive for what it covers (direct quotes, counted amounts); elsewhere the line
says "recall only" and the extra records are listed.

Throughput: `extract_batch` on the seeds (model already loaded), on one process with one
BLAS thread, `--repeat` times; sentences per second of wall time.
"""
from __future__ import annotations

import argparse
import json
import os
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = REPO.parent / "shared" / "gold" / "seeds.json"
SEEDS = ("000_ff8034573ac0bc45.txt", "003_bfd91599a705c2b0.txt")
INGEST_DATE = date(2026, 11, 21)  # the seeds carry no publication date: relative dates use the ingest date


def norm(text: Any) -> str:
    return " ".join(str(text or "").replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
                    .lower().split())


def same_source(gold: str, *found: Any) -> bool:
    """Lenient name match: substring either way, or the same surname for a two-word name."""
    g = norm(gold)
    for f in found:
        f = norm(f)
        if not f:
            continue
        if g in f or (len(f) >= 4 and f in g):
            return True
        if len(g.split()) >= 2 and g.split()[-1] == f.split()[-1] and g.split()[-1][0].isalpha() and \
                len(g.split()) == 2:
            return True
    return False


@dataclass
class Score:
    name: str
    gold: int = 0
    hit: int = 0
    found: int | None = None  # None: recall only
    matched_found: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    def count(self, hits: list[dict], used: set[int], index: str, miss: str) -> None:
        """One gold item: a hit (the rows that match it marked as used) or a miss."""
        self.gold += 1
        if hits:
            self.hit += 1
            used.update(r[index] for r in hits)
        else:
            self.misses.append(miss)

    def line(self) -> str:
        recall = f"recall {self.hit}/{self.gold} = {self.hit / self.gold:.2f}" if self.gold else "recall n/a"
        if self.found is None:
            extra = f" ({len(self.extras)} extra records listed below)" if self.extras else ""
            return f"{self.name:<34} {recall:<22} precision: recall only{extra}"
        precision = self.matched_found / self.found if self.found else 0.0
        return f"{self.name:<34} {recall:<22} precision {self.matched_found}/{self.found} = {precision:.2f}"


def seed_articles(raw_dir: Path = REPO / "data" / "raw"):
    from extractors.cleaning.cleaner import clean_text
    from extractors.records import paragraph_spans
    from extractors.nlp.batch import ArticleText

    articles = []
    for name in SEEDS:
        text = clean_text((raw_dir / name).read_text(encoding="utf-8")).text
        articles.append(ArticleText(name, text, paragraph_spans(text), None, INGEST_DATE))
    return articles


QUOTE_KEYS = {"direct": "quotes (direct, right speaker)", "indirect": "quotes (indirect, right speaker)"}
ALL_QUOTES = "quotes (all, right speaker)"


def score(results: dict[str, Any], gold: dict[str, Any]) -> tuple[dict[str, Score], list[str]]:
    """results: seed name -> StructuredRows. Returns per-table scores and forbidden-string hits."""
    s = {k: Score(k) for k in (*QUOTE_KEYS.values(), ALL_QUOTES, "speaker roles", "attributions",
                                "amounts (counted)", "entities", "temporal_expressions")}
    forbidden_hits: list[str] = []
    for name, rows in results.items():
        g = gold[name]
        forbidden_hits += _score_quotes(s, name, g, rows.quotes)
        _score_roles(s["speaker roles"], name, g, rows.quotes)
        _score_attributions(s["attributions"], name, g, rows.attributions)
        _score_amounts(s["amounts (counted)"], name, g, rows.amounts)
        _score_entities(s["entities"], name, g, rows.entities)
        _score_temporal(s["temporal_expressions"], name, g, rows.temporal_expressions)
        forbidden_hits += _forbidden_strings(name, g, rows)
    return s, forbidden_hits


def _score_quotes(s: dict[str, Score], name: str, g: dict[str, Any], quotes: list[dict]) -> list[str]:
    """Gold quotes found with the right kind and speaker; returns not-a-quote hits."""
    matched_rows: set[int] = set()
    for q in g.get("quotes", []):
        key = QUOTE_KEYS["direct"] if q["kind"] == "direct" else QUOTE_KEYS["indirect"]
        for k in (key, ALL_QUOTES):
            s[k].gold += 1
        hits = [r for r in quotes if norm(q["starts_with"]) in norm(r["text"]) and r["kind"] == q["kind"]
                and same_source(q["speaker"], r["speaker"], r["speaker_text"])]
        if hits:
            for k in (key, ALL_QUOTES):
                s[k].hit += 1
            matched_rows.update(r["quote_index"] for r in hits)
        else:
            for k in (key, ALL_QUOTES):
                s[k].misses.append(f"{name}: {q['starts_with']!r} by {q['speaker']}")
    direct = s[QUOTE_KEYS["direct"]]
    direct.found = (direct.found or 0) + sum(r["kind"] == "direct" for r in quotes)
    direct.matched_found += sum(r["kind"] == "direct" and r["quote_index"] in matched_rows for r in quotes)
    for r in quotes:
        if r["quote_index"] not in matched_rows:
            key = QUOTE_KEYS["direct"] if r["kind"] == "direct" else QUOTE_KEYS["indirect"]
            s[key].extras.append(f"{name}: [{r['speaker']} / {r['cue']}] {r['text'][:70]!r}")
    return [f"{name}: not-a-quote {not_quote!r} found as a quote"
            for not_quote in g.get("not_quotes", []) for r in quotes
            if norm(not_quote) in norm(r["text"]) and len(norm(r["text"])) <= len(norm(not_quote)) + 2]


def _score_roles(sc: Score, name: str, g: dict[str, Any], quotes: list[dict]) -> None:
    for person, role in g.get("speaker_details", {}).items():
        sc.gold += 1
        roles = {r["speaker_role"] for r in quotes if same_source(person, r["speaker"])}
        if any(norm(role) in norm(x) for x in roles if x):
            sc.hit += 1
        else:
            sc.misses.append(f"{name}: {person}: {role!r} (found {roles})")


def _score_attributions(sc: Score, name: str, g: dict[str, Any], attributions: list[dict]) -> None:
    used: set[int] = set()
    for a in g.get("attributions", []):
        hits = [r for r in attributions if norm(a["cue"]) in norm(r["cue"])
                and same_source(a["source"], r["source"], r["source_text"])]
        sc.count(hits, used, "attribution_index", f"{name}: {a['source']} {a['cue']}")
    sc.extras += [f"{name}: {r['text']!r} -> {r['source']} ({r['source_kind']})"
                  for r in attributions if r["attribution_index"] not in used]


def _score_amounts(am: Score, name: str, g: dict[str, Any], amounts: list[dict]) -> None:
    counted = [r for r in amounts if r["is_counted"]]
    am.found = (am.found or 0) + len(counted)
    used: set[int] = set()
    for a in g.get("amounts", []):
        hits = [r for r in counted if abs(r["value"] - a["value"]) < 1e-9
                and (norm(a["object"]) in norm(r["object"]) or norm(a["object"]) in norm(r["text"]))
                and (not a.get("approximate") or norm(a["approximate"]) == norm(r["qualifier"]))]
        am.count(hits, used, "amount_index", f"{name}: {a}")
    am.matched_found += len(used)
    am.extras += [f"{name}: {r['text']!r} {r['kind']} object={r['object']!r}" for r in counted
                  if r["amount_index"] not in used]


def _score_entities(sc: Score, name: str, g: dict[str, Any], entities: list[dict]) -> None:
    used: set[int] = set()
    for label, names in g.get("entities", {}).items():
        for gname in names:
            hits = [e for e in entities if e["label"] == label and any(
                norm(gname) == norm(x) or norm(gname) in norm(x).split(" ") or norm(gname) in norm(x)
                for x in [e["canonical_name"], *e["aliases"]])]
            sc.count(hits, used, "entity_index", f"{name}: {label} {gname}")
    sc.extras += [f"{name}: {e['label']} {e['canonical_name']}" for e in entities if e["entity_index"] not in used]


def _score_temporal(sc: Score, name: str, g: dict[str, Any], temporal: list[dict]) -> None:
    used: set[int] = set()
    for expression in g.get("temporal", []):
        hits = [t for t in temporal if norm(expression) in norm(t["text"])]
        sc.count(hits, used, "timex_index", f"{name}: {expression}")
    sc.extras += [f"{name}: {t['text']!r} -> {t['value_start']}..{t['value_end']} ({t['method']})"
                  for t in temporal if t["timex_index"] not in used]


def _forbidden_strings(name: str, g: dict[str, Any], rows: Any) -> list[str]:
    """Forbidden strings, in every value of every row of every table."""
    hits = []
    for forbidden in g.get("forbidden", []):
        for table, table_rows in rows.tables().items():
            for row in table_rows:
                for value in row.values():
                    values = value if isinstance(value, list) else [value]
                    if any(isinstance(v, str) and forbidden.lower() in v.lower() for v in values):
                        hits.append(f"{name}: {forbidden!r} in {table}")
    return hits


def run(gold_path: Path = DEFAULT_GOLD, repeat: int = 5) -> int:
    from extractors.nlp.model import get_nlp
    from extractors.nlp.batch import extract_batch

    gold = json.loads(gold_path.read_text(encoding="utf-8"))["documents"]
    articles = seed_articles()
    t0 = time.perf_counter()
    nlp = get_nlp()
    load_seconds = time.perf_counter() - t0
    extract_batch(articles, nlp)  # warm-up (first call pays dateparser's lazy loading)
    t0 = time.perf_counter()
    for _ in range(repeat):
        results = extract_batch(articles, nlp)
    elapsed = time.perf_counter() - t0
    errors = [r.error for r in results if r.error]
    sentences = sum(len(r.sentences) for r in results) * repeat
    by_name = {r.doc_id: r for r in results}
    scores, forbidden = score(by_name, gold)

    print("newsetl structured extraction vs ../shared/gold/seeds.json (2 seed articles)")
    print(f"errors: {errors or 'none'}")
    for sc in scores.values():
        print("  " + sc.line())
    print(f"forbidden strings in any table: {'none' if not forbidden else forbidden}")
    print(f"throughput: {sentences} sentences in {elapsed:.2f} s = {sentences / elapsed:.0f} sentences/s "
          f"(extract_batch, {repeat} x 2 articles, 1 process, model load {load_seconds:.2f} s not counted)")
    print()
    for sc in scores.values():
        if sc.misses:
            print(f"missed, {sc.name}:")
            for m in sc.misses:
                print(f"    {m}")
    for sc in scores.values():
        if sc.extras:
            print(f"found beyond the gold, {sc.name} (judge by hand):")
            for e in sc.extras:
                print(f"    {e}")
    return 0 if not errors and not forbidden else 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    raise SystemExit(run(args.gold, args.repeat))


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    os.environ.setdefault("MKL_NUM_THREADS", "1")
    main()
