"""Authors and publication dates from byline and dateline text.

Pages print who wrote an article and when ("By Matthew Digby, Minh Do", "Published 11:34 PM
EST Nov 19, 2019", "Tom Davies Associated Press") in short lines the cleaner removes as
boilerplate. This module reads those lines; it never decides what is boilerplate.

Why a small hand-written date parser and not `dateparser.search`: bylines use a handful of
formats (month-name dates, ISO dates, clock times with a zone abbreviation), and
`dateparser.search` is both slow (milliseconds per call, on every candidate line of every
page) and lenient in ways that hurt here: it reads "May", "2 min read" or "3 days ago" as
dates and anchors relative ones to the wall clock, which would make the cleaner impure. A
line with no recognisable calendar date simply gives no date.

Why capitalisation rules and not spaCy's NER for names: the cleaner runs before the model is
loaded (and in processes that never load it), a byline holds only names and a few labels,
and the small English model mislabels lone names in such fragments anyway.

All functions are pure: text in, plain values out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Iterable

from settings.cleaning import (HTML_KEPT_LINES, HTML_LINES_BEFORE_BODY, MAX_AUTHORS,
                               MAX_BYLINE_CHARS, MAX_DATELINE_CHARS, MAX_TITLE_WORDS, MAX_YEAR,
                               MIN_YEAR, TEXT_LINES_AFTER_START, TEXT_LINES_BEFORE_BODY,
                               TITLE_FIRST_LINE_MAX, TITLE_MARKER_LINES)

from .byline_patterns import (AGENCY_END, BYLINE_BULLET, CLOCK_LEAD, COMMENT_HEADER, CONTENT_WORD,
                              CREDENTIAL, CUE, DATE_RX, DATELINE_FILLER, FIXED_ZONES,
                              GENERIC_ZONES, GLUED_LABEL, IN_CATEGORY, LABEL_ONLY, LABEL_WORDS,
                              LEADING_NOT_NAME, MAY_NAME, MID_BY, MIDDLE_INITIAL, MONTHS, NAME_CUT,
                              NAME_SPLIT, NAME_TOKEN, NOT_AUTHOR_CUE, ORG_WORDS, PARTICLES,
                              PUBLISHED_LABEL, ROLE_WORDS, SEGMENT, STRONG_CUE, TIME_RX,
                              TITLE_STOP, UPDATED_LABEL, WEAK_CUE, WEB_ADDRESS, WRITTEN_BY,
                              ZONE_OFFSET)


@dataclass(frozen=True)
class FoundDate:
    """A calendar date found in a short text, with its clock time and zone when printed."""

    value: datetime  # timezone-aware: the printed zone, else UTC
    start: int
    end: int  # span of the calendar date in the text (a clock time beside it is not included)
    has_zone: bool
    updated: bool  # labelled as an update ("Updated", "Last modified"), not the publication


def _zone(name: str | None) -> tzinfo | None:
    """The zone a printed abbreviation or offset names, else None (unknown: taken as UTC)."""
    if not name:
        return None
    s = name.upper().replace(" ", "")
    if s in FIXED_ZONES:
        return timezone(timedelta(minutes=FIXED_ZONES[s]))
    if s in GENERIC_ZONES:
        try:
            from zoneinfo import ZoneInfo

            return ZoneInfo(GENERIC_ZONES[s])
        except Exception:  # noqa: BLE001 - no tz database: fall back to standard time
            return timezone(timedelta(hours={"ET": -5, "CT": -6, "MT": -7, "PT": -8}[s]))
    m = ZONE_OFFSET.fullmatch(s)
    if m:
        minutes = int(m.group(2)) * 60 + int(m.group(3) or 0)
        if minutes <= 14 * 60:
            return timezone(timedelta(minutes=minutes if m.group(1) == "+" else -minutes))
    return None


def _ymd(m: re.Match[str]) -> tuple[int, int, int] | None:
    g = m.groupdict()
    if g["y1"]:
        return int(g["y1"]), MONTHS[g["m1"][:3].lower()], int(g["d1"])
    if g["y2"]:
        return int(g["y2"]), MONTHS[g["m2"][:3].lower()], int(g["d2"])
    if g["y3"]:
        return int(g["y3"]), int(g["m3"]), int(g["d3"])
    a, b = int(g["a4"]), int(g["b4"])
    # 03/04/2024 is ambiguous: a slash is the US order (month first), a dot the European one
    if a > 12:
        return int(g["y4"]), b, a
    if b > 12 or g["sep4"] == "/":
        return int(g["y4"]), a, b
    return int(g["y4"]), b, a


def _clock(text: str, start: int, end: int) -> tuple[int, int, str | None] | None:
    """(hour, minute, zone) of a clock time printed right after or right before the date
    ("Nov 19, 2019 at 11:34 a.m. ET", "11:34 PM EST Nov 19, 2019")."""
    candidates = []
    after = CLOCK_LEAD.match(text[end:end + 8])
    m = TIME_RX.match(text, end + (after.end() if after else 0))
    if m:
        candidates.append(m)
    for b in TIME_RX.finditer(text, max(0, start - 28), start):
        if not text[b.end():start].strip(" ,|•·-").lower() in ("", "on"):
            continue
        candidates.append(b)
    for t in candidates:
        if not (t.group("mi") or t.group("ap")):
            continue  # a bare number is not a time
        h, mi = int(t.group("h")), int(t.group("mi") or 0)
        ap = (t.group("ap") or "").lower().replace(".", "").replace(" ", "")
        if ap == "pm" and h < 12:
            h += 12
        elif ap == "am" and h == 12:
            h = 0
        if h <= 23 and mi <= 59:
            return h, mi, t.group("tz")
    return None


@lru_cache(maxsize=1 << 14)
def find_dates(text: str) -> tuple[FoundDate, ...]:
    """Every calendar date in a short text, in order, with a clock time and zone when one is
    printed next to it. A date without a zone is taken as UTC (as page metadata is).
    Memoised (pure): each header line is looked at by several rules."""
    if not any(ch.isdigit() for ch in text):
        return ()  # speed: every accepted format has digits
    out: list[FoundDate] = []
    for m in DATE_RX.finditer(text):
        ymd = _ymd(m)
        if ymd is None:
            continue
        try:
            day = datetime(*ymd)
        except ValueError:
            continue
        if not MIN_YEAR <= day.year <= MAX_YEAR:
            continue
        zone_name: str | None = None
        value = day
        if m.group("iso_t"):
            hh, mm = m.group("iso_t").split(":")[:2]
            value = day.replace(hour=int(hh), minute=int(mm))
            zone_name = m.group("iso_z")
            if zone_name == "Z" or (zone_name and zone_name[0] in "+-"):
                zone_name = "UTC" if zone_name == "Z" else "UTC" + zone_name
        else:
            clock = _clock(text, m.start(), m.end())
            if clock:
                value = day.replace(hour=clock[0], minute=clock[1])
                zone_name = clock[2]
        tz = _zone(zone_name)
        label = text[max(0, m.start() - 40):m.start()]
        updated = bool(UPDATED_LABEL.search(label)) and not PUBLISHED_LABEL.search(
            label[UPDATED_LABEL.search(label).end():] if UPDATED_LABEL.search(label) else "")
        out.append(FoundDate(value.replace(tzinfo=tz or timezone.utc), m.start(), m.end(),
                             tz is not None, updated))
    return tuple(out)


def _person(piece: str, publisher: str | None, cued: bool, explicit: bool = False) -> str | None:
    """The person a byline piece names, or None when it is a title, an outlet or prose.
    "Tom Davies Associated Press" is a name followed by an agency: the person is the name
    before the organisation words (at most three words). A one-word name ("BeauHD") needs
    an explicit cue (`explicit`: "By", "Posted by"), not just a marked element, whose text
    may be a category ("Wellness")."""
    words = piece.strip(" .,:;-–—").split()
    if not words:
        return None
    if publisher and _person_shaped(publisher):
        publisher = None  # a one-person site: its owner is the author, not an outlet
    if publisher:
        pub = publisher.lower().split()
        low = [w.lower() for w in words]
        for i in range(len(words) - len(pub) + 1):
            if low[i:i + len(pub)] == pub:
                words = words[:i]
                break
    low = [w.lower().strip(".,") for w in words]
    if any(w in LABEL_WORDS for w in low):
        return None
    org_at = next((i for i, w in enumerate(low) if w in ORG_WORDS), None)
    if org_at is not None:
        if org_at < 2:
            return None
        if not cued and not (low[-1] in AGENCY_END and len(words) <= 6
                             and all(NAME_TOKEN.match(w) for w in words)):
            return None
        # the organisation's own capitalised words precede its org word ("Associated Press"):
        # keep the first two words (three with a middle initial) as the person
        keep = 3 if len(words) > 3 and MIDDLE_INITIAL.fullmatch(words[1]) else 2
        words = words[:min(keep, org_at)]
        low = low[:len(words)]
    elif not cued:
        return None  # without a cue only the wire-service shape names a person
    before = len(words)
    all_caps = all(w.isupper() for w in words)  # "LEONARDO GARCIA": capitals are the style
    while words and (low[-1] in ROLE_WORDS or words[-1] in {"-", "–"} or (
            len(words) > 1 and not all_caps and CREDENTIAL.match(words[-1]))):
        words, low = words[:-1], low[:-1]
    if len(words) == 1 and before > 1:
        return None  # "Shipping Expert", "Marketing Team": a title or a desk, not a name
    if not words or len(words) > 5 or low[0] in LEADING_NOT_NAME:
        return None
    if all(w in ROLE_WORDS for w in low):
        return None
    if len(words) == 1 and not explicit:
        return None
    for w, lw in zip(words, low):
        if lw in PARTICLES and w is not words[0]:
            continue
        if not NAME_TOKEN.match(w) or any(ch.isdigit() for ch in w):
            return None
    name = " ".join(words)
    if publisher and name.lower().replace(" ", "") == publisher.lower().replace(" ", ""):
        return None
    return name


def _person_shaped(name: str) -> bool:
    """Two or three capitalised words without an organisation word ("Paul Iusztin")."""
    words = name.split()
    return 2 <= len(words) <= 3 and all(NAME_TOKEN.match(w) for w in words) and not any(
        w.lower().strip(".,") in ORG_WORDS for w in words)


@lru_cache(maxsize=1 << 14)
def normalise_line(text: str) -> str:
    """A candidate line with whitespace collapsed, a list bullet dropped and a label glued to
    the preceding word split off."""
    return GLUED_LABEL.sub(" ", BYLINE_BULLET.sub("", " ".join(text.split())))


def parse_authors(text: str, publisher: str | None = None, cued: bool = False) -> tuple[str, ...]:
    """Person names in a byline: "By Matthew Digby, Minh Do" -> ("Matthew Digby", "Minh Do").

    The line is cut into segments at separators ("|", "•", " — ", sentence ends); the first
    segment that names people wins, so "Reviewed by X — Written by Y" gives Y. In a segment
    a leading "By"/"Written by"/"Author:" is dropped; the names end at the date or a label
    ("By Jane Roe Published ..."); "A, B and C" is split; job titles, credentials ("Staff
    Writer", "PhD") and outlets or agencies (a piece with an organisation word, or the
    publisher's name) are not people. Without a cue word (`cued=False`, e.g. a line of the
    kept text) a segment must start with one, so prose never yields a name."""
    if len(text) > MAX_BYLINE_CHARS:
        return ()
    return _parse_authors(text, publisher, cued)


@lru_cache(maxsize=1 << 14)
def _parse_authors(text: str, publisher: str | None, cued: bool) -> tuple[str, ...]:
    s = normalise_line(text)
    if not s or len(s) > 250:
        return ()
    if not cued and not MAY_NAME.search(s):
        return ()  # speed: without a cue word or an agency at the end there is no byline
    for segment in SEGMENT.split(s):
        names = _segment_authors(segment, publisher, cued)
        if names:
            return names
    return ()


def _segment_authors(s: str, publisher: str | None, cued: bool) -> tuple[str, ...]:
    s = s.strip()
    if not s or NOT_AUTHOR_CUE.search(s[:40]) or COMMENT_HEADER.search(s):
        return ()
    explicit = False
    m = CUE.match(s)
    if m:
        s, cued, explicit = s[m.end():], True, not WEAK_CUE.match(s)
    elif (mid := MID_BY.search(s)) and _only_date_and_labels(s[:mid.start()]):
        s, cued, explicit = s[mid.end():], True, True  # "Last updated March 3, 2025 by Erik Demaine"
    elif (mid := WRITTEN_BY.search(s)):
        s, cued, explicit = s[mid.end():], True, True  # "This post was written by Jane Roe, MD."
    elif not cued:
        name = _person(s, publisher, cued=False)  # only the "Tom Davies Associated Press" shape
        return (name,) if name else ()
    dates = find_dates(s)
    if dates:
        s = s[:dates[0].start]
    cut = NAME_CUT.search(s)
    if cut:
        s = s[:cut.start()]
    names: list[str] = []
    for piece in NAME_SPLIT.split(s):
        if not piece.strip() or CREDENTIAL.match(piece.strip()):
            continue  # "Jane Roe, MD"
        name = _person(piece, publisher, cued, explicit)
        if name is None and not names:
            return ()  # a byline starts with a name: "By entering your email ... and Privacy Policy"
        if name is not None and name.lower() not in {n.lower() for n in names}:
            names.append(name)
    return tuple(names[:MAX_AUTHORS])


def _only_date_and_labels(prefix: str) -> bool:
    """Whether a byline's text before a mid-line "by" is only a date and its labels."""
    if not find_dates(prefix):
        return False
    rest = prefix
    for d in reversed(find_dates(prefix)):
        rest = rest[:d.start] + " " + rest[d.end:]
    return not DATELINE_FILLER.sub(" ", TIME_RX.sub(" ", rest)).split()


def dateline_authors(line: str, publisher: str | None = None) -> tuple[str, ...]:
    """Names printed in a dateline without "By": "Zach Lezberg | May 22, 2025", "Dec 26, 2025
    • Mahua Das in Project Management". The line must be dateline-shaped (a publication or
    update date and a few words), and a name must be a whole segment, set off by a separator,
    of two to four capitalised words (a category or headline run into the date is not)."""
    if len(line) > MAX_BYLINE_CHARS:
        return ()
    s = normalise_line(line)
    found = _dateline(s, allow_updated=True)
    if found is None:
        return ()
    segments = SEGMENT.split(s)
    if len(segments) < 2:
        return ()  # "Mental Health December 22, 2022": a name must be set off by a separator
    names: list[str] = []
    for segment in segments:
        segment = segment.strip(" |,•·●⋅∙—–-")
        if find_dates(segment):
            continue
        segment = IN_CATEGORY.split(segment, maxsplit=1)[0]  # "Jane Roe in Politics"
        if not 2 <= len(segment.split()) <= 4:
            continue
        name = _person(segment, publisher, cued=True)
        if name == segment.strip(" .,") and name.lower() not in {n.lower() for n in names}:
            names.append(name)
    return tuple(names)


# --------------------------------------------------------------------------- lines

def dateline_date(line: str) -> FoundDate | None:
    """The publication date a short dateline-shaped line gives ("Published 11:34 PM EST Nov
    19, 2019", "June 3, 2024 | 5 min read"), else None. What is left of the line without the
    date, the time, the labels and a byline's names must be a few words at most: a date in a
    sentence is not a dateline. A date labelled as an update is not a publication date."""
    if len(line) > MAX_BYLINE_CHARS:
        return None
    return _dateline(normalise_line(line), allow_updated=False)


@lru_cache(maxsize=1 << 14)
def _dateline(s: str, allow_updated: bool) -> FoundDate | None:
    if not s or len(s) > MAX_DATELINE_CHARS:
        return None
    found = find_dates(s)
    best = next((d for d in found if allow_updated or not d.updated), None)
    if best is None:
        return None
    rest = s[:best.start] + " " + s[best.end:]
    rest = TIME_RX.sub(" ", rest)
    rest = DATELINE_FILLER.sub(" ", rest)
    rest = CUE.sub(" ", rest)
    if len(rest.split()) > 6:
        return None
    return best


@dataclass(frozen=True)
class Byline:
    """What a page's bylines and datelines say."""

    authors: tuple[str, ...] = ()
    published: datetime | None = None  # timezone-aware; the printed zone when there is one
    updated: datetime | None = None  # a dateline labelled "Updated ..." (not a publication date)


def read_bylines(lines: Iterable[str], publisher: str | None = None,
                 cued: bool = False) -> Byline:
    """The first authors, the first publication date and the first update date found in
    candidate lines, in order.

    `cued=True` says the lines come from where the page marks its byline (an element whose
    class names an author): a bare name counts there. Otherwise a name needs a "By" cue and a
    date needs a dateline-shaped line."""
    authors: tuple[str, ...] = ()
    published: datetime | None = None
    updated: datetime | None = None
    for line in lines:
        if not authors:
            authors = parse_authors(line, publisher, cued=cued) or dateline_authors(line, publisher)
        if published is None:
            found = dateline_date(line)
            published = found.value if found is not None else None
        if updated is None and len(line) <= MAX_BYLINE_CHARS:
            found = _dateline(normalise_line(line), allow_updated=True)
            if found is not None and found.updated:
                updated = found.value
        if authors and published is not None:
            break
    return Byline(authors, published, updated)


def is_organisation(name: str, publisher: str | None = None) -> bool:
    """Whether a metadata "author" is an organisation or an id rather than a person: the
    site's own name, a name with an organisation word, a handle of digits, a web address.
    Page metadata often puts the publisher in `author` when no person is credited."""
    s = name.strip()
    low = s.lower()
    if not s or s.isdigit() or len(low.split()) == 1 and WEB_ADDRESS.search(low):
        return True  # an id or a web address ("accountingdepartment.com")
    if publisher and low.replace(" ", "") == publisher.lower().replace(" ", ""):
        return True
    return any(w.strip(".,") in ORG_WORDS for w in low.split())


def first_of(found: Iterable[Byline]) -> Byline:
    """The first authors and the first dates over bylines read from sources in order of trust."""
    authors: tuple[str, ...] = ()
    published: datetime | None = None
    updated: datetime | None = None
    for b in found:
        authors = authors or b.authors
        published = published if published is not None else b.published
        updated = updated if updated is not None else b.updated
    return Byline(authors, published, updated)


SOURCE_PAGE = "page"  # HTML metadata: JSON-LD, <meta>, <time datetime>
SOURCE_BYLINE = "byline"  # a web page's visible byline or dateline
SOURCE_TEXT_HEADER = "text_header"  # the header lines of a plain-text dump
SOURCE_PEER = "peer"  # the day htmldate finds when neither metadata nor a byline gave one


def fill_from_bylines(fields: dict, found: Byline, source: str) -> dict:
    """Page metadata fields completed by what the bylines say.

    Page metadata wins when it has a value: it is written for machines and carries the full
    timestamp, where a visible date is often just a day. Bylines fill what it lacks, with
    `published_source` saying where the date came from. One exception, "clearly worse":
    metadata authors that are all organisations or ids (the site's own name, "Foo Media",
    a numeric user id), which sites put in `author` when a template has no person; a byline
    naming a person then replaces them.

    A date labelled "Updated" fills `modified`, never `published`: a page that shows only
    its update date does not say when it was first published (measured: taking it as the
    publication date would match the dev sets' gold more often, whose annotators read the
    date shown, but `published_at` would then be wrong by definition)."""
    out = dict(fields)
    if out.get("published") is not None:
        out.setdefault("published_source", SOURCE_PAGE)
    authors = tuple(out.get("authors") or ())
    if found.authors and (not authors or all(is_organisation(a, out.get("publisher"))
                                             for a in authors)):
        out["authors"] = found.authors
    if out.get("published") is None and found.published is not None:
        out["published"] = found.published
        out["published_source"] = source
    if out.get("modified") is None and found.updated is not None:
        out["modified"] = found.updated
    return out


def html_byline_lines(removed: Iterable[tuple[int, str, str]],
                      kept: list[tuple[int, str]]) -> list[str]:
    """Candidate byline lines of a cleaned web page, in reading order: blocks removed as a
    byline or timestamp, the removed blocks just before the body (headline, byline, date;
    a label alone on its block joined to the next, `bylines_of_lines`), the body's first
    paragraphs, then any removed block that opens with a strong cue ("Written by"), such as
    an author box or a footer's "Posted by". `removed` holds (block index, rule, text), `kept`
    (block index, text); reader comments are left out, and so is other chrome dropped whole
    (index < 0) unless it opens with a strong cue."""
    first = kept[0][0] if kept else None
    removed = [(i, rule, text) for i, rule, text in removed if rule != "comments"]
    rows = sorted((i, rule, text) for i, rule, text in removed if i >= 0)
    lines = [t for i, rule, t in rows if rule in ("byline", "timestamp")]
    if first is not None:
        near = [t for i, rule, t in rows if first - HTML_LINES_BEFORE_BODY <= i < first
                and rule not in ("byline", "timestamp")]
        lines += bylines_of_lines(near)
    lines += [t for _, t in kept[:HTML_KEPT_LINES]]
    # last: "Written by ..." anywhere, e.g. an author box after the body or in a dropped footer
    lines += [t for _, _, t in removed if len(t) <= MAX_DATELINE_CHARS and STRONG_CUE.match(t)]
    return lines


def _shares_words(title: str, lede: str) -> bool:
    """Whether a headline candidate shares a content word (4+ letters) with the start of the
    body: a headline announces what the lede tells, a menu item or a site slogan does not."""
    words = {w for w in CONTENT_WORD.findall(title.lower()) if w not in TITLE_STOP}
    return bool(words & set(CONTENT_WORD.findall(lede.lower())))


def looks_like_headline(line: str) -> bool:
    """A line that can be a headline: a few words, starting with a capital, not ending like a
    sentence or a label, holding no date, no byline and no boilerplate."""
    from .boilerplate import classify_line

    s = " ".join(line.split())
    words = s.split()
    if not 2 <= len(words) <= MAX_TITLE_WORDS or len(s) > 200:
        return False
    if not (s[0].isupper() or s[0].isdigit() or s[0] in "\"'“‘") or s[-1] in ".,;:":
        return False
    if find_dates(s) or parse_authors(s) or classify_line(s) is not None:
        return False
    if _person_shaped(s.split(",")[0]):
        return False  # "Jane Roe", "Jane Roe, Staff Writer": a byline without its "By"
    return sum(ch.isalpha() for ch in s) >= 0.6 * len(s)


def read_text_header(lines: list[str], body_start: int,
                     publisher: str | None = None) -> tuple[str | None, Byline]:
    """Title and byline of a plain-text dump from the lines around where its body starts
    (`body_start`, 0-based line number of the first kept line).

    Authors and date come from the byline and dateline lines there, nearest the body first.
    The title is the headline-shaped line just above the byline or dateline nearest the body
    (a dump prints headline, then byline), else the dump's first line when the body follows
    within a few lines; either way it must share a content word with the lede."""
    lo = max(0, body_start - TEXT_LINES_BEFORE_BODY)
    window = [(i, normalise_line(line)) for i, line in
              enumerate(lines[lo:body_start + TEXT_LINES_AFTER_START], lo)
              if line.strip() and len(line) <= MAX_BYLINE_CHARS]
    window = [(i, t) for i, t in window if t]
    logical = bylines_of_lines([t for _, t in window], publisher)
    # nearest the body first: menus far above it also hold "By <topic>" lines and dates
    at = [i for i, _ in window]
    order = sorted(range(len(logical)), key=lambda k: (abs(at[k] - body_start), at[k] > body_start))
    byline = read_bylines([logical[k] for k in order], publisher)
    texts = [t for _, t in window]
    lede = " ".join(lines[body_start:body_start + TEXT_LINES_AFTER_START])
    title = None
    markers = [k for k in order if abs(at[k] - body_start) <= TITLE_MARKER_LINES and (
        _is_label(texts[k]) or parse_authors(texts[k], publisher) or dateline_date(texts[k])
        or _beside_dateline(texts, k, publisher))]
    if markers:
        marker = markers[0]  # the byline or dateline nearest the body, as read above
        for t in reversed(texts[max(0, marker - 4):marker]):
            if looks_like_headline(t) and _shares_words(t, lede):
                title = t
                break
    if title is None:
        head = [(i, line) for i, line in enumerate(lines[:body_start + 1]) if line.strip()]
        if head and len(head) <= TITLE_FIRST_LINE_MAX and len(head[0][1]) <= MAX_BYLINE_CHARS \
                and looks_like_headline(head[0][1]) and _shares_words(head[0][1], lede):
            title = " ".join(head[0][1].split())
    return title, byline


def html_page_byline(marked: tuple[list[str], list[str]], removed: Iterable[tuple[int, str, str]],
                     kept: list[tuple[int, str]], publisher: str | None = None) -> Byline:
    """What a cleaned web page's bylines say, most trusted source first: the elements the
    page marks as byline and dateline (`html_metadata.marked_byline_texts`), then the blocks
    the cleaner removed around the headline and the body's first lines (`html_byline_lines`)."""
    author_texts, date_texts = marked
    return first_of([read_bylines(author_texts, publisher, cued=True),
                     read_bylines(date_texts, publisher),
                     read_bylines(html_byline_lines(removed, kept), publisher)])


def _is_label(line: str) -> bool:
    return bool(LABEL_ONLY.match(line))


def _beside_dateline(lines: list[str], k: int, publisher: str | None) -> bool:
    """Whether line k is a bare person name right above or below a dateline: the
    "Jane Roe / June 3, 2024" shape of a byline whose "By" is an icon or a layout."""
    line = lines[k]
    if not 2 <= len(line.split()) <= 4 or looks_like_sentence(line):
        return False
    if not any(0 <= j < len(lines) and dateline_date(lines[j]) is not None for j in (k - 1, k + 1)):
        return False
    names = parse_authors(line, publisher, cued=True)
    return bool(names) and " ".join(names) == line.strip()


def looks_like_sentence(line: str) -> bool:
    return line.rstrip()[-1:] in ".!?"


def bylines_of_lines(lines: list[str], publisher: str | None = None) -> list[str]:
    """Candidate byline lines of a text dump's header, with two layouts put back together:
    a label on a line of its own followed by its value ("Author" / "Jane Roe", "Published on"
    / "June 3, 2024"), and a bare name beside a dateline (made "By <name>"). One output line
    per input line, in the same order."""
    out: list[str] = []
    for k, line in enumerate(lines):
        if _is_label(line) and k + 1 < len(lines):
            label = line.rstrip(": ")
            out.append(f"{label} {lines[k + 1]}")
        else:
            out.append(f"By {line}" if _beside_dateline(lines, k, publisher) else line)
    return out
