"""Score the cleaner on a dev set (../shared/devdata/extraction or extraction-more, never copied).

Metrics per page: word 4-gram shingle precision and recall against the gold `text`, averaged
over pages, F1 of the two means; share of `with` snippets found and of `without` snippets
leaked (case-insensitive substring, whitespace normalised); pages per second.
HTML mode runs `clean_html` on the page; text mode renders the page to plain text first
(inscriptis by default, as `benchmarks.cleaning` does; `--render lxml` gives the simpler
one-line-per-block dump used by the tests when inscriptis is absent) and runs `clean_text`.

Run:  python -m benchmarks.cleaning_score [--set extraction|extraction-more] [--limit N]
      [--worst K] [--split even|odd] [--misses]
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
DEV_ROOT = REPO.parent / "shared" / "devdata"
DEV_DIR = DEV_ROOT / "extraction"
DEV_SETS = ("extraction", "extraction-more")
"""The two development sets (same format): rules are chosen on one and measured on the other."""
NEAR_EMPTY_CHARS = 200
"""An extraction shorter than this counts as an empty or near-empty body in the reports."""


def dev_dir(name: str = "extraction") -> Path:
    return DEV_ROOT / name
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
    """Snippet matching on the same word tokens as the F1 shingles (lower-cased `\\w+` runs,
    padded so that only whole words match). Why not the raw characters: the gold snippets were
    retyped (straight vs curly quotes, "requirement ." vs "requirement.", list bullets), so a
    character match misses ~11 % of `with` snippets even in the unfiltered page, for every
    system alike; on words only the content is compared. No padding at the end: many snippets
    are cut at a fixed length, mid-word ("retentio")."""
    return " " + " ".join(_WORD.findall(s.lower()))


def load_dev(limit: int | None = None, directory: Path = DEV_DIR) -> list[dict]:
    raw = (directory / "gold.jsonl").read_text(encoding="utf-8")
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


def summarise(recs: list[dict], outs: list[str]) -> dict:
    """Scores of extractions `outs` against the gold of `recs` (same order): mean P and R,
    F1 of the means, share of `with` snippets found and of `without` snippets leaked, and
    per-page (F1, P, R, id) under "per_page"."""
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
    n = max(1, len(ps))
    P, R = sum(ps) / n, sum(rs) / n
    empty = sum(1 for out in outs if len(out.strip()) < NEAR_EMPTY_CHARS)
    return {"pages": len(recs), "F1": 2 * P * R / (P + R) if P + R else 0.0, "P": P, "R": R,
            "empty": empty,
            "with%": 100 * w_found / max(1, w_total),
            "without%": 100 * wo_leak / max(1, wo_total), "per_page": per}


def render_inscriptis(page: str) -> str:
    """The text-mode twin of a page: inscriptis's layout-preserving rendering."""
    from inscriptis import get_text

    try:
        return get_text(page)
    except Exception:  # noqa: BLE001 - a page inscriptis cannot render becomes an empty dump
        return ""


def select(recs: list[dict], split: str) -> list[dict]:
    """`even`/`odd`: pages whose numeric id suffix is even/odd (a held-out check: develop on
    one half, verify on the other)."""
    if split == "all":
        return recs
    want = 0 if split == "even" else 1
    return [r for r in recs if int(r["id"].rsplit("-", 1)[-1]) % 2 == want]


def render_for(mode: str, html: str, renderer: str = "inscriptis") -> str:
    """The input of `mode` for one page: the HTML itself, or its text-mode twin."""
    if mode == "html":
        return html
    if renderer == "inscriptis":
        return render_inscriptis(html)
    return render_text(html)


def evaluate(mode: str, recs: list[dict], worst: int = 0, renderer: str = "inscriptis",
             directory: Path = DEV_DIR) -> dict:
    from extractors.cleaning.cleaner import clean_html, clean_text

    inputs = []
    for r in recs:
        html = (directory / "html" / f"{r['id']}.html").read_text(encoding="utf-8",
                                                                errors="replace")
        inputs.append(render_for(mode, html, renderer))
    fn = clean_html if mode == "html" else clean_text
    t0 = time.perf_counter()
    outs = [fn(x).text for x in inputs]
    dt = time.perf_counter() - t0
    res = summarise(recs, outs)
    res["mode"] = mode
    res["docs_per_s"] = len(recs) / dt
    res["outs"] = outs
    if worst:
        res["worst"] = sorted(res["per_page"])[:worst]
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--worst", type=int, default=0)
    ap.add_argument("--mode", choices=["html", "text", "both"], default="both")
    ap.add_argument("--render", choices=["inscriptis", "lxml"], default="inscriptis",
                    help="text-mode twin: inscriptis (as the benchmark) or lxml one-line-per-block")
    ap.add_argument("--split", choices=["all", "even", "odd"], default="all")
    ap.add_argument("--misses", action="store_true", help="print with/without misses")
    ap.add_argument("--set", choices=DEV_SETS, default="extraction", help="which dev set")
    args = ap.parse_args(argv)
    directory = dev_dir(args.set)
    if not directory.is_dir():
        print(f"dev set not found at {directory}", file=sys.stderr)
        return 1
    recs = select(load_dev(args.limit, directory), args.split)
    modes = ["html", "text"] if args.mode == "both" else [args.mode]
    for mode in modes:
        res = evaluate(mode, recs, args.worst, args.render, directory)
        print(f"{mode:5s} pages={res['pages']} empty={res['empty']} F1={res['F1']:.3f} P={res['P']:.3f} "
              f"R={res['R']:.3f} with={res['with%']:.1f}% without(leaked)={res['without%']:.1f}% "
              f"docs/s={res['docs_per_s']:.0f}")
        for f1, p, r, pid in res.get("worst", []):
            print(f"   worst {pid} F1={f1:.2f} P={p:.2f} R={r:.2f}")
        if args.misses:
            for r, out in zip(recs, res["outs"]):
                o = _norm(out)
                for s in r.get("with") or []:
                    if _norm(s) not in o:
                        print(f"   with-miss {r['id']}: {s[:100]!r}")
                for s in r.get("without") or []:
                    if _norm(s) in o:
                        print(f"   leak {r['id']}: {s[:100]!r}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    raise SystemExit(main())
