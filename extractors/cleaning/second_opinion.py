"""HTML mode: a second opinion on the article body from a well-kept extractor (trafilatura).

Why: our rules remove whole blocks by class names, tags and prose shape. On a page nobody
tuned them to, a template can put the article in an element whose class reads like chrome
("promo", "cta", "hidden" on a collapsed-by-default wrapper...) or split it so that the span
keeps only a piece of it; the result is an empty or much too short body. trafilatura
(Apache-2.0) uses other signals, so where ours looks suspicious it is asked too, and the two
opinions are combined block by block:

1. `needs_second_opinion` decides from our own result alone (cheap): the body is short, or
   much prose-like text was removed next to what was kept. Most pages never get here, so the
   cost of the second extractor is paid on a few pages only.
2. The page is parsed again, keeping every visible element (`html_dom.strip_invisible`),
   and cut into the same blocks as the first pass.
3. A block is in the body when our first pass kept it, or when the peer's text contains it
   (`PeerText.agrees`) and the line rules do not flag it. Every other block is reported in
   the removed list: under the chrome rule of the element that would have removed it, the
   rule that removed it in the first pass, or "outside_agreed_body".
4. The combined body replaces ours only when it is clearly longer (`PEER_GAIN`): the peer
   widens a body we cut short, it never narrows one.

The thresholds named here (`SHORT_BODY_CHARS`, `REMOVED_PROSE_RATIO`, `PEER_GAIN`,
`AGREE_SHARE`) and the switches `SECOND_OPINION` and `PEER_DATE` live in `settings.cleaning`;
the steps run in `cleaner._second_opinion`.

Everything here is a pure function of the page (no network, no cache that outlives a call);
when trafilatura is not installed the first-pass result stands.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from settings.cleaning import AGREE_SHARE, REMOVED_PROSE_RATIO, SHORT_BODY_CHARS

from .patterns import WORD_RUN


def _words(text: str) -> list[str]:
    return WORD_RUN.findall(text.lower())


def peer_extract(html: str) -> str | None:
    """trafilatura's plain-text body of the page (comments excluded), or None when it is not
    installed, fails or finds nothing."""
    try:
        import trafilatura
    except ImportError:  # pragma: no cover - a runtime dependency, but optional in spirit
        return None
    try:
        return trafilatura.extract(html, include_comments=False, include_tables=True) or None
    except Exception:  # noqa: BLE001 - a second opinion must never break the first
        return None


@dataclass(frozen=True)
class PeerText:
    """The peer's body, indexed for block matching: word trigrams and whole lines."""

    trigrams: frozenset
    lines: frozenset

    @classmethod
    def of(cls, text: str) -> "PeerText":
        w = _words(text)
        grams = frozenset(zip(w, w[1:], w[2:]))
        lines = frozenset(" ".join(_words(line)) for line in text.split("\n") if line.strip())
        return cls(grams, lines)

    def agrees(self, block_text: str) -> bool:
        """Does the peer keep this block? Blocks of three words or more: most of their word
        trigrams occur in the peer's text (robust to the peer joining or splitting blocks and
        to list bullets); shorter blocks (sub-headings) must be a whole line of it."""
        w = _words(block_text)
        if not w:
            return False
        if len(w) < 3:
            return " ".join(w) in self.lines
        grams = list(zip(w, w[1:], w[2:]))
        hits = sum(1 for g in grams if g in self.trigrams)
        return hits >= AGREE_SHARE * len(grams)


def needs_second_opinion(kept_chars: int, removed_prose_chars: int) -> bool:
    """Step 1: is our body suspicious enough to ask the peer?"""
    return kept_chars < SHORT_BODY_CHARS or removed_prose_chars >= REMOVED_PROSE_RATIO * kept_chars


def peer_date(page, url: str | None = None) -> date | None:
    """The page's original publication day according to htmldate, or None (not installed,
    nothing found, or an implausible day). `page`: HTML text or an lxml tree, which htmldate
    may modify (pass one whose body has been read already); `url`, the page's address, whose
    path often carries the day."""
    try:
        from htmldate import find_date
    except ImportError:
        return None
    try:
        found = find_date(page, url=url, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    except Exception:  # noqa: BLE001 - a peer's failure must not cost the page its body
        return None
    if not found:
        return None
    try:
        return date.fromisoformat(found)
    except ValueError:
        return None
