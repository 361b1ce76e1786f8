"""Side-by-side cleaning benchmark: ours against trafilatura and jusText, HTML and text mode.

Run:  python -m benchmarks.cleaning [--limit N] [--split all|even|odd] [--systems a,b]
      (`make bench-cleaning` installs the dev-only peers from requirements-bench.txt first)

Reads the dev set from ../shared/devdata/extraction relative to the repo root (never copied).
Prints the date, the package versions and ONE table: mode, system, F1, P, R, with %,
without % (leaked), docs/s. Every system runs sequentially in this one process (one core), on
inputs already read into memory, so docs/s measures extraction only and is comparable between
systems of the same run (the machine may be shared: compare within a run, not across runs).

- HTML mode: the raw page.
- Text mode: the page rendered to text by inscriptis (layout-preserving, as a scraper does).
  Ours runs `clean_text` on it. The peers only read HTML, so each rendered line is wrapped in
  `<p>` and fed to them as a paragraph (the issue's "fed line by line").
- readability-lxml is not installed in this environment, so it is not run.

This module is a development tool: product code must never import it.
"""
from __future__ import annotations

import argparse
import html as html_lib
import platform
import sys
import time
from datetime import date
from importlib.metadata import PackageNotFoundError, version
from typing import Callable

from benchmarks.cleaning_score import DEV_DIR, load_dev, summarise

Extractor = Callable[[str], str]


def render_inscriptis(page: str) -> str:
    """The text-mode twin of a page: inscriptis's layout-preserving rendering."""
    from inscriptis import get_text

    try:
        return get_text(page)
    except Exception:  # noqa: BLE001 - a page inscriptis cannot render becomes an empty dump
        return ""


def lines_as_html(text: str) -> str:
    """Wrap each non-blank line in <p> so that an HTML-only extractor sees it as a paragraph."""
    body = "".join(f"<p>{html_lib.escape(line.strip())}</p>\n" for line in text.split("\n")
                   if line.strip())
    return f"<html><body>{body}</body></html>"


# --------------------------------------------------------------------------- systems
def _ours_html(page: str) -> str:
    from extractors.cleaning import clean_html

    return clean_html(page).text


def _ours_text(text: str) -> str:
    from extractors.cleaning import clean_text

    return clean_text(text).text


def _trafilatura(**kwargs) -> Extractor:
    import trafilatura

    def run(page: str) -> str:
        return trafilatura.extract(page, include_comments=False, **kwargs) or ""

    return run


def _justext(page: str) -> str:
    import justext

    paragraphs = justext.justext(page.encode("utf-8", "replace"),
                                 justext.get_stoplist("English"), encoding="utf-8")
    return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def _keep_all(text: str) -> str:
    return text


def systems(mode: str) -> dict[str, Extractor]:
    """Systems run in `mode`; the peers take HTML, so in text mode their input is wrapped."""
    traf, traf_p = _trafilatura(), _trafilatura(favor_precision=True)
    if mode == "html":
        return {"ours": _ours_html, "trafilatura": traf,
                "trafilatura (favor_precision)": traf_p, "justext": _justext}
    return {"ours": _ours_text,
            "trafilatura (lines as <p>)": lambda t: traf(lines_as_html(t)),
            "justext (lines as <p>)": lambda t: _justext(lines_as_html(t)),
            "keep everything": _keep_all}


# --------------------------------------------------------------------------- running
def _versions() -> str:
    out = [f"python {platform.python_version()}"]
    for pkg in ("lxml", "trafilatura", "justext", "inscriptis"):
        try:
            out.append(f"{pkg} {version(pkg)}")
        except PackageNotFoundError:
            out.append(f"{pkg} (not installed)")
    out.append("readability-lxml (not installed: not run)")
    return ", ".join(out)


def select(recs: list[dict], split: str) -> list[dict]:
    """`even`/`odd`: pages whose numeric id suffix is even/odd (a held-out check: develop on
    one half, verify on the other)."""
    if split == "all":
        return recs
    want = 0 if split == "even" else 1
    return [r for r in recs if int(r["id"].rsplit("-", 1)[-1]) % 2 == want]


def run(recs: list[dict], pages: list[str], modes: list[str], only: set[str] | None,
        ) -> list[tuple[str, str, dict]]:
    rows = []
    texts: list[str] | None = None
    for mode in modes:
        if mode == "text":
            texts = texts or [render_inscriptis(p) for p in pages]
        inputs = pages if mode == "html" else texts
        for name, fn in systems(mode).items():
            if only and not any(o in name for o in only):
                continue
            if name == "ours":
                from extractors.boilerplate import _classify_cached

                _classify_cached.cache_clear()  # no head start from an earlier run
            t0 = time.perf_counter()
            outs = [fn(x) for x in inputs]
            elapsed = time.perf_counter() - t0
            res = summarise(recs, outs)
            res["docs_per_s"] = len(recs) / max(elapsed, 1e-9)
            rows.append((mode, name, res))
    return rows


def format_table(rows: list[tuple[str, str, dict]]) -> str:
    head = ("| mode | system | F1 | P | R | with % | without % (leaked) | docs/s |\n"
            "|---|---|---|---|---|---|---|---|")
    lines = [head]
    for mode, name, r in rows:
        lines.append(f"| {mode} | {name} | {r['F1']:.3f} | {r['P']:.3f} | {r['R']:.3f} | "
                     f"{r['with%']:.1f} | {r['without%']:.1f} | {r['docs_per_s']:.0f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--split", choices=["all", "even", "odd"], default="all")
    ap.add_argument("--mode", choices=["html", "text", "both"], default="both")
    ap.add_argument("--systems", default="", help="comma-separated name fragments to run")
    args = ap.parse_args(argv)
    if not DEV_DIR.is_dir():
        print(f"dev set not found at {DEV_DIR}", file=sys.stderr)
        return 1
    recs = select(load_dev(args.limit), args.split)
    pages = [(DEV_DIR / "html" / f"{r['id']}.html").read_text(encoding="utf-8",
                                                                errors="replace")
             for r in recs]
    modes = ["html", "text"] if args.mode == "both" else [args.mode]
    only = {s.strip() for s in args.systems.split(",") if s.strip()} or None
    rows = run(recs, pages, modes, only)
    print(f"newsetl cleaning benchmark, {date.today().isoformat()}, {len(recs)} pages "
          f"({args.split}) from {DEV_DIR.name}/, one core, sequential")
    print(_versions())
    print("text mode = page rendered by inscriptis; peers get each line wrapped in <p>")
    print(format_table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
