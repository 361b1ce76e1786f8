"""Line/block rules that recognise boilerplate, shared by text mode and HTML mode.

Why hand-written rules instead of a library: the extraction libraries (trafilatura, jusText)
work on markup, decide per DOM node and do not tell *which* rule dropped a line. Plain-text
dumps have no markup at all, and the analysts need an auditable rule id for every removed line.
The patterns (in `patterns.py`) are deliberately anchored (whole line, short lines only) so
that a body paragraph that merely *mentions* cookies or newsletters is never dropped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from settings.cleaning import (BREADCRUMB_MAX_CHARS, BREADCRUMB_STEP_WORDS, COPYRIGHT_HOLDER_MAX_CHARS,
                               COPYRIGHT_MAX_CHARS, COPYRIGHT_MID_MAX_CHARS, CTA_BUTTON_MAX_CHARS,
                               HEADLINE_MAX_CHARS, HEADLINE_MAX_WORDS, HEADLINE_SENTENCE_WORDS,
                               LABEL_MAX_CHARS, LABEL_MAX_WORDS, RELATED_HEADING_MAX_CHARS,
                               SENTENCE_MIN_WORDS, SHARE_ROW_MAX_CHARS, SHARE_ROW_MIN_NAMES,
                               SHARE_ROW_NAME_SHARE, TRAILING_NOTICE_MAX_CHARS)

from .patterns import (ALL_RIGHTS, C1_CONTROL, COPYRIGHT_BODY, COPYRIGHT_HOLDER_END, COPYRIGHT_MID,
                       COPYRIGHT_START, COPYRIGHT_YEAR, CRUMB_ROOTS, CRUMB_SEP, CTA_BUTTON,
                       GLUED_COPYRIGHT, LABEL_END, LABEL_SEPARATOR, LATIN_WORD, LEAD_MARKS,
                       LINE_BULLET, MOJIBAKE_LEADS, MOJIBAKE_RUN, RELATED_HEADING, RULE_TABLE,
                       SECTION_WORDS, SENTENCE_LIKE_END, SOCIAL_WORDS, STOPWORDS, TRAILING_RULES,
                       WHITESPACE)

# Small patterns read below, compiled once.
_ANY_LETTER = re.compile(r"[A-Za-z]")
_LOWER_WORD = re.compile(r"[a-z-]+")


def normalise_ws(text: str) -> str:
    """Collapse runs of whitespace to one space and strip; characters are otherwise untouched
    (later stages compute offsets into the body, so quotes and dashes must survive as-is)."""
    return WHITESPACE.sub(" ", text).strip()


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was decoded as Latin-1 before the page was saved ("Investorâ\x80\x99s"
    for "Investor’s"): each such run is re-encoded to its bytes and decoded as UTF-8.

    Why only when C1 control characters (U+0080-U+009F) occur: they never appear in real
    text, but nearly every double-decoded curly quote, dash, symbol or emoji leaves one, so
    their presence is the signal; text without them is returned untouched. The regex scan
    for them only runs when a typical lead character (â, Ã, Â, ð, ï) is present: a few
    single-character searches cost a tenth of the scan, which matters in text mode. A run
    whose bytes are not valid UTF-8 is left as it is."""
    if not any(c in text for c in MOJIBAKE_LEADS) or not C1_CONTROL.search(text):
        return text

    def fix(m: re.Match[str]) -> str:
        try:
            return m.group(0).encode("latin-1").decode("utf-8")
        except UnicodeError:
            return m.group(0)

    return MOJIBAKE_RUN.sub(fix, text)


@dataclass(frozen=True)
class RuleHit:
    rule: str
    detail: str


def parse_copyright(line: str) -> tuple[str | None, int | None]:
    """Return (publisher, year) from a copyright line such as "© 2023 Newsmax. All rights
    reserved."; the *latest* year in a range is the copyright year."""
    years = [int(y) for y in COPYRIGHT_YEAR.findall(line)]
    year = max(years) if years else None
    m = COPYRIGHT_BODY.match(line)
    rest = m.group("rest") if m else ""
    rest = ALL_RIGHTS.split(rest)[0]
    # the holder ends at a sentence break, a pipe/bullet, or "All rights reserved"
    rest = COPYRIGHT_HOLDER_END.split(rest)[0]
    rest = rest.strip(" .,;:|-–—")
    if not rest or len(rest) > COPYRIGHT_HOLDER_MAX_CHARS or not _ANY_LETTER.search(rest):
        return None, year
    return rest, year


def is_copyright_line(line: str) -> bool:
    s = line.strip()
    if len(s) > COPYRIGHT_MAX_CHARS:
        return False
    if COPYRIGHT_START.match(s):
        return True
    # "Jane Doe © 2025. All content is the property of ..." (holder before the sign)
    return (bool(ALL_RIGHTS.search(s)) or bool(COPYRIGHT_MID.search(s))) and len(s) < COPYRIGHT_MID_MAX_CHARS


def looks_like_label(line: str) -> bool:
    """A section label: 1-3 capitalised words, no sentence punctuation ("News", "World",
    "Middle East", "Business | Markets")."""
    s = line.strip()
    if not s or len(s) > LABEL_MAX_CHARS or LABEL_END.search(s):
        return False
    words = LABEL_SEPARATOR.split(s)
    words = [w for w in words if w]
    if not 1 <= len(words) <= LABEL_MAX_WORDS:
        return False
    return all(w[0].isupper() or w.lower() in SECTION_WORDS or w == "&" for w in words)


def is_known_section(line: str) -> bool:
    s = line.strip().lower()
    parts = [p for p in LABEL_SEPARATOR.split(s) if p and p != "&"]
    return bool(parts) and all(p in SECTION_WORDS for p in parts)


# --------------------------------------------------------------------------- related lists
def is_related_heading(line: str) -> bool:
    s = LEAD_MARKS.sub("", line.strip())
    return len(s) <= RELATED_HEADING_MAX_CHARS and bool(RELATED_HEADING.match(s))


def is_cta_button(line: str) -> bool:
    """A sales button's label on a line of its own (see `CTA_BUTTON`)."""
    s = line.strip()
    return len(s) <= CTA_BUTTON_MAX_CHARS and bool(CTA_BUTTON.match(s))


def is_headline_like(line: str) -> bool:
    """A list item under a related heading: a short line, at most ~25 words, not ending like a
    long prose sentence. Why: headline lists have no markup left in a text dump, so the length
    and shape of the line is the only signal."""
    s = line.strip()
    if not s or len(s) > HEADLINE_MAX_CHARS:
        return False
    words = s.split()
    if len(words) > HEADLINE_MAX_WORDS:
        return False
    # a prose sentence of many words ending with a full stop is body, not a headline
    return not (len(words) > HEADLINE_SENTENCE_WORDS and s.endswith("."))


def trailing_notice(text: str) -> str | None:
    """Rule id when a paragraph closing the body is a publisher's notice - a subscription
    appeal or a legal/affiliate disclosure - however long (sites append several sentences of
    them to every article); None otherwise. Only meant for the last paragraphs: mid-article,
    a long paragraph mentioning a newsletter is prose."""
    if len(text) > TRAILING_NOTICE_MAX_CHARS:
        return None
    low = text.lower()
    for rule, rx, keys in TRAILING_RULES:
        if (keys is None or keys.search(low)) and rx.search(text):
            return rule
    return None


def _is_breadcrumb(s: str) -> bool:
    if len(s) > BREADCRUMB_MAX_CHARS:
        return False
    parts = CRUMB_SEP.split(s)
    if len(parts) < 2:
        return False
    if any(len(p.split()) > BREADCRUMB_STEP_WORDS or not p for p in parts):
        return False
    return parts[0].lower() in CRUMB_ROOTS or len(parts) >= 3 and all(
        p[0].isupper() for p in parts
    )


def classify_line(line: str) -> RuleHit | None:
    """Return the boilerplate rule that matches a whole (whitespace-normalised) line, if any.
    Only *position-independent* rules live here; section labels and related lists depend on
    where the line is and are decided by the callers.
    Memoised (pure function): site chrome lines repeat from page to page, and these ~15
    regexes are most of text mode's run time."""
    if len(line) > 400:
        return _classify_line(line)
    return _classify_cached(line)


@lru_cache(maxsize=1 << 15)
def _classify_cached(line: str) -> RuleHit | None:
    return _classify_line(line)


def _classify_line(line: str) -> RuleHit | None:
    # a list bullet a text dump keeps in front of a line does not change what the line is
    s = LINE_BULLET.sub("", normalise_ws(line))
    if not s:
        return None
    if is_copyright_line(s):
        return RuleHit("copyright", "copyright notice (©/Copyright/All rights reserved)")
    low = s.lower()
    n = len(s)
    for rule, rx, max_len, keys in RULE_TABLE:
        if n > max_len:
            continue
        if keys is not None and not keys.search(low):
            continue  # speed: the pattern cannot fire without one of its keywords
        if rx.search(s):
            return RuleHit(rule, f"matched {rule} pattern")
    if _is_breadcrumb(s):
        return RuleHit("navigation", "breadcrumb trail")
    if _is_share_row(low):
        return RuleHit("share_prompt", "row of social network names")
    return None


def _is_share_row(low: str) -> bool:
    """"Share: Facebook X Reddit Email" - a short line made mostly of social network names."""
    if len(low) > SHARE_ROW_MAX_CHARS:
        return False
    words = _LOWER_WORD.findall(low)
    if len(words) < SHARE_ROW_MIN_NAMES:
        return False
    social = sum(w in SOCIAL_WORDS for w in words)
    return social >= SHARE_ROW_MIN_NAMES and social >= SHARE_ROW_NAME_SHARE * len(words)


def split_glued_boilerplate(line: str) -> list[str]:
    """Split boilerplate glued to a body line (scrapers often lose the newline between the last
    paragraph, the copyright notice and the next page chrome):
    "...deployed to Ukraine.© 2023 Newsmax. All rights reserved.News" ->
    ["...deployed to Ukraine.", "© 2023 Newsmax. All rights reserved.", "News"]."""
    pieces = [line]
    m = GLUED_COPYRIGHT.search(line)
    if m and m.start() > 0:
        pieces = [line[: m.start()], line[m.end():]]
    out: list[str] = []
    for p in pieces:
        m2 = ALL_RIGHTS.search(p)
        if m2 and m2.end() < len(p.rstrip()) and is_copyright_line(p[: m2.end()]):
            tail = p[m2.end():]
            out.extend([p[: m2.end()], tail])
        else:
            out.append(p)
    return [p for p in out if p.strip()]


# --------------------------------------------------------------------------- prose signals
def stopword_density(text: str) -> float:
    """Share of English function words: prose has ~0.35-0.5, menus and headline lists far
    less. This is jusText's main signal, reimplemented here because it must run on plain text
    lines without any markup."""
    words = LATIN_WORD.findall(text.lower())
    if not words:
        return 0.0
    return sum(1 for w in words if w in STOPWORDS) / len(words)


def is_sentence_like(text: str) -> bool:
    s = text.strip()
    return len(s.split()) >= SENTENCE_MIN_WORDS and bool(SENTENCE_LIKE_END.search(s))
