"""Score the cleaner on the extraction dev set (../shared/devdata/extraction, never copied here).

Metrics per page: word 4-gram shingle precision and recall against the gold `text`, averaged
over pages, F1 of the two means; share of `with` snippets found and of `without` snippets
leaked (case-insensitive substring, whitespace normalised); pages per second.
HTML mode runs `clean_html` on the page; text mode renders the page to plain text first
(lxml, block elements -> newlines, as a scraper's text dump would be) and runs `clean_text`.

Run:  python -m benchmarks.cleaning_score [--limit N] [--worst K]
This module is a development tool: product code must never import it.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEV_DIR = REPO.parent / "shared" / "devdata" / "extraction"
_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 4) -> Counter:
    words = _WORD.findall(text.lower())
    if len(words) < n:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i: i + n]) for i in range(len(words) - n + 1))


def score(pred: str, gold: str) -> tuple[float, float]:
    """(precision, recall) of word 4-gram shingles (multiset overlap) of pred against gold."""
    p, g = shingles(pred), shingles(gold)
    if not p and not g:
        return 1.0, 1.0
    overlap = sum((p & g).values())
    prec = overlap / sum(p.values()) if p else 0.0
    rec = overlap / sum(g.values()) if g else 1.0
    return prec, rec


def _norm(s: str) -> str:
    return " ".join(s.split()).lower()


def load_dev(limit: int | None = None) -> list[dict]:
    raw = (DEV_DIR / "gold.jsonl").read_text(encoding="utf-8")
    recs = [json.loads(line) for line in raw.split("\n") if line.strip()]
    return recs[:limit] if limit else recs


def render_text(html: str) -> str:
    """A plain-text dump of a page, like a naive scraper makes: scripts/styles dropped, one
    line per block element, everything else (nav, footer, ads) kept."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(html.encode("utf-8", "replace"))
    except Exception:  # noqa: BLE001
        return ""
    etree.strip_elements(root, "script", "style", "noscript", "template", "svg",
                         etree.Comment, with_tail=False)
    blocks = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "section",
              "article", "header", "footer", "nav", "aside", "ul", "ol", "blockquote",
              "figcaption", "table", "main", "dd", "dt", "pre", "form"}
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag in blocks:
            el.tail = "\n" + (el.tail or "")
            el.text = "\n" + (el.text or "")
    text = root.text_content()
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def evaluate(mode: str, recs: list[dict], worst: int = 0) -> dict:
    from extractors.cleaning import clean_html, clean_text

    inputs = []
    for r in recs:
        html = (DEV_DIR / "html" / f"{r['id']}.html").read_text(encoding="utf-8",
                                                              errors="replace")
        inputs.append(html if mode == "html" else render_text(html))
    fn = clean_html if mode == "html" else clean_text
    t0 = time.perf_counter()
    outs = [fn(x).text for x in inputs]
    dt = time.perf_counter() - t0
    ps, rs, per = [], [], []
    w_found = w_total = wo_leak = wo_total = 0
    for r, out in zip(recs, outs):
        p, rc = score(out, r["text"])
        ps.append(p)
        rs.append(rc)
        per.append((2 * p * rc / (p + rc) if p + rc else 0.0, p, rc, r["id"]))
        o = _norm(out)
        for s in r.get("with") or []:
            w_total += 1
            w_found += _norm(s) in o
        for s in r.get("without") or []:
            wo_total += 1
            wo_leak += _norm(s) in o
    P, R = sum(ps) / len(ps), sum(rs) / len(rs)
    res = {"mode": mode, "pages": len(recs), "F1": 2 * P * R / (P + R) if P + R else 0.0,
           "P": P, "R": R, "with%": 100 * w_found / max(1, w_total),
           "without%": 100 * wo_leak / max(1, wo_total), "docs_per_s": len(recs) / dt}
    if worst:
        res["worst"] = sorted(per)[:worst]
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--worst", type=int, default=0)
    ap.add_argument("--mode", choices=["html", "text", "both"], default="both")
    args = ap.parse_args(argv)
    if not DEV_DIR.is_dir():
        print(f"dev set not found at {DEV_DIR}", file=sys.stderr)
        return 1
    recs = load_dev(args.limit)
    modes = ["html", "text"] if args.mode == "both" else [args.mode]
    for mode in modes:
        res = evaluate(mode, recs, args.worst)
        print(f"{mode:5s} pages={res['pages']} F1={res['F1']:.3f} P={res['P']:.3f} "
              f"R={res['R']:.3f} with={res['with%']:.1f}% without(leaked)={res['without%']:.1f}% "
              f"docs/s={res['docs_per_s']:.0f}")
        for f1, p, r, pid in res.get("worst", []):
            print(f"   worst {pid} F1={f1:.2f} P={p:.2f} R={r:.2f}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    raise SystemExit(main())
