"""Every tunable of the cleaning stage (`extractors/cleaning/`): the thresholds, weights,
penalties, minimum lengths and caps that decide what is kept as an article's body and what its
metadata says.

Why one module: these numbers were chosen together on the dev sets (one half to choose, the
other to measure), and a change to one moves what the others decide; reading them side by
side is how to tune them. Each keeps the comment that explains it, and names the module that
reads it. Facts (libxml2's nesting limit, tag names, rule ids) stay with the code.

Switches and weights that tests turn off are read at call time as attributes of this module
(`SECOND_OPINION`, `SPAN_CUT_WEIGHT`, `CHROME_PENALTY`, `PEER_DATE`), so patching them here
changes what the cleaner does.
"""
from __future__ import annotations

from settings.limits import DEFAULT_LIMITS

# --------------------------------------------------------------------------- input caps
MAX_TEXT_CHARS = 2_000_000  # cleaner.clean_text: bound work on pathological input

MAX_HTML_CHARS = DEFAULT_LIMITS.max_html_chars
"""html_dom: characters of a page that are parsed; the rest is cut off. Bounds time and memory
on huge pages (a 20 MB page of inline script costs what its first 5 MB cost). Real article
pages in the dev set are all far smaller (the largest is 1.6 MB). A resource limit: its value
lives in `settings.limits.Limits.max_html_chars`."""

MAX_INPUT_CHARS = 40_000_000
"""html_dom: hard cap on what is even looked at: above the pipeline's 32 MiB file limit, so only
direct API callers ever hit it. On a page longer than `MAX_HTML_CHARS`, scripts and styles
are cut out of this much (one linear regex pass) before the page is truncated."""

LANGUAGE_SAMPLE_CHARS = 2000  # cleaner: body characters py3langid reads when the page names no language

# --------------------------------------------------------------------------- line rules (boilerplate)
TRAILING_NOTICE_MAX_CHARS = 1200
"""boilerplate.trailing_notice: longest closing paragraph read as a publisher's notice."""
COPYRIGHT_MAX_CHARS = 250  # boilerplate.is_copyright_line: longer lines are never a notice...
COPYRIGHT_MID_MAX_CHARS = 160  # ...and a holder before the sign ("Jane Doe © 2025") needs a shorter one
COPYRIGHT_HOLDER_MAX_CHARS = 80  # boilerplate.parse_copyright: a longer "holder" is a sentence
LABEL_MAX_CHARS = 32  # boilerplate.looks_like_label: a section label is short...
LABEL_MAX_WORDS = 3  # ...and of 1-3 words
LABEL_BEFORE_PROSE_CHARS = 80  # body_filter: a label leads prose: a sentence-like line this long follows
RELATED_HEADING_MAX_CHARS = 60  # boilerplate.is_related_heading
CTA_BUTTON_MAX_CHARS = 40  # boilerplate.is_cta_button: a button's label is short
HEADLINE_MAX_CHARS = 160  # boilerplate.is_headline_like: a listed headline is at most this long,
HEADLINE_MAX_WORDS = 25  # ...of at most this many words,
HEADLINE_SENTENCE_WORDS = 14  # ...and a line of more words ending with a full stop is prose
BREADCRUMB_MAX_CHARS = 120  # boilerplate: a breadcrumb trail is short,
BREADCRUMB_STEP_WORDS = 5  # ...each step of it a few words
SHARE_ROW_MAX_CHARS = 160  # boilerplate: a row of social network names is short,
SHARE_ROW_MIN_NAMES = 3  # ...names at least three of them,
SHARE_ROW_NAME_SHARE = 0.6  # ...and they are most of its words
SENTENCE_MIN_WORDS = 5  # boilerplate.is_sentence_like: fewer words are a label, not a sentence

# --------------------------------------------------------------------------- paragraph classes (body_filter)
LINK_HEAVY_DENSITY = 0.5  # a block with more of its characters in links than this...
LINK_HEAVY_MAX_CHARS = 400  # ...and shorter than this is link-heavy (bad; short if a sub-heading)
GOOD_LONG_CHARS = 200  # a block this long with `GOOD_LONG_DENSITY` stop words is prose (good)
GOOD_LONG_DENSITY = 0.15
GOOD_CHARS = 90  # a block this long with `GOOD_DENSITY` stop words is prose (good)
GOOD_DENSITY = 0.25
NEAR_SENTENCE_DENSITY = 0.1  # a sentence-like block with this many stop words is thin prose (near)
NEAR_CHARS = 50  # a block this long with `NEAR_DENSITY` stop words is thin prose (near)
NEAR_DENSITY = 0.3

REPETITIVE_MIN_CHARS = 200
REPETITIVE_MAX_DISTINCT = 0.5
"""body_filter.is_repetitive: a block of `REPETITIVE_MIN_CHARS` or more in which fewer than this
share of the word trigrams are distinct is one phrase repeated, not prose."""

CTA_PITCH_MAX = 200
"""body_filter: longest block taken as the pitch of a sales button right below it."""
LINK_BLOCK_DENSITY = 0.5
"""body_filter: a block with at least this share of its characters in links is a link (a sales
button, a teaser's linked headline before its linked excerpt)."""
LINKED_SENTENCE_MIN_WORDS = 6  # body_filter._is_linked_sentence: a linked <p> of this many words...
LINKED_SENTENCE_MIN_DENSITY = 0.25  # ...and this share of stop words is a prose sentence

WRAP_MIN_WIDTH = 40  # body_filter.join_wrapped: a group whose widest line is 40-130 characters...
WRAP_MAX_WIDTH = 130  # ...(a typical wrap column)...
WRAP_MIN_LINE_SHARE = 0.5  # ...and whose lines but the last are at least half as wide is wrapped text

NAME_LINE_MAX_CHARS = 60  # body_filter: longest "About/By <name>" line over an author bio
AUTHOR_BIO_MAX_CHARS = 700  # body_filter.is_author_bio: a longer paragraph is not a bio
AUTHOR_BIO_ROLE_CHARS = 250  # body_filter.is_author_bio: a bio names its role this early

# --------------------------------------------------------------------------- teaser grids (body_filter)
TEASER_EXCERPT_MAX = 400
"""Longest prose block taken as the excerpt of a teaser card (`teaser_card_runs`)."""
TEASER_HEADLINE_MAX = 200
"""Longest linked block taken as a teaser card's headline."""
TEASER_LOOKBACK = 3
"""Blocks between a card's linked headline and its excerpt (section, author, date lines)."""
TEASER_CARD_GAP = 4
"""Blocks between one card's excerpt and the next card's headline (a date, a "Read more")."""
TEASER_MIN_CARDS = 3
"""Cards in a row that make a teaser grid."""
TEASER_HEADLINE_LINK_DENSITY = 0.8  # a teaser's headline is a link and nothing else...
TEASER_HEADLINE_MIN_WORDS = 3  # ...of three words or more
TEASER_EXCERPT_MAX_LINK_DENSITY = 0.1  # a teaser's excerpt (and the meta lines above it) has no links
TEASER_GRID_AFTER = 0.5
"""Share of the page's good prose that must lie before a grid for it to be demoted."""

# --------------------------------------------------------------------------- body span (body_filter)
CHROME_PENALTY = 40.0  # each line the line rules dropped still separates what is around it
CHROME_MAX_LINES = 3
BARRIER_PENALTY = 2000.0  # crossing an end-of-article marker costs this much prose
SHORT_PENALTY = 40.0  # cost of one short/non-prose line, in characters of good prose
SHALLOW_WEIGHT = 0.5  # a good line indented less than the body lines counts this share of its length
NEAR_WEIGHT = 0.5  # a sentence-like but thin line counts half its length
EXTRA_SPAN_RATIO = 0.5  # another span is kept if it has at least this share of the best one

TABLE_CELL_PENALTY = 4.0
"""HTML mode: cost of one short table cell in the span weights, far below a short line's.
Why: a comparison table in the body is one block of content of many tiny cells; at a short
line's cost each, a 60-cell table outweighs the intro before it or the FAQ after it, and the
span drops them (and the table). At this cost a row of five or six cells weighs about one
short line, so a table still separates prose when it is a huge one of its own."""

HEADING_MAX_CHARS = 120
"""Longest line taken as a sub-heading by `body_filter._heads_deeper_prose`."""

REGION_MAX_GAP = 4  # body_filter.select_region: more non-prose paragraphs in a row end a cluster
REGION_KEEP_RATIO = 0.3  # body_filter.select_region: a further cluster is kept at this share of the best

# In HTML mode the span is chosen inside the main container, which chrome removal and the
# container choice have already cleaned, so short lines cost less and secondary spans are
# kept more readily than in a raw text dump (cleaner).
HTML_SHORT_PENALTY = 15.0
HTML_EXTRA_SPAN_RATIO = 0.1
HTML_LEAD_MIN = 300.0
"""Prose mass (characters) a span before the main one needs to be kept as the article's
opening. Why lower than `HTML_EXTRA_SPAN_RATIO` of a long article: in HTML mode the span is
chosen inside the container, and the first prose there after the headline is the intro,
which a comparison table, a table of contents or an inserted "Read next" box between it and
the rest of the body cuts off from the main span."""

ADJACENT_MAX_GAP = 2  # cleaner.adjacent_prose: short blocks (sub-headings, captions) a prose run may step over

# --------------------------------------------------------------------------- end of the body (body_filter)
AUTHOR_BOX_MAX = 4  # at most this many trailing paragraphs are examined for an author box
TRAILING_NOTICE_MAX = 3  # the last paragraphs examined for a publisher's notice
REPEAT_MIN_CHARS = 80
"""Shortest paragraph that `body_filter.drop_repeated_paragraphs` removes when it repeats: short
lines ("Read more", a recurring step of a plan) legitimately repeat in an article."""

# --------------------------------------------------------------------------- page structure (html_dom)
CHROME_MIN_WRAPPER_CHARS = 1000
"""html_dom._too_big: an element with fewer visible characters is never too big to be chrome."""
CHROME_MAX_PAGE_SHARE = 0.4
"""html_dom._too_big: chrome is small next to the page: an element holding more than this share
of the visible text is a layout wrapper whose class/tag name misleads."""
CHROME_MAX_PROSE_CHARS = 1200
"""html_dom._too_big: characters of long paragraphs (see `PROSE_BLOCK_CHARS`) that make an
element an article, whatever its class says."""
PROSE_BLOCK_CHARS = 80
"""A block (paragraph) at least this long counts as prose when html_dom weighs elements
(`_too_big`, the container's ancestor climb, `twin_containers`)."""
PROSE_MAX_LINK_DENSITY = 0.3  # html_dom: ...and it has fewer of its characters in links than this

SCORE_MIN_CHARS = 25  # html_dom.find_container: shorter blocks do not credit their containers
SCORE_MAX_LINK_DENSITY = 0.4  # html_dom.find_container: blocks with more links do not either
SCORE_LENGTH_UNIT = 100.0  # a block's score grows by one per this many characters...
SCORE_LENGTH_CAP = 3.0  # ...up to this much
SCORE_ANCESTORS = 4  # ancestors a block credits, each half as much as the one below
SCORE_DECAY = 0.5
BODY_MARK_BONUS = 1.3  # itemprop=articleBody or an "article-body"-like class/id
ARTICLE_TAG_BONUS = 1.15  # <article> or <main>
CLIMB_LEVELS = 6
"""html_dom.find_container: page builders (Elementor, Squarespace) nest each text widget several
wrappers deep, so the climb looks this many levels up for the next ancestor that adds prose."""
CLIMB_RATIO = 1.25
"""html_dom.find_container: the climb goes on while an ancestor holds this many times the prose
of the chosen element."""
SECTION_HEADING_MAX_CHARS = 200
"""html_dom._is_section_heading: a <header> holding only a sub-heading this short is kept."""
RUNNING_TEXT_WINDOW = 40  # html_dom._in_running_text: characters read either side of a link
REMOVED_TEXT_MAX_CHARS = 2000  # html_dom.strip_chrome: text of a dropped element kept for the audit
SCRIPT_TEXT_MAX_CHARS = 200  # html_dom.strip_chrome: source of a script/style kept for the audit
TWIN_MIN_PROSE = 200
"""Prose characters (blocks of ≥ 80 chars with few links) an element of the container's own
class must hold to be taken as a further part of the body (html_dom.twin_containers)."""

# --------------------------------------------------------------------------- lede (html_lede)
LEDE_MAX_SKIP = 8
"""Non-prose blocks (byline, date, category links, "TL;DR:") the walk may step over before the
lede starts; more than that and the headline is not the article's own (a teaser list)."""
LEDE_REPEAT_WINDOW = 6
"""How many of the container's first blocks are checked for a repeat of a lede candidate."""

# --------------------------------------------------------------------------- second opinion
SECOND_OPINION = True
"""Ask trafilatura about suspicious bodies (see `extractors.cleaning.second_opinion`); a switch for
tests and for measuring what the mechanism is worth."""

SPAN_CUT_WEIGHT = 1.0
"""Blocks of the chosen container that the span step cut off (lists, short lines at the edges
of the body) count this share of their length as removed prose when deciding to ask the peer."""

DROPPED_PROSE_MIN_CHARS = 200
DROPPED_PROSE_DENSITY = 0.3
"""An element dropped as chrome counts as removed prose when deciding to ask the peer if it has
at least `DROPPED_PROSE_MIN_CHARS` characters and this share of stop words."""

SHORT_BODY_CHARS = 1000
"""A first-pass body shorter than this is checked against the peer: short articles exist, but
so do bodies cut down to a byline or a caption."""

REMOVED_PROSE_RATIO = 0.3
"""The peer is also asked when the prose-like text we removed (outside the chosen container,
or inside elements dropped as chrome) is at least this share of the body we kept."""

PEER_GAIN = 1.3
"""The combined body is used only when it is at least this many times longer than ours."""

AGREE_SHARE = 0.6
"""Share of a block's word trigrams that must occur in the peer's text for the two to agree."""

PEER_DATE = True
"""Ask htmldate (trafilatura's date finder) for the publication day when neither the page
metadata nor a byline gave one. Why a peer and not more rules of ours: htmldate reads the
places dates hide on the web (URL paths, unmarked header elements, many CMS conventions)
and is kept up by the same project as trafilatura; its cheap mode (no extensive search of
the free text) is used so a date in the article's prose is never taken for the page's."""

# --------------------------------------------------------------------------- page metadata (html_metadata)
MIN_YEAR = 1990  # html_metadata and bylines: a date outside these years is not the article's
MAX_YEAR = 2100
MAX_META_DATE_CHARS = 80  # html_metadata.parse_datetime: a longer value is not a machine date
MAX_PERSON_CHARS = 80  # html_metadata: a longer metadata author is not a name
MAX_AUTHORS = 10  # authors kept per article (page metadata or byline)
MAX_LD_NAMES = 20  # html_metadata: list items read from one JSON-LD author/publisher value
MAX_JSONLD_OBJECTS = 500  # html_metadata: bounded: some sites embed huge graphs
MAX_MARKED_CHARS = 200
"""Text of a byline element: longer is an author bio or a whole header, not a byline."""
MAX_MARKED = 40  # elements looked at per kind: bylines sit near the top of the article

# --------------------------------------------------------------------------- bylines
MAX_BYLINE_CHARS = 400
"""Longer text is never a byline or dateline; checked before anything is memoised, so the
caches in `extractors.cleaning.bylines` hold short strings only."""

MAX_DATELINE_CHARS = 120
"""A dateline is short: a date inside a longer line is most often prose ("On March 3, 2020,
the council voted ...")."""

HTML_LINES_BEFORE_BODY = 15
"""Removed blocks right before the body that may hold the byline (headline area)."""
HTML_KEPT_LINES = 3
"""First body paragraphs read for a byline the cleaner kept."""

TEXT_LINES_BEFORE_BODY = 120
"""Lines of a text dump before its first body line searched for a title, byline or date."""
TEXT_LINES_AFTER_START = 20
"""Lines from the first body line on: a dump's byline may follow the lead paragraph."""
MAX_TITLE_WORDS = 25
TITLE_MARKER_LINES = 30
"""A headline is looked for above a byline or dateline at most this many lines from the body."""
TITLE_FIRST_LINE_MAX = 6
"""The dump's first line is its headline only when the body starts within this many lines
(headline, byline, date, ...): a rendered page's first line is its menu."""
