"""Page metadata (title, authors, publisher, dates, language, canonical URL) from an lxml tree.

Why a small hand-written reader and not `extruct`/`htmldate`: those are extra runtime
dependencies for what is a handful of well-known tags (Open Graph, `article:*`, JSON-LD
NewsArticle, `<time>`, `<html lang>`); the lookup order below follows what publishers fill in
most reliably (JSON-LD and `article:*` are written for search engines and are usually right;
`<time>` elements are a fallback because pages also date comments and related links).
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any, Iterable

from lxml import etree

from settings.cleaning import (MAX_AUTHORS, MAX_JSONLD_OBJECTS, MAX_LD_NAMES, MAX_MARKED,
                               MAX_MARKED_CHARS, MAX_META_DATE_CHARS, MAX_PERSON_CHARS, MAX_YEAR,
                               MIN_YEAR)

from .boilerplate import normalise_ws
from .selectors import (ARTICLE_TYPES, AUTHOR_CUE, AUTHOR_MARK, AUTHOR_META_NAMES, COMMENT_MARK,
                        DATE_MARK, ISO_NANOSECONDS, ISO_OFFSET_NO_COLON, MARK_ATTRS, MODIFIED_META,
                        ORGANIZATION_TYPES, PLACEHOLDER_AUTHORS, PUBLISHED_META, UNMARKED_TAGS)


def parse_datetime(value: str | None) -> datetime | None:
    """Parse a machine date (ISO 8601 first, then a lenient parser) into an aware datetime.
    A naive value is taken as UTC: meta dates without offset are, in practice, server time,
    and downstream code needs comparable (aware) values."""
    if not value:
        return None
    s = value.strip()
    if not s or len(s) > MAX_META_DATE_CHARS:
        return None
    iso = s.replace("Z", "+00:00").replace("z", "+00:00")
    iso = ISO_OFFSET_NO_COLON.sub(r"\1:\2", iso)  # +0100 -> +01:00
    iso = ISO_NANOSECONDS.sub(r".\1", iso)  # nanoseconds -> micro
    dt: datetime | None = None
    try:
        dt = datetime.fromisoformat(iso)
    except ValueError:
        try:
            import dateparser  # lazy: slow to import, only needed for non-ISO strings

            dt = dateparser.parse(
                s, settings={"RETURN_AS_TIMEZONE_AWARE": True, "TIMEZONE": "UTC",
                             "PREFER_DAY_OF_MONTH": "first"}, languages=["en"]
            )
        except Exception:  # noqa: BLE001 - dates are optional, never fail the page
            dt = None
    if dt is None or not MIN_YEAR <= dt.year <= MAX_YEAR:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt


def _jsonld_objects(root: etree._Element) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = script.text or ""
        try:
            data = json.loads(raw.strip().rstrip(";"))
        except (ValueError, RecursionError):
            continue
        stack: list[Any] = [data]
        seen = 0
        while stack and seen < MAX_JSONLD_OBJECTS:  # bounded: some sites embed huge graphs
            seen += 1
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                out.append(item)
                if "@graph" in item:
                    stack.append(item["@graph"])
                main = item.get("mainEntity")
                if isinstance(main, (dict, list)):
                    stack.append(main)
    return out


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type")
    if isinstance(t, str):
        return {t.lower()}
    if isinstance(t, list):
        return {x.lower() for x in t if isinstance(x, str)}
    return set()


def _names(value: Any) -> list[str]:
    """Author/publisher values are a string, an object with "name", or a list of either."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        n = value.get("name")
        return _names(n) if isinstance(n, (str, list)) else []
    if isinstance(value, list):
        return [n for v in value[:MAX_LD_NAMES] for n in _names(v)]
    return []


def _clean_person(name: str) -> str | None:
    s = normalise_ws(AUTHOR_CUE.sub("", name.strip()))
    if not s or len(s) > MAX_PERSON_CHARS or s.startswith(("http://", "https://", "/")) or "@" in s or s.isdigit():
        return None
    if s.lower() in PLACEHOLDER_AUTHORS:
        return None
    return s


def _unique(items: Iterable[str | None]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for i in items:
        if i and i.lower() not in {k.lower() for k in seen}:
            seen[i] = None
    return tuple(seen)


def extract_metadata(root: etree._Element, url: str | None = None) -> dict[str, Any]:
    """Return a dict of PageMetadata fields found in the page head/body (missing ones absent)."""
    meta = _meta_values(root)
    ld_any: list[dict[str, Any]] = _jsonld_objects(root)
    ld = _ld_article(ld_any) or {}
    out: dict[str, Any] = {}
    title = _title(root, meta, ld)
    if title:
        out["title"] = normalise_ws(title)
    out["authors"] = _unique(_authors(root, ld))[:MAX_AUTHORS]
    publisher = _publisher(meta, ld, ld_any)
    if publisher:
        out["publisher"] = normalise_ws(publisher)
    published = _published(root, meta, ld)
    if published:
        out["published"] = published
    modified = _first_date((ld.get("dateModified"), *(meta.get(k) for k in MODIFIED_META)))
    if modified:
        out["modified"] = modified
    lang = (root.get("lang") or root.get("xml:lang") or meta.get("content-language") or
            meta.get("og:locale") or (ld.get("inLanguage") if isinstance(ld.get("inLanguage"),
                                                                          str) else None))
    if lang:
        out["language"] = lang.strip().replace("_", "-").split("-")[0].lower() or None
    canonical = _canonical(root) or meta.get("og:url") or url
    if canonical:
        out["canonical_url"] = canonical
    section = meta.get("article:section") or (ld.get("articleSection") if isinstance(
        ld.get("articleSection"), str) else None)
    if section:
        out["section"] = normalise_ws(section)
    return out


def _meta_values(root: etree._Element) -> dict[str, str]:
    """The first content of each <meta> key (property, name, itemprop or http-equiv), lowercased."""
    meta: dict[str, str] = {}
    for m in root.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or
               m.get("http-equiv") or "").strip().lower()
        content = m.get("content")
        if key and content and key not in meta:
            meta[key] = content.strip()
    return meta


def _ld_article(ld_any: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The first JSON-LD object of an article type that has a headline or a date."""
    for obj in ld_any:
        if _types(obj) & ARTICLE_TYPES and (obj.get("headline") or obj.get("datePublished")):
            return obj
    return None


def _title(root: etree._Element, meta: dict[str, str], ld: dict[str, Any]) -> str | None:
    """og/twitter/JSON-LD headline are the clean headline; <title> usually has " | Site", so
    it comes after the first <h1>."""
    title = (meta.get("og:title") or (ld.get("headline") if isinstance(ld.get("headline"), str)
             else None) or meta.get("twitter:title"))
    if not title:
        h1 = next(iter(root.iter("h1")), None)
        if h1 is not None:
            title = h1.text_content()
    if not title:
        t = next(iter(root.iter("title")), None)
        if t is not None and t.text:
            title = t.text
    return title


def _authors(root: etree._Element, ld: dict[str, Any]) -> list[str | None]:
    """Authors from JSON-LD, else author <meta> tags, else rel="author" links."""
    authors_meta = [m.get("content") for m in root.iter("meta")
                    if (m.get("name") or m.get("property") or "").lower()
                    in AUTHOR_META_NAMES and m.get("content")]
    authors = [_clean_person(a) for a in _names(ld.get("author"))]
    if not any(authors):
        authors = [_clean_person(a) for a in authors_meta if a]
    if not any(authors):
        for a in root.iter("a"):
            if (a.get("rel") or "").lower() == "author":
                authors.append(_clean_person(a.text_content()))
    return authors


def _publisher(meta: dict[str, str], ld: dict[str, Any], ld_any: list[dict[str, Any]]) -> str | None:
    """og:site_name, the article's JSON-LD publisher, any JSON-LD organisation, or the
    application name."""
    publisher = meta.get("og:site_name") or next(iter(_names(ld.get("publisher"))), None)
    if not publisher:
        for obj in ld_any:
            if _types(obj) & ORGANIZATION_TYPES and obj.get("name"):
                publisher = _names(obj)[0] if _names(obj) else None
                break
    return publisher or meta.get("application-name")


def _published(root: etree._Element, meta: dict[str, str], ld: dict[str, Any]) -> datetime | None:
    """The publication time from JSON-LD and <meta> (`PUBLISHED_META`), else the first
    <time datetime> of the page."""
    published = _first_date((ld.get("datePublished"), *(meta.get(k) for k in PUBLISHED_META),
                             ld.get("dateCreated")))
    if published is None:
        for t in root.iter("time"):
            if (published := parse_datetime(t.get("datetime"))):
                break
    return published


def _first_date(candidates: Iterable[Any]) -> datetime | None:
    """The first candidate that is a string parsing as a date."""
    for cand in candidates:
        if isinstance(cand, str) and (found := parse_datetime(cand)):
            return found
    return None


def _canonical(root: etree._Element) -> str | None:
    """The href of the first <link rel="canonical">."""
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            return link.get("href").strip()
    return None


def _in_comments(el: etree._Element) -> bool:
    """Whether an element sits in a reader-comment section (whose bylines are the readers')."""
    depth = 0
    while el is not None and depth < 40:
        if isinstance(el.tag, str) and any(
                COMMENT_MARK.search(el.get(a) or "") for a in ("class", "id")):
            return True
        el = el.getparent()
        depth += 1
    return False


def marked_byline_texts(root: etree._Element) -> tuple[list[str], list[str]]:
    """Texts of the elements a page marks as its byline and its dateline, in document order.

    Why structure: most pages wrap the byline in an element whose class, id or itemprop says
    so ("author-name", "byline", itemprop="author", "post-date", `<time>`), which identifies
    a bare name that no line rule could tell from a heading. Elements inside reader-comment
    sections are skipped (their authors are readers), and long texts are bios or headers.
    Read before `strip_chrome` removes the page header that often holds them."""
    authors: list[str] = []
    dates: list[str] = []
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in UNMARKED_TAGS:
            continue
        attrib = el.attrib  # most elements carry no attribute: nothing to read (a tenth of cleaning)
        marks = " ".join(attrib.get(a) or "" for a in MARK_ATTRS) if attrib else ""
        is_author = bool(marks.strip()) and bool(AUTHOR_MARK.search(marks))
        is_date = el.tag == "time" or bool(marks.strip()) and bool(DATE_MARK.search(marks))
        if not (is_author and len(authors) < MAX_MARKED or is_date and len(dates) < MAX_MARKED):
            continue
        text = normalise_ws(" ".join(el.itertext()))
        if not text or len(text) > MAX_MARKED_CHARS or _in_comments(el):
            continue
        if is_author and (not authors or authors[-1] != text):
            authors.append(text)
        if is_date and (not dates or dates[-1] != text):
            dates.append(text)
        if len(authors) >= MAX_MARKED and len(dates) >= MAX_MARKED:
            break
    return authors, dates
