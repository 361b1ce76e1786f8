"""HTML mode: the article's lede (standfirst, summary, "TL;DR" intro) between the headline and
the main container.

Why a separate step: the container scoring picks the densest element, and many templates put
the opening paragraphs in a hero or summary box next to the headline, outside the body element
(a sibling of it, or even in another column). `adjacent_prose` walks outwards from the
container and stops at the byline, date and share rows that usually sit between the two, so
it cannot reach them. Walking forwards from the headline instead, over that metadata, finds
them: the first run of prose after the `<h1>` is the article's own opening.
"""
from __future__ import annotations

from typing import Sequence

from settings.cleaning import LEDE_MAX_SKIP, LEDE_REPEAT_WINDOW

from .body_filter import GOOD, NEAR, Unit, classify_paragraph
from .boilerplate import classify_line


def lede_blocks(blocks: Sequence, inside: Sequence[bool]) -> set[int]:
    """Indices of the lede blocks: the first run of prose blocks after the last `<h1>` that
    precedes the container, up to the container.

    A run is a stretch of consecutive GOOD or NEAR blocks; it ends at any other block, at a
    line-rule hit (disclosure, newsletter prompt...) or at the container. The first run that
    holds a GOOD block is the lede; runs of NEAR blocks only (a byline sentence, a one-line
    deck) are stepped over like the metadata around them. A block repeated inside the
    container's opening (a summary the body starts with again) is not taken twice."""
    first_in = next((i for i, f in enumerate(inside) if f), None)
    if first_in is None:
        return set()
    head = next((i for i in range(first_in - 1, -1, -1) if blocks[i].tag == "h1"), None)
    if head is None:
        return set()
    opening = [b.text for b, f in zip(blocks, inside) if f][:LEDE_REPEAT_WINDOW]
    run: list[int] = []
    has_good = False
    skipped = 0
    for i in range(head + 1, first_in + 1):
        b = blocks[i]
        prose = False
        if i < first_in and not any(b.text in t for t in opening) and \
                not classify_line(b.text):
            cls = classify_paragraph(Unit(b.order, b.text, b.order, b.link_density, b.tag))
            prose = cls in (GOOD, NEAR)
            has_good = has_good or (prose and cls == GOOD)
        if prose:
            run.append(i)
            continue
        if has_good:
            return set(run)
        skipped += len(run) + 1
        run = []
        if skipped > LEDE_MAX_SKIP:
            break
    return set()
