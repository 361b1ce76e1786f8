"""A repeatable hand audit of the `amounts` and `entities` tables (issue 20).

    python -m benchmarks.audit_records [--split audit|tune|tune2|audit2|tune3|audit3] [--judged FILE ...] [--out FILE]
                                       [--show-unjudged] [--judgments FILE [--rest-right]] [--sample N]

    audit split (all rows):  python -m benchmarks.audit_records
    tune split (1/8 sample): python -m benchmarks.audit_records --split tune --sample 8

Pages: article pages of ../shared/devdata/extraction-more (read at run time, never copied).
The split rule is fixed so anyone gets the same pages: among the pages whose numeric id is
ODD (the cleaner is tuned on other pages), sort by sha1(id) and take the first 20 (`audit`,
the held-out pages judged before and after a change), the next 20 (`tune`, the pages one
may look at while developing) or the 20 after those (`tune2`, more pages to develop on), then the next 20 (`audit2`, a
fresh held-out split added by the entities' fifth pass, because `audit` had been looked at in
earlier passes), then `tune3` (the next 20, to develop on) and `audit3` (the 20 after, the fresh
held-out split), both added by the entities' sixth pass because `audit2` had been looked at.

Each page goes through the product path in-process: `clean_html` (with the page's url), the
paragraph spans and publication date the flow would use, then `extract_batch`. Every
`amounts` row and every `entities` row is listed with a key made of the values a judge
looks at; a verdict recorded for the same key in a `--judged` file is carried over, so after
a change only the rows that changed need judging. Precision per table = right / judged.

Judging: `--show-unjudged` prints each unjudged row with an id (A3, E17) and its sentence.
A judgments file holds lines `ID wrong reason-class [note]` (or `ID right`); with
`--rest-right` every other unjudged row shown is recorded right (use it only after reading
them all). `--out` writes the rows with their verdicts as JSON lines: doc id, row values and
offsets, verdict and reason; never the article text.

Judged files read by default (`benchmarks/audit/`): `amounts_entities_before.jsonl` and
`amounts_entities_after.jsonl` (first pass), `amounts_entities_after_entities2.jsonl` (the
entities second pass, whole-article evidence) and `entities3.jsonl` (the entities third pass:
every entity row, before and after); for `--split tune`/`tune2` the same names with `_tune` /
`_tune2` (the second pass judged the tune split's entities at `--sample 4`; the third pass
judged every entity row of `tune` and `tune2`, before and after its changes). The fifth pass:
`entities5_before_audit2.jsonl` (the fresh `audit2` split judged at the code before the pass,
before any change) and `entities5.jsonl` with its `_tune`/`_tune2`/`_audit2` siblings (rows
judged during and after the pass). The sixth pass: `entities6_before.jsonl` (`_tune3` and
`_audit3`: both fresh splits judged at the code before the pass, before any change) and
`entities6.jsonl` with its `_tune`/`_tune2`/`_audit2`/`_tune3`/`_audit3` siblings.

Exits 0 with a message when the dev data is absent.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEV = REPO.parent / "shared" / "devdata" / "extraction-more"
PAGES_PER_SPLIT = 20
# The splits in page order: each is the next PAGES_PER_SPLIT pages; append new splits, never reorder.
SPLITS = ("audit", "tune", "tune2", "audit2", "tune3", "audit3")

AMOUNT_FIELDS = ("start", "end", "text", "value", "low", "high", "kind", "is_counted", "currency", "unit")
ENTITY_FIELDS = ("canonical_name", "label", "category", "first_start", "first_end", "aliases", "mention_count")


def split_ids(ids: list[str], split: str) -> list[str]:
    """The fixed rule: odd numeric ids, ordered by sha1(id); first 20 = audit, next 20 = tune,
    the 20 after those = tune2 (more pages to develop on, added by the entities' third pass), the
    20 after those = audit2 (a fresh held-out split, added by the entities' fifth pass because
    `audit` had been looked at), then tune3 and audit3 (the sixth pass: pages to develop on and a
    fresh held-out split, because audit2 had been looked at). A new split is always the next 20
    pages in this order."""
    odd = [i for i in ids if int(re.sub(r"\D", "", i) or 0) % 2 == 1]
    ordered = sorted(odd, key=lambda i: hashlib.sha1(i.encode()).hexdigest())
    offset = SPLITS.index(split) * PAGES_PER_SPLIT
    return sorted(ordered[offset:offset + PAGES_PER_SPLIT])


def load_pages(split: str) -> list[dict[str, Any]]:
    gold = {}
    with open(DEV / "gold.jsonl", encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            gold[record["id"]] = record
    ids = [i for i in split_ids(sorted(gold), split) if (DEV / "html" / f"{i}.html").exists()]
    return [{"id": i, "url": gold[i].get("url"),
             "html": (DEV / "html" / f"{i}.html").read_text(encoding="utf-8", errors="replace")} for i in ids]


def extract(pages: list[dict[str, Any]]) -> tuple[dict[str, str], dict[str, Any]]:
    """doc id -> cleaned text, doc id -> StructuredRows, as the flow would produce them."""
    from datetime import date

    from extractors.cleaning.cleaner import clean_html
    from extractors.records import paragraph_spans
    from extractors.nlp.batch import ArticleText, extract_batch

    articles, texts = [], {}
    for page in pages:
        cleaned = clean_html(page["html"], url=page["url"])
        texts[page["id"]] = cleaned.text
        articles.append(ArticleText(page["id"], cleaned.text, paragraph_spans(cleaned.text), cleaned.metadata.published,
                                    date(2026, 12, 1)))
    return texts, {r.doc_id: r for r in extract_batch(articles)}


OFFSETS = frozenset({"start", "end", "first_start", "first_end", "mention_count"})


def row_key(item: dict[str, Any]) -> str:
    """What a verdict is about: the row's values without its offsets, plus a hash of the text
    around it. Offsets move whenever the cleaner keeps or drops a block elsewhere on the page;
    the row and its sentence do not."""
    values = {k: v for k, v in item["row"].items() if k not in OFFSETS}
    return json.dumps([item["table"], item["doc_id"], values, item.get("context_sha1")], sort_keys=True,
                      ensure_ascii=False)


def values_key(item: dict[str, Any]) -> str:
    """The row's values alone (no context): used to carry a verdict over only when exactly one
    judged row and one current row of the article share them."""
    values = {k: v for k, v in item["row"].items() if k not in OFFSETS}
    return json.dumps([item["table"], item["doc_id"], values], sort_keys=True, ensure_ascii=False)


def sample_key(item: dict[str, Any]) -> str:
    """What decides whether a row is in a 1/N sample: its article, table and surface (the
    amount's text, the entity's name), so a row stays in or out whatever its kind or label."""
    row = item["row"]
    return json.dumps([item["table"], item["doc_id"], row.get("text", row.get("canonical_name"))], ensure_ascii=False)


def context_sha1(text: str, start: int, end: int, width: int = 40) -> str:
    """Hash of the whitespace-normalised text around a row: identifies the occurrence without
    storing the article's words."""
    snippet = " ".join(text[max(0, start - width):end + width].split())
    return hashlib.sha1(snippet.encode("utf-8")).hexdigest()[:16]


def audit_rows(results: dict[str, Any], texts: dict[str, str]) -> list[dict[str, Any]]:
    rows = []
    for doc_id, result in sorted(results.items()):
        text = texts[doc_id]
        for r in result.amounts:
            rows.append({"table": "amounts", "doc_id": doc_id, "row": {k: r.get(k) for k in AMOUNT_FIELDS},
                         "context_sha1": context_sha1(text, r["start"], r["end"])})
        for r in result.entities:
            rows.append({"table": "entities", "doc_id": doc_id, "row": {k: r.get(k) for k in ENTITY_FIELDS},
                         "context_sha1": context_sha1(text, r["first_start"], r["first_end"])})
    return rows


def load_judged(paths: list[Path]) -> tuple[dict[str, dict[str, Any]], dict[str, list[dict[str, Any]]]]:
    """Verdicts by row key, and by values alone (for rows judged before context hashes)."""
    judged: dict[str, dict[str, Any]] = {}
    by_values: dict[str, list[dict[str, Any]]] = {}
    for path in paths:
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                if item.get("verdict"):
                    judged[row_key(item)] = item
                    by_values.setdefault(values_key(item), []).append(item)
    return judged, by_values


def context(text: str, start: int, end: int, width: int = 110) -> str:
    left = text.rfind("\n", 0, start)
    left = max(left + 1, start - width)
    right = text.find("\n", end)
    right = min(right if right >= 0 else len(text), end + width)
    return (text[left:start] + "[[" + text[start:end] + "]]" + text[end:right]).replace("\n", " ")


def read_judgments(path: Path) -> dict[str, tuple[str, str]]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split(None, 2)
        if len(parts) >= 2 and not line.startswith("#"):
            out[parts[0]] = (parts[1], parts[2] if len(parts) > 2 else "")
    return out


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=SPLITS, default="audit")
    parser.add_argument("--judged", type=Path, nargs="*", default=[
        REPO / "benchmarks" / "audit" / "amounts_entities_before.jsonl",
        REPO / "benchmarks" / "audit" / "amounts_entities_after.jsonl",
        REPO / "benchmarks" / "audit" / "amounts_entities_after_entities2.jsonl",
        REPO / "benchmarks" / "audit" / "entities3.jsonl",
        REPO / "benchmarks" / "audit" / "entities5_before.jsonl",
        REPO / "benchmarks" / "audit" / "entities5.jsonl",
        REPO / "benchmarks" / "audit" / "entities6_before.jsonl",
        REPO / "benchmarks" / "audit" / "entities6.jsonl"])
    parser.add_argument("--out", type=Path)
    parser.add_argument("--show-unjudged", action="store_true")
    parser.add_argument("--judgments", type=Path)
    parser.add_argument("--rest-right", action="store_true")
    parser.add_argument("--sample", type=int, default=1,
                        help="judge only rows whose sha1(article, table, surface) is divisible by N (a stable 1/N sample; the tune "
                             "split is judged with --sample 8)")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    if not (DEV / "gold.jsonl").exists():
        print(f"skipped: the development pages are not at {DEV}")
        return 0
    texts, results = extract(load_pages(args.split))
    errors = {d: r.error for d, r in results.items() if r.error}
    rows = [item for item in audit_rows(results, texts) if args.sample <= 1 or int(hashlib.sha1(
        sample_key(item).encode()).hexdigest(), 16) % args.sample == 0]
    judged, judged_by_values = load_judged(args.judged if args.split == "audit" else [
        p.with_name(f"{p.stem}_{args.split}.jsonl") for p in args.judged])
    judgments = read_judgments(args.judgments) if args.judgments else {}
    apply_verdicts(rows, judged, judged_by_values, judgments, args, texts)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with open(args.out, "w", encoding="utf-8") as fh:
            for item in rows:
                fh.write(json.dumps(item, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"split {args.split}: {len(results)} pages, errors: {errors or 'none'}")
    for table in ("amounts", "entities"):
        print_precision(table, [i for i in rows if i["table"] == table])
    return 0


def apply_verdicts(rows: list[dict], judged: dict, judged_by_values: dict, judgments: dict,
                   args: argparse.Namespace, texts: dict[str, str]) -> None:
    """Each row's verdict: from the judged files (by row, else by the same values in the same
    article judged alike), else from --judgments by the row's number, else unjudged (listed
    with --show-unjudged)."""
    numbers: Counter = Counter()
    for item in rows:
        previous = judged.get(row_key(item))
        if previous is None:
            same = judged_by_values.get(values_key(item), [])
            if same and len({p["verdict"] for p in same}) == 1:
                previous = same[0]  # same values in the same article, judged alike wherever they stood
        item["verdict"], item["reason"] = (previous["verdict"], previous.get("reason", "")) if previous else (None, "")
        if item["verdict"]:
            continue
        prefix = "A" if item["table"] == "amounts" else "E"
        numbers[prefix] += 1
        item_id = f"{prefix}{numbers[prefix]}"
        if item_id in judgments:
            item["verdict"], item["reason"] = judgments[item_id]
        elif args.rest_right and args.judgments:
            item["verdict"] = "right"
        if args.show_unjudged:
            print(f"{item_id:>5} {item['doc_id']} {describe_row(item, texts[item['doc_id']])}")


def describe_row(item: dict, text: str) -> str:
    r = item["row"]
    if item["table"] == "amounts":
        desc = f"{r['kind']} v={r['value']:g}" + (f" [{r['low']:g}-{r['high']:g}]" if r.get("low") is not None
                                                 and r.get("high") is not None else "")
        return f"{desc} | {context(text, r['start'], r['end'])}"
    desc = f"{r['label']} {r['canonical_name']!r} aliases={r['aliases']} n={r['mention_count']}"
    return f"{desc} | {context(text, r['first_start'], r['first_end'], 70)}"


def print_precision(table: str, items: list[dict]) -> None:
    done = [i for i in items if i["verdict"]]
    right = sum(i["verdict"] == "right" for i in done)
    precision = f"{right / len(done):.3f}" if done else "n/a"
    reasons = Counter(i["reason"].split()[0] for i in done if i["verdict"] == "wrong" and i["reason"])
    print(f"  {table:<9} rows {len(items):>4}  judged {len(done):>4}  right {right:>4}  precision {precision}"
          f"  unjudged {len(items) - len(done)}")
    if reasons:
        print("     wrong by reason: " + ", ".join(f"{k} {v}" for k, v in reasons.most_common()))


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    sys.exit(main())
