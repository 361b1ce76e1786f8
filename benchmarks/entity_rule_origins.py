"""Which entity rule made or retyped each judged `entities` row, and how often such rows are right, per split.

    python -m benchmarks.entity_rule_origins --splits tune,tune2,audit,audit2,tune3,audit3,audit4 [--rows FILE]

Why (issue 20, the entities' eighth pass): rule-made rows were 0.77 right on the splits the rules were developed on
and 0.32 on a fresh one; a rule's precision on pages it was not developed on says whether it generalises. The
product path runs in-process (as `benchmarks.audit_records` runs it) with the package's functions wrapped, never
changed: each mention's span rule (`completed_name`, `body_of_place`, `with_direction`, `split_at`, `split_list`,
`joined_names`, `_missed_surnames`), its shape label (`_model_label`), the label resolution gave it, and each evidence step
(`evidence.STEPS`, `surnames_joined`) that changed an entity's label are recorded. A row's origins are those of its
mentions and of its entity. Verdicts come from the judged files `benchmarks.audit_records` reads by default.
Rows whose only support is the model are `model`; rows with a gazetteer category are `gazetteer` whatever else acted.
Prints, per origin and split, right/judged; `--rows` writes each judged row's origins (no article text).
The rows `support:gazetteer|article|model` are the product's own `entities.support` column (the ninth pass), so
its precision per value is read here, per split, beside the origins.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections import defaultdict
from pathlib import Path

from benchmarks import audit_records as ar
from extractors.nlp import entities as pkg
from extractors.nlp.entities import evidence, mentions as mentions_mod

SPAN_TAGS: dict[tuple[str, int, int], str] = {}  # (text sha1, start char, end char) -> span rule
LABEL_TAGS: dict[tuple[str, int, int], str] = {}  # shape retypes by `_model_label`
ORIGINS: dict[tuple[str, str], set[str]] = defaultdict(set)  # (text sha1, canonical) -> origins
CURRENT = {"sha": ""}


def _tag_spans(name: str, spans, original=None) -> None:
    for s in spans:
        if original is None or (s.start, s.end) != (original.start, original.end):
            SPAN_TAGS[(CURRENT["sha"], s.start_char, s.end_char)] = name


def _wrap_span_rules() -> None:
    orig_completed, orig_direction = mentions_mod.completed_name, mentions_mod.with_direction
    orig_split_at, orig_split_list = mentions_mod.split_at, mentions_mod.split_list
    orig_joined = mentions_mod.joined_names
    orig_model_label = mentions_mod._model_label
    orig_body = mentions_mod.body_of_place

    def body_of_place(span):
        out = orig_body(span)
        if out is not span:
            _tag_spans("span:body_of_place", [out])
        return out

    def completed_name(span, headings):
        out = orig_completed(span, headings)
        if out is not None and out is not span:
            _tag_spans("span:completed_name", [out])
        return out

    def with_direction(span):
        out = orig_direction(span)
        if out.start < span.start:
            _tag_spans("span:with_direction", [out])
        return out

    def split_at(span):
        out = orig_split_at(span)
        if len(out) > 1 or (out and (out[0].start, out[0].end) != (span.start, span.end)):
            _tag_spans("span:split_at", out)
        return out

    def split_list(span):
        out = orig_split_list(span)
        if len(out) > 1:
            _tag_spans("span:split_list", out)
        return out

    def joined_names(ents):
        out = orig_joined(ents)
        before = {(e.start, e.end) for e in ents}
        _tag_spans("span:joined_names", [e for e in out if (e.start, e.end) not in before])
        return out

    def model_label(span, label, credited):
        out = orig_model_label(span, label, credited)
        if out != label:
            LABEL_TAGS[(CURRENT["sha"], span.start_char, span.end_char)] = f"label:_model_label->{out}"
        return out

    mentions_mod.completed_name, mentions_mod.with_direction = completed_name, with_direction
    mentions_mod.split_at, mentions_mod.split_list, mentions_mod.joined_names = split_at, split_list, joined_names
    mentions_mod._model_label = model_label
    mentions_mod.body_of_place = body_of_place


def _mention_origins(m, sha: str) -> set[str]:
    out = set()
    if m.category:
        out.add("gazetteer")
    if m.model_label == "":
        out.add("span:_missed_surnames")
    for (s, a, b), tag in list(SPAN_TAGS.items()):
        if s == sha and a <= m.start and m.end <= b:
            out.add(tag)
    tag = LABEL_TAGS.get((sha, m.start, m.end))
    if tag:
        out.add(tag)
    if m.source == "rule" and not m.category and not out:
        out.add("span:other")  # trimmed or cut by a rule this wrapper does not name
    return out


def _wrap_pipeline() -> None:
    orig_find, orig_resolve, orig_weigh = pkg.find_mentions, pkg.resolve, pkg.weigh_evidence
    orig_surnames = evidence.surnames_joined

    def find_mentions(doc, sentences, text=None, *rest):
        CURRENT["sha"] = ar.text_sha1(doc.text if text is None else text)
        found = orig_find(doc, sentences, text, *rest)
        for m in found:
            m._origins = _mention_origins(m, CURRENT["sha"])  # type: ignore[attr-defined]
            m._found_label = m.label  # type: ignore[attr-defined]
        return found

    def resolve(found):
        result = orig_resolve(found)
        for m in found:
            if m.label != m._found_label:  # type: ignore[attr-defined]
                m._origins.add(f"resolve:{m.resolution}->{m.label}")  # type: ignore[attr-defined]
        return result

    def surnames_joined(result):
        before = {id(m): (m.resolution, m.label) for m in result.mentions}
        out = orig_surnames(result)
        for m in out.mentions:
            if before.get(id(m)) != (m.resolution, m.label):
                m._origins.add("evidence:surnames_joined")  # type: ignore[attr-defined]
        return out

    def weigh_evidence(doc, result, text=None, *rest):
        out = orig_weigh(doc, result, text, *rest)
        sha = CURRENT["sha"]
        for e in out.entities:
            for m in e.mentions:
                ORIGINS[(sha, e.canonical)] |= getattr(m, "_origins", set())
        return out

    pkg.find_mentions, pkg.resolve, pkg.weigh_evidence = find_mentions, resolve, weigh_evidence
    evidence.surnames_joined = surnames_joined
    evidence.STEPS = tuple(_wrapped_step(step) for step in evidence.STEPS)


FIRED: list[str] = []  # the named cues that answered True inside the step running now
CUES = ("owned_by_an_organisation", "product_use", "product_of")  # retyped_by_role's PRODUCT branches


def _wrap_cues() -> None:
    for name in CUES:
        original = getattr(evidence, name, None)
        if original is None:
            continue  # a cue the code no longer has (`product_of`, removed by the eighth pass)

        def cue(*args, _original=original, _name=name, **kwargs):
            out = _original(*args, **kwargs)
            if out:
                FIRED.append(_name)
            return out
        setattr(evidence, name, cue)


def _wrapped_step(step):
    def wrapped(c, label, a):
        FIRED.clear()
        out = step(c, label, a)
        if out is not None and out != label:
            fired = f"[{'+'.join(sorted(set(FIRED)))}]" if FIRED else ""
            ORIGINS[(CURRENT["sha"], c.entity.canonical)].add(f"evidence:{step.__name__}->{out}{fired}")
        return out
    wrapped.__name__ = step.__name__
    return wrapped


def split_rows(split: str) -> list[dict]:
    """The split's entity rows with their verdicts (default judged files) and origins."""
    texts, results = ar.extract(ar.load_pages(split))
    rows = ar.audit_rows(results, texts, ("entities",))
    judged, by_values = ar.load_judged(ar.judged_files(ar.DEFAULT_JUDGED, split))
    ar.apply_verdicts(rows, judged, by_values, {}, argparse.Namespace(show_unjudged=False, rest_right=False,
                                                                      judgments=None), texts)
    support = {(doc_id, e["canonical_name"], e["label"]): e.get("support")
               for doc_id, result in results.items() for e in result.entities}
    for item in rows:
        origins = set(ORIGINS.get((ar.text_sha1(texts[item["doc_id"]]), item["row"]["canonical_name"]), set()))
        item["origins"] = sorted(origins)
        item["split"] = split
        item["support"] = support.get((item["doc_id"], item["row"]["canonical_name"], item["row"]["label"]))
    return rows


def support_class(origins: list[str]) -> str:
    if "gazetteer" in origins:
        return "gazetteer"
    return "rule" if origins else "model"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--splits", default="tune,tune2,audit,audit2,tune3,audit3,audit4")
    parser.add_argument("--rows", type=Path)
    args = parser.parse_args()
    _wrap_span_rules()
    _wrap_pipeline()
    _wrap_cues()
    table: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    all_rows = []
    for split in args.splits.split(","):
        for item in split_rows(split):
            all_rows.append(item)
            if not item["verdict"]:
                continue
            keys = ["all", "class:" + support_class(item["origins"]), f"support:{item['support']}"]
            keys += [o for o in item["origins"] if o != "gazetteer"] if "gazetteer" not in item["origins"] else []
            for key in keys:
                cell = table[key][split]
                cell[0] += item["verdict"] == "right"
                cell[1] += 1
    splits = args.splits.split(",")
    print("origin".ljust(52) + "".join(s.rjust(10) for s in splits))
    for key in sorted(table, key=lambda k: (not k.startswith(("all", "class:", "support:")), k)):
        print(key[:51].ljust(52) + "".join(
            (f"{table[key][s][0]}/{table[key][s][1]}" if table[key][s][1] else "-").rjust(10) for s in splits))
    if args.rows:
        with open(args.rows, "w", encoding="utf-8") as fh:
            for item in all_rows:
                fh.write(json.dumps({k: item[k] for k in ("split", "doc_id", "row", "verdict", "reason", "origins",
                                                          "support")},
                                    ensure_ascii=False, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    sys.exit(main())
