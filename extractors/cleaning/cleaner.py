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

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone

from .body_filter import (Removal, Unit, apply_line_rules, drop_repeated_paragraphs,
                          join_wrapped, select_span, trim_author_box, trim_trailing_notices)
from .boilerplate import normalise_ws, repair_mojibake, split_glued_boilerplate


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


_NEWLINES = re.compile(r"\r\n|\r")
MAX_TEXT_CHARS = 2_000_000  # bound work on pathological input


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
    text = _NEWLINES.sub("\n", repair_mojibake(text[:MAX_TEXT_CHARS]))
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
    outcome = apply_line_rules(units)
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
    from .html_dom import extract_blocks, find_container, inside, parse_html, strip_chrome, twin_containers
    from .html_lede import lede_blocks
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
    title = meta_fields.get("title")
    units: list[Unit] = []
    for b in blocks:
        if b.tag == "h1" or (title and b.tag[:1] == "h" and normalise_ws(b.text) == title):
            removals.append(Removal(b.order, b.text, "headline", "page headline"))
            continue
        if b.tag in CAPTION_TAGS:
            removals.append(Removal(b.order, b.text, "caption", CAPTION_DETAIL))
            continue
        units.append(Unit(b.order, b.text, b.order, b.link_density, b.tag))
    outcome = apply_line_rules(units)
    kept, region_removed = select_span(outcome.kept, short_penalty=HTML_SHORT_PENALTY,
                                       extra_ratio=HTML_EXTRA_SPAN_RATIO, extend_sentences=True,
                                       lead_min=HTML_LEAD_MIN)
    kept, bio_removed = trim_author_box(kept)
    region_removed += bio_removed
    kept, notice_removed = trim_trailing_notices(kept)
    region_removed += notice_removed
    removals += outcome.removed + region_removed
    if SECOND_OPINION:
        second = _second_opinion(html, title, kept, removals, dropped)
        if second is not None:
            kept, removals = second
    if outcome.copyright_year and "copyright_year" not in meta_fields:
        meta_fields["copyright_year"] = outcome.copyright_year
    if not meta_fields.get("publisher") and outcome.publisher:
        meta_fields["publisher"] = outcome.publisher
    if not meta_fields.get("section") and outcome.section:
        meta_fields["section"] = outcome.section
    # copyright notices live in the footer we dropped: read the year from there
    if "copyright_year" not in meta_fields:
        from .boilerplate import is_copyright_line, parse_copyright

        for d in dropped:
            if d.rule == "footer" and "©" in d.text or "opyright" in d.text:
                for m in re.finditer(r"(?:©|copyright)[^\n]{0,120}", d.text, re.I):
                    if is_copyright_line(m.group(0)):
                        pub, year = parse_copyright(m.group(0))
                        if year:
                            meta_fields["copyright_year"] = year
                            break
                if "copyright_year" in meta_fields:
                    break
    paragraphs = [u.text for u in kept]
    if not meta_fields.get("language") and paragraphs:
        meta_fields["language"] = _guess_language(" ".join(paragraphs)[:2000])
    meta_fields = _byline_metadata(meta_fields, marked, removals, kept)
    if meta_fields.get("published") is None:
        # the tree with chrome and comment threads stripped: a reader's comment date is not the page's
        meta_fields.update(_peer_published(root, meta_fields.get("canonical_url") or url))
    meta = PageMetadata(**{k: v for k, v in meta_fields.items() if v is not None})
    return _result(paragraphs, removals, meta)


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
    from .second_opinion import PEER_DATE, peer_date

    day = peer_date(root, url) if PEER_DATE else None
    if day is None:
        return {}
    return {"published": datetime(day.year, day.month, day.day, tzinfo=timezone.utc), "published_source": SOURCE_PEER}


# In HTML mode the span is chosen inside the main container, which chrome removal and the
# container choice have already cleaned, so short lines cost less and secondary spans are
# kept more readily than in a raw text dump.
HTML_SHORT_PENALTY = 15.0
HTML_EXTRA_SPAN_RATIO = 0.1
HTML_LEAD_MIN = 300.0
"""Prose mass (characters) a span before the main one needs to be kept as the article's
opening. Why lower than `HTML_EXTRA_SPAN_RATIO` of a long article: in HTML mode the span is
chosen inside the container, and the first prose there after the headline is the intro,
which a comparison table, a table of contents or an inserted "Read next" box between it and
the rest of the body cuts off from the main span."""
CAPTION_TAGS = frozenset({"figcaption"})
"""Blocks that caption a figure. Why they are not body text: a caption describes an image
(what it shows, who took it: "Image 3: the pipeline", "Photo: Reuters") and is read apart
from the article's running text; reference extractions of article bodies leave them out, and
the cleaned text feeds sentence-level extraction, where a caption's fragment is noise. They
are still reported, under the rule "caption"."""
CAPTION_DETAIL = "figure caption (<figcaption>)"
ADJACENT_MAX_GAP = 2  # short blocks (sub-headings, captions) a prose run may step over


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


SECOND_OPINION = True
"""Ask trafilatura about suspicious bodies (see `extractors.cleaning.second_opinion`); a switch for
tests and for measuring what the mechanism is worth."""


SPAN_CUT_WEIGHT = 1.0
"""Blocks of the chosen container that the span step cut off (lists, short lines at the edges
of the body) count this share of their length as removed prose when deciding to ask the peer."""


def _second_opinion(html: str, title: str | None, kept: list[Unit], removals: list[Removal],
                    dropped: list) -> tuple[list[Unit], list[Removal]] | None:
    """The body widened by the peer's opinion (kept units, full removed list), or None when
    our first pass stands. See `extractors.cleaning.second_opinion` for the why."""
    from collections import Counter

    from .body_filter import GOOD, classify_paragraph
    from .boilerplate import classify_line, stopword_density
    from .html_dom import (MAX_HTML_CHARS, MAX_INPUT_CHARS, _SCRIPT_STYLE, chrome_decision,
                           extract_blocks, page_text_len, parse_html, strip_invisible)
    from .second_opinion import (PEER_GAIN, PeerText, needs_second_opinion, peer_extract)

    kept_chars = sum(len(u.text) for u in kept)
    removed_prose = sum(len(r.text) for r in removals if r.index >= 0 and r.rule == "outside_body"
                        and classify_paragraph(Unit(r.index, r.text)) == GOOD)
    removed_prose += SPAN_CUT_WEIGHT * sum(len(r.text) for r in removals if r.index >= 0
                                           and r.rule == "outside_body" and "span" in r.detail)
    removed_prose += sum(len(d.text) for d in dropped if len(d.text) >= 200
                         and stopword_density(d.text) >= 0.3)
    if not needs_second_opinion(kept_chars, removed_prose):
        return None
    if len(html) > MAX_HTML_CHARS:  # bound the peer's work as ours is bounded (parse_html)
        html = _SCRIPT_STYLE.sub(" ", html[:MAX_INPUT_CHARS])[:MAX_HTML_CHARS]
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
    agreed = PeerText.of(peer)
    ours = Counter(u.text for u in kept)
    first_rule = {r.text: (r.rule, r.detail) for r in removals if r.index >= 0}
    decisions: dict = {}

    def chrome_of(el) -> tuple[str, str] | None:
        """The rule of the outermost ancestor `strip_chrome` would have removed."""
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

    new_kept: list[Unit] = []
    new_removed: list[Removal] = [r for r in removals if r.index < 0 and r.rule in ("script", "style")]
    kept_texts: set[str] = set()
    for b in blocks:
        t = b.text
        if b.tag == "h1" or (title and b.tag[:1] == "h" and normalise_ws(t) == title):
            new_removed.append(Removal(b.order, t, "headline", "page headline"))
            continue
        if b.tag in CAPTION_TAGS:
            new_removed.append(Removal(b.order, t, "caption", CAPTION_DETAIL))
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
    if sum(len(u.text) for u in new_kept) < PEER_GAIN * kept_chars:
        return None
    return new_kept, new_removed


def _guess_language(text: str) -> str | None:
    """Fallback when the page declares no language: py3langid (already a dependency)."""
    try:
        import py3langid

        return py3langid.classify(text)[0]
    except Exception:  # noqa: BLE001 - language is optional metadata
        return None
