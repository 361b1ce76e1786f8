"""DOM side of HTML mode: parse safely, strip page chrome, pick the main container, and turn
it into text blocks.

Why lxml and our own rules rather than trafilatura/readability: lxml is already a dependency
and fast (the flow must clean ≥ 50 pages/s on one core), and every removed element must be
reported with a rule id, which the libraries do not expose. trafilatura is consulted only as a
second opinion on suspicious bodies (`second_opinion.py`), block by block, so that the audit
trail stays ours.
"""
from __future__ import annotations

from dataclasses import dataclass

import lxml.html
from lxml import etree

from settings.cleaning import (ARTICLE_TAG_BONUS, BODY_MARK_BONUS, CHROME_MAX_PAGE_SHARE,
                               CHROME_MAX_PROSE_CHARS, CHROME_MIN_WRAPPER_CHARS, CLIMB_LEVELS,
                               CLIMB_RATIO, MAX_HTML_CHARS, MAX_INPUT_CHARS, PROSE_BLOCK_CHARS,
                               PROSE_MAX_LINK_DENSITY, REMOVED_TEXT_MAX_CHARS, RUNNING_TEXT_WINDOW,
                               SCORE_ANCESTORS, SCORE_DECAY, SCORE_LENGTH_CAP, SCORE_LENGTH_UNIT,
                               SCORE_MAX_LINK_DENSITY, SCORE_MIN_CHARS, SCRIPT_TEXT_MAX_CHARS,
                               SECTION_HEADING_MAX_CHARS, TWIN_MIN_PROSE)

from .boilerplate import classify_line, is_related_heading, normalise_ws, repair_mojibake
from .selectors import (ARTICLE_TAGS, BLOCK_TAGS, BODY_HINT, DROP_TAGS, EARLY_END, EXACT_TOKENS,
                        FLATTEN_TAGS, HIDDEN_CLASSES, HIDDEN_STYLE, INVISIBLE_TAGS, ITEM_TAGS,
                        PHRASES, PROTECTED_TAGS, ROLE_RULES, RUNNING_TEXT_PARENTS, SCRIPT_STYLE,
                        SECTIONING_TAGS, SENTENCE_WORD, SOURCE_TAGS, SUBHEADING_TAGS,
                        SUBSTR_TOKENS, TOKEN_SPLIT)

MAX_PARSE_DEPTH = 256
"""Element nesting that libxml2's HTML parser accepts without XML_PARSE_HUGE (its built-in
limit; we keep it rather than lifting it, so that deep trees cannot blow up the tree walks).
Deeper input is not an error: see `_flatten`."""


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
    html = SCRIPT_STYLE.sub(" ", html)
    return FLATTEN_TAGS.sub("\n", html)


def parse_html(html: str) -> etree._Element | None:
    """Parse to an lxml tree; None when there is nothing to parse. Never raises.
    The string is encoded to UTF-8 bytes first because lxml refuses `str` input that carries
    an XML encoding declaration. Input beyond `MAX_HTML_CHARS` is ignored; a page nested
    deeper than `MAX_PARSE_DEPTH` is flattened and parsed again."""
    if not html or not html.strip():
        return None
    if len(html) > MAX_HTML_CHARS:
        # megabytes of inline script/style must not push the article past the cut-off
        html = SCRIPT_STYLE.sub(" ", html[:MAX_INPUT_CHARS])
    html = EARLY_END.sub(" ", repair_mojibake(html[:MAX_HTML_CHARS]))
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


def _attr_rule(el: etree._Element) -> tuple[str, str] | None:
    """Which chrome rule the element's class/id/role/hidden attributes point to, if any."""
    if el.get("hidden") is not None:
        return "hidden", "hidden attribute"
    if (el.get("aria-hidden") or "").lower() == "true":
        return "hidden", "aria-hidden=true"
    style = el.get("style")
    if style and HIDDEN_STYLE.search(style):
        return "hidden", "inline style display:none/visibility:hidden"
    cls = (el.get("class") or "").lower()
    if cls:
        words = set(cls.split())
        if words & HIDDEN_CLASSES and not any(":" in w or "-md-" in w or "-lg-" in w
                                               for w in words):
            # responsive utility classes ("hidden md:block") are shown on desktop
            return "hidden", f"class {sorted(words & HIDDEN_CLASSES)[0]!r}"
    role = (el.get("role") or "").lower()
    cid = f"{cls} {el.get('id') or ''}".lower()
    if not cid.strip():
        return (ROLE_RULES[role], f"role={role}") if role in ROLE_RULES else None
    if BODY_HINT.search(cid):
        return None  # never drop a container that announces itself as the article body
    for phrase, rule in PHRASES.items():
        if phrase in cid:
            return rule, f"class/id contains {phrase!r}"
    for tok in TOKEN_SPLIT.split(cid):
        if not tok:
            continue
        rule = EXACT_TOKENS.get(tok)
        if rule:
            return rule, f"class/id token {tok!r}"
        for sub, rule in SUBSTR_TOKENS:
            if sub in tok:
                return rule, f"class/id token {tok!r}"
    if role in ROLE_RULES:
        return ROLE_RULES[role], f"role={role}"
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
                text = normalise_ws(el.text or "")[:SCRIPT_TEXT_MAX_CHARS]
            dropped.append(DroppedElement(order, rule, detail, text[:REMOVED_TEXT_MAX_CHARS]))
        parent = el.getparent()
        if parent is None:
            continue
        _drop_keep_tail(el, parent)
    return dropped


def _is_section_heading(header: etree._Element) -> bool:
    """A `<header>` that holds nothing but one sub-heading (h2-h6): the heading of a section
    of the article, in templates that wrap each section (or each item of a list article) in
    `<section><header><h3>...</h3></header><p>...`. Page and article headers carry more
    (navigation, the headline, a byline, a date), so they are still dropped."""
    heads = [h for h in header.iter() if isinstance(h.tag, str) and h.tag in SUBHEADING_TAGS]
    if len(heads) != 1:
        return False
    text = normalise_ws(header.text_content())
    return bool(text) and len(text) <= SECTION_HEADING_MAX_CHARS and normalise_ws(heads[0].text_content()) == text


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
    if parent is None or parent.tag not in RUNNING_TEXT_PARENTS:
        return False
    prev = el.getprevious()
    before = (prev.tail if prev is not None else parent.text) or ""
    after = el.tail or ""
    if not (SENTENCE_WORD.search(before[-RUNNING_TEXT_WINDOW:])
            or SENTENCE_WORD.search(after[:RUNNING_TEXT_WINDOW])):
        return False
    text = normalise_ws(el.text_content())
    return bool(text) and not classify_line(text) and not is_related_heading(text)


def _visible_len(el: etree._Element) -> int:
    """Length of the text a reader sees (text_content counts script/style source too)."""
    n = len(el.text_content())
    for s in el.iter(*SOURCE_TAGS):
        n -= len(s.text_content())
    return max(n, 0)


def _too_big(el: etree._Element, page_len: int) -> bool:
    """Chrome is small next to the page: an element holding 40%+ of the visible text (and more
    than a banner's worth) is a layout wrapper whose class/tag name misleads."""
    n = len(el.text_content())
    if n < CHROME_MIN_WRAPPER_CHARS:
        return False
    n = _visible_len(el)
    if n < CHROME_MIN_WRAPPER_CHARS:
        return False
    if n > CHROME_MAX_PAGE_SHARE * page_len:
        return True
    prose = 0
    for p in el.iter("p"):
        t = p.text_content()
        if len(t) >= PROSE_BLOCK_CHARS:
            prose += len(t)
            if prose >= CHROME_MAX_PROSE_CHARS:
                return True  # several long paragraphs: an article, whatever the class says
    return False


def chrome_decision(el: etree._Element, page_len: int) -> tuple[str, str, bool] | None:
    """(rule, detail, visible) when `strip_chrome` removes element `el` (an element, not a
    comment) of a page with `page_len` visible characters, None when it keeps it. Children are
    not looked at: an element inside a removed one goes with it."""
    tag = el.tag.lower()
    rule_detail: tuple[str, str] | None = None
    visible = True
    if tag in DROP_TAGS and tag not in PROTECTED_TAGS:
        rule_detail = (DROP_TAGS[tag], f"<{tag}> element")
        if _too_big(el, page_len):
            # a page-wide <header>/<form> wrapper, or an unclosed <button> that the
            # parser stretched over the whole page: not chrome
            rule_detail = None
        visible = tag not in INVISIBLE_TAGS
        if tag in {"header", "footer"} and el.getparent() is not None and \
                el.getparent().tag == "article":
            rule_detail = (tag, f"<{tag}> of the article (headline, byline, tags)")
        if tag == "header" and _is_section_heading(el):
            rule_detail = None
    elif tag not in PROTECTED_TAGS:
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
            or el.tag.lower() in INVISIBLE_TAGS]
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
    scores = _container_scores(blocks)
    if not scores:
        return root.find("body") if root.find("body") is not None else root
    _mark_bonus(scores)
    best = max(scores, key=scores.__getitem__)
    return _climb_to_prose(best, _prose_by_ancestor(blocks))


def _container_scores(blocks: list[Block]) -> dict[etree._Element, float]:
    """Each prose-like block's score credited to its container and, halving, its ancestors."""
    scores: dict[etree._Element, float] = {}
    for b in blocks:
        n = len(b.text)
        if n < SCORE_MIN_CHARS or b.link_density > SCORE_MAX_LINK_DENSITY:
            continue
        s = 1.0 + b.text.count(",") + min(n / SCORE_LENGTH_UNIT, SCORE_LENGTH_CAP)
        el = b.element
        if b.tag in ITEM_TAGS:
            el = el.getparent() if el.getparent() is not None else el
        anc = el.getparent() if b.tag not in SECTIONING_TAGS else el
        weight = 1.0
        for _ in range(SCORE_ANCESTORS):
            if anc is None:
                break
            scores[anc] = scores.get(anc, 0.0) + s * weight
            anc = anc.getparent()
            weight *= SCORE_DECAY
    return scores


def _mark_bonus(scores: dict[etree._Element, float]) -> None:
    """Containers the page marks as the body (itemprop, class/id, then tag) score higher."""
    for el in list(scores):
        tag = el.tag if isinstance(el.tag, str) else ""
        cid = f"{el.get('class') or ''} {el.get('id') or ''}"
        if (el.get("itemprop") or "").lower() == "articlebody" or BODY_HINT.search(cid):
            scores[el] *= BODY_MARK_BONUS
        elif tag in ARTICLE_TAGS:
            scores[el] *= ARTICLE_TAG_BONUS


def _is_prose_block(b: Block) -> bool:
    """A long block with few links: what html_dom counts as the page's prose."""
    return len(b.text) >= PROSE_BLOCK_CHARS and b.link_density < PROSE_MAX_LINK_DENSITY


def _prose_by_ancestor(blocks: list[Block]) -> dict[etree._Element, int]:
    """Characters of prose blocks under each element (bounded walk up)."""
    prose: dict[etree._Element, int] = {}
    for b in blocks:
        if _is_prose_block(b):
            anc = b.element
            depth = 0
            while anc is not None and depth < 60:
                prose[anc] = prose.get(anc, 0) + len(b.text)
                anc = anc.getparent()
                depth += 1
    return prose


def _climb_to_prose(best: etree._Element, prose: dict[etree._Element, int]) -> etree._Element:
    """Readability's sibling step, simplified: bodies are often split over sibling containers
    (intro div, body div, "continued" div). Climb while an ancestor holds clearly more prose
    than the chosen element; region selection later trims what the climb lets in. Page
    builders (Elementor, Squarespace) nest each text widget several wrappers deep, so look a
    few levels up for the next ancestor that adds prose, not only at the parent."""
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


# --------------------------------------------------------------------------- split bodies
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
    if len(cls.split()) < 2 and not BODY_HINT.search(cls):
        return []
    prose: dict[etree._Element, int] = {}
    for b in blocks:
        if not _is_prose_block(b):
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
