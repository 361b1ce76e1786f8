"""Quotation marks paired at the character level, paragraph by paragraph.

Why at the character level: the tokenizer does not tell an opening straight quote from a
closing one. Rules (see `quotes.py` for what the spans become): straight "..." and curly
“...”, « » too, and the typewriter pair '' ... '' of plain-text archives; a straight mark
opens after whitespace or an opening bracket/dash, and closes otherwise; styles may be mixed
within a quotation (“..." or "...”), so a quotation closed by the other style does not
swallow the next one. Both `quotes` and `attributions` read these spans, so they live below
both.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.nlp.sentences import trim

OPENING = {"“": "”", "«": "»", "„": "“", '"': '"'}

# Quotation marks as the tokenizer splits them off, for the rules that read tokens rather than
# characters (`attributions.py`): curly, straight, and the typewriter pair of apostrophes ('')
# that plain-text archives use for double quotes. QUOTE_MARK_TOKENS adds the straight single
# mark, which is also an apostrophe: only where a mark is expected.
QUOTATION_MARK_TOKENS = frozenset({"“", "”", "‘", "’", '"', "''", "``"})
CLOSING_MARKS = frozenset({"”", '"', "''"})
OPENING_MARKS = frozenset({"“", '"', "''", "``"})
QUOTE_MARK_TOKENS = QUOTATION_MARK_TOKENS | {"'"}
# A cue phrase followed by a colon or comma and an opening mark introduces a quotation.
INTRODUCES_QUOTATION = re.compile(r"\s*[:,]\s*(?:[“\"]|'')")


@dataclass
class QuoteSpan:
    start: int  # content start (inside the marks)
    end: int
    mark_start: int  # offset of the opening mark
    mark_end: int  # one past the closing mark (or the paragraph end when left open)
    marks: str  # straight | curly | guillemets
    closed: bool


_MARK = re.compile("''|[“«„\"]")


def find_quote_spans(text: str, paragraphs: list[tuple[int, int]]) -> list[QuoteSpan]:
    """Pair quote marks paragraph by paragraph."""
    spans: list[QuoteSpan] = []
    for p_start, p_end in paragraphs:
        i = p_start
        while i < p_end:
            found = _MARK.search(text, i, p_end)  # jump to the next mark: linear in the text, in C
            if found is None:
                break
            i = found.start()
            ch = text[i]
            if text.startswith("''", i):  # typewriter double quote: two apostrophes
                if not _opens(text, i, p_start):
                    i += 2
                    continue
                j = text.find("''", i + 2, p_end)
                closed = j != -1
                s, e = trim(text, i + 2, j if closed else p_end)
                while e > s and text[e - 1] in ",":
                    e -= 1
                if e > s:
                    spans.append(QuoteSpan(s, e, i, (j + 2) if closed else p_end, "straight", closed))
                i = (j + 2) if closed else p_end
                continue
            if ch in OPENING and (ch != '"' or _opens(text, i, p_start)):
                close_ch = OPENING[ch]
                j = text.find(close_ch, i + 1, p_end)
                if ch == "“":  # mixed styles: a straight mark may close a curly quotation ("“We stay," she said)
                    k = _straight_close(text, i + 1, j if j != -1 else p_end)
                    if k != -1:
                        j = k
                elif ch == '"':  # and a curly mark a straight one ('"We stay,” she said')
                    k = text.find("”", i + 1, j if j != -1 else p_end)
                    if k != -1:
                        j = k
                kind = "straight" if ch == '"' else ("guillemets" if ch == "«" else "curly")
                closed = j != -1
                end = j if closed else p_end
                s, e = trim(text, i + 1, end)
                while e > s and text[e - 1] in ",":
                    e -= 1
                if e > s:
                    spans.append(QuoteSpan(s, e, i, (j + 1) if closed else p_end, kind, closed))
                i = (j + 1) if closed else p_end
                continue
            i += 1
    return spans


def _straight_close(text: str, start: int, end: int) -> int:
    """The first straight mark in text[start:end] that closes (after a word or punctuation,
    before a space, punctuation or the end), or -1."""
    k = text.find('"', start, end)
    while k != -1:
        after = text[k + 1:k + 2]
        if k > start and not text[k - 1].isspace() and (not after or after.isspace() or after in ",.;:!?)—–"):
            return k
        k = text.find('"', k + 1, end)
    return -1


def _opens(text: str, i: int, p_start: int) -> bool:
    return i == p_start or text[i - 1].isspace() or text[i - 1] in "([{—–-/"
