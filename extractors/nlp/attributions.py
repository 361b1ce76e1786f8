"""Attributions: who the article cites for a claim, with the cue and the claim's span.

Why rules on spaCy's dependency parse rather than a library: the quote/attribution tools
that exist (textacy's `direct_quotations`, BBC citron, GenderGapTracker) either need quote
marks, pin spaCy 2/3.2, or carry a non-commercial model licence (see the research notes,
§1). The parse already gives what attribution needs: the cue verb's subject is the source,
its clausal complement is the claim, and "according to X" is a prepositional phrase.

Forms recognised (each a rule family, each unit-tested on invented sentences):
- speech/report verbs with a subject: "X said", "said X", "X told reporters", "X reported",
  "X estimated that", "X confirmed", "X denied that" (the cue verbs below, curated by sense:
  saying, reporting, believing). Verbs that are cues in one sense only ("add", "continue",
  "show", "claim", ...: WEAK_CUES) count only with a speaker-like subject and a claim next to
  them, so "the stock added 3 %" and "struggled to contend" are not cues; a noun subject set
  right beside a quotation is a speaker though no list knows it ("“...,” the engineer
  replied"); speaker nouns are listed by sense, their regular plurals found by morphology
  ("agencies"), and a quantifier subject stands for people ("Some noted that ..."); belief
  verbs ("think", "expect") only with a stated proposition or an "about" topic ("voters
  worry about the deficit"), and not inside a quotation; a past participle with a subject of
  its own is a past tense the tagger misread ("When unions advocated for ...");
- speech tags between commas inside the claim ("The plan, Ms. Lane said, will fail", "That
  plan, many argue, ..."), found from the commas, since the parser often cuts them apart;
- gerunds continuing a speaker's clause ("..., adding that ...", "a statement saying ...",
  "won by promising to cut taxes");
- passives: "it was reported that ..." gives an explicit unattributed row, "... by X" names X;
- claims as objects ("announced her resignation", "called for new elections", "accused X of Y",
  "described the plan as a gift", "asked her to call", "called for the senator to resign"), and
  topics of speech by preposition ("warned of a long battle", "wrote about the flood", "pointed
  to the polls", "said of the mayor"; not "said on Monday");
- nouns of saying or stance with their holder ("Reyes's criticism of the plan", "the senator
  launched attacks on the press"): the possessor, or the subject of the verb the noun is the
  object of (not for documents: "officials cited an assessment of" is not their assessment);
- judgements held ("voters see her as the likelier winner", "critics view it as a gift");
  "called the plan “a disgrace”" (the judgement in quotation marks ends at its closing mark);
- "In the new poll, 50 percent chose X": a sentence opened by "in" and a document, like
  "according to";
- stances in the passive, held by the agent ("the plan was endorsed by the Herald", "a
  practice criticized by X");
- stances: positions taken ("X endorsed Y", "X voted for Y"), public judgements ("X blasted the
  ruling", "Y hailed the deal") and aims stated with an infinitive ("X wants to repeal the law",
  "Y threatened to sue"; not inside a quotation, where they belong to the quoted claim), held by
  the subject, the noun a relative pronoun stands for, or the noun a participle describes
  ("groups backing Cruz"); speakers include people by their public part ("voters", "critics")
  and poll shares ("41 percent would vote for her");
- appearances and expectations the writer states without a holder ("Turnout seems to be
  rising", "The governor is expected to sign"): the subject with its infinitive, explicitly
  unattributed;
- "Asked whether ..., X said": the question, with an explicit unattributed source;
- a quotation inside a clause with no reporting verb ("X praised Y as “...”"): the subject; also
  a quotation the parser cut off from the clause introducing it ("She then boomed, “A. B.”",
  "X quoted a poet: “...”"): the subject of the verb ending that clause, or of the verb
  governing it when that one has no speaker ("X apologized for what happened: “...”");
- "X: claim" opening a sentence or headline, with X a named person or organisation;
- idioms of saying: "as X put it", "she went on";
- refusals: "X declined to comment", "X refused to comment", "X did not respond to a request
  for comment";
- coordinated sources give one attribution each ("The CIA and the FBI declined to comment");
- nesting: an attribution whose cue lies inside another's claim gets that one as parent
  ("..., said Jane Roe, Reuters reported": Roe said it, Reuters reported her saying it);
  but a stance or belief inside a reported claim ("said voters would back it"), and any cue
  inside a quotation but a first-person stance, is part of that claim, not a row of its own;
- anaphora: a pronoun or definite description ("it", "the report", "the outlet") is resolved
  to the closest earlier source of the same kind that agrees in gender and number ("he" is not
  "the spokeswoman", "they" wants several), and a person's surname to the full name; "the
  statement read" is the words of whoever issued the statement;
- claim spans: the clausal complement, cut before a coordinated reporting verb, a trailing
  ", who ..." aside or ", calling ..." addition (however deep the parser hangs it), or another
  speaker's claim set against it (", while others said ..."); a quotation of several
  sentences, or one interrupted by its cue ("“A,” she said. “B.”", see quotes.py), is one claim, and a claim that
  cuts a quotation short is widened to the whole quotation (the marks bound it, not the
  parse); a parenthetical
  cue ("The goal, he said, is ...") reports its whole sentence; a claim stopping at a colon
  goes on through what the colon announces ("said it fails for one reason: ..."); an object
  claim stops before a phrase placing the act in time ("claimed victory during an
  interview") and a stance's object before an apposition glossing it ("voted for Ben
  Carson, a neurosurgeon"); of two complements the parser gives one cue, the one beside it;
  a cue reports the clause before it ("X, Reuters reported") only when it is no clause of
  its own: not subordinated ("so that he accused ..."), not a restrictive relative
  ("everything he said"), not carrying its own object ("pointing this out"), also when the
  parser made the tag the root (", he said." after a comma); a complement goes on through a
  clause coordinated without a comma ("says A and it is B") and a closing clause of reason or
  condition ("..., because B"); an object claim through a closing participle phrase
  ("showed A at 30 percent, followed by B"), a topic through "for" + gerund ("railed
  against X for refusing ..."); the object of "say" is what was said ("says a lot");
- speakers through the parse: a cue coordinated inside a relative clause speaks for its noun
  ("the mayor, who answered and said ..."), and a second cue the parser hung on the first
  one's claim keeps the first speaker ("X said A - ... - but said B");
- the source as written (`source_text`) keeps its apposition or relative clause ("Mr. Reyes,
  the mayor of Tulsa") and whom it speaks for ("a spokeswoman for the bank"); `source` is the
  resolved name.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span, Token

from extractors.nlp.attribution_lexicon import (ASK, CALL, COPULAS, CUE_FORMS, DOCUMENT_NOUNS, EXPECTED_FORMS, FEMININE,
                                                FINITE_TAGS, FIRST_PERSON, HONORIFICS, ISSUE_FORMS, JUDGE_FORMS,
                                                MASCULINE, NOUN_PREPS, NO_COMMENT_VERBS, NO_REPLY_VERBS, ORG_NOUNS,
                                                OUTLET_NOUNS, PERSON_NOUNS, PRONOUNS, RELATIVE_PRONOUNS, SECOND_PERSON,
                                                SEEM_FORMS, SPEAKER_NOUN_SETS, SPEAKER_PRONOUNS, STANCE_FOR,
                                                STANCE_FORMS, STANCE_NOUNS, VOLITION_FORMS, WEAK_CUES, WH_TAGS)
from extractors.nlp.claims import (content_of, object_content, through_colon, without_trailing_aside,
                                   without_trailing_punct)
from extractors.nlp.entities import EntityResult, Mention
from extractors.nlp.model import is_outlet
from extractors.nlp.quotation_marks import (CLOSING_MARKS, OPENING_MARKS, QUOTATION_MARK_TOKENS, QUOTE_MARK_TOKENS,
                                            INTRODUCES_QUOTATION, find_quote_spans)
from extractors.nlp.sentences import SentenceIndex, trim
from settings.attributions import (AUTHOR_WINDOW_TOKENS, CLOSING_MARK_LOOKBACK_CHARS, COLON_NAME_MAX_WORDS,
                                   COLON_SEARCH_TOKENS, OPENING_MARK_LOOKAHEAD_CHARS, TAG_SUBJECT_MAX_TOKENS,
                                   TAG_TAIL_MAX_TOKENS, GERUND_CLIMB_CLAUSES)

SOURCE_KINDS = ("person", "organisation", "outlet", "document", "unresolved", "unattributed")


# Cue types whose attribution inside another's reported claim is that claim's content, not a
# row of its own: stances and beliefs inside a reported claim; inside quotation marks, every
# kind (a stance only when someone else holds it: "“I endorse her,” X said" is X's own).
EMBEDDED_DROP_TYPES = frozenset({"stance", "belief"})
QUOTED_DROP_TYPES = frozenset({"speech", "report", "belief", "denial", "according_to", "confirmation"})


@dataclass
class Attribution:
    index: int
    start: int
    end: int
    cue: str
    cue_start: int
    cue_end: int
    cue_type: str  # speech | report | belief | stance | confirmation | denial | according_to | no_comment
    source_text: str
    source_start: int
    source_end: int
    source: str  # canonical name, or the source's own words when no entity names it
    source_kind: str  # person | organisation | outlet | document | unresolved | unattributed
    source_entity: str | None  # canonical entity name when the source is a named entity
    role: str | None
    content_start: int | None
    content_end: int | None
    content_from: str | None  # complement | clause | quotation | object | None: how the claim's span was found
    sentence_index: int
    method: str  # dependency | passive | quotation | according_to | no_comment
    resolution: str  # entity | anaphora | description | unresolved | unattributed
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
    # "from X" / "of X" after the head belongs to the phrase ("officials from the ministry", "a
    # spokeswoman for the bank", "aides to the senator", "a lawyer with the firm").
    for child in head.children:
        if child.dep_ == "prep" and child.i == max(keep) + 1 and child.lower_ in {"of", "from", "at", "in", "by",
                                                                                 "for", "to", "with"}:
            keep.extend(t.i for t in child.subtree)
    return min(keep), max(keep)


def _noun_in(lower: str, nouns: frozenset[str]) -> bool:
    """Is this noun, or the singular of a regular plural, in the set ("organizations",
    "agencies", "spokesmen" -> "organization", "agency", "spokesman")? The sets list the
    senses; English plural morphology, not a longer list, gives their plurals."""
    if lower in nouns:
        return True
    if lower.endswith("men"):
        return lower[:-3] + "man" in nouns
    if lower.endswith("ies"):
        return lower[:-3] + "y" in nouns
    return lower.endswith("s") and (lower[:-1] in nouns or (lower.endswith("es") and lower[:-2] in nouns))


def _states_claim(span: Span) -> bool:
    """Does the text after a line's opening "Name:" state something ("Trump: Cruz has to come a
    long way", "Kasich: ‘We are going ...’")? A finite verb or a quotation mark; a list of nouns
    ("Startups, investors, AI") labels a list item or a heading."""
    return any(t.tag_ in FINITE_TAGS or t.text in QUOTATION_MARK_TOKENS for t in span)


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Paragraphs as the pipeline cuts them (runs of text without a blank line)."""
    from extractors.records import paragraph_spans

    return paragraph_spans(text)


def _source_extent(head: Token, last: int, cue_i: int | None = None) -> int:
    """Last token of the source as written: the core phrase widened by what describes it
    after the head, an apposition or a relative clause ("Mr. Reyes, the mayor of Tulsa,",
    "an official who spoke on condition of anonymity"); with a cue, all the subject's own
    modifiers on its side of the verb (age, home town, "on both sides"; up to the verb when
    it comes first), not its coordinated siblings. `source` stays the core's resolution; `source_text` shows the whole description
    the article gives."""
    end = last
    for child in head.children:
        if child.i > head.i and child.right_edge.i > end \
                and not (cue_i is not None and child.left_edge.i <= cue_i <= child.right_edge.i):
            if cue_i is not None and child.dep_ not in {"conj", "cc", "punct"} \
                    and (child.right_edge.i < cue_i or head.i > cue_i):
                end = child.right_edge.i  # all the subject says of itself, on its side of the verb
                continue  # ("Harry Bond, 30, of Raleigh, who was polled, said"; "says Ann Li, 23, of Reno")
            if child.dep_ not in {"appos", "relcl", "acl"} \
                    or (child.dep_ == "acl" and child.tag_ not in {"VBN", "VBG"}):
                continue
            end = child.right_edge.i
    doc = head.doc
    while end > last and (doc[end].is_punct or doc[end].is_space):
        end -= 1
    return end


def _coordinated(head: Token) -> list[Token]:
    heads = [head]
    for conj in head.conjuncts:
        if conj.i > head.i and conj.pos_ in {"PROPN", "NOUN"}:
            heads.append(conj)
    return heads


def _relative_pronoun(head: Token, verb: Token) -> Token | None:
    """The relative pronoun that is the cue's written subject when `head` is the noun it stands
    for ("Ms. Roe, who said ...", "groups that endorsed Y"). The row keeps the pronoun as the
    source as written, like "he", and the noun's resolution as the source: the text names the
    speaker through the pronoun, and an analyst tracing the row to its words finds it there."""
    clause = _relative_clause_of(verb)
    if clause is None or clause.head.i != head.i:
        return None
    return next((c for c in clause.children if c.dep_ == "nsubj" and c.lower_ in RELATIVE_PRONOUNS), None)


def _relative_clause_of(verb: Token) -> Token | None:
    """The relative clause on a noun that the verb heads or is coordinated within ("a general
    who said ...", "the mayor, who answered the door and said ..."): its relative pronoun, the
    subject of both verbs, stands for that noun. None when the verb is in no such clause."""
    clause = verb
    while clause.dep_ == "conj" and clause.head.i != clause.i and not any(
            c.dep_ in {"nsubj", "nsubjpass"} for c in clause.children):
        clause = clause.head
    if clause.dep_ == "relcl" and clause.head.pos_ in {"NOUN", "PROPN"}:
        return clause
    return None


def _speaker_across_complement(verb: Token) -> Token | None:
    """The speaker of a cue verb without a subject that the parser coordinated with the claim
    of another cue ("Dale said the mayor had made calls - there are two per district - but
    said the outcome was open"): the second "said" continues the first speaker's sentence,
    not the claim's clause (whose subject, if any, would already have been taken). The subject
    of the cue governing that claim, when the claim's clause has none of its own."""
    if verb.dep_ != "conj" or verb.lower_ not in CUE_FORMS:
        return None
    claim = verb.head
    while claim.dep_ == "conj" and claim.head.i != claim.i:
        claim = claim.head
    if claim.dep_ != "ccomp" or claim.head.lower_ not in CUE_FORMS:
        return None
    return _subject(claim.head)


def _subject(verb: Token) -> Token | None:
    """The verb's subject (passives, "it was reported", name no source). A clause has one; when
    the parser gives two, one is a noun of the quotation before an inverted tag ("“... Every
    amendment,” said Cruz"), so the one nearest the verb is the speaker."""
    subjects = [child for child in verb.children if child.dep_ == "nsubj"]
    if subjects:
        return min(subjects, key=lambda child: abs(child.i - verb.i))
    # "X has said and added ..." / "X declined to comment": subject of the governing verb
    if verb.dep_ in {"conj", "xcomp"} and verb.head.i != verb.i:
        return _subject(verb.head)
    return None


def _idiom_of_saying(verb: Token) -> bool:
    """Verbs that mean "say" only in an idiom: "as X put it", "she went on: “...”"."""
    lower = verb.lower_
    if lower in {"put", "puts", "putting"}:
        return any(c.dep_ == "dobj" and c.lower_ == "it" for c in verb.children)
    if lower in {"went", "goes", "go", "going"}:
        return any(c.dep_ == "prt" and c.lower_ == "on" for c in verb.children)
    return False


QUANTIFIER_SPEAKERS = frozenset({"many", "some", "others", "most", "few", "several", "both", "all"})


def _parenthetical_tag(verb: Token, sent: Span) -> Token | None:
    """The speaker of a speech tag set between commas inside the claim it reports ("The
    plan, Ms. Lane said, will fail", "Voters, she suggested, need not worry", "That plan,
    many argue, could harm farmers"), found from the commas, not the parse: the parser often
    hangs the words before the tag on the tag's verb ("Voters" as its subject) or gives a
    quantifier no subject role. The tag is a short phrase without a verb, the cue verb, and at
    most a few words after it ("in an interview"); words of the claim stand on both sides.
    Not after a closing quotation mark (an interrupted quotation, see quotes.py)."""
    doc = verb.doc
    lo = next((k for k in range(verb.i - 1, max(sent.start, verb.i - TAG_SUBJECT_MAX_TOKENS - 1) - 1, -1)
               if doc[k].text == ","), None)
    hi = next((k for k in range(verb.i + 1, min(sent.end, verb.i + TAG_TAIL_MAX_TOKENS + 2))
               if doc[k].text in {",", "—", "–"}), None)
    if lo is None or hi is None or lo <= sent.start or lo + 1 >= verb.i:
        return None
    if doc[lo - 1].text in CLOSING_MARKS or doc[lo - 1].is_punct \
            or not any(t.is_alpha for t in doc[hi + 1:sent.end]):
        return None  # words of the claim on both sides, not a quotation's end
    between, after = doc[lo + 1:verb.i], doc[verb.i + 1:hi]
    if any(t.pos_ in {"VERB", "AUX"} or t.dep_ == "mark" or t.lower_ == "that" or t.text in QUOTE_MARK_TOKENS
           for t in list(between) + list(after)):
        return None  # a clause ("the mayor said that, ...", "who said"), or a quotation's end ("“A,” he said")
    heads = [t for t in between if not (lo < t.head.i < verb.i) and not t.is_punct]
    if len(heads) != 1:
        return None
    head = heads[0]
    if head.pos_ in {"NOUN", "PROPN"} or (head.pos_ == "PRON" and head.lower_ in SPEAKER_PRONOUNS - {"who", "it"}) \
            or head.lower_ in QUANTIFIER_SPEAKERS:
        return head
    return None


def _may_be_cue(tok: Token) -> bool:
    """Not the "comment" of "declined to comment" (a refusal, handled on its own), and not an
    infinitive under a verb that is not one of saying ("struggled to contend", "trying to
    assess", "leaders ... to claim"): no act of saying."""
    if tok.dep_ == "xcomp" and tok.head.lower_ in NO_COMMENT_VERBS:
        return False
    return not (tok.dep_ in {"xcomp", "advcl", "relcl", "acl", "ccomp", "conj"} and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in tok.children) and tok.head.lower_ not in CUE_FORMS)


def _cue_last(tok: Token, cue_type: str | None) -> int:
    """Last token of the cue phrase: the verb, with whom it tells ("told reporters", "told
    the BBC") and the rest of an idiom ("put it", "went on")."""
    cue_last = tok.i
    for child in tok.children:
        if child.dep_ in {"dative", "dobj"} and tok.lower_ in {"told", "tells", "tell", "telling"} or (
                cue_type is not None and child.i > tok.i and child.lower_ in {"it", "on"}):
            cue_last = max(cue_last, max(t.i for t in child.subtree))
    return cue_last


def _evidential(tok: Token) -> bool:
    """"seems to", "appears ready", "is expected to": a verb of appearance or of expectation
    in the passive, with the infinitive or adjective it presents."""
    lower = tok.lower_
    if lower in EXPECTED_FORMS:
        if not any(c.dep_ in {"auxpass", "nsubjpass"} for c in tok.children):
            return False
    elif lower not in SEEM_FORMS:
        return False
    return any(c.dep_ in {"xcomp", "acomp"} and c.i > tok.i for c in tok.children)


# What a gerund continuing someone's clause must report to be a cue: a clause ("..., adding
# that ...") or an object ("..., calling for calm", "by promising lower taxes"); the speaker is
# whoever the clause it continues is about, so the verb alone ("the stock rose, adding 3 %")
# is not enough (the weak-cue checks still apply).
GERUND_CONTENT = frozenset({"complement", "object"})


def _bare_participle(tok: Token) -> bool:
    """A past participle without an auxiliary: a modifier ("the plan backed by X", "the
    figures reported by"), not a finite verb. But one with a subject of its own is a past
    tense the tagger took for a participle ("When groups advocated for X"): a modifier has
    no subject."""
    return tok.tag_ == "VBN" and tok.dep_ != "conj" and not any(c.dep_ in {"aux", "nsubj"} for c in tok.children)


def _active_stance(tok: Token) -> bool:
    """A stance verb used actively: not a passive ("Cruz was endorsed by X": the agent would be
    the holder; left alone), not a bare participle modifying a noun ("the plan backed by X",
    "supporting evidence")."""
    if any(c.dep_ in {"auxpass", "nsubjpass"} for c in tok.children):
        return False
    if _bare_participle(tok):
        return False
    return not (tok.tag_ == "VBG" and tok.dep_ in {"amod", "compound"})


def _judged_as(tok: Token) -> list[Token]:
    """What a verb of judging holds ("voters see her as the likelier winner", "critics view
    the plan as a gift", "many consider him unfit"): the object with its "as" phrase or its
    predicate; nothing without one ("she saw the crowd" is not a judgement)."""
    obj = next((c for c in tok.children if c.i > tok.i and c.dep_ == "dobj"), None)
    if obj is None:
        return []
    judgement = [c for c in tok.children if c.i > obj.i and (c.dep_ in {"oprd", "xcomp", "ccomp"}
                                                             or c.dep_ == "prep" and c.lower_ == "as")]
    return [obj] + judgement[:1] if judgement else []


def _stance_parts(tok: Token) -> list[Token]:
    """What a stance verb is about: its object, with the phrase that completes it
    ("criticized Y for Z", "backed Y as Z"), or the object of "for" ("voted for Y")."""
    parts = [c for c in tok.children if c.i > tok.i and c.dep_ == "dobj"]
    if parts:
        return parts + [c for c in tok.children if c.i > parts[0].i and c.dep_ == "prep"
                        and c.lower_ in {"for", "as", "over"}]
    if tok.lower_ in STANCE_FOR:
        return [p for c in tok.children if c.i > tok.i and c.dep_ == "prep" and c.lower_ == "for"
                for p in c.children if p.dep_ in {"pobj", "pcomp"}]
    return []


class _Builder:
    def __init__(self, doc: Doc, entities: EntityResult, sentences: SentenceIndex, text: str | None = None) -> None:
        self.doc = doc
        self.text = doc.text if text is None else text  # Doc.text rebuilds the string on each access
        self.entities = entities
        self.sentences = sentences
        self.items: list[Attribution] = []
        self._quotations: list[tuple[int, int]] | None = None  # quotation spans, found when first needed
        self._spans: list[Any] | None = None

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
            if words.strip() and words.strip().lower().rstrip(".") not in HONORIFICS:
                return words.strip()  # a courtesy title ("Mr.", "Ms.") is not a role
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

    def describe(self, head: Token, cue_i: int | None = None) -> dict[str, Any]:
        """Who a source noun phrase is: the entity it names, else what a pronoun or a definite
        description points back to, else the description itself. Three steps, in that order,
        because a name is the surest evidence and a bare description the weakest."""
        first, last = _source_tokens(head)
        doc = self.doc
        written = doc[first:_source_extent(head, last, cue_i) + 1]
        out: dict[str, Any] = {"source_text": written.text, "source_start": written.start_char,
                               "source_end": written.end_char, "role": None, "source_entity": None,
                               "head_i": head.i}
        mention = self._mention_at(head)
        if mention is None:  # "the historian Lena Varga": the apposed name says who
            mention = next((m for c in head.children if c.dep_ == "appos" and c.i > head.i
                            and (m := self._mention_at(c)) is not None and m.label == "PERSON"), None)
        if mention is not None:
            return self._describe_entity(out, head, first, mention)
        if head.lower_ in PRONOUNS:
            return self._anaphor(out, PRONOUNS[head.lower_], head)
        return self._describe_phrase(out, head, first, last)

    def _describe_entity(self, out: dict[str, Any], head: Token, first: int, mention: Mention) -> dict[str, Any]:
        """A source that names an entity: its canonical name, and the kind the entity is."""
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

    def _phrase_kind(self, head: Token, text: str) -> str:
        """The kind of source a description is, by its head noun's sense."""
        lower = head.lower_
        if lower in DOCUMENT_NOUNS:
            return "document"
        if lower in OUTLET_NOUNS or (head.dep_ == "compound" and is_outlet(text)):
            return "outlet"
        if lower in PERSON_NOUNS:
            return "person"
        if lower in ORG_NOUNS:
            return "organisation"
        return "unresolved"

    def _describe_phrase(self, out: dict[str, Any], head: Token, first: int, last: int) -> dict[str, Any]:
        """A source described, not named: "the report" is its author or the document named
        before; "officials" stays a description of its kind."""
        doc = self.doc
        span = doc[first:last + 1]
        text = span.text
        described = text
        if doc[first].lower_ in {"the", "a", "an", "this", "that", "another"}:
            described = doc[first + 1:last + 1].text
        definite = doc[first].lower_ in {"the", "this", "that", "its", "their"}
        kind = self._phrase_kind(head, text)
        if doc[first].lower_ == "another":
            described = text
        author = self._issuer(head) if kind == "document" else None
        if author is None and definite and kind == "document":
            author = self._author(head)
        if author is not None:
            found = self.describe(author)
            out.update(source=found["source"], source_kind=found["source_kind"], role=found["role"],
                       source_entity=found["source_entity"], resolution="anaphora")
            return out
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
        if kind == "unresolved" and inner and head.lower_ in {m.text.lower() for m in inner}:
            out["resolution"] = "entity"
        return out

    def _author(self, head: Token, window: int = AUTHOR_WINDOW_TOKENS) -> Token | None:
        """Who wrote "the statement" that "read" or "continued": the subject of the closest
        earlier clause that issued it ("Voltera issued a statement", "X said in a statement"),
        not the outlet reporting it."""
        doc = self.doc
        for tok in reversed(doc[max(0, head.i - window):head.i]):
            if tok.lower_ != head.lower_:
                continue
            verb = tok.head
            if tok.dep_ == "pobj" and verb.dep_ == "prep" and verb.lower_ == "in":
                verb = verb.head  # "X said in a statement"
                if verb.lower_ not in CUE_FORMS:
                    continue
            elif tok.dep_ not in {"dobj", "nsubjpass"} or verb.lower_ not in ISSUE_FORMS:
                continue  # "X issued a statement", "a letter signed by X"; not "officials cited a report"
            if verb.pos_ not in {"VERB", "AUX"}:
                continue
            subject = _subject(verb)
            if subject is None:
                agents = [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
                subject = agents[0] if agents else None
            if subject is not None and subject.lower_ not in DOCUMENT_NOUNS and subject.lower_ not in PRONOUNS \
                    and self._speaker_like(subject):
                return subject
        return None

    def _issuer(self, head: Token) -> Token | None:
        """Who issued the document that speaks, in its own clause: "Ruiz released a statement
        saying ...", "the office put out a video that accuses ...": the issuing verb's subject
        speaks through the document, as the author of "the statement read" does."""
        verb = head.head
        if head.dep_ != "dobj" or verb.lower_ not in ISSUE_FORMS or verb.pos_ not in {"VERB", "AUX"}:
            return None
        subject = _subject(verb)
        if subject is None or subject.lower_ in DOCUMENT_NOUNS or subject.lower_ in RELATIVE_PRONOUNS \
                or not self._speaker_like(subject):
            return None
        return subject

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
            if previous.head_i < head.i and previous.source_kind in kinds and self._agrees(head, previous):
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

    def _agrees(self, pronoun: Token, antecedent: Attribution) -> bool:
        """Gender and number agreement of a pronoun with an earlier source: "he" is not "the
        spokeswoman", "she" not "Mr. Ortiz", and "they" wants several (coordinated sources or a
        plural noun), not one agency."""
        lower = pronoun.lower_
        words = set(f"{antecedent.source_text} {antecedent.role or ''}".lower().replace(".", "").split())
        if lower in {"he", "him"} and words & FEMININE:
            return False
        if lower in {"she", "her"} and words & MASCULINE:
            return False
        if lower in {"they", "them"}:
            ahead = self.doc[antecedent.head_i]
            return ahead.tag_ in {"NNS", "NNPS"} or ahead.dep_ == "conj" or any(
                c.dep_ == "conj" for c in ahead.children)  # a plural noun, or coordinated sources
        return True

    # -- attribution assembly ---------------------------------------------------------
    def add(self, head: Token | None, cue_first: int, cue_last: int, cue_type: str, method: str,
            content: tuple[int, int, str] | None, cue_i: int) -> None:
        """One attribution row. `head` None: the text names no source ("it was reported that"),
        recorded as an explicit unattributed row with an empty source at the cue."""
        doc = self.doc
        cue_span = doc[cue_first:cue_last + 1]
        if head is None:
            info = {"source_text": "", "source_start": cue_span.start_char, "source_end": cue_span.start_char,
                    "role": None, "source_entity": None, "source": "unattributed", "source_kind": "unattributed",
                    "resolution": "unattributed"}
            head_i = cue_i
        elif method != "quotation" and self._addresses_reader(head):
            return  # (a direct quotation the reader is told to say is still said: "you cue “Come!”")
        else:
            info = self.describe(head, cue_i)
            head_i = head.i
            if (relative := _relative_pronoun(head, doc[cue_i])) is not None:
                info.update(source_text=relative.text, source_start=relative.idx,
                            source_end=relative.idx + len(relative))
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
            resolution=info["resolution"], head_i=head_i, cue_i=cue_i))

    def run(self) -> list[Attribution]:
        doc = self.doc
        nouns: list[Token] = []
        evidential: list[Token] = []
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
                elif lower == "in" and tok.i == sent.start and tok.dep_ == "prep":
                    self._document_frame(tok, sent)
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
                elif tok.pos_ in {"VERB", "AUX"} and _evidential(tok):
                    evidential.append(tok)
                elif lower in CUE_FORMS and tok.pos_ in {"VERB", "AUX"}:
                    self._verb_cue(tok, sent)
                elif tok.pos_ == "VERB" and _idiom_of_saying(tok):
                    self._verb_cue(tok, sent, "speech")
                elif lower in STANCE_NOUNS and tok.pos_ == "NOUN":
                    nouns.append(tok)
        self._quotation_frames()
        self._stance_cues()
        self._noun_cues(nouns)
        self._evidential_cues(evidential)
        self._colon_claims()
        self._whole_quotations()
        self._link_parents()
        self._first_person_speakers()
        self._drop_embedded_claims()
        self._carry_roles()
        return self.items

    def _verb_cue(self, tok: Token, sent: Span, cue_type: str | None = None) -> None:
        """A reporting verb: its subject is the source, its complement (or the clause it
        closes) the claim. Finite verbs, participles with an auxiliary ("has said"), passives
        ("it was reported that", "..., was reported by X"), and gerunds that continue a
        speaker's clause ("..., adding that ...", "a statement saying ...")."""
        kind = cue_type or CUE_FORMS[tok.lower_]
        weak = cue_type is not None or tok.lower_ in WEAK_CUES
        if not _may_be_cue(tok):
            return
        tag_subject = _parenthetical_tag(tok, sent)
        if tag_subject is not None:  # "Voters, she suggested, need not worry": the sentence around it
            first, last = sent.start, without_trailing_punct(self.doc, sent.start, sent.end - 1)
            content, subject = (first, last, "clause"), tag_subject
        else:
            content = through_colon(self.doc, content_of(tok, sent, self.text) or object_content(tok, kind),
                                     tok.i, sent)
            if any(c.dep_ in {"auxpass", "nsubjpass"} for c in tok.children):
                self._passive_cue(tok, kind, content)
                return
            subject = self._active_subject(tok, kind, content)
        if subject is None or not self._accepts(tok, subject, kind, weak, content):
            return
        cue_last = _cue_last(tok, cue_type)
        for head in _coordinated(subject):
            self.add(head, tok.i, cue_last, kind, "dependency", content, tok.i)

    def _passive_cue(self, tok: Token, kind: str, content: tuple[int, int, str] | None) -> None:
        """"it was reported by the Times that ..." names its source in the agent; "it was
        reported that ..." names none, and says so with an explicit unattributed row."""
        if tok.tag_ != "VBN" or content is None or tok.lower_ in CALL:
            return  # ("it's called X" names, it does not report)
        if content[2] != "complement" and tok.lower_ not in ASK:
            return  # a question's topic is what was asked ("she was asked about the merger")
        agents = [p for c in tok.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        if agents:
            for head in _coordinated(agents[0]):
                self.add(head, tok.i, tok.i, kind, "dependency", content, tok.i)
            return
        aux = [c.i for c in tok.children if c.dep_ == "auxpass"]
        self.add(None, min(aux) if aux else tok.i, tok.i, kind, "passive", content, tok.i)

    def _active_subject(self, tok: Token, kind: str, content: tuple[int, int, str] | None) -> Token | None:
        """Who speaks through an active cue verb: its subject; for a gerund continuing a clause
        ("..., adding that"), whoever governs it; for a relative clause ("a general who said"),
        the noun the pronoun stands for. A bare past participle is a modifier ("the figures
        reported by"), not a cue, except the question of "Asked whether ..., X said"."""
        subject = None
        if tok.tag_ == "VBG" and tok.dep_ in {"acl", "advcl", "xcomp", "conj"}:
            if content is None or content[2] not in GERUND_CONTENT:
                return None
            if tok.dep_ == "acl" and tok.head.pos_ in {"NOUN", "PROPN"}:
                subject = tok.head
            elif tok.head.pos_ in {"VERB", "AUX"}:
                subject = self._governing_speaker(tok.head)
        elif tok.tag_ == "VBG" and tok.dep_ == "pcomp" and tok.head.dep_ == "prep" \
                and tok.head.head.pos_ in {"VERB", "AUX"}:
            # "stirred anger by saying that ...", "after telling reporters ...": the gerund is
            # the object of a preposition; the speaker is the subject of the verb it qualifies
            if content is None or content[2] not in GERUND_CONTENT:
                return None
            subject = self._governing_speaker(tok.head.head)
        elif _bare_participle(tok):
            if tok.lower_ == "asked" and tok.dep_ in {"advcl", "ROOT"} and content is not None \
                    and content[0] > tok.i and not any(c.dep_ == "agent" for c in tok.children):
                # a question put by someone the text does not name: explicitly unattributed
                self.add(None, tok.i, tok.i, kind, "passive", content, tok.i)
            return None
        else:
            subject = _subject(tok) or _speaker_across_complement(tok)
        clause = _relative_clause_of(tok)
        if subject is not None and subject.lower_ in RELATIVE_PRONOUNS and clause is not None:
            subject = clause.head
        if subject is None or subject.lower_ in {"which", "that", "what", "who"}:
            return None
        return subject

    def _governing_speaker(self, verb: Token) -> Token | None:
        """Whose clause a gerund continues: the subject of the verb it hangs on, unless that
        verb is inside a reported claim with a subject that cannot speak ("Rivera argued that
        the fund would fail, saying ..." hangs "saying" on "fail"): then the reporting verb's
        subject, climbing out of complements and coordinations a few clauses at most."""
        subject = _subject(verb)
        for _ in range(GERUND_CLIMB_CLAUSES):
            if subject is not None and self._speaker_like(subject):
                return subject
            if verb.dep_ not in {"ccomp", "conj", "advcl"} or verb.head.pos_ not in {"VERB", "AUX"}:
                break
            verb = verb.head
            higher = _subject(verb)
            subject = higher if higher is not None and self._speaker_like(higher) else subject
        return subject

    def _accepts(self, tok: Token, subject: Token, kind: str, weak: bool,
                 content: tuple[int, int, str] | None) -> bool:
        """Is this verb with this subject an act of saying? A weak cue needs a speaker and a
        claim (or a quotation beside it); a belief needs a stated proposition; a belief or a
        first person inside a quotation is a hedge within the quoted claim."""
        if weak:
            beside = self._next_to_quotation(tok, subject)
            if content is None and not beside:
                return False
            # a noun phrase speaking right beside a quotation ("“...,” the businessman replied")
            # is a speaker though no entity or role list knows the word: the marks show speech
            if not (self._speaker_like(subject) or (beside and subject.pos_ in {"NOUN", "PROPN"})):
                return False
        if kind == "belief" and (content is None or content[2] not in {"complement", "object"}):
            return False  # "I think so", "as expected"
        if (kind == "belief" or subject.lower_ in {"i", "we", "you"}) and self._in_quotation(tok.idx):
            return False  # "“I think the levee will hold,” Lind said"
        return True

    def _stance_cues(self) -> None:
        """Positions taken ("X endorsed Y", "X has criticized Y for Z", "X voted for Y"), aims
        stated ("X wants to repeal the law") and judgements held ("X sees Y as Z", a belief):
        the subject holds the stance, the object (with what completes it) or the infinitive is
        what it is about, with a speaker-like holder, and not when the verb already is the cue
        of another row (a quotation framed by it). In the passive, only with the holder named
        by "by" (`_passive_stance`)."""
        doc = self.doc
        taken = {a.cue_i for a in self.items}
        for tok in doc:
            if tok.pos_ != "VERB" or tok.i in taken:
                continue
            if not _active_stance(tok):
                if tok.lower_ in STANCE_FORMS and tok.tag_ == "VBN":
                    self._passive_stance(tok)
                continue
            cue_type = "stance"
            if tok.lower_ in STANCE_FORMS:
                parts = _stance_parts(tok)
            elif tok.lower_ in JUDGE_FORMS:
                parts, cue_type = _judged_as(tok), "belief"
            elif tok.lower_ in VOLITION_FORMS and not self._in_quotation(tok.idx):
                # an aim inside someone's quoted words ("“We want to win,” she said") is part of
                # that quoted claim, like a belief hedge, not an attribution of its own
                parts = [c for c in tok.children if c.i > tok.i and c.dep_ == "xcomp"
                         and any(d.dep_ == "aux" and d.lower_ == "to" for d in c.children)]
            else:
                continue
            subject = self._stance_holder(tok) if parts else None
            if subject is None:
                continue
            first = min(p.left_edge.i for p in parts)
            last = without_trailing_aside(doc, first, max(p.right_edge.i for p in parts))
            last = without_trailing_punct(doc, first, last)
            if last < first:
                continue
            for head in _coordinated(subject):
                self.add(head, tok.i, tok.i, cue_type, "dependency", (first, last, "object"), tok.i)

    def _document_frame(self, prep: Token, sent: Span) -> None:
        """"In the poll, 50 percent chose Lopez", "In a statement, the group ...": a sentence
        opened by "in" and a document is what that document says, like "according to". Not
        when the clause has a reporting verb of its own ("In an interview, she said ..."):
        that verb's row names the speaker."""
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if obj is None or not _noun_in(obj.lower_, DOCUMENT_NOUNS) or prep.head.lower_ in CUE_FORMS:
            return
        content = self._around(sent, prep.i, prep.right_edge.i)
        if content is not None:
            self.add(obj, prep.i, prep.i, "according_to", "according_to", content, prep.i)

    def _passive_stance(self, tok: Token) -> None:
        """A stance in the passive, its holder named by "by" ("Rubio was endorsed by the
        paper", "a practice criticized by Miller and other advocates"): the agent holds it,
        and what it is about is the passive subject, or the noun the participle describes."""
        doc = self.doc
        agents = [p for c in tok.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        if not agents or not self._speaker_like(agents[0]):
            return
        subject = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
        if subject is not None and subject.lower_ not in {"which", "that", "who", "what", "it"}:
            first, last = subject.left_edge.i, subject.right_edge.i
        elif subject is None and tok.dep_ == "acl" and tok.head.pos_ in {"NOUN", "PROPN"} and tok.head.i < tok.i:
            first, last = tok.head.left_edge.i, tok.i - 1
        else:
            return
        last = without_trailing_punct(doc, first, last)
        if last < first:
            return
        for head in _coordinated(agents[0]):
            self.add(head, tok.i, tok.i, "stance", "dependency", (first, last, "object"), tok.i)

    def _stance_holder(self, tok: Token) -> Token | None:
        """Who takes the stance: the verb's subject; the noun a relative pronoun stands for
        ("a senator who backed Y"); the noun a participle describes ("groups backing Cruz")."""
        subject = _subject(tok)
        if subject is not None and subject.lower_ in {"who", "that"} and tok.dep_ == "relcl" \
                and tok.head.pos_ in {"NOUN", "PROPN"}:
            subject = tok.head
        if subject is None and tok.tag_ == "VBG" and tok.dep_ == "acl" and tok.head.pos_ in {"NOUN", "PROPN"}:
            subject = tok.head
        if subject is None or subject.lower_ in {"which", "that", "what", "who", "it"} \
                or not self._speaker_like(subject):
            return None
        return subject

    def _evidential_cues(self, verbs: list[Token]) -> None:
        """"Turnout seems to be rising", "Ortiz is expected to sign the bill": a proposition
        the writer gives as an appearance or an expectation, with no one holding it. The claim
        is the subject with its infinitive (the subject alone for an expletive "it"), the
        source explicitly unattributed. Not inside a quotation: there it is the speaker's hedge."""
        doc = self.doc
        for tok in verbs:  # candidates collected in run()'s single pass over the tokens
            if self._in_quotation(tok.idx):
                continue
            subject = next((c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            rest = [c for c in tok.children if c.i > tok.i and c.dep_ in {"xcomp", "acomp", "ccomp"}]
            if subject is None or not rest or subject.lower_ in {"which", "that", "what", "who"}:
                continue
            first = rest[0].left_edge.i if subject.lower_ == "it" else subject.left_edge.i
            last = without_trailing_punct(doc, first, max(c.right_edge.i for c in rest))
            if last < first:
                continue
            cue_first = min([c.i for c in tok.children if c.i < tok.i and c.dep_ in {"aux", "auxpass", "neg"}]
                            + [tok.i])
            self.add(None, cue_first, tok.i, "belief", "passive", (first, last, "clause"), tok.i)

    def _noun_cues(self, nouns: list[Token]) -> None:
        """A noun of saying or of a stance with what it is about ("Reyes's criticism of the
        plan", "his support for the bill", "the senator launched attacks on the press"): the
        holder is the possessor, or the subject of the verb that has the noun as its object;
        the claim is the object of the preposition. Without a holder in the text, no row."""
        doc = self.doc
        for tok in nouns:  # candidates collected in run()'s single pass over the tokens
            prep = next((c for c in tok.children if c.dep_ == "prep" and c.i > tok.i and c.lower_ in NOUN_PREPS), None)
            if prep is None:
                continue
            objs = [c for c in prep.children if c.dep_ in {"pobj", "pcomp"}]
            if not objs or objs[0].ent_type_ in {"DATE", "TIME"}:
                continue
            holder = next((c for c in tok.children if c.dep_ == "poss"), None)
            if holder is None and tok.dep_ == "dobj" and tok.head.pos_ == "VERB" and tok.lower_ not in DOCUMENT_NOUNS:
                holder = _subject(tok.head)  # not "officials cited an assessment of": who cites did not write it
            if holder is None or holder.lower_ in {"which", "that", "what", "who", "it", "its"} \
                    or not self._speaker_like(holder):
                continue
            first, last = objs[0].left_edge.i, prep.right_edge.i
            last = without_trailing_punct(doc, first, without_trailing_aside(doc, first, last))
            if last < first:
                continue
            self.add(holder, tok.i, prep.i, "stance", "dependency", (first, last, "object"), tok.i)

    def _quote_spans(self) -> list[Any]:
        """The article's quotation spans, paired once per article."""
        if self._spans is None:
            self._spans = find_quote_spans(self.text, _paragraph_spans(self.text))
        return self._spans

    def _addresses_reader(self, head: Token) -> bool:
        """A generic second person outside a quotation ("you might find that ...") is the writer
        addressing the reader, not a source; inside a quotation a speaker may address someone."""
        return head.lower_ in SECOND_PERSON and not self._in_quotation(head.idx)

    def _opens_block(self, sent: Span) -> bool:
        """Does the sentence open its paragraph or line (a heading or a list label: "TikTok: ...")?"""
        line_start = self.text.rfind("\n", 0, sent.start_char) + 1
        return not self.text[line_start:sent.start_char].strip()

    def _labels_line(self, sent: Span, claim: Span) -> bool:
        """Is a "Name: ..." sentence opening its line a heading or a list label? So when what
        follows the colon states nothing (a noun list: "TikTok: Video app"), asks ("... : What You
        Need to Know"), or when the line before ends with a colon ("Examples include:")."""
        if not self._opens_block(sent):
            return False
        if not _states_claim(claim) or claim[0].tag_ in WH_TAGS:
            return True
        before = sent.start_char - 1
        while before >= 0 and self.text[before].isspace():
            before -= 1
        return before >= 0 and self.text[before] == ":"

    def _in_quotation(self, offset: int) -> bool:
        if self._quotations is None:
            self._quotations = [(q.start, q.end) for q in self._quote_spans()]
        return any(s <= offset < e for s, e in self._quotations)

    def _next_to_quotation(self, verb: Token, subject: Token) -> bool:
        """Is the cue phrase set against a quotation: right after a closing mark ("“...” he
        urged them") or introducing one with a colon or comma ("she replied: “...”")?"""
        text = self.text
        first = min(subject.left_edge.idx, verb.idx)
        if text[max(0, first - CLOSING_MARK_LOOKBACK_CHARS):first].rstrip(" ,—–").endswith(("”", '"', "''")):
            return True
        after = {"dobj", "dative", "prep", "npadvmod", "prt"}
        last = max([verb.idx + len(verb)] + [c.right_edge.idx + len(c.right_edge) for c in verb.children
                                             if c.i > verb.i and c.dep_ in after])
        return INTRODUCES_QUOTATION.match(text[last:last + OPENING_MARK_LOOKAHEAD_CHARS]) is not None

    def _speaker_like(self, head: Token) -> bool:
        """Can this noun phrase say something? A person or organisation named or described, a
        pronoun, an outlet or a document ("the report"); not "the stock" or "those gains"."""
        lower = head.lower_
        if lower in SPEAKER_PRONOUNS or any(_noun_in(lower, nouns) for nouns in SPEAKER_NOUN_SETS):
            return True
        if lower in QUANTIFIER_SPEAKERS and head.dep_ == "nsubj" and not any(c.dep_ == "prep" for c in head.children):
            return True  # "Some accused him of lying", "Many argue": people (not "some of the funds")
        mention = self._mention_at(head)
        if mention is not None and mention.label in {"PERSON", "ORG", "NORP", "GPE"}:
            return True
        if any(c.dep_ in {"appos", "compound"} and c.ent_type_ in {"PERSON", "ORG"} for c in head.children):
            return True  # "the historian Lena Varga", "Acme spokesman"
        return head.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"}

    def _colon_claims(self) -> None:
        """"The vote was close. Lynch: “No outside influence on the inquiry.”" and "Her answer: “...”":
        a sentence that opens with a named speaker and a colon attributes what follows to
        them. Only a person or organisation named by an entity (or a speaker-like pronoun), at
        most five words, with nothing else before the colon, so "Update: ..." or "Note: ..."
        are not taken. A name opening its line needs a stated claim after the colon (a finite
        verb or a quotation): otherwise it is a heading or a list label ("TikTok: Video app",
        "Focus: Startups, investors"), whatever entity it names."""
        doc = self.doc
        cued = {a.sentence_index for a in self.items}
        for sent in doc.sents:
            colon = next((t for t in sent[:COLON_SEARCH_TOKENS] if t.text == ":"), None)
            if colon is None or colon.i == sent.start or colon.i + 1 >= sent.end:
                continue
            if self.sentences.of(sent.start_char) in cued:
                continue
            name = doc[sent.start:colon.i]
            if len(name) > COLON_NAME_MAX_WORDS or any(t.is_punct for t in name):
                continue
            mention = self._mention_at(name[-1])
            named = (mention is not None and mention.label in {"PERSON", "ORG"} and mention.start >= name.start_char) \
                or (mention is None and name[-1].ent_type_ in {"PERSON", "ORG"})
            if not named:
                continue
            last = sent.end - 1
            last = without_trailing_punct(doc, colon.i + 1, last)
            first = colon.i + 1
            while first <= last and doc[first].is_space:
                first += 1
            if last < first or name[0].pos_ == "ADP" or self._labels_line(sent, doc[first:last + 1]):
                continue  # "In The New Landscape: ..." is no speaker; nor a heading or list label
            self.add(name[-1], colon.i, colon.i, "speech", "colon", (first, last, "clause"), colon.i)

    def _quotation_frames(self) -> None:
        """A quotation inside a sentence that has no reporting verb ("Cruz praised Bush as
        “a man who ...”", "she vowed to “take the fight”") is the words of the subject of the
        verb that governs it: one attribution per such quotation, cue = that verb."""
        doc = self.doc
        cues = [(a.cue_start, a.cue_end, a.sentence_index) for a in self.items]
        seen: set[tuple[int, int]] = set()
        for span in self._quote_spans():
            sent_i = self.sentences.of(span.start)
            if any(si == sent_i and not (span.mark_start <= cs < span.mark_end) for cs, _, si in cues):
                continue  # a cue in the sentence, outside the quotation, names the speaker
            first = doc.char_span(span.start, span.end, alignment_mode="expand")
            if first is None or len(first) == 0:
                continue
            lo_q, hi_q = first.start, first.end  # the quoted words without a closing stop ("the “rigged system.”"):
            while hi_q - 1 > lo_q and doc[hi_q - 1].is_punct:  # the parser hangs the stop on the sentence root
                hi_q -= 1
            first = doc[lo_q:hi_q]
            sent = first[0].sent
            if span.mark_start <= sent.start_char + 1:  # the quotation opens the parser's sentence:
                self._lead_in_quotation(span, first, seen)  # only a lead-in clause before it can govern it
                continue
            verb = doc[first.start:min(first.end, sent.end)].root  # in this sentence (several have no one root)
            while verb.dep_ not in {"ROOT"} and not (verb.pos_ in {"VERB", "AUX"} and verb.i < first.start
                                                     and _subject(verb) is not None):
                if verb.head.i == verb.i:
                    break
                verb = verb.head
            if not (verb.pos_ == "VERB" and verb.i < first.start):  # the parser hung the lead-in
                self._lead_in_quotation(span, first, seen)  # under the quotation ("X quoted Y: “...”")
                continue
            if verb.lower_ in COPULAS:
                continue  # "the slogan is “...”": a copula says nothing about who spoke
            subject = _subject(verb)
            if subject is None or not (first.start > subject.i) or not self._speaker_like(subject) \
                    or subject.lower_ in {"it", "which", "that", "who", "what"}:
                continue
            # the claim is the phrase of the verb that holds the quotation ("called it a “mistake”",
            # "vowed to “take the fight” to the states"), not only the quoted words
            holder = next((c for c in verb.children if c.i > verb.i and c.dep_ not in {"punct", "cc", "conj"}
                           and c.left_edge.i <= first.start and first.end - 1 <= c.right_edge.i), None)
            lo, hi = (holder.left_edge.i, holder.right_edge.i) if holder is not None else (first.start, first.end - 1)
            while hi >= lo and doc[hi].is_punct and doc[hi].text not in CLOSING_MARKS:
                hi -= 1
            while lo <= hi and doc[lo].is_punct and doc[lo].text not in OPENING_MARKS:
                lo += 1
            if hi < lo or (lo, hi) in seen:
                continue
            seen.add((lo, hi))
            content = (lo, hi, "quotation")
            for head in _coordinated(subject):
                self.add(head, verb.i, verb.i, "speech", "quotation", content, verb.i)

    def _lead_in_quotation(self, span: Any, quoted: Span, seen: set[tuple[int, int]]) -> None:
        """A quotation the parser cut off from the clause that introduces it ("She thanked the
        crowd and then boomed, “...”", "Flea shared the news, writing “...”"): when the text
        before the opening mark, in the same paragraph, runs on without a sentence end, the
        verb that ends that clause is the cue and its subject (or, for a gerund, its governing
        verb's subject) the speaker; the quoted words are the claim. Across a paragraph break
        only after a colon ("Ruiz issued the following statement: / “...”")."""
        doc, text = self.doc, self.text
        end = span.mark_start  # the lead-in's end: back over spaces, commas, colons, dashes only
        while end > 0 and text[end - 1] in " ,:—–\n":  # (a local walk, not a copy of the text)
            end -= 1
        between = text[end:span.mark_start]
        if end == 0 or text[end - 1] in ".!?;”\"'’)]" or ("\n" in between and ":" not in between):
            return  # a paragraph ending with a colon introduces the quotation opening the next one
        k = quoted.start - 1
        while k >= 0 and (doc[k].idx >= end or doc[k].is_punct or doc[k].is_space):
            k -= 1
        verb = doc[k] if k >= 0 else None
        while verb is not None and verb.pos_ != "VERB" and verb.head.i != verb.i and verb.head.i < quoted.start:
            verb = verb.head
        if verb is None or verb.pos_ != "VERB" or verb.lower_ in COPULAS or any(a.cue_i == verb.i for a in self.items):
            return
        found = self._lead_in_speaker(verb, quoted.start)
        if found is None:
            return
        verb, subject = found
        if any(a.cue_i == verb.i for a in self.items):
            return
        lo, hi = quoted.start, quoted.end - 1
        if (lo, hi) in seen:
            return
        seen.add((lo, hi))
        for head in _coordinated(subject):
            self.add(head, verb.i, verb.i, "speech", "quotation", (lo, hi, "quotation"), verb.i)

    def _lead_in_speaker(self, verb: Token, quoted_start: int) -> tuple[Token, Token] | None:
        """Who speaks through the clause that ends right before a quotation: the subject of its
        last verb, or, when that verb sits in a subordinate clause with no speaker of its own
        ("Clinton apologized for what happened: “...”"), of the verb that governs it, up the
        parse while the governor stays before the quotation. Returns (cue verb, speaker)."""
        while True:
            subject = _subject(verb)
            if subject is None and verb.tag_ == "VBG" and verb.dep_ in {"advcl", "xcomp", "conj"}:
                subject = _subject(verb.head)
            if subject is not None and subject.i < verb.i and self._speaker_like(subject) \
                    and subject.lower_ not in {"it", "which", "that", "who", "what"}:
                return verb, subject
            head = verb.head
            while head.i != head.head.i and head.pos_ not in {"VERB", "AUX"} and head.i < quoted_start:
                head = head.head  # over the preposition of "apologized for what happened"
            if head.i == verb.i or head.i >= quoted_start or head.pos_ not in {"VERB", "AUX"} \
                    or head.lower_ in COPULAS:
                return None
            verb = head

    def _whole_quotations(self) -> None:
        """A claim that cuts a quotation short is widened to the whole quotation: the parser
        gives a cue only one sentence (or clause) of the quoted words ("she told them “A. B?”",
        "“A; B,” he said" gets "B"), but the quotation marks, not the parse, bound what was
        said. Only for a cue outside the quotation, and a quotation that the claim overlaps."""
        spans = self._quote_spans()
        if not spans:
            return
        for item in self.items:
            if item.content_start is None or item.cue_type == "stance":
                continue
            for q in spans:
                if q.start >= item.content_end:
                    break
                if q.end <= item.content_start or q.mark_start <= item.cue_start < q.mark_end:
                    continue
                if q.start < item.content_start or q.end > item.content_end:
                    item.content_start = min(item.content_start, q.start)
                    item.content_end = max(item.content_end, q.end)

    def _first_person_speakers(self) -> None:
        """"I" and "we" inside someone's quoted claim are that someone: "“I endorse Ms. Reyes,”
        Ortiz said" is Ortiz's stance. An attribution whose source is a first-person pronoun and
        whose cue lies inside another attribution's claim takes that one's resolved source
        (the words as written stay in `source_text`)."""
        by_index = {a.index: a for a in self.items}
        for item in self.items:
            if item.parent is None or item.source_text.lower() not in FIRST_PERSON:
                continue
            outer = by_index[item.parent]
            seen = {item.index}
            while outer.source_text.lower() in FIRST_PERSON and outer.parent is not None and outer.index not in seen:
                seen.add(outer.index)  # nested first persons: the outermost speaker (claims may nest both ways)
                outer = by_index[outer.parent]
            if outer.source_text.lower() in FIRST_PERSON:
                continue
            if outer.source_kind in {"unattributed", "unresolved"}:
                continue
            item.source, item.source_kind, item.source_entity = outer.source, outer.source_kind, outer.source_entity
            item.role, item.resolution = outer.role, "anaphora"

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
        while b >= a and (doc[b].is_punct and doc[b].text not in CLOSING_MARKS or doc[b].is_space):
            b -= 1
        return (a, b, "clause") if b >= a else None

    def _drop_embedded_claims(self) -> None:
        """Drop attributions that are part of another speaker's claim, not the article's own:
        a stance or belief inside a reported claim ("the mayor said voters would back the
        plan": the voters' backing is the mayor's claim) and any cue inside a quotation ("“He
        told me he would resign,” she said": the quoted speaker's account, even when no cue
        of ours names that speaker). The outer claim or quotation carries those words; as rows
        of their own they read as the article attributing them. A first-person stance in a
        quotation stays ("“I endorse Reyes,” Ortiz said"): the speaker's own position, stated.
        Remaining rows are renumbered, parents relinked."""
        kept = []
        for item in self.items:
            if self._in_quotation(item.cue_start):
                if item.cue_type in QUOTED_DROP_TYPES or item.cue_type == "stance" \
                        and item.source_text.lower() not in FIRST_PERSON:
                    continue
            elif item.parent is not None and item.cue_type in EMBEDDED_DROP_TYPES:
                continue
            kept.append(item)
        if len(kept) == len(self.items):
            return
        for new, item in enumerate(kept):
            item.index = new
        self.items = kept
        self._link_parents()

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


def extract_attributions(doc: Doc, entities: EntityResult, sentences: SentenceIndex,
                         text: str | None = None) -> list[Attribution]:
    """Attributions of one parsed article. `text` is `doc.text` when the caller has it already:
    Doc.text joins every token on each access (a tenth of this module's time on long articles)."""
    return _Builder(doc, entities, sentences, text).run()


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
