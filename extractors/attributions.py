"""Attributions: who the article cites for a claim, with the cue and the claim's span.

Why rules on spaCy's dependency parse rather than a library: the quote/attribution tools
that exist (textacy's `direct_quotations`, BBC citron, GenderGapTracker) either need quote
marks, pin spaCy 2/3.2, or carry a non-commercial model licence (see the research notes,
§1). The parse already gives what attribution needs: the cue verb's subject is the source,
its clausal complement is the claim, and "according to X" is a prepositional phrase.

Forms recognised (each a rule family, each unit-tested on invented sentences):
- speech/report verbs with a subject: "X said", "said X", "X told reporters", "X reported",
  "X estimated that", "X confirmed", "X denied that" (the cue verbs below);
- "according to X";
- refusals: "X declined to comment", "X refused to comment", "X did not respond to a request
  for comment";
- coordinated sources give one attribution each ("The CIA and the FBI declined to comment");
- nesting: an attribution whose cue lies inside another's claim gets that one as parent
  ("..., said Jane Roe, Reuters reported": Roe said it, Reuters reported her saying it);
- anaphora: a pronoun or definite description ("it", "the report", "the outlet") is resolved
  to the closest earlier source of the same kind, and a person's surname to the full name.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span, Token

from extractors.entities import EntityResult, Mention
from extractors.nlp import is_outlet
from extractors.sentences import SentenceIndex, trim


def _regular(base: str) -> tuple[str, ...]:
    if base.endswith("e"):
        return base, base + "s", base + "d", base[:-1] + "ing"
    if base.endswith("y") and base[-2:-1] not in "aeiou":
        return base, base[:-1] + "ies", base[:-1] + "ied", base + "ing"
    return base, base + "s", base + "ed", base + "ing"


_IRREGULAR = {
    "say": ("say", "says", "said", "saying"), "tell": ("tell", "tells", "told", "telling"),
    "write": ("write", "writes", "wrote", "written", "writing"), "admit": ("admit", "admits", "admitted", "admitting"),
    "forecast": ("forecast", "forecasts", "forecasting", "forecasted"),
    "testify": ("testify", "testifies", "testified", "testifying"),
}
# cue type -> base verbs. Inflected forms are generated (the lemmatizer is disabled for speed).
CUE_VERBS: dict[str, tuple[str, ...]] = {
    "speech": ("say", "tell", "add", "state", "note", "explain", "insist", "argue", "warn", "stress", "write",
               "claim", "announce", "acknowledge", "admit", "allege", "assert", "comment", "declare", "estimate",
               "predict", "suggest", "conclude", "testify", "caution", "emphasise", "emphasize", "observe", "reply",
               "respond", "concede", "contend", "tweet", "post", "recount", "forecast", "assess"),
    "report": ("report", "reveal", "disclose"),
    "confirmation": ("confirm",),
    "denial": ("deny",),
}
CUE_FORMS: dict[str, str] = {}
for _type, _bases in CUE_VERBS.items():
    for _base in _bases:
        for _form in _IRREGULAR.get(_base, _regular(_base)):
            CUE_FORMS[_form] = _type

NO_COMMENT_VERBS = frozenset({"declined", "declines", "refused", "refuses", "declining", "refusing"})
NO_REPLY_VERBS = frozenset({"respond", "reply", "comment"})

DOCUMENT_NOUNS = frozenset({
    "report", "reports", "document", "documents", "assessment", "assessments", "memo", "memorandum", "cable",
    "cables", "statement", "filing", "study", "survey", "analysis", "letter", "email", "transcript", "dossier",
    "briefing", "paper", "papers", "audit", "review", "indictment", "complaint", "ruling", "file", "files", "poll",
    "estimate", "estimates", "data", "figures", "records", "documentation", "communique", "leak",
})
OUTLET_NOUNS = frozenset({"outlet", "newspaper", "paper", "broadcaster", "magazine", "website", "channel",
                          "agency", "daily", "tabloid", "network", "publication"})
PERSON_NOUNS = frozenset({
    "president", "spokesman", "spokeswoman", "spokesperson", "official", "officials", "minister", "director",
    "analyst", "analysts", "expert", "experts", "officer", "officers", "general", "ambassador", "lawmaker",
    "lawmakers", "senator", "diplomat", "diplomats", "researcher", "researchers", "source", "sources", "aide",
    "aides", "adviser", "advisers", "advisor", "chief", "commander", "secretary", "governor", "mayor", "leader",
    "leaders", "prosecutor", "prosecutors", "lawyer", "lawyers", "witness", "witnesses", "resident", "residents",
    "person", "people", "man", "woman", "member", "members", "executive", "ceo", "chairman", "chair", "head",
    "professor", "scientist", "economist", "representative", "representatives", "envoy", "premier", "king",
    "queen", "prince", "pope", "fellow", "editor", "journalist", "reporter", "correspondent",
})
ORG_NOUNS = frozenset({
    "government", "administration", "ministry", "department", "office", "company", "firm", "military", "army",
    "intelligence", "embassy", "police", "authorities", "court", "council", "committee", "party", "group",
    "organisation", "organization", "institute", "bank", "regulator", "commission", "parliament", "campaign",
    "team", "union", "coalition", "alliance", "force", "forces", "navy", "command", "community", "agency",
})
PRONOUNS = {"it": "thing", "its": "thing", "he": "person", "she": "person", "him": "person", "her": "person",
            "they": "any", "them": "any"}

SOURCE_KINDS = ("person", "organisation", "outlet", "document", "unresolved")


@dataclass
class Attribution:
    index: int
    start: int
    end: int
    cue: str
    cue_start: int
    cue_end: int
    cue_type: str  # speech | report | confirmation | denial | according_to | no_comment
    source_text: str
    source_start: int
    source_end: int
    source: str  # canonical name, or the source's own words when no entity names it
    source_kind: str  # person | organisation | outlet | document | unresolved
    source_entity: str | None  # canonical entity name when the source is a named entity
    role: str | None
    content_start: int | None
    content_end: int | None
    content_from: str | None  # complement | clause | None: how the claim's span was found
    sentence_index: int
    method: str  # dependency | according_to | no_comment
    resolution: str  # entity | anaphora | description | unresolved
    head_i: int  # token index of the source's head (not stored)
    cue_i: int  # token index of the cue verb (not stored)
    parent: int | None = None


def _source_tokens(head: Token) -> tuple[int, int]:
    """Token range of a source noun phrase: the head with its modifiers, without appositions,
    relative clauses, coordinated siblings or punctuation."""
    keep = [head.i]
    for child in head.children:
        if child.dep_ in {"appos", "relcl", "acl", "punct", "cc", "conj", "advcl", "prep"} and child.i > head.i:
            continue
        if child.dep_ in {"punct", "cc"}:
            continue
        keep.extend(t.i for t in child.subtree)
    # "from X" / "of X" after the head belongs to the phrase ("officials from the ministry").
    for child in head.children:
        if child.dep_ == "prep" and child.i == max(keep) + 1 and child.lower_ in {"of", "from", "at", "in"}:
            keep.extend(t.i for t in child.subtree)
    return min(keep), max(keep)


def _coordinated(head: Token) -> list[Token]:
    heads = [head]
    for conj in head.conjuncts:
        if conj.i > head.i and conj.pos_ in {"PROPN", "NOUN"}:
            heads.append(conj)
    return heads


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "nsubj":  # passives ("it was reported") name no source
            return child
    # "X has said and added ..." / "X declined to comment": subject of the governing verb
    if verb.dep_ in {"conj", "xcomp"} and verb.head.i != verb.i:
        return _subject(verb.head)
    return None


def _content_of(verb: Token, sent: Span) -> tuple[int, int, str] | None:
    """Token range of what the cue verb introduces: its clausal complement, or, for a cue
    after the clause it reports on ("X, Politico reported"), the sentence before the cue."""
    doc = verb.doc
    complements = [c for c in verb.children if c.dep_ == "ccomp"]
    # "“...,” said Jane Roe, Reuters reported": the parser hangs the inner cue on the outer one
    complements += [c for c in verb.children if c.dep_ == "parataxis" and c.i < verb.i]
    for child in complements:
            toks = [t for t in child.subtree if not t.is_space]
            first, last = toks[0].i, toks[-1].i
            while first <= last and (doc[first].dep_ == "mark" or doc[first].is_punct):
                first += 1
            while last >= first and doc[last].is_punct and doc[last].text not in {"”", '"', "’"}:
                last -= 1
            if last >= first:
                return first, last, "complement"
    sentence_final = all(t.is_punct or t.is_space for t in doc[verb.i + 1:sent.end])
    # "X, Reuters reported." : the parser may hang the final cue anywhere (even as a relative
    # clause); a cue verb with its own subject that ends the sentence reports what precedes it.
    if (verb.dep_ in {"ccomp", "parataxis", "advcl", "conj"} and verb.head.i < verb.i) or (
            sentence_final and verb.head.i < verb.i):
        left = min(t.i for t in verb.subtree)
        first, last = sent.start, left - 1
        while last >= first and (doc[last].is_punct and doc[last].text not in {"”", '"'} or doc[last].is_space):
            last -= 1
        if last >= first:
            return first, last, "clause"
    return None


class _Builder:
    def __init__(self, doc: Doc, entities: EntityResult, sentences: SentenceIndex) -> None:
        self.doc = doc
        self.text = doc.text  # Doc.text rebuilds the string on every access: read it once
        self.entities = entities
        self.sentences = sentences
        self.items: list[Attribution] = []

    # -- source description -------------------------------------------------------
    def _mention_at(self, token: Token) -> Mention | None:
        for m in self.entities.mentions:
            if m.start <= token.idx < m.end:
                return m
        return None

    def _role(self, head: Token, first: int, mention: Mention) -> str | None:
        """A person's role: words before the name in the phrase ("NSC spokesman Jane Roe"),
        else an apposition after it ("Jane Roe, the director of X")."""
        doc = self.doc
        pre_end = mention.start
        pre_start = doc[first].idx
        if pre_end > pre_start:
            s, e = trim(self.text, pre_start, pre_end)
            words = self.text[s:e]
            if words and words.split()[0].lower() in {"the", "a", "an"}:
                words = words.split(" ", 1)[1] if " " in words else ""
            if words.strip():
                return words.strip()
        for child in head.children:
            if child.dep_ == "appos":
                toks = [t for t in child.subtree]
                first_i, last_i = toks[0].i, toks[-1].i
                while doc[first_i].lower_ in {"the", "a", "an"} and first_i < last_i:
                    first_i += 1
                while doc[last_i].is_punct and last_i > first_i:
                    last_i -= 1
                return doc[first_i:last_i + 1].text
        return None

    def describe(self, head: Token) -> dict[str, Any]:
        first, last = _source_tokens(head)
        doc = self.doc
        span = doc[first:last + 1]
        text = span.text
        mention = self._mention_at(head)
        out: dict[str, Any] = {"source_text": text, "source_start": span.start_char, "source_end": span.end_char,
                               "role": None, "source_entity": None, "head_i": head.i}
        lower = head.lower_
        if mention is not None:
            entity = self.entities.entity_of(mention)
            out["source"] = entity.canonical
            out["source_entity"] = entity.canonical
            out["resolution"] = "entity"
            if entity.label == "PERSON":
                out["source_kind"] = "person"
                out["role"] = self._role(head, first, mention)
            elif entity.category == "outlet" or is_outlet(entity.canonical):
                out["source_kind"] = "outlet"
            else:
                out["source_kind"] = "organisation"
            return out
        described = text
        if doc[first].lower_ in {"the", "a", "an", "this", "that", "another"}:
            described = doc[first + 1:last + 1].text
        definite = doc[first].lower_ in {"the", "this", "that", "its", "their"}
        if lower in PRONOUNS:
            return self._anaphor(out, PRONOUNS[lower], head)
        if lower in DOCUMENT_NOUNS:
            kind = "document"
        elif lower in OUTLET_NOUNS or (head.dep_ == "compound" and is_outlet(text)):
            kind = "outlet"
        elif lower in PERSON_NOUNS:
            kind = "person"
        elif lower in ORG_NOUNS:
            kind = "organisation"
        else:
            kind = "unresolved"
        if doc[first].lower_ == "another":
            described = text
        if definite and kind in {"document", "outlet"}:
            resolved = self._antecedent(kind, head)
            if resolved is not None:
                out.update(source=resolved.source, source_kind=kind, source_entity=resolved.source_entity,
                           resolution="anaphora")
                return out
        # a named entity inside the phrase ("Mali's president", "US intelligence") tells who
        inner = [m for m in self.entities.inside(span.start_char, span.end_char)]
        out.update(source=described, source_kind=kind, resolution="description" if kind != "unresolved"
                   else "unresolved")
        if kind == "unresolved" and inner and lower in {m.text.lower() for m in inner}:
            out["resolution"] = "entity"
        return out

    def _antecedent(self, kind: str, head: Token) -> Attribution | None:
        """The closest earlier source of the same kind: the same head noun if there is one,
        else any, but never a singular antecedent for a plural description ("the documents")."""
        earlier = [p for p in self.items if p.head_i < head.i and p.source_kind == kind]
        same_word = [p for p in earlier if self.doc[p.head_i].lower_ == head.lower_]
        if same_word:
            return same_word[-1]
        if head.tag_ in {"NNS", "NNPS"}:
            return None
        return earlier[-1] if earlier else None

    def _anaphor(self, out: dict[str, Any], wanted: str, head: Token) -> dict[str, Any]:
        kinds = {"thing": {"document", "outlet", "organisation"}, "person": {"person"},
                 "any": {"document", "outlet", "organisation", "person"}}[wanted]
        for previous in reversed(self.items):
            if previous.head_i < head.i and previous.source_kind in kinds:
                out.update(source=previous.source, source_kind=previous.source_kind,
                           source_entity=previous.source_entity, role=previous.role, resolution="anaphora")
                return out
        if wanted == "person":  # the nearest person named before the pronoun
            people = [m for m in self.entities.mentions if m.label == "PERSON" and m.end <= head.idx]
            if people:
                entity = self.entities.entity_of(people[-1])
                out.update(source=entity.canonical, source_kind="person", source_entity=entity.canonical,
                           resolution="anaphora")
                return out
        out.update(source=head.text, source_kind="unresolved", resolution="unresolved")
        return out

    # -- attribution assembly ---------------------------------------------------------
    def add(self, head: Token, cue_first: int, cue_last: int, cue_type: str, method: str,
            content: tuple[int, int, str] | None, cue_i: int) -> None:
        doc = self.doc
        info = self.describe(head)
        cue_span = doc[cue_first:cue_last + 1]
        start = min(info["source_start"], cue_span.start_char)
        end = max(info["source_end"], cue_span.end_char)
        content_start = content_end = None
        content_from = None
        if content is not None:
            content_start, content_end = trim(self.text, doc[content[0]].idx,
                                              doc[content[1]].idx + len(doc[content[1]]))
            if self.text.startswith("that ", content_start) and content_end > content_start + 5:
                content_start += 5  # the complementiser is not part of the claim
            content_from = content[2]
        self.items.append(Attribution(
            index=len(self.items), start=start, end=end, cue=cue_span.text, cue_start=cue_span.start_char,
            cue_end=cue_span.end_char, cue_type=cue_type, source_text=info["source_text"],
            source_start=info["source_start"], source_end=info["source_end"], source=info["source"],
            source_kind=info["source_kind"], source_entity=info["source_entity"], role=info["role"],
            content_start=content_start, content_end=content_end, content_from=content_from,
            sentence_index=self.sentences.of(cue_span.start_char), method=method,
            resolution=info["resolution"], head_i=head.i, cue_i=cue_i))

    def run(self) -> list[Attribution]:
        doc = self.doc
        for sent in doc.sents:
            for tok in sent:
                lower = tok.lower_
                if lower == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                    objs = [c for c in doc[tok.i + 1].children if c.dep_ == "pobj"]
                    if not objs:
                        continue
                    phrase_last = max(t.i for t in objs[0].subtree)
                    content = self._around(sent, tok.i, phrase_last)
                    for head in _coordinated(objs[0]):
                        self.add(head, tok.i, tok.i + 1, "according_to", "according_to", content, tok.i)
                elif lower in NO_COMMENT_VERBS and tok.pos_ in {"VERB", "AUX"}:
                    xcomp = [c for c in tok.children if c.dep_ == "xcomp" and c.lower_ in {"comment", "respond",
                                                                                               "confirm", "say"}]
                    subject = _subject(tok)
                    if xcomp and subject is not None:
                        last = max(t.i for t in xcomp[0].subtree if not t.is_punct)
                        for head in _coordinated(subject):
                            self.add(head, tok.i, last, "no_comment", "no_comment", None, tok.i)
                elif lower in NO_REPLY_VERBS and tok.pos_ == "VERB" and any(
                        c.dep_ == "neg" for c in tok.children) and (subject := _subject(tok)) is not None:
                    last = max([t.i for t in tok.subtree if t.i >= tok.i and not t.is_punct] or [tok.i])
                    first = min(c.i for c in tok.children if c.dep_ in {"neg", "aux"} and c.i < tok.i)
                    for head in _coordinated(subject):
                        self.add(head, first, last, "no_comment", "no_comment", None, tok.i)
                elif lower in CUE_FORMS and tok.pos_ in {"VERB", "AUX"} and (
                        tok.tag_ != "VBN" or any(c.dep_ == "aux" for c in tok.children)):
                    # a bare past participle is a modifier or a passive ("the figures reported by"), not a cue
                    if tok.tag_ == "VBG" and tok.dep_ in {"acl", "advcl", "amod"}:
                        continue  # "citing ...", "saying ..." as a modifier: no own subject
                    if tok.dep_ == "xcomp" and tok.head.lower_ in NO_COMMENT_VERBS:
                        continue  # the "comment" of "declined to comment" (handled above)
                    subject = _subject(tok)
                    if subject is None or subject.lower_ in {"which", "that", "who", "what"}:
                        continue
                    cue_last = tok.i
                    for child in tok.children:  # "told reporters", "told the BBC"
                        if child.dep_ in {"dative", "dobj"} and lower in {"told", "tells", "tell", "telling"}:
                            cue_last = max(cue_last, max(t.i for t in child.subtree))
                    content = _content_of(tok, sent)
                    for head in _coordinated(subject):
                        self.add(head, tok.i, cue_last, CUE_FORMS[lower], "dependency", content, tok.i)
        self._link_parents()
        self._carry_roles()
        return self.items

    def _carry_roles(self) -> None:
        """A role given once ("spokesman Jane Roe") holds for the person's later cues ("Roe said")."""
        roles: dict[str, str] = {}
        for item in self.items:
            if item.source_kind == "person" and item.source_entity:
                if item.role:
                    roles.setdefault(item.source_entity, item.role)
                elif item.source_entity in roles:
                    item.role = roles[item.source_entity]

    def _around(self, sent: Span, first: int, last: int) -> tuple[int, int, str] | None:
        """The clause an "according to X" phrase qualifies: the rest of its sentence."""
        doc = self.doc
        before = (sent.start, first - 1)
        after = (last + 1, sent.end - 1)
        a, b = before if before[1] - before[0] >= after[1] - after[0] else after
        while a <= b and (doc[a].is_punct or doc[a].is_space):
            a += 1
        while b >= a and (doc[b].is_punct and doc[b].text not in {"”", '"'} or doc[b].is_space):
            b -= 1
        return (a, b, "clause") if b >= a else None

    def _link_parents(self) -> None:
        """A cue inside another attribution's claim is nested under it (innermost wins)."""
        for child in self.items:
            best = None
            for parent in self.items:
                if parent is child or parent.content_start is None:
                    continue
                if parent.content_start <= child.cue_start and child.cue_end <= parent.content_end:
                    if best is None or (parent.content_end - parent.content_start) < (best.content_end -
                                                                                       best.content_start):
                        best = parent
            child.parent = best.index if best is not None else None


def extract_attributions(doc: Doc, entities: EntityResult, sentences: SentenceIndex) -> list[Attribution]:
    return _Builder(doc, entities, sentences).run()


def attribution_rows(doc_id: str, text: str, items: list[Attribution]) -> list[dict[str, Any]]:
    return [
        {"doc_id": doc_id, "attribution_index": a.index, "start": a.start, "end": a.end,
         "text": text[a.start:a.end], "cue": a.cue, "cue_type": a.cue_type, "cue_start": a.cue_start, "cue_end": a.cue_end,
         "source_text": a.source_text, "source_start": a.source_start, "source_end": a.source_end,
         "source": a.source, "source_kind": a.source_kind, "source_entity": a.source_entity, "source_role": a.role,
         "resolution": a.resolution, "content_start": a.content_start, "content_end": a.content_end,
         "parent_attribution_index": a.parent, "sentence_index": a.sentence_index, "method": a.method}
        for a in items
    ]
