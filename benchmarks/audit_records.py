"""A repeatable hand audit of the `amounts` and `entities` tables (issue 20), and of the `quotes` and
`attributions` tables (issue 19).

    python -m benchmarks.audit_records [--split audit|tune|...|audit5|tune6|audit6] [--judged FILE ...] [--out FILE]
                                       [--show-unjudged] [--judgments FILE [--rest-right]] [--sample N]
                                       [--tables amounts,entities|quotes,attributions] [--recall [FILE]]

    audit split (all rows):  python -m benchmarks.audit_records
    tune split (1/8 sample): python -m benchmarks.audit_records --split tune --sample 8

Pages: article pages of ../shared/devdata/extraction-more (read at run time, never copied); the `x...` splits
(`xaudit`..`xaudit4`, added by the entities' twelfth pass; `xaudit5`..`xaudit8` by the thirteenth) are pages of ../shared/devdata/extraction, never judged
for records before.
The split rule is fixed so anyone gets the same pages: among the pages whose numeric id is
ODD (the cleaner is tuned on other pages), sort by sha1(id) and take the first 20 (`audit`,
the held-out pages judged before and after a change), the next 20 (`tune`, the pages one
may look at while developing) or the 20 after those (`tune2`, more pages to develop on), then the next 20 (`audit2`, a
fresh held-out split added by the entities' fifth pass, because `audit` had been looked at in
earlier passes), then `tune3` (the next 20, to develop on) and `audit3` (the 20 after, the fresh
held-out split), both added by the entities' sixth pass because `audit2` had been looked at, then
`tune4` (the next 20) and `audit4` (the 20 after), added by the entities' seventh pass because
`audit3` had been looked at: `audit4` was judged at the code before that pass, before any change; then
`tune5` (the next 20) and `audit5` (the 20 after), added by the entities' eighth pass because `audit4`
had been looked at: `audit5` was judged at the code before that pass, before any change; then `tune6` (the next 20)
and `audit6` (the 20 after), added by the entities' ninth pass because `audit5` had been looked at: `audit6` was judged
at the code before that pass, before any change, and not looked at again until the pass's end. The 209 odd ids run
out after 9 pages of `tune6`: the order then goes on with the EVEN ids, sorted by sha1(id) the same way (the cleaner's
rules were tuned on even-id pages, 0.936 against 0.932 shingle F1 on the odd ones; no entity rule was ever developed
or judged on them), so `tune6` is the last 9 odd pages and 11 even ones, `audit6` 20 even pages. Then `tune7` (the
next 20 even pages) and `audit7` (the 20 after), added by the entities' tenth pass because `audit6` had been looked at:
`audit7` was judged at the code before that pass, before any change, and not looked at again until the pass's end.
Then `tune8` (the next 20 even pages) and `audit8` (the 20 after), added by the entities' eleventh pass because
`audit7` had been looked at: `audit8` was judged at the code before that pass, before any change, and not looked at
again until the pass's end.

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
`entities6.jsonl` with its `_tune`/`_tune2`/`_audit2`/`_tune3`/`_audit3` siblings. The seventh pass:
`entities7_before_audit4.jsonl` (the fresh `audit4` split judged at the code before the pass, before
any change; the `--judgments` file it was made from beside it, `..._judgments.txt`: its wrong rows,
with `--rest-right`, ids of a run with no judged file) and `entities7.jsonl` with its split siblings
(rows judged after the pass; none so far: the pass only drops rows, so every row left was judged). The eighth
pass: `entities8_before_audit5.jsonl` (the fresh `audit5` split judged at the code before the pass, before any
change; its `--judgments` file beside it, ids of a run with no judged file) and `entities8.jsonl` with its split
siblings (rows judged during and after the pass; each `_judgments.txt` beside them has ids of a run with the judged
files as they were then). The ninth pass: `entities9_before_audit6.jsonl` (the fresh `audit6` split judged at
the code before the pass, before any change; its `--judgments` file beside it, ids of a run with no judged file) and
`entities9.jsonl` with its split siblings (rows judged at the pass's end; none so far: the pass only drops rows and
adds a column, and on `audit6` it changed no row). `entities9_rule_origins_after.txt` / `_audit6.txt`: the precision
per `support` value and per origin at the pass's end. The tenth pass: `entities10_before_audit7.jsonl` (the fresh
`audit7` split judged at the code before the pass, before any change; its `--judgments` file beside it, ids of a run
with no judged file) and `entities10.jsonl` with its split siblings (rows judged during and at the pass's end).
`entities10_rule_origins_before_audit7.txt` / `entities10_rule_origins_after.txt`: the precision per `support` value
(and per origin) on `audit7` before the pass, and on every judged split at its end (`tune4`..`tune7` have no judged
entity rows; the pass developed on the judged splits and read `tune4`'s rows). The eleventh pass:
`entities11_before_audit8.jsonl` (the fresh `audit8` split judged at the code before the pass, before any change,
then not looked at until the pass's end) and `entities11_before_tune8.jsonl` (`tune8`, judged the same way and
developed on; three islands typed GPE re-judged wrong in the file afterwards, the earlier passes' convention), their
`--judgments` files beside them (ids of a run with no judged file), and `entities11.jsonl` with its split siblings
(every row of each judged split at the pass's end, the new rows judged; `_audit8` is the one held-out measurement;
each `_judgments.txt` has ids of a run with the judged files read by default as they were then).
`entities11_rule_origins_before_audit8.txt` / `entities11_rule_origins_after.txt`: the precision per `support`
value and origin. The twelfth pass (2026-12-03: which rows `entities` publishes; the others go to
`entity_candidates`, listed with `--tables entity_candidates` as rows C1.., judged by the entities' rules and keyed as
`entities` rows so that verdicts given before the pass carry over): `entities12_before_audit9.jsonl` and `_audit10` (both fresh
splits judged at 1676fd6, before the pass, by helpers who did not develop it, then not looked at row by row),
`entities12_mid_tune9.jsonl` and `_tune10` (fresh splits judged the same way at 5e8d908, after the pass's first
step: a second held-out check for its second step), their `--judgments` files beside them (ids of a run with no
judged file), and `entities12_<split>.jsonl` for those four splits (every row at the pass's end; the pass only
moves rows out of `entities`, so no row needed judging); `entities12_step2_xaudit.jsonl`, `_xaudit2` (pages of the
`extraction` set, never judged before, judged at 0fff4c4, the pass's end, in both tables) and `_xaudit3` (the same, at
4d37e7b). The `support` column (ninth pass) is not part of a row's
key, so verdicts
carry over; `benchmarks/entity_rule_origins.py` prints the precision per `support` value and tells which rule made
or retyped each judged row.

Amounts, 2026-12-02 (the `measure` kind and spans of years): `amounts7_before_audit3.jsonl` and
`amounts7_before_audit2.jsonl` are the `--sample 8` rows of `audit3` and `audit2` judged at the code before that
change (amounts had never been judged on those splits; the `--judgments` files beside them hold the wrong rows,
with `--rest-right`, ids of a `--sample 8` run with no judged file). `audit3` was developed on, `audit2` held out.
`amounts7.jsonl` (the whole `audit` split) and `amounts7_audit3.jsonl` / `amounts7_audit2.jsonl` hold the rows
after the change, new rows judged right after reading each one (measures with their unit, merged ranges).

    python -m benchmarks.audit_records --split audit2 --tables amounts --sample 8

Judging strictness for entities (as applied since the third pass; written down by the eighth): an `entities` row is
right when its canonical name is a name a reader would accept (not a common word or term capitalised by a heading,
a code identifier, a unit or a measurement), its first span is the whole name (not cut, no verb or label glued on),
and its label is the kind of thing named in that article: a company, a platform or a brand as ORG (a company's
name used for its product, "Salesforce", "Oracle", is accepted as ORG), software, apps, devices, standards and
protocols as PRODUCT (ORG is wrong for software, libraries and languages), programming and natural languages as
LANGUAGE. Wrong: `not-entity`, `bad-span`, `bad-type` (plus a note), `joined-list`.

Quotes and attributions (issue 19): `--tables quotes,attributions` (the default stays `amounts,entities`, so the
commands above keep their meaning) lists every `quotes` row (its span, kind, marks, cue, speaker as written and
resolved, speaker kind, role and resolution; shown with the span in [[ ]] and the cue in << >>) and every
`attributions` row (cue and cue type, source as written and resolved, source kind, resolution, method, content span;
shown with the content in [[ ]], the written source in {{ }} and the cue in << >>), ids Q1.. and T1.. with
`--show-unjudged`. Rows come from the same `extract_batch` results as the other tables. The key leaves out every
offset (cue, source and content offsets too) and holds, instead of the quoted words or the attributed claim, their
length and a sha1 of their whitespace-normalised text; plus the context hash. Judged files:
`quotes_attributions_<split>.jsonl` (read by default; `quotes_attributions.jsonl` for `--split audit`). The
`--judgments` files these were made from are kept beside them (`quotes_attributions_<split>_judgments.txt`): their
ids are those of a run with no judged file (`--judged` with nothing after it). Rows judged after
the attribution rules changed (2026-12-02: heading colons and a generic "you"):
`quotes_attributions_after_<split>.jsonl`, also read by default. After the attributions' eighth pass
(2026-12-02: claims inside someone else's claim): `quotes_attributions_after8_audit3.jsonl`, the `audit3` rows with
the 6 new ones judged (their `--judgments` file beside it: ids of a run with the judged files before it).
After the ninth (2026-12-02: claim boundaries, speakers in relative clauses):
`quotes_attributions_after9_audit3.jsonl`, the 3 new `audit3` rows judged the same way.

    python -m benchmarks.audit_records --split audit3 --tables quotes,attributions --recall
    python -m benchmarks.audit_records --split audit2 --tables quotes,attributions --recall
    # re-judge from scratch: --judged --judgments benchmarks/audit/quotes_attributions_audit3_judgments.txt --out ...

Judging strictness for quotes and attributions (applied 2026-12-02 to `audit3` and `audit2`, every row):
- a `quotes` row is right when its span is a real quotation in the article (speech or writing someone produced,
  reported directly or indirectly; not a title, a name, a setting or list of product features, a scare quote or
  term, an idiom, a chant without speech, a pull quote repeating the article's own sentence, a template the reader
  is asked to paste, nor a non-speech verb's object such as "you find that", "let's say", "a cue tells the puppy")
  with its whole extent (not the previous clause, not missing the claim's subject), and its speaker is the person or
  body who said it (or empty only when the text names none; a first-person author "I"/"we" is accepted). The
  quote's cue is not judged. Wrong: `not-quote`, `extent`, `speaker` (the wrong one, or unresolved "it"), or
  `no-speaker` (empty where the text names one).
- an `attributions` row is right when the cue is an act of saying, believing or reporting a claim (say, estimate,
  expect, think, found that, according to, claim ...; not want, plan, decide, find an object, charge, offer,
  support, talk about a topic, a heading or list colon), the content span is what was attributed, roughly whole (a
  reader would accept it: not the previous clause, not the claim without its subject, not a topic noun), and the
  source is the one the text gives (the resolved source right; a pronoun as the written span is fine when the
  resolved source is right; a generic "you" or the author's "I"/"we" is accepted as written; an unattributed
  passive is right unless the text cites a source). Wrong: `not-cue`, `content`, `source`.

Quote recall (`--recall`): `quotes_recall_<split>.json` holds, for the 5 pages of the split with the most quotation
marks in the cleaned text (ties by page id), the offsets and context hashes of every real quotation a reader sees
there (by the strictness above, direct quotations, partial ones included), counted by reading the text. A quotation
is found when a `quotes` row overlaps it, found right when such a row is judged right.

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
# The other page set (`extraction`: the cleaner's development pages, never judged for records until the
# entities' twelfth pass): its splits are named `x...`, each the next 20 of its ids ordered by sha1(id).
DEV_X = REPO.parent / "shared" / "devdata" / "extraction"
X_SPLITS = ("xaudit", "xaudit2", "xaudit3", "xaudit4", "xaudit5", "xaudit6", "xaudit7", "xaudit8")
PAGES_PER_SPLIT = 20
# The splits in page order: each is the next PAGES_PER_SPLIT pages; append new splits, never reorder.
SPLITS = ("audit", "tune", "tune2", "audit2", "tune3", "audit3", "tune4", "audit4", "tune5", "audit5", "tune6",
          "audit6", "tune7", "audit7", "tune8", "audit8", "tune9", "audit9", "tune10", "audit10")

AMOUNT_FIELDS = ("start", "end", "text", "value", "low", "high", "kind", "is_counted", "currency", "unit")
ENTITY_FIELDS = ("canonical_name", "label", "category", "first_start", "first_end", "aliases", "mention_count")
# Quotes and attributions: the values a judge looks at, plus offsets (dropped from the key). The quoted words and the
# attributed claim are never stored: their length and a sha1 of their text stand for them.
QUOTE_FIELDS = ("start", "end", "kind", "quote_marks", "is_partial", "cue", "cue_start", "cue_end", "speaker_text",
                "speaker", "speaker_kind", "speaker_role", "speaker_resolution", "continues_quote_index")
ATTRIBUTION_FIELDS = ("start", "end", "cue", "cue_type", "cue_start", "cue_end", "source_text", "source_start",
                      "source_end", "source", "source_kind", "resolution", "content_start", "content_end", "method")
TABLES_ALL = ("amounts", "entities", "entity_candidates", "quotes", "attributions")
PREFIXES = {"amounts": "A", "entities": "E", "entity_candidates": "C", "quotes": "Q", "attributions": "T"}
# A candidate row is judged by the entities' rules and keyed as an `entities` row: the same name, label and
# sentence judged before the twelfth pass (when every candidate was published in `entities`) keeps its verdict.
JUDGED_AS = {"entity_candidates": "entities"}


def split_ids(ids: list[str], split: str) -> list[str]:
    """The fixed rule: odd numeric ids, ordered by sha1(id); first 20 = audit, next 20 = tune,
    the 20 after those = tune2 (more pages to develop on, added by the entities' third pass), the
    20 after those = audit2 (a fresh held-out split, added by the entities' fifth pass because
    `audit` had been looked at), then tune3 and audit3 (the sixth pass: pages to develop on and a
    fresh held-out split, because audit2 had been looked at), then tune4 and audit4 (the seventh
    pass, because audit3 had been looked at), then tune5 and audit5 (the eighth pass, because audit4
    had been looked at; audit5 judged at the code before that pass), then tune6 and audit6 (the ninth
    pass, because audit5 had been looked at; audit6 judged at the code before that pass), then tune7 and audit7 (the
    tenth pass, because audit6 had been looked at; audit7 judged at the code before that pass), then tune8 and audit8
    (the eleventh pass, because audit7 had been looked at; audit8 judged at the code before that pass), then tune9,
    audit9, tune10 and audit10 (the twelfth pass, because audit8 had been looked at; audit9 and audit10 judged at the
    code before that pass, by someone who did not develop the pass). A new split is always the next 20 pages in this
    order."""
    odd = [i for i in ids if int(re.sub(r"\D", "", i) or 0) % 2 == 1]
    even = [i for i in ids if int(re.sub(r"\D", "", i) or 0) % 2 == 0]
    by_sha1 = (lambda i: hashlib.sha1(i.encode()).hexdigest())
    # The odd ids run out inside tune6 (209 of them): the order goes on with the even ids, same rule, so every
    # earlier split keeps its pages.
    ordered = sorted(odd, key=by_sha1) + sorted(even, key=by_sha1)
    offset = SPLITS.index(split) * PAGES_PER_SPLIT
    return sorted(ordered[offset:offset + PAGES_PER_SPLIT])


def x_split_ids(ids: list[str], split: str) -> list[str]:
    """The `extraction` page set's splits: its ids ordered by sha1(id), the next 20 for each name in `X_SPLITS`."""
    ordered = sorted(ids, key=lambda i: hashlib.sha1(i.encode()).hexdigest())
    offset = X_SPLITS.index(split) * PAGES_PER_SPLIT
    return sorted(ordered[offset:offset + PAGES_PER_SPLIT])


def load_pages(split: str) -> list[dict[str, Any]]:
    corpus = DEV_X if split in X_SPLITS else DEV
    gold = {}
    with open(corpus / "gold.jsonl", encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            gold[record["id"]] = record
    chosen = x_split_ids(sorted(gold), split) if split in X_SPLITS else split_ids(sorted(gold), split)
    ids = [i for i in chosen if (corpus / "html" / f"{i}.html").exists()]
    return [{"id": i, "url": gold[i].get("url"),
             "html": (corpus / "html" / f"{i}.html").read_text(encoding="utf-8", errors="replace")} for i in ids]


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


OFFSETS = frozenset({"start", "end", "first_start", "first_end", "mention_count", "cue_start", "cue_end", "source_start",
                     "source_end", "content_start", "content_end", "continues_quote_index"})


def row_key(item: dict[str, Any]) -> str:
    """What a verdict is about: the row's values without its offsets, plus a hash of the text
    around it. Offsets move whenever the cleaner keeps or drops a block elsewhere on the page;
    the row and its sentence do not."""
    return json.dumps([JUDGED_AS.get(item["table"], item["table"]), item["doc_id"], _values(item),
                       item.get("context_sha1")], sort_keys=True, ensure_ascii=False)


def values_key(item: dict[str, Any]) -> str:
    """The row's values alone (no context): used to carry a verdict over only when exactly one
    judged row and one current row of the article share them."""
    return json.dumps([JUDGED_AS.get(item["table"], item["table"]), item["doc_id"], _values(item)], sort_keys=True,
                      ensure_ascii=False)


def _values(item: dict[str, Any]) -> dict[str, Any]:
    """The row's values without its offsets."""
    return {k: v for k, v in item["row"].items() if k not in OFFSETS}


def sample_key(item: dict[str, Any]) -> str:
    """What decides whether a row is in a 1/N sample: its article, table and surface (the
    amount's text, the entity's name), so a row stays in or out whatever its kind or label."""
    row = item["row"]
    surface = row.get("text_sha1", row.get("text", row.get("canonical_name")))
    if item["table"] == "attributions":
        surface = [row.get("cue"), row.get("source_text"), row.get("content_sha1")]
    return json.dumps([item["table"], item["doc_id"], surface], ensure_ascii=False)


def context_sha1(text: str, start: int, end: int, width: int = 40) -> str:
    """Hash of the whitespace-normalised text around a row: identifies the occurrence without
    storing the article's words."""
    return text_sha1(text[max(0, start - width):end + width])


def text_sha1(text: str) -> str:
    """Hash of the whitespace-normalised text (16 hex digits)."""
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]


def audit_rows(results: dict[str, Any], texts: dict[str, str],
               tables: tuple[str, ...] = ("amounts", "entities")) -> list[dict[str, Any]]:
    rows = []
    for doc_id, result in sorted(results.items()):
        text = texts[doc_id]
        if "quotes" in tables:
            for r in result.quotes:
                row = {k: r.get(k) for k in QUOTE_FIELDS}
                row["text_len"], row["text_sha1"] = r["end"] - r["start"], text_sha1(text[r["start"]:r["end"]])
                rows.append({"table": "quotes", "doc_id": doc_id, "row": row,
                             "context_sha1": context_sha1(text, r["start"], r["end"])})
        if "attributions" in tables:
            for r in result.attributions:
                row = {k: r.get(k) for k in ATTRIBUTION_FIELDS}
                cs, ce = r.get("content_start"), r.get("content_end")
                row["content_sha1"] = text_sha1(text[cs:ce]) if cs is not None and ce is not None else None
                lo = min(r["start"], cs) if cs is not None else r["start"]
                hi = max(r["end"], ce) if ce is not None else r["end"]
                rows.append({"table": "attributions", "doc_id": doc_id, "row": row,
                             "context_sha1": context_sha1(text, lo, hi)})
        for r in result.entity_candidates if "entity_candidates" in tables else []:
            rows.append({"table": "entity_candidates", "doc_id": doc_id, "row": {k: r.get(k) for k in ENTITY_FIELDS},
                         "context_sha1": context_sha1(text, r["first_start"], r["first_end"])})
        if "amounts" not in tables and "entities" not in tables:
            continue
        for r in result.amounts if "amounts" in tables else []:
            rows.append({"table": "amounts", "doc_id": doc_id, "row": {k: r.get(k) for k in AMOUNT_FIELDS},
                         "context_sha1": context_sha1(text, r["start"], r["end"])})
        for r in result.entities if "entities" in tables else []:
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


# The judged files read by default (see the module docstring); `judged_files` adds the split's suffix.
DEFAULT_JUDGED = [REPO / "benchmarks" / "audit" / name for name in (
    "amounts_entities_before.jsonl",
    "amounts_entities_after.jsonl",
    "amounts_entities_after_entities2.jsonl",
    "entities3.jsonl",
    "entities5_before.jsonl",
    "entities5.jsonl",
    "entities6_before.jsonl",
    "entities6.jsonl",
    "entities7_before.jsonl",
    "entities7.jsonl",
    "entities8_before.jsonl",
    "entities8.jsonl",
    "entities9_before.jsonl",
    "entities9.jsonl",
    "entities10_before.jsonl",
    "entities10.jsonl",
    "entities11_before.jsonl",
    "entities11.jsonl",
    "entities12_before.jsonl",
    "entities12_mid.jsonl",
    "entities12_step2.jsonl",
    "entities12.jsonl",
    "entities13_before.jsonl",
    "entities13.jsonl",
    "amounts7_before.jsonl",
    "amounts7.jsonl",
    "quotes_attributions.jsonl",
    "quotes_attributions_after.jsonl",
    "quotes_attributions_after8.jsonl",
    "quotes_attributions_after9.jsonl",
)]


def judged_files(paths: list[Path], split: str) -> list[Path]:
    """The judged files of a split: the names as given for `audit`, with `_<split>` before the
    suffix for the others (`entities8.jsonl` -> `entities8_audit5.jsonl`)."""
    return paths if split == "audit" else [p.with_name(f"{p.stem}_{split}.jsonl") for p in paths]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=SPLITS + X_SPLITS, default="audit")
    parser.add_argument("--judged", type=Path, nargs="*", default=DEFAULT_JUDGED)
    parser.add_argument("--tables", default="amounts,entities",
                        help="comma-separated tables to list and judge: amounts, entities, quotes, attributions "
                             "(default amounts,entities)")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--recall", type=Path, nargs="?", const=True, default=None,
                        help="with --tables quotes: the hand-counted quotations of the split "
                             "(default benchmarks/audit/quotes_recall_<split>.json) and how many have a quotes row")
    parser.add_argument("--show-unjudged", action="store_true")
    parser.add_argument("--judgments", type=Path)
    parser.add_argument("--rest-right", action="store_true")
    parser.add_argument("--sample", type=int, default=1,
                        help="judge only rows whose sha1(article, table, surface) is divisible by N (a stable 1/N sample; the tune "
                             "split is judged with --sample 8)")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    corpus = DEV_X if args.split in X_SPLITS else DEV
    if not (corpus / "gold.jsonl").exists():
        print(f"skipped: the development pages are not at {corpus}")
        return 0
    texts, results = extract(load_pages(args.split))
    errors = {d: r.error for d, r in results.items() if r.error}
    tables = tuple(t.strip() for t in args.tables.split(",") if t.strip())
    unknown = [t for t in tables if t not in TABLES_ALL]
    if unknown:
        print(f"unknown table(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    rows = [item for item in audit_rows(results, texts, tables) if args.sample <= 1 or int(hashlib.sha1(
        sample_key(item).encode()).hexdigest(), 16) % args.sample == 0]
    judged, judged_by_values = load_judged(judged_files(args.judged, args.split))
    judgments = read_judgments(args.judgments) if args.judgments else {}
    apply_verdicts(rows, judged, judged_by_values, judgments, args, texts)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with open(args.out, "w", encoding="utf-8") as fh:
            for item in rows:
                fh.write(json.dumps(item, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"split {args.split}: {len(results)} pages, errors: {errors or 'none'}")
    for table in tables:
        print_precision(table, [i for i in rows if i["table"] == table])
    if args.recall and "quotes" in tables:
        path = REPO / "benchmarks" / "audit" / f"quotes_recall_{args.split}.json" if args.recall is True else args.recall
        print_recall(path, [i for i in rows if i["table"] == "quotes"], texts)
    return 0


def print_recall(path: Path, quote_rows: list[dict], texts: dict[str, str]) -> None:
    """Quote recall on the pages of a recall file: each hand-counted quotation (offsets into the cleaned text) is
    found when a current `quotes` row overlaps it, and found right when such a row is judged right. A quotation whose
    context hash no longer matches is reported (the cleaner moved the text; re-count that page)."""
    if not path.exists():
        print(f"  recall: no file {path}")
        return
    spec = json.loads(path.read_text(encoding="utf-8"))
    total = found = right = moved = 0
    per_page = []
    for doc_id, quotations in spec["pages"].items():
        text = texts.get(doc_id)
        rows = [i for i in quote_rows if i["doc_id"] == doc_id]
        page_found = page_right = 0
        for q in quotations:
            total += 1
            if text is None or context_sha1(text, q["start"], q["end"]) != q["context_sha1"]:
                moved += 1
                continue
            hits = [i for i in rows if i["row"]["start"] < q["end"] and q["start"] < i["row"]["end"]]
            page_found += bool(hits)
            page_right += any(i["verdict"] == "right" for i in hits)
        found += page_found
        right += page_right
        per_page.append(f"{doc_id} {page_found}/{len(quotations)}")
    share = (lambda n: f"{n / total:.2f}" if total else "n/a")
    print(f"  quotes recall on {len(spec['pages'])} pages (hand-counted quotations): with a row {found}/{total} "
          f"({share(found)}), with a row judged right {right}/{total} ({share(right)})"
          + (f", {moved} moved (re-count)" if moved else ""))
    print("     per page: " + ", ".join(per_page))


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
        prefix = PREFIXES[item["table"]]
        numbers[prefix] += 1
        item_id = f"{prefix}{numbers[prefix]}"
        if item_id in judgments:
            item["verdict"], item["reason"] = judgments[item_id]
        elif args.rest_right and args.judgments:
            item["verdict"] = "right"
        if args.show_unjudged:
            print(f"{item_id:>5} {item['doc_id']} {describe_row(item, texts[item['doc_id']])}")


def mark(text: str, lo: int, hi: int, spans: list[tuple[int | None, int | None, str, str]], width: int = 90) -> str:
    """text[lo-width:hi+width] within its paragraph(s), with each (start, end, open, close) span bracketed."""
    left = max(text.rfind("\n", 0, lo) + 1, lo - width)
    right = text.find("\n", hi)
    right = min(right if right >= 0 else len(text), hi + width)
    inserts = []
    for start, end, open_, close in spans:
        if start is not None and end is not None and left <= start <= end <= right:
            inserts += [(start, 1, open_), (end, 0, close)]
    out, pos = [], left
    for at, _, tag in sorted(inserts, key=lambda x: (x[0], x[1])):
        out += [text[pos:at], tag]
        pos = at
    out.append(text[pos:right])
    return "".join(out).replace("\n", " / ")


def describe_row(item: dict, text: str) -> str:
    r = item["row"]
    if item["table"] == "quotes":
        desc = (f"{r['kind']} marks={r['quote_marks']} partial={r['is_partial']} cue={r['cue']!r} "
                f"speaker_text={r['speaker_text']!r} -> speaker={r['speaker']!r} ({r['speaker_kind']}, "
                f"{r['speaker_resolution']}) role={r['speaker_role']!r}")
        lo = min(r["start"], r["cue_start"]) if r.get("cue_start") is not None else r["start"]
        hi = max(r["end"], r["cue_end"]) if r.get("cue_end") is not None else r["end"]
        return f"{desc}\n        | " + mark(text, lo, hi, [(r["start"], r["end"], "[[", "]]"),
                                                          (r.get("cue_start"), r.get("cue_end"), "<<", ">>")])
    if item["table"] == "attributions":
        desc = (f"{r['cue_type']} cue={r['cue']!r} source_text={r['source_text']!r} -> source={r['source']!r} "
                f"({r['source_kind']}, {r['resolution']}) method={r['method']}")
        cs, ce = r.get("content_start"), r.get("content_end")
        lo = min(r["start"], cs) if cs is not None else r["start"]
        hi = max(r["end"], ce) if ce is not None else r["end"]
        return f"{desc}\n        | " + mark(text, lo, hi, [(cs, ce, "[[", "]]"),
                                                          (r.get("source_start"), r.get("source_end"), "{{", "}}"),
                                                          (r.get("cue_start"), r.get("cue_end"), "<<", ">>")])
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
