"""Authors and publication date: ours against trafilatura's metadata, HTML and text mode.

Run:  python -m benchmarks.metadata [--sets extraction-more,extraction] [--limit N]
      [--misses ours-html,ours-text,traf] [--no-text] [--no-peer] [--no-bylines]

Reads the two dev sets under ../shared/devdata (never copied) at run time and exits 0 with a
message when they are absent. Every page is scored on three slices, side by side: the
`extraction-more` pages with an even id (where the byline rules were tuned), those with an
odd id, and `extraction` (both held out).

- authors right: every gold author's surname (last word of each name the gold lists, after
  splitting "A, B and C" and dropping credentials such as "MS, RD") appears among our
  authors, over pages whose gold names an author;
- date right: our publication date falls on the gold's calendar day (our datetime's own
  local day, as the page shows it), over pages whose gold has a full date;
- coverage: share of those pages where the system gives any author / any date at all;
- extra: pages whose gold has no author where the system still names one (not necessarily
  wrong: the gold annotators may have skipped it);
- title right / given: headlines given, and how many are the gold's (word for word, or
  holding it, or a long part of it): a precision check, mostly for text mode.

Ours scores `published` only: a dateline labelled "Updated" fills `modified`, by design (see
`extractors.cleaning.bylines.fill_from_bylines`), while the gold's annotators often wrote down the
update date a page shows, so some of our "misses" are that policy. `--no-bylines` runs ours
with the byline, dateline and text-header mechanisms switched off (the "before" figures).

Systems: ours in HTML mode (`clean_html(...).metadata`), trafilatura 2.x's
`extract_metadata` on the same page, and ours in text mode (`clean_text` on the page rendered
by inscriptis, exactly as `benchmarks.cleaning` renders it).

This module is a development tool: product code must never import it.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Callable

from benchmarks.cleaning_score import render_inscriptis, select
from benchmarks.cleaning_score import DEV_SETS, dev_dir, load_dev

_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\|)\s*", re.I)


def gold_surnames(author: str | None) -> list[str]:
    """Lower-cased surnames of the people a gold `author` string names. Credentials, degrees
    and titles ("MS", "Ph.D.", "E-RYT 200", "CEO of Foo") are pieces that start with a short
    capitalised or dotted abbreviation or hold a digit, and are dropped, unless the piece is
    a whole name in capitals ("LEONARDO GARCIA")."""
    if not author:
        return []
    out = []
    for k, piece in enumerate(_SPLIT.split(author)):
        words = piece.split()
        if not words:
            continue
        first = words[0].strip(".,")
        if k and (any(c.isdigit() for c in piece) or (len(words) == 1 and piece.isupper()) or (
                len(first) <= 6 and (first.isupper() or "." in first) and not piece.isupper())):
            continue  # "Ph.D.", "MD", "CEO of Foo": a credential or a title, not a person
        out.append(words[-1].lower().strip(".,"))
    return out


def _words(names: list[str]) -> set[str]:
    return {w.lower() for n in names for w in re.findall(r"[\w'’-]+", n)}


@dataclass
class Tally:
    author_gold: int = 0
    author_right: int = 0
    author_given: int = 0
    author_extra: int = 0  # gold has no author, system names one
    date_gold: int = 0
    date_right: int = 0
    date_given: int = 0
    title_given: int = 0
    title_right: int = 0
    seconds: float = 0.0
    pages: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, rid: str, gold_author: str | None, gold_date: date | None,
            authors: list[str], published: date | None, title: str | None = None,
            gold_title: str | None = None) -> None:
        self.pages += 1
        if title:
            self.title_given += 1
            self.title_right += same_title(title, gold_title)
        surnames = gold_surnames(gold_author)
        if surnames:
            self.author_gold += 1
            self.author_given += bool(authors)
            ours = _words(authors)
            if all(s in ours for s in surnames):
                self.author_right += 1
            else:
                self.misses.append(f"{rid} author gold={gold_author!r} ours={authors!r}")
        elif authors:
            self.author_extra += 1
            self.misses.append(f"{rid} author gold=None ours={authors!r}")
        if gold_date:
            self.date_gold += 1
            self.date_given += published is not None
            if published == gold_date:
                self.date_right += 1
            else:
                self.misses.append(f"{rid} date gold={gold_date} ours={published}")


def _title_words(s: str | None) -> str:
    return " ".join(re.findall(r"\w+", (s or "").lower()))


def same_title(ours: str, gold: str | None) -> bool:
    """Our headline is the gold's, word for word, or holds it (a site suffix), or is a long
    part of it."""
    o, g = _title_words(ours), _title_words(gold)
    return bool(g) and (o == g or g in o or (len(o) > 15 and o in g))


def _pct(a: int, b: int) -> str:
    return f"{a}/{b} = {100 * a / b:.1f} %" if b else "n/a"


def _local_day(value: datetime | str | None) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


# --------------------------------------------------------------------------- systems
Meta = tuple[list[str], date | None, str | None]


def ours_html(page: str) -> Meta:
    from extractors.cleaning.cleaner import clean_html

    m = clean_html(page).metadata
    return list(m.authors), _local_day(m.published), m.title


def ours_text(text: str) -> Meta:
    from extractors.cleaning.cleaner import clean_text

    m = clean_text(text).metadata
    return list(m.authors), _local_day(m.published), m.title


def trafilatura_html(page: str) -> Meta:
    from trafilatura.metadata import extract_metadata

    try:
        doc = extract_metadata(page)
    except Exception:  # noqa: BLE001 - a peer failure counts as nothing found
        return [], None, None
    authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
    return authors, _local_day(doc.date), doc.title


def bylines_off() -> None:
    """Ours as before `extractors.cleaning.bylines`: page metadata only, no text-dump header."""
    from extractors.cleaning import cleaner as cleaning

    cleaning._byline_metadata = lambda fields, marked, removals, kept: fields
    cleaning._text_header_metadata = lambda text, kept, fields: fields


def run_system(fn: Callable[[str], Meta], recs: list[dict], inputs: list[str]) -> Tally:
    t = Tally()
    t0 = time.perf_counter()
    outs = [fn(x) for x in inputs]
    t.seconds = time.perf_counter() - t0
    for r, (authors, published, title) in zip(recs, outs):
        gd = r.get("publish_date") or ""
        gold_date = date.fromisoformat(gd) if len(gd) == 10 else None
        t.add(r["id"], r.get("author"), gold_date, authors, published, title, r.get("title"))
    return t


def slices(names: list[str], limit: int | None) -> list[tuple[str, list[dict], list[str]]]:
    """(label, records, pages): extraction-more even (tuned), extraction-more odd, extraction."""
    out = []
    for name in names:
        directory = dev_dir(name)
        recs = load_dev(limit, directory)
        parts = ([("even (tuned)", select(recs, "even")), ("odd (held out)", select(recs, "odd"))]
                 if name == "extraction-more" else [("all (held out)", recs)])
        for label, part in parts:
            pages = [(directory / "html" / f"{r['id']}.html").read_text(encoding="utf-8",
                                                                          errors="replace")
                     for r in part]
            out.append((f"{name} {label}", part, pages))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", default=",".join(reversed(DEV_SETS)))
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--no-text", action="store_true", help="skip text mode (faster)")
    ap.add_argument("--no-peer", action="store_true", help="skip trafilatura")
    ap.add_argument("--misses", default="", help="print misses of: ours-html, ours-text, traf")
    ap.add_argument("--no-bylines", action="store_true",
                    help="switch the byline/dateline/text-header mechanisms off (what they are worth)")
    args = ap.parse_args(argv)
    if args.no_bylines:
        bylines_off()
    names = [s.strip() for s in args.sets.split(",") if s.strip()]
    missing = [n for n in names if not (dev_dir(n) / "gold.jsonl").is_file()]
    if missing:
        print(f"dev set(s) not found under {dev_dir('')}: {', '.join(missing)}; skipping")
        return 0
    print(f"newsetl metadata benchmark, {date.today().isoformat()}"
          f"{' (bylines switched off)' if args.no_bylines else ''}")
    head = ("| slice | system | authors right | author coverage | author on no-author pages | "
            "date right | date coverage | title right / given | docs/s |\n"
            "|---|---|---|---|---|---|---|---|---|")
    lines = [head]
    for label, recs, pages in slices(names, args.limit):
        systems: dict[str, tuple[Callable[[str], Meta], list[str]]] = {"ours-html": (ours_html, pages)}
        if not args.no_peer:
            systems["traf"] = (trafilatura_html, pages)
        if not args.no_text:
            systems["ours-text"] = (ours_text, [render_inscriptis(p) for p in pages])
        for sname, (fn, inputs) in systems.items():
            t = run_system(fn, recs, inputs)
            shown = {"ours-html": "ours (HTML)", "traf": "trafilatura extract_metadata (HTML)",
                     "ours-text": "ours (text dump)"}[sname]
            lines.append(f"| {label} | {shown} | {_pct(t.author_right, t.author_gold)} | "
                         f"{_pct(t.author_given, t.author_gold)} | {t.author_extra} | "
                         f"{_pct(t.date_right, t.date_gold)} | {_pct(t.date_given, t.date_gold)} | "
                         f"{t.title_right}/{t.title_given} of {t.pages} | "
                         f"{t.pages / max(t.seconds, 1e-9):.0f} |")
            if sname in args.misses.split(","):
                print(f"-- misses of {sname} on {label}:", file=sys.stderr)
                for m in t.misses:
                    print("  " + m, file=sys.stderr)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
