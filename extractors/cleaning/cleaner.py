"""Boilerplate and ad removal: the stable API of the cleaning stage.

`clean_text` and `clean_html` are the two entry points used by the flow and the benchmarks;
keep their names and signatures stable. Both return a `CleanResult` whose `.text` is the
article body (paragraphs separated by blank lines) and whose `.removed` lists every block
that was dropped together with the rule that dropped it, so an analyst can audit the cleaner.

HTML mode asks trafilatura for a second opinion when our body looks cut short (short, or much
prose removed next to it); the blocks it agrees on widen the body, and every block left out
is still reported with the rule that removed it (`_second_opinion`, `second_opinion.py`).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable

from settings import cleaning as cleaning_settings
from settings.cleaning import (ADJACENT_MAX_GAP, DROPPED_PROSE_DENSITY, DROPPED_PROSE_MIN_CHARS,
                               HTML_EXTRA_SPAN_RATIO, HTML_LEAD_MIN, HTML_SHORT_PENALTY,
                               LANGUAGE_SAMPLE_CHARS, MAX_HTML_CHARS, MAX_INPUT_CHARS,
                               MAX_TEXT_CHARS, PEER_GAIN)

from .body_filter import (Removal, RuleOutcome, Unit, apply_line_rules, drop_repeated_paragraphs,
                          join_wrapped, select_span, trim_author_box, trim_trailing_notices)
from .boilerplate import normalise_ws, repair_mojibake, split_glued_boilerplate
from .patterns import COPYRIGHT_NOTICE, NEWLINES
from .selectors import CAPTION_TAGS, SCRIPT_STYLE


@dataclass(frozen=True)
class RemovedBlock:
    """One block of input that is not part of the article body, and why."""

    index: int  # position of the block in the input (0-based line or block number)
    text: str  # the removed text, whitespace-normalised
    rule: str  # stable rule id, e.g. "copyright", "section_label", "related_list"
    detail: str = ""  # human-readable reason (pattern or signal that fired)


@dataclass(frozen=True)
class PageMetadata:
    """What the page or its boilerplate tells about the article."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    publisher: str | None = None
    published: datetime | None = None  # timezone-aware
    modified: datetime | None = None  # timezone-aware
    language: str | None = None
    canonical_url: str | None = None
    copyright_year: int | None = None
    section: str | None = None
    published_source: str | None = None  # "page", "byline" or "text_header" (extractors.cleaning.bylines)


@dataclass(frozen=True)
class CleanResult:
    text: str
    removed: tuple[RemovedBlock, ...] = ()
    metadata: PageMetadata = field(default_factory=PageMetadata)

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.text.split("\n\n") if p.strip()]


def _result(paragraphs: list[str], removals: list[Removal], meta: PageMetadata) -> CleanResult:
    removed = tuple(
        RemovedBlock(r.index, r.text, r.rule, r.detail)
        for r in sorted(removals, key=lambda r: r.index)
    )
    return CleanResult("\n\n".join(paragraphs), removed, meta)


def clean_text(text: str) -> CleanResult:
    """Article body of a scraped plain-text dump, with every dropped line reported.

    Lines are the unit of decision (a dump has no markup), then hard-wrapped lines of one
    blank-line-separated block are joined, then the prose region is selected. Body characters
    are never rewritten beyond whitespace normalisation and the repair of double-decoded
    UTF-8 (`repair_mojibake`); later stages keep character offsets into `.text` only."""
    if not text or not text.strip():
        return CleanResult("")
    text = NEWLINES.sub("\n", repair_mojibake(text[:MAX_TEXT_CHARS]))
    outcome = apply_line_rules(_text_units(text))
    paragraphs = join_wrapped(outcome.kept)
    kept, region_removed = select_span(paragraphs)
    kept, bio_removed = trim_author_box(kept)
    region_removed += bio_removed
    kept, notice_removed = trim_trailing_notices(kept)
    region_removed += notice_removed
    kept, repeat_removed = drop_repeated_paragraphs(kept)
    region_removed += repeat_removed
    meta = PageMetadata(**_text_header_metadata(text, kept, {
        "publisher": outcome.publisher, "copyright_year": outcome.copyright_year,
        "section": outcome.section}))
    return _result([u.text for u in kept], outcome.removed + region_removed, meta)


def _text_units(text: str) -> list[Unit]:
    """One unit per non-blank line of a dump (per piece, where boilerplate is glued to it),
    with its blank-line-separated group and its indentation."""
    units: list[Unit] = []
    group = 0
    for lineno, line in enumerate(text.split("\n")):
        if not line.strip():
            group += 1
            continue
        indent = _indent(line)
        for piece in split_glued_boilerplate(line):
            norm = normalise_ws(piece)
            if norm:
                units.append(Unit(lineno, norm, group, indent=indent))
    return units


def _text_header_metadata(text: str, kept: list[Unit], fields: dict) -> dict:
    """Title, authors and date a dump's header lines give (`extractors.cleaning.bylines`); reads the
    lines only, never changes what is kept."""
    from .bylines import SOURCE_TEXT_HEADER, fill_from_bylines, read_text_header

    if not kept:
        return fields
    try:
        title, found = read_text_header(text.split("\n"), kept[0].index, fields.get("publisher"))
    except Exception:  # noqa: BLE001 - metadata is optional: a bug here must not cost the body
        return fields
    return fill_from_bylines({**fields, "title": title}, found, SOURCE_TEXT_HEADER)


def _indent(line: str) -> int:
    """Leading blank columns of a line (a tab counts as 4): layout-preserving dumps indent a
    block by how deep it sits in the page, so the article's lines share one indentation."""
    stripped = line.lstrip(" \t")
    head = line[: len(line) - len(stripped)]
    return len(head) + 3 * head.count("\t")


def clean_html(html: str, url: str | None = None) -> CleanResult:
    """Article body and metadata of a full web page. Never raises: malformed or empty input
    gives an empty result (the flow must not die on one bad page)."""
    try:
        return _clean_html(html, url)
    except Exception:  # noqa: BLE001 - last-resort guard, the contract is "never raise"
        return CleanResult("", (), PageMetadata(canonical_url=url))


def _clean_html(html: str, url: str | None) -> CleanResult:
    from .html_dom import parse_html, strip_chrome
    from .html_metadata import extract_metadata, marked_byline_texts

    root = parse_html(html) if isinstance(html, str) else None
    if root is None:
        return CleanResult("", (), PageMetadata(canonical_url=url))
    meta_fields = extract_metadata(root, url)
    try:
        marked = marked_byline_texts(root)  # before strip_chrome drops the page header
    except Exception:  # noqa: BLE001 - metadata is optional: a bug here must not cost the body
        marked = ([], [])
    dropped = strip_chrome(root)
    removals = [Removal(-1, d.text, d.rule, d.detail) for d in dropped]
    title = meta_fields.get("title")
    units = _body_units(root, title, removals)
    outcome = apply_line_rules(units)
    kept, region_removed = select_span(outcome.kept, short_penalty=HTML_SHORT_PENALTY,
                                       extra_ratio=HTML_EXTRA_SPAN_RATIO, extend_sentences=True,
                                       lead_min=HTML_LEAD_MIN)
    kept, bio_removed = trim_author_box(kept)
    region_removed += bio_removed
    kept, notice_removed = trim_trailing_notices(kept)
    region_removed += notice_removed
    removals += outcome.removed + region_removed
    if cleaning_settings.SECOND_OPINION:  # read per call: tests switch it off
        second = _second_opinion(html, title, kept, removals, dropped)
        if second is not None:
            kept, removals = second
    _fill_from_line_rules(meta_fields, outcome, dropped)
    paragraphs = [u.text for u in kept]
    if not meta_fields.get("language") and paragraphs:
        meta_fields["language"] = _guess_language(" ".join(paragraphs)[:LANGUAGE_SAMPLE_CHARS])
    meta_fields = _byline_metadata(meta_fields, marked, removals, kept)
    if meta_fields.get("published") is None:
        # the tree with chrome and comment threads stripped: a reader's comment date is not the page's
        meta_fields.update(_peer_published(root, meta_fields.get("canonical_url") or url))
    meta = PageMetadata(**{k: v for k, v in meta_fields.items() if v is not None})
    return _result(paragraphs, removals, meta)


def _body_units(root, title: str | None, removals: list[Removal]) -> list[Unit]:
    """The units of the page's body: blocks of the main container, its twins, the prose
    adjacent to it and the lede; every other block, the headline and captions are added to
    `removals` with their rule."""
    from .html_dom import extract_blocks, find_container, inside, twin_containers
    from .html_lede import lede_blocks

    body = root.find("body")
    if body is None:
        body = root
    all_blocks = extract_blocks(body)
    container = find_container(root, all_blocks)
    twins = twin_containers(root, container, all_blocks)
    within = [inside(b.element, container) or any(inside(b.element, t) for t in twins)
              for b in all_blocks]
    for i in adjacent_prose(all_blocks, within) | lede_blocks(all_blocks, within):
        within[i] = True
    blocks = [b for b, f in zip(all_blocks, within) if f]
    outside = [b for b, f in zip(all_blocks, within) if not f]
    for b in outside:
        removals.append(Removal(b.order, b.text, "outside_body", "outside the main container"))
    units: list[Unit] = []
    for b in blocks:
        removal = _headline_or_caption(b, title)
        if removal is not None:
            removals.append(removal)
            continue
        units.append(Unit(b.order, b.text, b.order, b.link_density, b.tag))
    return units


CAPTION_DETAIL = "figure caption (<figcaption>)"  # the removal detail of a caption block


def _headline_or_caption(b, title: str | None) -> Removal | None:
    """The removal of a block that is the page's headline (`<h1>`, or a heading repeating the
    title) or a figure caption (`CAPTION_TAGS`), else None."""
    if b.tag == "h1" or (title and b.tag[:1] == "h" and normalise_ws(b.text) == title):
        return Removal(b.order, b.text, "headline", "page headline")
    if b.tag in CAPTION_TAGS:
        return Removal(b.order, b.text, "caption", CAPTION_DETAIL)
    return None


def _fill_from_line_rules(meta_fields: dict, outcome: RuleOutcome, dropped: list) -> None:
    """Copyright year, publisher and section the line rules found, where the page metadata
    has none; else the copyright year of a notice in the dropped footer."""
    if outcome.copyright_year and "copyright_year" not in meta_fields:
        meta_fields["copyright_year"] = outcome.copyright_year
    if not meta_fields.get("publisher") and outcome.publisher:
        meta_fields["publisher"] = outcome.publisher
    if not meta_fields.get("section") and outcome.section:
        meta_fields["section"] = outcome.section
    # copyright notices live in the footer we dropped: read the year from there
    if "copyright_year" not in meta_fields:
        year = _dropped_copyright_year(dropped)
        if year:
            meta_fields["copyright_year"] = year


def _dropped_copyright_year(dropped: list) -> int | None:
    """The year of the first copyright notice in the dropped chrome that gives one."""
    from .boilerplate import is_copyright_line, parse_copyright

    for d in dropped:
        if d.rule == "footer" and "©" in d.text or "opyright" in d.text:
            for m in COPYRIGHT_NOTICE.finditer(d.text):
                if is_copyright_line(m.group(0)):
                    pub, year = parse_copyright(m.group(0))
                    if year:
                        return year
    return None


def _byline_metadata(fields: dict, marked: tuple[list[str], list[str]],
                     removals: list[Removal], kept: list[Unit]) -> dict:
    """Page metadata completed from the page's bylines and datelines (`extractors.cleaning.bylines`)."""
    from .bylines import SOURCE_BYLINE, fill_from_bylines, html_page_byline

    try:
        found = html_page_byline(marked, [(r.index, r.rule, r.text) for r in removals],
                                 [(u.index, u.text) for u in kept], fields.get("publisher"))
    except Exception:  # noqa: BLE001 - metadata is optional: a bug here must not cost the body
        return fields
    return fill_from_bylines(fields, found, SOURCE_BYLINE)


def _peer_published(root, url: str | None) -> dict:
    """The publication day from the peer (`second_opinion.peer_date`) when ours found none:
    midnight UTC of that day, with `published_source` "peer" saying it is a day, not a time."""
    from .bylines import SOURCE_PEER
    from .second_opinion import peer_date

    day = peer_date(root, url) if cleaning_settings.PEER_DATE else None  # read per call: tests switch it off
    if day is None:
        return {}
    return {"published": datetime(day.year, day.month, day.day, tzinfo=timezone.utc), "published_source": SOURCE_PEER}


def adjacent_prose(blocks: list, inside: list[bool], accept: tuple[str, ...] = ("good",),
                   ) -> set[int]:
    """Indices of blocks outside the chosen container that continue its prose.

    Why: pages often split one article over sibling containers (an intro or "key takeaways"
    div before the body div, a conclusion after it), and the container scoring picks only
    the densest one. Chrome (nav, asides, ads...) is already gone at this point, so prose
    blocks that touch the container, in document order and without a boilerplate or
    link-heavy block in between, belong to the body. Walking stops at the page headline
    (`<h1>`), at any line-rule hit, at a link-heavy block, or after `ADJACENT_MAX_GAP`
    consecutive short blocks."""
    from .body_filter import BAD, classify_paragraph
    from .boilerplate import classify_line

    pos = [i for i, f in enumerate(inside) if f]
    if not pos:
        return set()
    added: set[int] = set()
    for step, start in ((-1, pos[0] - 1), (1, pos[-1] + 1)):
        i, gap = start, []
        while 0 <= i < len(blocks) and not inside[i]:
            b = blocks[i]
            if b.tag == "h1" or classify_line(b.text):
                break
            c = classify_paragraph(Unit(b.order, b.text, b.order, b.link_density, b.tag))
            if c == BAD:
                break
            if c in accept:
                added.update(gap)
                gap = []
                added.add(i)
            else:
                gap.append(i)
                if len(gap) > ADJACENT_MAX_GAP:
                    break
            i += step
    return added


def _second_opinion(html: str, title: str | None, kept: list[Unit], removals: list[Removal],
                    dropped: list) -> tuple[list[Unit], list[Removal]] | None:
    """The body widened by the peer's opinion (kept units, full removed list), or None when
    our first pass stands. See `extractors.cleaning.second_opinion` for the why."""
    from .html_dom import extract_blocks, page_text_len, parse_html, strip_invisible
    from .second_opinion import PeerText, needs_second_opinion, peer_extract

    kept_chars = sum(len(u.text) for u in kept)
    if not needs_second_opinion(kept_chars, _removed_prose(removals, dropped)):
        return None
    if len(html) > MAX_HTML_CHARS:  # bound the peer's work as ours is bounded (parse_html)
        html = SCRIPT_STYLE.sub(" ", html[:MAX_INPUT_CHARS])[:MAX_HTML_CHARS]
    peer = peer_extract(html)
    if not peer or len(peer) < PEER_GAIN * kept_chars:
        return None
    root = parse_html(html)
    if root is None:
        return None
    page_len = page_text_len(root)
    strip_invisible(root)
    body = root.find("body")
    blocks = extract_blocks(body if body is not None else root)
    new_kept, new_removed = _combine_opinions(blocks, title, kept, removals, PeerText.of(peer),
                                              _chrome_finder(page_len))
    if sum(len(u.text) for u in new_kept) < PEER_GAIN * kept_chars:
        return None
    return new_kept, new_removed


def _removed_prose(removals: list[Removal], dropped: list) -> float:
    """Prose-like characters the first pass removed next to the body: good blocks outside the
    container, blocks the span cut off (`SPAN_CUT_WEIGHT` of them) and long prose-like
    elements dropped as chrome."""
    from .body_filter import GOOD, classify_paragraph
    from .boilerplate import stopword_density

    removed_prose = sum(len(r.text) for r in removals if r.index >= 0 and r.rule == "outside_body"
                        and classify_paragraph(Unit(r.index, r.text)) == GOOD)
    removed_prose += cleaning_settings.SPAN_CUT_WEIGHT * sum(  # read per call: tests change it
        len(r.text) for r in removals if r.index >= 0 and r.rule == "outside_body"
        and "span" in r.detail)
    removed_prose += sum(len(d.text) for d in dropped if len(d.text) >= DROPPED_PROSE_MIN_CHARS
                         and stopword_density(d.text) >= DROPPED_PROSE_DENSITY)
    return removed_prose


def _chrome_finder(page_len: int) -> Callable[[object], tuple[str, str] | None]:
    """A function giving, for an element, the rule of its outermost ancestor `strip_chrome`
    would have removed (None when there is none); decisions are memoised per element."""
    from .html_dom import chrome_decision

    decisions: dict = {}

    def chrome_of(el) -> tuple[str, str] | None:
        hit = None
        depth = 0
        while el is not None and depth < 400 and el.tag not in ("body", "html"):
            if el not in decisions:
                d = chrome_decision(el, page_len) if isinstance(el.tag, str) else None
                decisions[el] = d
            if decisions[el]:
                hit = decisions[el][:2]
            el = el.getparent()
            depth += 1
        return hit

    return chrome_of


def _combine_opinions(blocks: list, title: str | None, kept: list[Unit], removals: list[Removal],
                      agreed, chrome_of: Callable[[object], tuple[str, str] | None],
                      ) -> tuple[list[Unit], list[Removal]]:
    """Step 3 of the second opinion: a block is in the body when our first pass kept it, or
    when the peer agrees and the line rules do not flag it; every other block is removed under
    the line rule, the chrome rule of its element, its first-pass rule, or
    "outside_agreed_body"."""
    from .boilerplate import classify_line

    ours = Counter(u.text for u in kept)
    first_rule = {r.text: (r.rule, r.detail) for r in removals if r.index >= 0}
    new_kept: list[Unit] = []
    new_removed: list[Removal] = [r for r in removals if r.index < 0 and r.rule in ("script", "style")]
    kept_texts: set[str] = set()
    for b in blocks:
        t = b.text
        removal = _headline_or_caption(b, title)
        if removal is not None:
            new_removed.append(removal)
            continue
        if ours[t] > 0:
            ours[t] -= 1
        elif t in kept_texts or not agreed.agrees(t) or classify_line(t):
            line_hit = classify_line(t) if t not in kept_texts and agreed.agrees(t) else None
            hit = chrome_of(b.element)
            if line_hit:  # the peer keeps it, our line rules do not
                rule, detail = line_hit.rule, line_hit.detail
            elif t in kept_texts and not hit and t not in first_rule:
                rule, detail = "duplicate", "repeats a block already in the body"
            else:
                rule, detail = hit or first_rule.get(t) or (
                    "outside_agreed_body", "outside the extractors' agreed body")
            new_removed.append(Removal(b.order, t, rule, detail))
            continue
        kept_texts.add(t)
        new_kept.append(Unit(b.order, t, b.order, b.link_density, b.tag))
    return new_kept, new_removed


def _guess_language(text: str) -> str | None:
    """Fallback when the page declares no language: py3langid (already a dependency)."""
    try:
        import py3langid

        return py3langid.classify(text)[0]
    except Exception:  # noqa: BLE001 - language is optional metadata
        return None
