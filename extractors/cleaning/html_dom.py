"""DOM side of HTML mode: parse safely, strip page chrome, pick the main container, and turn
it into text blocks.

Why lxml and our own rules rather than trafilatura/readability: lxml is already a dependency
and fast (the flow must clean ≥ 50 pages/s on one core), and every removed element must be
reported with a rule id, which the libraries do not expose. trafilatura is consulted only as a
second opinion on suspicious bodies (`second_opinion.py`), block by block, so that the audit
trail stays ours.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html
from lxml import etree

from .boilerplate import classify_line, is_related_heading, normalise_ws, repair_mojibake
from settings import DEFAULT_LIMITS

MAX_HTML_CHARS = DEFAULT_LIMITS.max_html_chars
"""Characters of a page that are parsed; the rest is cut off. Bounds time and memory on huge
pages (a 20 MB page of inline script costs what its first 5 MB cost). Real article pages in the
dev set are all far smaller (the largest is 1.6 MB)."""

MAX_INPUT_CHARS = 40_000_000
"""Hard cap on what is even looked at: above the pipeline's 32 MiB file limit, so only
direct API callers ever hit it. On a page longer than `MAX_HTML_CHARS`, scripts and styles
are cut out of this much (one linear regex pass) before the page is truncated."""

MAX_PARSE_DEPTH = 256
"""Element nesting that libxml2's HTML parser accepts without XML_PARSE_HUGE (its built-in
limit; we keep it rather than lifting it, so that deep trees cannot blow up the tree walks).
Deeper input is not an error: see `_flatten`."""

_SCRIPT_STYLE = re.compile(r"<(script|style|template)\b[^>]*>.*?</\1\s*>", re.I | re.S)
_KEEP_TAGS = re.compile(
    r"<(/?)(?!(?:p|br|h[1-6]|li|html|head|body|title|meta|link)\b)[a-zA-Z][\w:-]*\b[^>]*>")


def _new_parser() -> lxml.html.HTMLParser:
    """A parser per call: lxml parser objects keep an error log and are not meant to be shared
    between the flow's worker threads."""
    return lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True,
                                huge_tree=False, no_network=True, recover=True)


def _flatten(html: str) -> str:
    """Fallback for pages nested deeper than `MAX_PARSE_DEPTH` (libxml2 silently drops what
    lies below it): scripts and styles are cut out, then every tag except paragraph-level
    ones (p, br, h1-h6, li, which the parser closes instead of nesting) is replaced by a
    newline, so the text survives as a flat sequence of paragraphs. Linear regex passes."""
    html = _SCRIPT_STYLE.sub(" ", html)
    return _KEEP_TAGS.sub("\n", html)


_EARLY_END = re.compile(r"</(?:body|html)\s*>", re.I)
"""End tags of `<body>` and `<html>`. Why they are removed before parsing: templates that glue
a header include onto the page ("...</header></body></html>" followed by the article) are
common, and browsers, following the HTML standard ("after body" insertion mode), put whatever
comes after these tags back into the body; libxml2 instead drops it, which loses the whole
article. Without the end tags the parser closes both elements at the end of the input."""


def parse_html(html: str) -> etree._Element | None:
    """Parse to an lxml tree; None when there is nothing to parse. Never raises.
    The string is encoded to UTF-8 bytes first because lxml refuses `str` input that carries
    an XML encoding declaration. Input beyond `MAX_HTML_CHARS` is ignored; a page nested
    deeper than `MAX_PARSE_DEPTH` is flattened and parsed again."""
    if not html or not html.strip():
        return None
    if len(html) > MAX_HTML_CHARS:
        # megabytes of inline script/style must not push the article past the cut-off
        html = _SCRIPT_STYLE.sub(" ", html[:MAX_INPUT_CHARS])
    html = _EARLY_END.sub(" ", repair_mojibake(html[:MAX_HTML_CHARS]))
    root = _parse(html)
    if root is not None and root.get("data-newsetl-too-deep"):
        root = _parse(_flatten(html))
        if root is not None:
            root.attrib.pop("data-newsetl-too-deep", None)
    return root


def _parse(html: str) -> etree._Element | None:
    parser = _new_parser()
    data = html.encode("utf-8", "replace")
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        try:
            root = lxml.html.fragment_fromstring(data, create_parent="div", parser=parser)
        except Exception:  # noqa: BLE001 - the contract is "never raise"
            return None
    except RecursionError:
        return None
    if any("Excessive depth" in e.message for e in parser.error_log):
        root.set("data-newsetl-too-deep", "1")
    return root


# --------------------------------------------------------------------------- chrome removal
_DROP_TAGS = {
    "script": "script", "style": "style", "noscript": "noscript", "template": "template",
    "svg": "svg", "iframe": "iframe", "object": "embed", "embed": "embed", "canvas": "embed",
    "form": "form", "button": "form", "input": "form", "select": "form", "textarea": "form",
    "label": "form", "link": "head", "meta": "head", "title": "head", "base": "head",
    "video": "embed", "audio": "embed", "map": "embed", "dialog": "popup", "nav": "nav",
    "header": "header", "footer": "footer", "aside": "aside", "menu": "nav",
}
_ROLE_RULES = {
    "navigation": "nav", "banner": "header", "contentinfo": "footer", "complementary": "aside",
    "dialog": "popup", "alertdialog": "popup", "search": "nav", "menu": "nav", "menubar": "nav",
    "toolbar": "share_prompt",
}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")

# class/id token -> rule. Tokens are whole words of class/id split on non-alphanumerics, so
# "ad-slot" gives "ad" but "header"/"load"/"shadow" never match "ad".
_EXACT_TOKENS: dict[str, str] = {}
for _rule, _words in {
    "ad_slot": "ad ads adv advert adverts advertisement advertisements advertising adslot adunit "
               "adsense adcontainer adwrapper adbox adblock dfp gpt sponsor sponsored "
               "sponsorship teads ezoic mpu leaderboard skyscraper billboard dfpad googleads",
    "related_list": "related recommended recommendations recommendation recirc recirculation "
                     "morestories trending mostread mostpopular popular taboola outbrain readmore "
                     "readnext upnext nextup",
    "share_prompt": "share shares sharing social socials sharebar sharethis addthis sociallinks "
                    "socialshare follow",
    "newsletter": "newsletter newsletters subscribe subscription signup optin mailchimp cta "
                  "calltoaction promo promobox restricted "
                  "paywall regwall",
    "cookie_banner": "cookie cookies consent gdpr onetrust cookiebanner ccpa",
    "comments": "comments comment commentlist disqus respond replies",
    "nav": "breadcrumb breadcrumbs nav navbar navigation menu topbar masthead skiplink "
           "pagination pager toc",
    "aside": "sidebar rail",
    "footer": "footer",
    "popup": "modal popup overlay lightbox",
    "byline": "byline bylines dateline timestamp",
}.items():
    for _w in _words.split():
        _EXACT_TOKENS[_w] = _rule
_SUBSTR_TOKENS = [("newsletter", "newsletter"), ("cookie", "cookie_banner"),
                  ("related", "related_list"), ("advert", "ad_slot"), ("sharing", "share_prompt"),
                  ("breadcrumb", "nav"), ("sidebar", "aside")]
_HIDDEN_CLASSES = {"hidden", "d-none", "sr-only", "visually-hidden", "screen-reader-text",
                   "is-hidden", "hide", "invisible", "u-hidden", "visuallyhidden"}
_PHRASES = {"more-stories": "related_list", "most-read": "related_list",
            "read-more": "related_list", "you-may-like": "related_list",
            "site-header": "header", "author-bio": "author_box", "about-author": "author_box",
            "author-box": "author_box", "post-tags": "tags", "article-tags": "tags",
            "tag-list": "tags", "tags-list": "tags", "entry-meta": "byline",
            "post-meta": "byline", "article-meta": "byline", "social-media": "share_prompt"}
_PROTECTED = {"html", "body", "main", "article"}
_BODY_HINT = re.compile(
    r"article[-_]?body|articlebody|story[-_]?body|post[-_]?(?:content|body)|entry[-_]?content|"
    r"article[-_]?content|story[-_]?content|article[-_]?text|content[-_]?body|main[-_]?content|"
    r"body[-_]?text|rich[-_]?text|article__content|post-entry|single[-_]?content",
    re.I,
)


def _attr_rule(el: etree._Element) -> tuple[str, str] | None:
    """Which chrome rule the element's class/id/role/hidden attributes point to, if any."""
    if el.get("hidden") is not None:
        return "hidden", "hidden attribute"
    if (el.get("aria-hidden") or "").lower() == "true":
        return "hidden", "aria-hidden=true"
    style = el.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return "hidden", "inline style display:none/visibility:hidden"
    cls = (el.get("class") or "").lower()
    if cls:
        words = set(cls.split())
        if words & _HIDDEN_CLASSES and not any(":" in w or "-md-" in w or "-lg-" in w
                                               for w in words):
            # responsive utility classes ("hidden md:block") are shown on desktop
            return "hidden", f"class {sorted(words & _HIDDEN_CLASSES)[0]!r}"
    role = (el.get("role") or "").lower()
    cid = f"{cls} {el.get('id') or ''}".lower()
    if not cid.strip():
        return (_ROLE_RULES[role], f"role={role}") if role in _ROLE_RULES else None
    if _BODY_HINT.search(cid):
        return None  # never drop a container that announces itself as the article body
    for phrase, rule in _PHRASES.items():
        if phrase in cid:
            return rule, f"class/id contains {phrase!r}"
    for tok in _TOKEN_SPLIT.split(cid):
        if not tok:
            continue
        rule = _EXACT_TOKENS.get(tok)
        if rule:
            return rule, f"class/id token {tok!r}"
        for sub, rule in _SUBSTR_TOKENS:
            if sub in tok:
                return rule, f"class/id token {tok!r}"
    if role in _ROLE_RULES:
        return _ROLE_RULES[role], f"role={role}"
    return None


@dataclass
class DroppedElement:
    order: int
    rule: str
    detail: str
    text: str


def strip_chrome(root: etree._Element) -> list[DroppedElement]:
    """Remove non-content elements in place and report each one that had visible text.

    Attribute-based rules (class/id) are guessed, so they are not applied to an element that
    holds most of the page's text (e.g. `<div class="page has-sidebar">` wrapping everything)."""
    dropped: list[DroppedElement] = []
    body = root.find("body") if root.tag != "body" else root
    page_len = _visible_len(body if body is not None else root)
    to_drop: list[tuple[etree._Element, str, str, bool]] = []
    stack = [root]
    order = 0
    while stack:
        el = stack.pop()
        order += 1
        tag = el.tag
        if not isinstance(tag, str):
            to_drop.append((el, "comment", "comment/processing instruction", False))
            continue
        decision = chrome_decision(el, page_len)
        if decision:
            to_drop.append((el, *decision))
            continue
        stack.extend(reversed(list(el)))
    for el, rule, detail, visible in to_drop:
        text = ""
        if visible:
            try:
                text = normalise_ws(" ".join(el.itertext()))
            except Exception:  # noqa: BLE001
                text = ""
        if text or rule in {"script", "style"}:
            if not text:
                text = normalise_ws(el.text or "")[:200]
            dropped.append(DroppedElement(order, rule, detail, text[:2000]))
        parent = el.getparent()
        if parent is None:
            continue
        _drop_keep_tail(el, parent)
    return dropped


_LAYOUT_TAGS = {"header", "aside", "nav", "footer", "form", "menu"}
_SUBHEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})


def _is_section_heading(header: etree._Element) -> bool:
    """A `<header>` that holds nothing but one sub-heading (h2-h6): the heading of a section
    of the article, in templates that wrap each section (or each item of a list article) in
    `<section><header><h3>...</h3></header><p>...`. Page and article headers carry more
    (navigation, the headline, a byline, a date), so they are still dropped."""
    heads = [h for h in header.iter() if isinstance(h.tag, str) and h.tag in _SUBHEADING_TAGS]
    if len(heads) != 1:
        return False
    text = normalise_ws(header.text_content())
    return bool(text) and len(text) <= 200 and normalise_ws(heads[0].text_content()) == text


_WORDS = re.compile(r"[^\W\d_]{2,}")


def _in_running_text(el: etree._Element) -> bool:
    """A link that is part of a sentence: an `<a>` inside a paragraph (or an inline element
    of one) with words of the sentence right before or after it.

    Why: CMSs put class names on in-text links for their own tracking or pop-up behaviour
    ("recommendation-inline-link", "external-popup"), and the class/id rules read them as
    related-article or pop-up chrome; dropping the link cuts words out of the middle of a
    body sentence ("Avoid the urge to ; you'll get..."). Chrome links stand on their own
    (menus, buttons, lists), so words of the same sentence around the link rule it out.
    A link whose own text is a chrome phrase ("Read more") is still chrome."""
    if el.tag != "a":
        return False
    parent = el.getparent()
    if parent is None or parent.tag not in _RUNNING_TEXT_PARENTS:
        return False
    prev = el.getprevious()
    before = (prev.tail if prev is not None else parent.text) or ""
    after = el.tail or ""
    if not (_WORDS.search(before[-40:]) or _WORDS.search(after[:40])):
        return False
    text = normalise_ws(el.text_content())
    return bool(text) and not classify_line(text) and not is_related_heading(text)


_RUNNING_TEXT_PARENTS = frozenset("p li dd td blockquote span em strong b i u".split())


def _visible_len(el: etree._Element) -> int:
    """Length of the text a reader sees (text_content counts script/style source too)."""
    n = len(el.text_content())
    for s in el.iter("script", "style", "noscript", "template"):
        n -= len(s.text_content())
    return max(n, 0)


def _too_big(el: etree._Element, page_len: int) -> bool:
    """Chrome is small next to the page: an element holding 40%+ of the visible text (and more
    than a banner's worth) is a layout wrapper whose class/tag name misleads."""
    n = len(el.text_content())
    if n < 1000:
        return False
    n = _visible_len(el)
    if n < 1000:
        return False
    if n > 0.4 * page_len:
        return True
    prose = 0
    for p in el.iter("p"):
        t = p.text_content()
        if len(t) >= 80:
            prose += len(t)
            if prose >= 1200:
                return True  # several long paragraphs: an article, whatever the class says
    return False


_INVISIBLE_TAGS = frozenset({"script", "style", "link", "meta", "head", "title", "svg",
                             "template", "noscript"})


def chrome_decision(el: etree._Element, page_len: int) -> tuple[str, str, bool] | None:
    """(rule, detail, visible) when `strip_chrome` removes element `el` (an element, not a
    comment) of a page with `page_len` visible characters, None when it keeps it. Children are
    not looked at: an element inside a removed one goes with it."""
    tag = el.tag.lower()
    rule_detail: tuple[str, str] | None = None
    visible = True
    if tag in _DROP_TAGS and tag not in _PROTECTED:
        rule_detail = (_DROP_TAGS[tag], f"<{tag}> element")
        if _too_big(el, page_len):
            # a page-wide <header>/<form> wrapper, or an unclosed <button> that the
            # parser stretched over the whole page: not chrome
            rule_detail = None
        visible = tag not in _INVISIBLE_TAGS
        if tag in {"header", "footer"} and el.getparent() is not None and \
                el.getparent().tag == "article":
            rule_detail = (tag, f"<{tag}> of the article (headline, byline, tags)")
        if tag == "header" and _is_section_heading(el):
            rule_detail = None
    elif tag not in _PROTECTED:
        rule_detail = _attr_rule(el)
        if rule_detail and rule_detail[0] != "comments" and _too_big(el, page_len):
            rule_detail = None  # too big to be chrome: the class name misled us
        elif rule_detail and rule_detail[0] != "hidden" and _in_running_text(el):
            rule_detail = None  # a link inside a sentence: its class styles the link
    return (rule_detail[0], rule_detail[1], visible) if rule_detail else None


def strip_invisible(root: etree._Element) -> None:
    """Remove what a reader never sees as text (scripts, styles, head elements, comments),
    keeping their tails; everything visible stays (the second-opinion pass reads it all)."""
    drop = [el for el in root.iter() if not isinstance(el.tag, str)
            or el.tag.lower() in _INVISIBLE_TAGS]
    for el in drop:
        parent = el.getparent()
        if parent is not None:
            _drop_keep_tail(el, parent)


def page_text_len(root: etree._Element) -> int:
    """Visible characters of the page body (what `strip_chrome` compares elements with)."""
    body = root.find("body") if root.tag != "body" else root
    return _visible_len(body if body is not None else root)


def _drop_keep_tail(el: etree._Element, parent: etree._Element) -> None:
    tail = el.tail
    if tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


# --------------------------------------------------------------------------- blocks
BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol blockquote pre table tr td th section article header "
    "footer figure figcaption dd dt dl br hr main aside nav address center fieldset details "
    "summary caption tbody thead body html".split()
)


@dataclass
class Block:
    order: int
    text: str
    tag: str
    link_chars: int
    element: etree._Element

    @property
    def link_density(self) -> float:
        return self.link_chars / max(1, len(self.text))


def extract_blocks(container: etree._Element) -> list[Block]:
    """Flatten a subtree into text blocks, one per block-level element run, counting the
    characters inside links (link density separates menus from prose). Iterative
    (`iterwalk`), so deep trees cannot overflow the Python stack."""
    blocks: list[Block] = []
    parts: list[str] = []
    link_parts = 0
    link_depth = 0
    current_tag = [container.tag if isinstance(container.tag, str) else "div"]
    current_el = [container]

    def flush() -> None:
        nonlocal parts, link_parts
        if parts:
            text = normalise_ws("".join(parts))
            if text:
                blocks.append(Block(len(blocks), text, current_tag[-1], link_parts,
                                    current_el[-1]))
        parts = []
        link_parts = 0

    for event, el in etree.iterwalk(container, events=("start", "end")):
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in BLOCK_TAGS:
                flush()
                current_tag.append(tag)
                current_el.append(el)
            if tag == "a":
                link_depth += 1
            if el.text and tag:
                parts.append(el.text)
                if link_depth:
                    link_parts += len(el.text.strip())
        else:
            if tag == "a":
                link_depth -= 1
            if tag in BLOCK_TAGS:
                flush()
                if len(current_tag) > 1:
                    current_tag.pop()
                    current_el.pop()
            if el is not container and el.tail:
                parts.append(el.tail)
                if link_depth:
                    link_parts += len(el.tail.strip())
    flush()
    return blocks


# --------------------------------------------------------------------------- main container
def find_container(root: etree._Element, blocks: list[Block]) -> etree._Element:
    """Pick the element holding the article body.

    Scoring in the spirit of Readability: every prose-like block (≥ 25 chars, few links)
    credits its parent and, less, its grandparent; containers the page marks as the body
    (itemprop=articleBody, `<article>`, "article-body"-like classes) get a bonus. The best
    scored element wins; if it holds too little of the page's prose, fall back to the whole
    body and let region selection decide."""
    scores: dict[etree._Element, float] = {}
    total = 0.0
    for b in blocks:
        n = len(b.text)
        if n < 25 or b.link_density > 0.4:
            continue
        s = 1.0 + b.text.count(",") + min(n / 100.0, 3.0)
        total += s
        el = b.element
        if b.tag in {"li", "td", "th", "dd", "dt", "figcaption", "caption"}:
            el = el.getparent() if el.getparent() is not None else el
        anc = el.getparent() if b.tag not in {"div", "section", "article", "main"} else el
        weight = 1.0
        for _ in range(4):
            if anc is None:
                break
            scores[anc] = scores.get(anc, 0.0) + s * weight
            anc = anc.getparent()
            weight *= 0.5
    if not scores:
        return root.find("body") if root.find("body") is not None else root
    for el in list(scores):
        tag = el.tag if isinstance(el.tag, str) else ""
        cid = f"{el.get('class') or ''} {el.get('id') or ''}"
        if (el.get("itemprop") or "").lower() == "articlebody" or _BODY_HINT.search(cid):
            scores[el] *= 1.3
        elif tag in {"article", "main"}:
            scores[el] *= 1.15
    best = max(scores, key=scores.__getitem__)
    # Readability's sibling step, simplified: bodies are often split over sibling containers
    # (intro div, body div, "continued" div). Climb while the parent holds clearly more prose
    # than the chosen element; region selection later trims what the climb lets in.
    prose: dict[etree._Element, int] = {}
    for b in blocks:
        if len(b.text) >= 80 and b.link_density < 0.3:
            anc = b.element
            depth = 0
            while anc is not None and depth < 60:
                prose[anc] = prose.get(anc, 0) + len(b.text)
                anc = anc.getparent()
                depth += 1
    # page builders (Elementor, Squarespace) nest each text widget several wrappers deep, so
    # look a few levels up for the next ancestor that adds prose, not only at the parent
    while True:
        base = max(1, prose.get(best, 0))
        anc = best.getparent()
        found = None
        for _ in range(CLIMB_LEVELS):
            if anc is None or anc.tag in {"body", "html"}:
                break
            if prose.get(anc, 0) >= CLIMB_RATIO * base:
                found = anc
                break
            anc = anc.getparent()
        if found is None:
            return best
        best = found


CLIMB_LEVELS = 6


CLIMB_RATIO = 1.25


# --------------------------------------------------------------------------- split bodies
TWIN_MIN_PROSE = 200
"""Prose characters (blocks of ≥ 80 chars with few links) an element of the container's own
class must hold to be taken as a further part of the body."""


def twin_containers(root: etree._Element, container: etree._Element,
                    blocks: list[Block]) -> list[etree._Element]:
    """Further parts of a body split over several sections: elements with exactly the
    container's tag and class attribute, outside it, that hold prose.

    Why: long-form templates (page builders, "sections" of a year-in-review piece, CMS
    rich-text widgets) wrap each stretch of body text in its own copy of one wrapper, often
    nested at different depths, so the container scoring picks one copy and the ancestor
    climb cannot reach the rest without also swallowing comments. A wrapper class the page
    reuses for its body text is a signal of its own; it is only trusted when the class names
    more than a bare layout word (two or more class tokens, or a body-like token)."""
    cls = (container.get("class") or "").strip()
    if not cls or not isinstance(container.tag, str) or container.tag in {"body", "html"}:
        return []
    if len(cls.split()) < 2 and not _BODY_HINT.search(cls):
        return []
    prose: dict[etree._Element, int] = {}
    for b in blocks:
        if len(b.text) < 80 or b.link_density >= 0.3:
            continue
        anc = b.element
        depth = 0
        while anc is not None and depth < 60:
            if anc is container:
                break
            if anc.tag == container.tag and (anc.get("class") or "").strip() == cls:
                prose[anc] = prose.get(anc, 0) + len(b.text)
                break
            anc = anc.getparent()
            depth += 1
    # `el` is never the container itself (the walk above stops there), so "the container
    # lies within el" means el is one of its ancestors.
    return [el for el, n in prose.items() if n >= TWIN_MIN_PROSE and not inside(container, el)]


def inside(el: etree._Element | None, container: etree._Element) -> bool:
    """True if `el` is `container` or one of its descendants (bounded walk up)."""
    depth = 0
    while el is not None and depth < 400:
        if el is container:
            return True
        el = el.getparent()
        depth += 1
    return False
