"""spaCy's `attribute_ruler`, with its matches found through an index instead of the Matcher.

Why our own code: the model's attribute ruler (179 patterns mapping fine tags to coarse POS and
morphology, plus a few word and dependency exceptions) spends about 15 µs per token in spaCy's
`Matcher`, which tries every pattern at every token: 10 % of the whole model's time on news
text, more than the tagger and as much as a third of the parser (measured 2026-12-02 on 100
`extraction` pages: 3.5 s of 36 s). Nearly every pattern names the token's tag and often its
lower-case form, so a dictionary keyed on them finds the few candidates of a token, and only
those are checked. Everything else is spaCy's own: the same patterns, the same order of
application (`AttributeRuler.match` sorts by pattern number; later patterns win) and the same
`set_annotations`. A pattern this index cannot express (an operator, another attribute, a
longer predicate) goes to a residual spaCy `Matcher`, so the result is always the stock
component's; `tests/test_indexed_attribute_ruler.py` checks every token attribute against it.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, get_type_hints

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

# The token attributes the index reads, by their column in `doc.to_array(list(FIELDS))`.
FIELDS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
SEEN_MAX = 100_000  # distinct token rows remembered by `_first_token_matches` before it starts over


@dataclass(frozen=True)
class Predicate:
    """One field's test; values are string hashes, as the Matcher compares them."""
    column: int
    kind: str  # "in" (a single value is a set of one), "not_in", "regex"
    values: frozenset[int] = frozenset()
    regex: re.Pattern[str] | None = None

    def holds(self, row: Sequence[int], strings: Any) -> bool:
        value = row[self.column]
        if self.kind == "in":
            return value in self.values
        if self.kind == "not_in":
            return value not in self.values
        return bool(self.regex.search(strings[value]))  # type: ignore[union-attr]


@dataclass(frozen=True)
class Compiled:
    """A pattern of fixed-length tokens, each a conjunction of predicates."""
    key: int  # the matcher key (`AttributeRuler.match` sorts on it)
    number: int  # the pattern's number: later ones take precedence
    tokens: tuple[tuple[Predicate, ...], ...]


def _value_hash(field_name: str, value: Any) -> int:
    if field_name == "IS_SPACE":
        return int(bool(value))
    return get_string_id(value)


def _predicate(field_name: str, spec: Any) -> Predicate | None:
    """The predicate for `{field: spec}`, or None when the index cannot express it."""
    column = FIELDS[field_name]
    if not isinstance(spec, dict):
        return Predicate(column, "in", frozenset({_value_hash(field_name, spec)}))
    if len(spec) != 1:
        return None
    (operator, operand), = spec.items()
    if operator in ("IN", "NOT_IN") and isinstance(operand, list):
        hashes = frozenset(_value_hash(field_name, v) for v in operand)
        return Predicate(column, operator.lower(), hashes)
    if operator == "REGEX" and isinstance(operand, str) and field_name != "IS_SPACE":
        return Predicate(column, "regex", regex=re.compile(operand))
    return None


def compile_pattern(key: int, number: int, pattern: list[dict[str, Any]]) -> Compiled | None:
    """A Matcher pattern as predicates, or None when it uses anything the index lacks
    (operators such as OP, other attributes); such patterns stay with spaCy's Matcher."""
    tokens = []
    for token_spec in pattern:
        if not token_spec or set(token_spec) - set(FIELDS):
            return None
        predicates = tuple(_predicate(name, spec) for name, spec in token_spec.items())
        if any(p is None for p in predicates):
            return None
        tokens.append(predicates)  # type: ignore[arg-type]
    return Compiled(key, number, tuple(tokens))


def _fixed(predicates: Iterable[Predicate], column: int) -> frozenset[int] | None:
    """The values a pattern's first token must have in `column`, when it fixes them."""
    for p in predicates:
        if p.column == column and p.kind == "in":
            return p.values
    return None


# The field a pattern is filed under: the most selective one its first token fixes.
INDEX_ORDER = (FIELDS["LOWER"], FIELDS["TAG"], FIELDS["DEP"], FIELDS["IS_SPACE"])


@dataclass
class PatternIndex:
    """Compiled patterns filed under one value of one field of their first token (the word
    before the tag, the tag before the dependency), or under `unfiled` when none is fixed; a
    token's candidates are the patterns filed under its own values."""
    by_column: tuple[dict[int, list[Compiled]], ...] = field(default_factory=lambda: tuple({} for _ in FIELDS))
    unfiled: list[Compiled] = field(default_factory=list)

    def add(self, compiled: Compiled) -> None:
        for column in INDEX_ORDER:
            values = _fixed(compiled.tokens[0], column)
            if values is not None:
                for value in values:
                    self.by_column[column].setdefault(value, []).append(compiled)
                return
        self.unfiled.append(compiled)

    def candidates(self, row: Sequence[int]) -> list[Compiled]:
        found = list(self.unfiled)
        for column, filed in enumerate(self.by_column):
            found.extend(filed.get(row[column], ()))
        return found


class IndexedAttributeRuler(AttributeRuler):
    """`AttributeRuler` whose `match` uses a `PatternIndex` (see the module docstring)."""

    def __init__(self, vocab, name: str = "attribute_ruler", *, validate: bool = False) -> None:
        super().__init__(vocab, name, validate=validate)
        self._index: PatternIndex | None = None
        self._residual: Matcher | None = None
        self._seen: dict[tuple[int, ...], tuple[Compiled, ...]] = {}

    def add(self, patterns, attrs, index: int = 0) -> None:
        super().add(patterns, attrs, index)
        self._index = None  # rebuilt on the next match

    def _build(self) -> None:
        self._index, self._residual, self._seen = PatternIndex(), Matcher(self.vocab), {}
        for number, (patterns, key) in enumerate(self._keyed_patterns()):
            for pattern in patterns:
                compiled = compile_pattern(key, number, pattern)
                if compiled is None:
                    self._residual.add(key, [pattern])
                else:
                    self._index.add(compiled)

    def _keyed_patterns(self) -> list[tuple[list[list[dict[str, Any]]], int]]:
        """Each pattern number's Matcher patterns and key, as `AttributeRuler.add` stored them."""
        keyed = []
        for number in range(len(self.attrs)):
            key = self.vocab.strings.add(str(number))
            keyed.append((self.matcher.get(key)[1], key))
        return keyed

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        if self._index is None:
            self._build()
        found = self._indexed_matches(doc)
        if len(self._residual):  # type: ignore[arg-type]
            found.extend((int(self.vocab.strings[key]), key, start, end)
                         for key, start, end in self._residual(doc, allow_missing=True, as_spans=False))
        found.sort()
        return found

    def set_annotations(self, doc: Doc, matches: list[tuple[int, int, int, int]]) -> None:
        """`AttributeRuler.set_annotations` without building a `Span` per match (a third of the
        stock component's remaining time); an index outside the match gets spaCy's own error."""
        for attr_id, match_id, start, end in matches:
            index = self.indices[attr_id]
            position = start + index if index >= 0 else end + index
            if not start <= position < end:
                super().set_annotations(doc, [(attr_id, match_id, start, end)])
            set_token_attrs(doc[position], self.attrs[attr_id])

    def _indexed_matches(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        rows = [tuple(row) for row in doc.to_array(list(FIELDS)).tolist()]
        strings, found, n = doc.vocab.strings, [], len(rows)
        for i, row in enumerate(rows):
            for c in self._first_token_matches(row, strings):
                end = i + len(c.tokens)
                if end > n:
                    continue
                if all(p.holds(rows[i + k], strings) for k in range(1, len(c.tokens)) for p in c.tokens[k]):
                    found.append((c.number, c.key, i, end))
        return found

    def _first_token_matches(self, row: tuple[int, ...], strings: Any) -> tuple[Compiled, ...]:
        """The patterns whose first token `row` satisfies. A token's (tag, word, dependency,
        space) repeats all through a text, so the answer is remembered (bounded)."""
        hit = self._seen.get(row)
        if hit is None:
            if len(self._seen) >= SEEN_MAX:
                self._seen.clear()
            hit = tuple(c for c in self._index.candidates(row)  # type: ignore[union-attr]
                        if all(p.holds(row, strings) for p in c.tokens[0]))
            self._seen[row] = hit
        return hit


@Language.factory("indexed_attribute_ruler", default_config={"validate": False})
def make_indexed_attribute_ruler(nlp: Language, name: str, validate: bool) -> IndexedAttributeRuler:
    return IndexedAttributeRuler(nlp.vocab, name, validate=validate)


# spaCy 3.8.7's confection (<0.2) checks a factory's arguments against its annotations with
# pydantic v1, which cannot resolve the strings `from __future__ import annotations` leaves
# there ("field nlp not yet prepared"); it gets the objects instead.
make_indexed_attribute_ruler.__annotations__ = get_type_hints(make_indexed_attribute_ruler)


def replace_attribute_ruler(nlp: Language) -> None:
    """Swap the pipeline's `attribute_ruler` for the indexed one, with the same patterns."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    patterns = nlp.get_pipe("attribute_ruler").patterns
    nlp.replace_pipe("attribute_ruler", "indexed_attribute_ruler")
    nlp.get_pipe("attribute_ruler").add_patterns(patterns)
