"""The block pipeline shared by text mode and HTML mode.

Input: an ordered list of `Unit`s (a line of a text dump, or a block of a cleaned page).
Steps: (1) position-independent line rules (copyright, adverts, share prompts...),
(2) related-article lists (heading + the headline lines under it), (3) section labels
(leading label, stray label after the copyright notice), (4) region selection: keep the
densest run of prose and drop the page chrome around it.

Why a jusText-like region step of our own: a text dump has no DOM, so the only signals left are
line length, stop-word density, sentence shape and (in HTML mode) link density; the rules are
few and each removal carries a rule id for the audit trail.
"""
from __future__ import annotations

import re

from dataclasses import dataclass, field

from .boilerplate import (
    classify_line,
    is_headline_like,
    is_known_section,
    is_related_heading,
    is_sentence_like,
    looks_like_label,
    normalise_ws,
    parse_copyright,
    stopword_density,
)


@dataclass
class Unit:
    index: int  # line number (text mode) or block number (HTML mode)
    text: str  # whitespace-normalised
    group: int = 0  # blank-line-separated block id (text mode); units of one group may join
    link_density: float = 0.0  # HTML mode: share of characters inside <a>
    tag: str = ""  # HTML mode: block tag (p, h2, li...)


@dataclass
class Removal:
    index: int
    text: str
    rule: str
    detail: str


@dataclass
class RuleOutcome:
    kept: list[Unit]
    removed: list[Removal] = field(default_factory=list)
    publisher: str | None = None
    copyright_year: int | None = None
    section: str | None = None


def apply_line_rules(units: list[Unit]) -> RuleOutcome:
    """Steps 1-3 above. Units are not joined or reordered."""
    out = RuleOutcome(kept=[])
    status: list[tuple[str, str] | None] = [None] * len(units)

    for i, u in enumerate(units):
        hit = classify_line(u.text)
        if hit:
            status[i] = (hit.rule, hit.detail)
            if hit.rule == "copyright":
                pub, year = parse_copyright(u.text)
                out.publisher = out.publisher or pub
                out.copyright_year = out.copyright_year or year

    # related-article lists: the heading and the run of headline-like lines below it
    i = 0
    while i < len(units):
        if status[i] is None and is_related_heading(units[i].text):
            heading = units[i].text
            status[i] = ("related_list", f"related-articles heading {heading!r}")
            j = i + 1
            while j < len(units):
                if status[j] is not None and status[j][0] != "section_label":
                    j += 1  # other boilerplate inside the list (ads, share links)
                    continue
                if not is_headline_like(units[j].text):
                    break
                status[j] = ("related_list", f"headline listed under {heading!r}")
                j += 1
            i = j
        else:
            i += 1

    # leading section label(s): short capitalised lines before the first prose line
    first_label: str | None = None
    for i, u in enumerate(units):
        if status[i] is not None:
            continue
        if looks_like_label(u.text) and not is_sentence_like(u.text) and (
            is_known_section(u.text) or _next_is_prose(units, status, i)
        ):
            status[i] = ("section_label", "short label before the article body")
            first_label = first_label or u.text
            continue
        break
    out.section = first_label

    # a stray label right after a copyright notice (glued page chrome: "...reserved.News")
    for i in range(1, len(units)):
        if status[i] is None and status[i - 1] is not None and status[i - 1][0] in {
            "copyright", "section_label"} and looks_like_label(units[i].text):
            status[i] = ("section_label", "label after the copyright notice")

    for u, st in zip(units, status):
        if st is None:
            out.kept.append(u)
        else:
            out.removed.append(Removal(u.index, u.text, st[0], st[1]))
    return out


def _next_is_prose(units: list[Unit], status: list, i: int) -> bool:
    for j in range(i + 1, min(len(units), i + 4)):
        if status[j] is None:
            return len(units[j].text) >= 80 and is_sentence_like(units[j].text)
    return False


def join_wrapped(units: list[Unit]) -> list[Unit]:
    """Join hard-wrapped lines of one blank-line-separated group into one paragraph.
    A group is taken as wrapped text when its lines are of similar width (every line but the
    last at least half the widest) and the widest is no longer than a typical wrap column;
    otherwise each line is a paragraph of its own (one-paragraph-per-line dumps).
    When the document has no blank lines at all, blank lines cannot tell paragraphs apart,
    so a line that ends a sentence is taken as the end of its paragraph and only breaks
    inside a sentence are joined."""
    has_blank_lines = len({u.group for u in units}) > 1
    out: list[Unit] = []
    i = 0
    while i < len(units):
        j = i
        while j + 1 < len(units) and units[j + 1].group == units[i].group:
            j += 1
        grp = units[i: j + 1]
        if len(grp) > 1:
            width = max(len(u.text) for u in grp)
            if 40 <= width <= 130 and all(len(u.text) >= width * 0.5 for u in grp[:-1]):
                grp = [Unit(grp[0].index, " ".join(u.text for u in run), grp[0].group) if len(run) > 1 else run[0]
                       for run in (_wrapped_runs(grp) if not has_blank_lines else [grp])]
        out.extend(grp)
        i = j + 1
    return out


_SENTENCE_END = re.compile(r"[.!?:;…]['\"’”)\]]*$")


def _wrapped_runs(lines: list[Unit]) -> list[list[Unit]]:
    """Split a run of lines at the lines that end a sentence."""
    runs: list[list[Unit]] = [[]]
    for unit in lines:
        runs[-1].append(unit)
        if _SENTENCE_END.search(unit.text):
            runs.append([])
    return [run for run in runs if run]


# --------------------------------------------------------------------------- region selection
GOOD, NEAR, SHORT, BAD = "good", "near", "short", "bad"


def classify_paragraph(u: Unit) -> str:
    n = len(u.text)
    if u.link_density > 0.5 and n < 400:
        return BAD
    sd = stopword_density(u.text)
    if n >= 200 and sd >= 0.15 or n >= 90 and sd >= 0.25:
        return GOOD
    if is_sentence_like(u.text) and sd >= 0.1 or n >= 50 and sd >= 0.3:
        return NEAR
    return SHORT


def select_region(units: list[Unit], *, max_gap: int = 4, keep_ratio: float = 0.3,
                  ) -> tuple[list[Unit], list[Removal]]:
    """Keep the cluster(s) of prose paragraphs; drop page chrome around them.

    Clusters are runs of paragraphs where no more than `max_gap` consecutive non-prose
    (short or link-heavy) paragraphs occur; the cluster with the most prose characters wins,
    and other clusters with at least `keep_ratio` of its mass are kept too (long articles are
    often interrupted by a list or an embed). Short lines at the edges of a kept cluster are
    dropped; inside, they stay (sub-headings, list items)."""
    if not units:
        return [], []
    cls = [classify_paragraph(u) for u in units]
    if GOOD not in cls:
        # nothing looks like prose (a short note, a list): keep all but link-heavy lines
        kept = [u for u, c in zip(units, cls) if c != BAD]
        removed = [Removal(u.index, u.text, "link_list", "link-heavy block")
                   for u, c in zip(units, cls) if c == BAD]
        return kept, removed

    clusters: list[tuple[int, int]] = []
    start: int | None = None
    gap = 0
    last_prose = -1
    for i, c in enumerate(cls):
        if c in (GOOD, NEAR):
            if start is None:
                start = i
            gap = 0
            last_prose = i
        else:
            gap += 1
            if start is not None and gap > max_gap:
                clusters.append((start, last_prose))
                start = None
    if start is not None:
        clusters.append((start, last_prose))

    def mass(c: tuple[int, int]) -> int:
        return sum(len(units[k].text) for k in range(c[0], c[1] + 1) if cls[k] == GOOD)

    best = max(mass(c) for c in clusters)
    keep = [c for c in clusters if mass(c) > 0 and mass(c) >= keep_ratio * best]
    keep_idx: set[int] = set()
    for a, b in keep:
        # trim leading/trailing near-good lines that are not next to good prose
        while a < b and cls[a] == NEAR and cls[a + 1] not in (GOOD, NEAR):
            a += 1
        for k in range(a, b + 1):
            if cls[k] != BAD:
                keep_idx.add(k)
    kept = [u for k, u in enumerate(units) if k in keep_idx]
    removed = []
    for k, u in enumerate(units):
        if k not in keep_idx:
            rule = "link_list" if cls[k] == BAD else "outside_body"
            detail = ("link-heavy block" if cls[k] == BAD else
                      f"{cls[k]} block outside the main prose region")
            removed.append(Removal(u.index, u.text, rule, detail))
    return kept, removed


def to_units(texts: list[tuple[int, str]]) -> list[Unit]:
    return [Unit(i, normalise_ws(t)) for i, t in texts if normalise_ws(t)]
