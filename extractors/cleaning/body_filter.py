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

from dataclasses import dataclass, field, replace

from settings import cleaning as cleaning_settings
from settings.cleaning import (AUTHOR_BIO_MAX_CHARS, AUTHOR_BIO_ROLE_CHARS, AUTHOR_BOX_MAX,
                               BARRIER_PENALTY, CHROME_MAX_LINES, CTA_PITCH_MAX, EXTRA_SPAN_RATIO,
                               GOOD_CHARS, GOOD_DENSITY, GOOD_LONG_CHARS, GOOD_LONG_DENSITY,
                               HEADING_MAX_CHARS, LABEL_BEFORE_PROSE_CHARS, LINK_BLOCK_DENSITY,
                               LINK_HEAVY_DENSITY, LINK_HEAVY_MAX_CHARS, LINKED_SENTENCE_MIN_DENSITY,
                               LINKED_SENTENCE_MIN_WORDS, NAME_LINE_MAX_CHARS, NEAR_CHARS,
                               NEAR_DENSITY, NEAR_SENTENCE_DENSITY, NEAR_WEIGHT, REGION_KEEP_RATIO,
                               REGION_MAX_GAP, REPEAT_MIN_CHARS, REPETITIVE_MAX_DISTINCT,
                               REPETITIVE_MIN_CHARS, SHALLOW_WEIGHT, SHORT_PENALTY,
                               TABLE_CELL_PENALTY, TEASER_CARD_GAP, TEASER_EXCERPT_MAX,
                               TEASER_EXCERPT_MAX_LINK_DENSITY, TEASER_GRID_AFTER,
                               TEASER_HEADLINE_LINK_DENSITY, TEASER_HEADLINE_MAX,
                               TEASER_HEADLINE_MIN_WORDS, TEASER_LOOKBACK, TEASER_MIN_CARDS,
                               TRAILING_NOTICE_MAX, WRAP_MAX_WIDTH, WRAP_MIN_LINE_SHARE,
                               WRAP_MIN_WIDTH)

from .boilerplate import (
    classify_line,
    is_cta_button,
    is_headline_like,
    is_known_section,
    is_related_heading,
    is_sentence_like,
    looks_like_label,
    normalise_ws,
    parse_copyright,
    stopword_density,
    trailing_notice,
)
from .patterns import (BARRIER_RULES, BIO_ROLE, BIO_START, BIO_VERB, CLOSED_SENTENCE,
                       LINKED_SENTENCE_END, NAME_LINE, NAME_LINE_STARTS, SENTENCE_END, WORD_RUN)
from .selectors import LIST_CELL_TAGS, SUBHEADING_TAGS, TABLE_CELL_TAGS


@dataclass
class Unit:
    index: int  # line number (text mode) or block number (HTML mode)
    text: str  # whitespace-normalised
    group: int = 0  # blank-line-separated block id (text mode); units of one group may join
    link_density: float = 0.0  # HTML mode: share of characters inside <a>
    tag: str = ""  # HTML mode: block tag (p, h2, li...)
    indent: int = 0  # text mode: leading blank columns of the line in the dump
    barrier: bool = False  # an end-of-article marker (comments, related, author box) precedes it
    chrome_before: int = 0  # lines dropped by the line rules right before it


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


Status = list[tuple[str, str] | None]
"""Per unit: (rule, detail) of the rule that removes it, None while it is kept."""


def apply_line_rules(units: list[Unit]) -> RuleOutcome:
    """Steps 1-3 above. Units are not joined or reordered."""
    out = RuleOutcome(kept=[])
    status: Status = [None] * len(units)
    out.publisher, out.copyright_year = _mark_line_hits(units, status)
    _mark_button_pitches(units, status)
    _mark_named_bios(units, status)
    _mark_related_lists(units, status)
    out.section = _mark_leading_labels(units, status)
    _mark_labels_after_copyright(units, status)
    out.kept, out.removed = _apply_status(units, status)
    return out


def _mark_line_hits(units: list[Unit], status: Status) -> tuple[str | None, int | None]:
    """Step 1: the position-independent line rules; returns the publisher and year of the
    first copyright notices that name them."""
    publisher: str | None = None
    year: int | None = None
    for i, u in enumerate(units):
        hit = classify_line(u.text)
        if hit:
            status[i] = (hit.rule, hit.detail)
            if hit.rule == "copyright":
                pub, found_year = parse_copyright(u.text)
                publisher = publisher or pub
                year = year or found_year
    return publisher, year


def _mark_named_bios(units: list[Unit], status: Status) -> None:
    """An "About/By <name>" line over a bio of that name (`is_named_bio`): an author box."""
    for i in range(len(units) - 1):
        text = units[i].text
        if len(text) <= NAME_LINE_MAX_CHARS and text[:2].lower() in NAME_LINE_STARTS and status[i] is None \
                and status[i + 1] is None and is_named_bio(text, units[i + 1].text):
            status[i] = ("author_box", "name line over a bio of that name")
            status[i + 1] = ("author_box", "bio under an \"About/By <name>\" line")


def _mark_related_lists(units: list[Unit], status: Status) -> None:
    """Step 2, related-article lists: the heading and the run of headline-like lines below it."""
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


def _mark_leading_labels(units: list[Unit], status: Status) -> str | None:
    """Step 3, leading section label(s): short capitalised lines before the first prose line.
    Returns the first one (the article's section)."""
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
    return first_label


def _mark_labels_after_copyright(units: list[Unit], status: Status) -> None:
    """A stray label right after a copyright notice (glued page chrome: "...reserved.News")."""
    for i in range(1, len(units)):
        if status[i] is None and status[i - 1] is not None and status[i - 1][0] in {
            "copyright", "section_label"} and looks_like_label(units[i].text):
            status[i] = ("section_label", "label after the copyright notice")


def _apply_status(units: list[Unit], status: Status) -> tuple[list[Unit], list[Removal]]:
    """Kept units and removals; a kept unit carries whether an end-of-article marker
    (`barrier`) and how many dropped lines (`chrome_before`) precede it, for the span step."""
    kept: list[Unit] = []
    removed: list[Removal] = []
    pending_barrier = False
    pending_chrome = 0
    for u, st in zip(units, status):
        if st is None:
            if pending_barrier or pending_chrome:
                u = replace(u, barrier=pending_barrier, chrome_before=pending_chrome)
                pending_barrier = False
                pending_chrome = 0
            kept.append(u)
        else:
            removed.append(Removal(u.index, u.text, st[0], st[1]))
            pending_barrier = pending_barrier or st[0] in BARRIER_RULES
            pending_chrome += 1
    return kept, removed


REPETITIVE_DETAIL = "block repeats one phrase (a list run together)"


def is_repetitive(text: str) -> bool:
    """Is this long block one phrase over and over ("Gym in 08004, Camden County * Gym in
    08007, Camden County * ...")?

    Why: a list of links that a dump (or a template without list markup) runs together into
    one line is long and full of function words, so it passes for prose and can outweigh the
    article in the span. Running text almost never repeats itself: in prose nearly every
    word trigram is new, while such a list repeats the same few trigrams with one word
    changed. Needs no vocabulary: only the share of distinct trigrams."""
    if len(text) < REPETITIVE_MIN_CHARS:
        return False
    words = WORD_RUN.findall(text.lower())
    grams = list(zip(words, words[1:], words[2:]))
    return bool(grams) and len(set(grams)) < REPETITIVE_MAX_DISTINCT * len(grams)


def _mark_button_pitches(units: list[Unit], status: Status) -> None:
    """A sales button ("Get Started for Free", "Apply now", "Book a demo") and the short block
    right above it, which is its pitch ("Begin learning a new language with Babbel! Unlock up
    to 55% OFF", "Get the cash you need with a low-interest personal loan today").

    Why: promotions inserted into the body come as a slogan plus a button. The button alone
    is a short link the span drops anyway; the slogan is a sentence-like line that reads as
    body text. Only the one block directly above is taken, only up to `CTA_PITCH_MAX`
    characters, and not a lead-in that ends with a colon ("Here is what you get:").
    HTML mode only, where the button is a link: in a text dump a "Get started" line may be
    a body sentence's neighbour for other reasons (an app's menu reproduced in a tutorial)."""
    if not units or not units[0].tag:
        return  # text mode
    for i, u in enumerate(units):
        if u.link_density < LINK_BLOCK_DENSITY or not is_cta_button(u.text):
            continue
        if status[i] is None:
            status[i] = ("call_to_action", "sales button")
        if i and status[i - 1] is None:
            prev = units[i - 1].text
            if len(prev) <= CTA_PITCH_MAX and not prev.rstrip().endswith(":"):
                status[i - 1] = ("call_to_action", "pitch of the sales button below it")


def _next_is_prose(units: list[Unit], status: Status, i: int) -> bool:
    for j in range(i + 1, min(len(units), i + 4)):
        if status[j] is None:
            return len(units[j].text) >= LABEL_BEFORE_PROSE_CHARS and is_sentence_like(units[j].text)
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
            if WRAP_MIN_WIDTH <= width <= WRAP_MAX_WIDTH and \
                    all(len(u.text) >= width * WRAP_MIN_LINE_SHARE for u in grp[:-1]):
                grp = [replace(run[0], text=" ".join(u.text for u in run)) if len(run) > 1 else run[0]
                       for run in (_wrapped_runs(grp) if not has_blank_lines else [grp])]
        out.extend(grp)
        i = j + 1
    return out


def _wrapped_runs(lines: list[Unit]) -> list[list[Unit]]:
    """Split a run of lines at the lines that end a sentence."""
    runs: list[list[Unit]] = [[]]
    for unit in lines:
        runs[-1].append(unit)
        if SENTENCE_END.search(unit.text):
            runs.append([])
    return [run for run in runs if run]


# --------------------------------------------------------------------------- region selection
GOOD, NEAR, SHORT, BAD = "good", "near", "short", "bad"


def _is_linked_sentence(u: Unit) -> bool:
    """A `<p>` that is one prose sentence made (mostly) of a link: "The Askar SQA55 is available
    at High Point Scientific." Such a paragraph is short, not link-list chrome: headlines in
    related boxes and menus do not end with a full stop or read as a sentence of function
    words. It then counts as a short line (kept inside the body, dropped at its edges); not
    under a linked heading, where it is the excerpt of a teaser card (see `_relink`)."""
    t = u.text
    return (u.tag == "p" and len(t.split()) >= LINKED_SENTENCE_MIN_WORDS
            and bool(LINKED_SENTENCE_END.search(t))
            and stopword_density(t) >= LINKED_SENTENCE_MIN_DENSITY)


def _relink(units: list[Unit], cls: list[str]) -> None:
    """Reclassify linked one-sentence paragraphs (`_is_linked_sentence`) from link-heavy to
    short, unless the block before them is itself mostly link (a teaser card's linked
    headline and its linked excerpt)."""
    for k, u in enumerate(units):
        if cls[k] == BAD and _is_linked_sentence(u) and (
                k == 0 or units[k - 1].link_density < LINK_BLOCK_DENSITY):
            cls[k] = SHORT


def _is_linked_headline(u: Unit) -> bool:
    """A block that is a link and nothing else, of headline length (three words or more)."""
    return u.link_density >= TEASER_HEADLINE_LINK_DENSITY and len(u.text) <= TEASER_HEADLINE_MAX and \
        len(u.text.split()) >= TEASER_HEADLINE_MIN_WORDS and u.tag not in LIST_CELL_TAGS


def teaser_card_runs(units: list[Unit], cls: list[str]) -> list[tuple[int, int]]:
    """HTML mode: (first, last) unit indices of each run of `TEASER_MIN_CARDS` or more teaser
    cards: a linked headline standing alone, maybe a few short meta lines (section, author,
    date), then a short excerpt without links; consecutive cards are at most
    `TEASER_CARD_GAP` blocks apart.

    Why the repetition is required: a single linked heading over prose is common in
    articles (a blog's title linking to its own page, a product named with its link), but a
    row of three cards of the same shape is a "more stories" grid. The headline must stand
    alone (the block before it is not another link): a paragraph after a list of links (a
    "further reading" box inside the body) is not an excerpt."""
    cards: list[tuple[int, int]] = []  # (headline, excerpt) indices
    for k, u in enumerate(units):
        if cls[k] not in (GOOD, NEAR) or u.link_density > TEASER_EXCERPT_MAX_LINK_DENSITY or \
                len(u.text) > TEASER_EXCERPT_MAX or u.tag in LIST_CELL_TAGS:
            continue
        for j in range(k - 1, max(-1, k - 1 - TEASER_LOOKBACK), -1):
            if _is_linked_headline(units[j]):
                if j == 0 or units[j - 1].link_density < 0.5:
                    cards.append((j, k))
                break
            if cls[j] != SHORT or units[j].link_density > TEASER_EXCERPT_MAX_LINK_DENSITY:
                break
    runs: list[tuple[int, int]] = []
    run: list[tuple[int, int]] = []
    for card in cards + [(len(units) + TEASER_CARD_GAP + 1, 0)]:
        if run and card[0] - run[-1][1] > TEASER_CARD_GAP:
            if len(run) >= TEASER_MIN_CARDS:
                runs.append((run[0][0], run[-1][1]))
            run = []
        run.append(card)
    return runs


def _demote_teaser_excerpts(units: list[Unit], cls: list[str]) -> None:
    """HTML mode: the excerpts of a teaser grid after the article (`teaser_card_runs`) are
    reclassified from prose to short lines.

    Why: the excerpts of a "more stories" grid read as prose and outweigh their linked
    headlines, so the span runs on through the grid. Only grids that start after the middle
    of the page's prose (`TEASER_GRID_AFTER` of its good-prose characters lie before them)
    are demoted: cards before that are the article's own (a roundup's items, a lede's
    linked sections). As short lines the excerpts still stay when they sit inside the body
    span, but no longer extend the span at its edges."""
    runs = teaser_card_runs(units, cls)
    if not runs:
        return
    total = sum(len(u.text) for u, c in zip(units, cls) if c == GOOD)
    before = 0
    k = 0
    for first, last in runs:
        while k < first:
            before += len(units[k].text) if cls[k] == GOOD else 0
            k += 1
        if before >= TEASER_GRID_AFTER * total:
            for j in range(first, last + 1):
                if cls[j] in (GOOD, NEAR) and units[j].link_density <= TEASER_EXCERPT_MAX_LINK_DENSITY and \
                        len(units[j].text) <= TEASER_EXCERPT_MAX:
                    cls[j] = SHORT


def classify_paragraph(u: Unit) -> str:
    n = len(u.text)
    if u.link_density > LINK_HEAVY_DENSITY and n < LINK_HEAVY_MAX_CHARS:
        return SHORT if u.tag in SUBHEADING_TAGS else BAD
    sd = stopword_density(u.text)
    if n >= GOOD_LONG_CHARS and sd >= GOOD_LONG_DENSITY or n >= GOOD_CHARS and sd >= GOOD_DENSITY:
        return GOOD
    if is_sentence_like(u.text) and sd >= NEAR_SENTENCE_DENSITY or n >= NEAR_CHARS and sd >= NEAR_DENSITY:
        return NEAR
    return SHORT


def select_region(units: list[Unit], *, max_gap: int = REGION_MAX_GAP,
                  keep_ratio: float = REGION_KEEP_RATIO,
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
    return _split_kept(units, cls, keep_idx, "region")


def _split_kept(units: list[Unit], cls: list[str], keep: set[int], where: str) -> tuple[list[Unit], list[Removal]]:
    """The kept units, and a Removal (with its reason) for every other one."""
    kept = [u for k, u in enumerate(units) if k in keep]
    removed = []
    for k, u in enumerate(units):
        if k not in keep:
            rule = "link_list" if cls[k] == BAD else "outside_body"
            detail = ("link-heavy block" if cls[k] == BAD else
                      f"{cls[k]} block outside the main prose {where}")
            removed.append(Removal(u.index, u.text, rule, detail))
    return kept, removed


def to_units(texts: list[tuple[int, str]]) -> list[Unit]:
    return [Unit(i, normalise_ws(t)) for i, t in texts if normalise_ws(t)]


# --------------------------------------------------------------------------- span selection


def _best_span(weights: list[float], lo: int, hi: int) -> tuple[float, tuple[int, int] | None]:
    """Maximum-sum contiguous run of weights[lo:hi] (Kadane)."""
    best: tuple[float, tuple[int, int] | None] = (0.0, None)
    cur, start = 0.0, lo
    for i in range(lo, hi):
        if cur <= 0:
            cur, start = 0.0, i
        cur += weights[i]
        if cur > best[0]:
            best = (cur, (start, i))
    return best


def _body_indent(units: list[Unit], cls: list[str]) -> int:
    """Indentation carrying most of the good prose (0 when the dump is not indented)."""
    mass: dict[int, int] = {}
    for u, c in zip(units, cls):
        if c == GOOD:
            mass[u.indent] = mass.get(u.indent, 0) + len(u.text)
    return max(mass, key=mass.__getitem__) if mass else 0


def _heads_deeper_prose(units: list[Unit], cls: list[str], k: int) -> bool:
    """Text mode: is the short line `k` the heading of the prose right below it?

    Why: a layout-preserving dump indents a block by its depth in the page, and the body
    indentation (`_body_indent`) is where most prose lies, which on long pages is often a
    deeper part of the page (an FAQ, a second column) than the section at hand; templates
    also put sub-headings one level above their paragraphs. So an article's sub-headings
    can be shallower than the body like the menus and footers around it. What tells them
    apart is what follows: a sub-heading is directly followed by a prose line at its own
    depth or deeper, a menu item by more menu items."""
    if k + 1 >= len(units) or cls[k + 1] not in (GOOD, NEAR):
        return False
    return units[k + 1].indent >= units[k].indent and len(units[k].text) <= HEADING_MAX_CHARS


def select_span(units: list[Unit], *, short_penalty: float = SHORT_PENALTY,
                near_weight: float = NEAR_WEIGHT, extra_ratio: float = EXTRA_SPAN_RATIO,
                extend_sentences: bool = False, lead_min: float | None = None,
                ) -> tuple[list[Unit], list[Removal]]:
    """Keep the body span(s): the run(s) of lines with the largest prose mass.

    Why a maximum-sum span (as in Finn et al.'s Body Text Extraction) rather than clusters cut
    at a fixed gap: an article interrupted by a bullet list or a table of short lines stays
    one span, because its prose outweighs the short lines, while menus and footers of many
    short lines cost more than they add. Each good line weighs its length, a thin sentence
    half its length, every other line `-short_penalty` (link-heavy ones at least their own
    length). The best span is kept, then further spans outside it worth `extra_ratio` of it.
    Non-prose lines at the edges of a span are dropped, link-heavy lines everywhere."""
    if not units:
        return [], []
    cls = [classify_paragraph(u) for u in units]
    if GOOD not in cls:
        return select_region(units)
    repeats = _refine_classes(units, cls)
    weights, owner = _span_weights(units, cls, short_penalty, near_weight)
    spans = _choose_spans(weights, extra_ratio, lead_min, owner)
    spans = [(owner[a], owner[b]) for a, b in spans]  # spans never start/end on a barrier
    keep: set[int] = set()
    for a, b in spans:
        while a < b and cls[a] not in (GOOD, NEAR):
            a += 1
        while b > a and cls[b] not in (GOOD, NEAR):
            b -= 1
        if extend_sentences:
            a, b = _extend_over_sentences(units, cls, a, b)
        keep.update(k for k in range(a, b + 1) if cls[k] != BAD)
    kept, removed = _split_kept(units, cls, keep, "span")
    if repeats:  # removed lists the units not kept, in order: relabel the repetitive ones
        dropped = [k for k in range(len(units)) if k not in keep]
        removed = [replace(r, rule="repeated_phrase", detail=REPETITIVE_DETAIL)
                   if k in repeats else r for k, r in zip(dropped, removed)]
    return kept, removed


def _refine_classes(units: list[Unit], cls: list[str]) -> set[int]:
    """The paragraph classes corrected in place before the span is weighed: linked sentences
    count as short lines (`_relink`), repetitive blocks as link lists (`is_repetitive`), and in
    HTML mode a teaser grid's excerpts as short lines. Returns the repetitive units' indices."""
    _relink(units, cls)
    repeats = {k for k, u in enumerate(units) if cls[k] == GOOD and is_repetitive(u.text)}
    for k in repeats:
        cls[k] = BAD
    if units[0].tag:
        _demote_teaser_excerpts(units, cls)
    return repeats


def _span_weights(units: list[Unit], cls: list[str], short_penalty: float, near_weight: float,
                  ) -> tuple[list[float], list[int]]:
    """One weight per unit, plus a virtual, heavily negative item before each barrier unit
    (owner -1) and before a unit that follows dropped chrome lines (owner -2); `owner` gives
    each weight's unit index. A non-prose line shallower than the body is made bad in `cls`."""
    chrome_penalty = cleaning_settings.CHROME_PENALTY  # read per call: tests switch it off
    body_indent = _body_indent(units, cls)
    weights: list[float] = []
    owner: list[int] = []
    for k, (u, c) in enumerate(zip(units, cls)):
        if u.barrier:
            weights.append(-BARRIER_PENALTY)
            owner.append(-1)
        elif u.chrome_before and chrome_penalty:
            weights.append(-chrome_penalty * min(u.chrome_before, CHROME_MAX_LINES))
            owner.append(-2)
        n = len(u.text)
        shallow = u.indent < body_indent  # shallower than the article's own lines: chrome?
        if shallow and c != GOOD and not _heads_deeper_prose(units, cls, k):
            c = cls[k] = BAD
        weights.append(SHALLOW_WEIGHT * n if shallow and c == GOOD else float(n) if c == GOOD else near_weight * n if c == NEAR else
                       -max(short_penalty, n) if c == BAD else
                       -TABLE_CELL_PENALTY if u.tag in TABLE_CELL_TAGS else -short_penalty)
        owner.append(k)
    return weights, owner


def _choose_spans(weights: list[float], extra_ratio: float, lead_min: float | None,
                  owner: list[int]) -> list[tuple[int, int]]:
    """(first, last) weight indices of the kept spans: the best span, then, outside it and
    before the next end-of-article marker after it, every further span worth `extra_ratio`
    of it (an opening before it needs only `lead_min`)."""
    mass, span = _best_span(weights, 0, len(weights))
    spans: list[tuple[int, int]] = []
    todo: list[tuple[int, int]] = []
    if span:
        spans.append(span)
        # an end-of-article marker after the body closes it: nothing beyond it is added back
        end = next((i for i in range(span[1] + 1, len(weights)) if owner[i] == -1),
                   len(weights))
        todo = [(0, span[0]), (span[1] + 1, end)]
    while todo:
        lo, hi = todo.pop()
        if hi <= lo:
            continue
        m2, sp2 = _best_span(weights, lo, hi)
        need = extra_ratio * mass
        if lead_min is not None and lo == 0 and span and hi <= span[0]:
            need = min(need, lead_min)  # the article's opening, cut off by a table or list
        if sp2 and m2 >= need:
            spans.append(sp2)
            todo += [(lo, sp2[0]), (sp2[1] + 1, hi)]
    return spans


def _is_plain_sentence(u: Unit) -> bool:
    """A `<p>` of plain text (no links) that ends a sentence: "It isn't.", "Trains lose
    connectivity." Menus, buttons, labels and captions rarely end with a full stop."""
    return u.tag == "p" and u.link_density == 0 and bool(CLOSED_SENTENCE.search(u.text))


def _extend_over_sentences(units: list[Unit], cls: list[str], a: int, b: int,
                           ) -> tuple[int, int]:
    """HTML mode: grow a span over the adjacent run of short plain-sentence paragraphs.
    Why: writers of punchy prose ("It isn't. / Trains lose connectivity.") put one short
    sentence per `<p>`; each costs the span as much as a menu line, so the span starts after
    them. Inside the container, a run of closed sentences in `<p>` with no links is prose."""
    while a > 0 and not units[a].barrier and cls[a - 1] != BAD and \
            _is_plain_sentence(units[a - 1]):
        a -= 1
    while b + 1 < len(units) and not units[b + 1].barrier and cls[b + 1] != BAD and \
            _is_plain_sentence(units[b + 1]):
        b += 1
    return a, b


# --------------------------------------------------------------------------- author boxes


def is_author_bio(text: str) -> bool:
    """A short "about the author" paragraph: starts with a name (or "Hi, I'm") followed by
    "is a/has been/co-founded..." and names a writing or professional role within its first
    250 characters. Why only at the end of the body: bios close an article, while the same
    shape in the middle is usually the article talking about someone."""
    s = text.strip()
    if len(s) > AUTHOR_BIO_MAX_CHARS or not BIO_START.match(s):
        return False
    return bool(BIO_ROLE.search(s[:AUTHOR_BIO_ROLE_CHARS])) or s.lower().startswith(("about", "hi", "hello",
                                                                      "hey"))


def is_named_bio(line: str, following: str) -> bool:
    """An author box as a name line and the bio under it: "About Amar Hussain" / "By infuy"
    followed by a paragraph that starts with that name and a bio verb ("Amar is an avid
    traveler...", "Infuy is an international technology company...").

    Why: many bios name no writing role (`is_author_bio` looks for one), but a short line
    naming someone, directly followed by a paragraph about that same name, is the shape of
    an author or publisher box. The line must say "About"/"By": a bare name over "X is..."
    is also how the last item of a list article ("Hertz" / "Hertz is the...") looks."""
    if len(line) > NAME_LINE_MAX_CHARS or not line[:2].lower() in NAME_LINE_STARTS:
        return False  # speed: this runs on every pair of lines
    m = NAME_LINE.match(line.strip())
    if not m:
        return False
    names = {w.lower() for w in m.group("name").split() if len(w) > 1}
    words = following.strip().split(None, 2)
    if len(words) < 2:
        return False
    first = words[0].rstrip(",").removesuffix("’s").removesuffix("'s").lower()
    if first != words[0].lower():
        return first in names  # "Amar, a traveler..." / "Infuy's team...": the name leads
    return first in names and bool(BIO_VERB.match(words[1]))


def trim_author_box(units: list[Unit]) -> tuple[list[Unit], list[Removal]]:
    """Drop an author box at the end of the body: from the first trailing paragraph (within
    the last `AUTHOR_BOX_MAX`) that is an author bio, through the end."""
    start = max(0, len(units) - AUTHOR_BOX_MAX)
    for k in range(start, len(units)):
        if k > 0 and is_author_bio(units[k].text):
            return units[:k], [Removal(u.index, u.text, "author_box",
                                       "author bio closing the article") for u in units[k:]]
    return units, []


def trim_trailing_notices(units: list[Unit]) -> tuple[list[Unit], list[Removal]]:
    """Drop a subscription appeal or a disclosure that closes the body, and what follows it
    (within the last `TRAILING_NOTICE_MAX` paragraphs). The line rules only remove such
    paragraphs up to a few hundred characters, because mid-article a long paragraph that
    mentions a newsletter or a commission is prose; the last paragraphs are where sites
    append their multi-sentence notices."""
    start = max(1, len(units) - TRAILING_NOTICE_MAX)
    for k in range(start, len(units)):
        rule = trailing_notice(units[k].text)
        if rule:
            return units[:k], [Removal(u.index, u.text, rule if j == k else "outside_body",
                                       "publisher's notice closing the article" if j == k else
                                       "after the publisher's notice closing the article")
                               for j, u in enumerate(units[k:], k)]
    return units, []


# --------------------------------------------------------------------------- repeated copies


def drop_repeated_paragraphs(units: list[Unit]) -> tuple[list[Unit], list[Removal]]:
    """Text mode: drop a paragraph of `REPEAT_MIN_CHARS` or more whose words repeat an earlier
    kept paragraph exactly (case and punctuation aside).

    Why text mode only: a text dump renders every element, including the ones CSS hides (a
    page's mobile and desktop copies of a block, the clones a looping carousel adds, a
    second copy of the article kept for machines), so a long paragraph printed twice is the
    page's twin, not the writer repeating themselves. HTML mode drops hidden elements before
    this point, and there a repeat is more often the article's own (a step of a plan)."""
    seen: set[str] = set()
    kept: list[Unit] = []
    removed: list[Removal] = []
    for u in units:
        key = " ".join(WORD_RUN.findall(u.text.lower()))
        if len(u.text) >= REPEAT_MIN_CHARS and key in seen:
            removed.append(Removal(u.index, u.text, "duplicate",
                                   "repeats an earlier paragraph of the dump"))
            continue
        seen.add(key)
        kept.append(u)
    return kept, removed
