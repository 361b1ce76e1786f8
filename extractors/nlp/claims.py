"""Where an attributed claim starts and ends: the span a cue reports, read off the parse.

Why apart from `attributions.py`: finding cues and sources and cutting the claim they report
are separate acts; these functions take a cue's token and return the claim's token extent
(first, last, how it was found), so they can be read and tested without the rule families.
The extents follow the rules listed in `attributions.py`'s docstring ("claim spans").
"""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from extractors.nlp.attribution_lexicon import (ASK, BELIEF_TOPIC_PREPS, CALL, CUE_FORMS, FOR_VERBS, NONFINITE_TAGS,
                                                PARTICIPLE_TAGS, REASON_MARKS, RELATIVE_PRONOUNS, SAY_FORMS, SAY_TELL,
                                                STANCE_FORMS, TOPIC_PREPS, TOPIC_VERBS, TO_VERBS, WHEN_PREPS)
from extractors.nlp.quotation_marks import CLOSING_MARKS, OPENING_MARKS


def object_content(verb: Token, kind: str) -> tuple[int, int, str] | None:
    """What a reporting verb without a clause reports: its object and what completes it
    ("announced his resignation", "called for new elections", "urged voters to stay home",
    "denied the charges"). For "say" only the words it names ("said a lot", `_said_object`);
    not for "tell" (its object is whom, not a claim) nor for beliefs."""
    if kind == "belief":
        return _topic_content(verb, BELIEF_TOPIC_PREPS)  # "voters worry about the deficit"
    if verb.lower_ in SAY_FORMS and (said := _said_object(verb)) is not None:
        return said
    if verb.lower_ in SAY_TELL and verb.lower_ not in TOPIC_VERBS:
        return None
    asks = verb.lower_ in ASK and any(c.dep_ == "xcomp" for c in verb.children)  # "asked her to call", like "urged"
    if (verb.lower_ in SAY_TELL and not asks) or not any(c.dep_ in {"dobj", "xcomp", "oprd"} for c in verb.children):
        return _topic_content(verb)
    if verb.lower_ in CALL and (judgement := _called_as(verb)) is not None:
        return judgement
    parts = [c for c in verb.children if c.i > verb.i and (
        c.dep_ in {"dobj", "xcomp", "oprd"} or (c.dep_ == "prep" and c.lower_ == "for" and verb.lower_ in CALL)
        or (c.dep_ == "prep" and c.lower_ == "on" and verb.lower_ in CALL)  # "called on Congress to act"
        or (c.dep_ == "prep" and c.lower_ in {"of", "about", "against", "as"} and any(
            d.dep_ == "dobj" and d.i < c.i for d in verb.children)))]  # "accused her of lying", "described it as"
    if not parts or (verb.lower_ in CALL and not any(p.dep_ in {"oprd", "prep"} for p in parts)):
        return None  # "called the police" is not a claim; "called it a mistake", "called for calm" are
    first = min(p.left_edge.i for p in parts)
    # the rest of the verb phrase completes the claim ("showed Trump in the lead", "defended
    # himself against the charges"): phrases after the object, up to a comma or a new clause
    doc = verb.doc
    rest = [c for c in verb.children if c.i > max(p.i for p in parts) and c.dep_ in {"prep", "advmod", "npadvmod"}
            and doc[c.left_edge.i - 1].text != "," and not is_time(c)]
    parts = parts + [c for c in rest if c.i > max(p.i for p in parts)]
    last = max(p.right_edge.i for p in parts)
    last = min(last, _complement_cut(parts[-1]) - 1) if parts[-1].dep_ != "prep" else last
    last = _through_participle(verb, last)
    last = without_trailing_punct(doc, first, last)
    return (first, last, "object") if last >= first else None


def _through_participle(verb: Token, last: int) -> int:
    """The last token of an object claim ending at `last`, carried through a participial
    phrase after a comma that ends the sentence and elaborates the object ("showed the mayor
    at 30 percent, followed by the treasurer at 22 percent", "questioned his statements,
    ranging from A to B"): the parser hangs it on the cue verb, but it has no subject of its
    own and says more of what was reported. Not a participle of saying or judging ("...,
    calling it fair"): that is the speaker's further act, an attribution of its own."""
    doc = verb.doc
    if last + 2 >= len(doc) or doc[last + 1].text != ",":
        return last
    tail = doc[last + 2]
    while tail.head.i not in {verb.i, tail.i} and tail.head.i > last + 1:  # up to the phrase's head
        tail = tail.head
    if tail.head.i != verb.i or tail.dep_ != "advcl" or tail.tag_ not in PARTICIPLE_TAGS \
            or tail.left_edge.i != last + 2 or tail.lower_ in CUE_FORMS or tail.lower_ in STANCE_FORMS \
            or any(c.dep_ in {"nsubj", "nsubjpass", "mark"} for c in tail.children):
        return last
    end = tail.right_edge.i
    if not all(t.is_punct or t.is_space for t in doc[end + 1:tail.sent.end]):
        return last  # something else follows: the phrase is not the claim's end
    return end


def _said_object(verb: Token) -> tuple[int, int, str] | None:
    """What "say" names as its object is what was said ("says a lot", "said nothing new"), or
    the answer it gives ("said yes"): unlike "tell" (whose object is whom), the object of "say" is the words or
    their gist. Not a relative or interrogative word ("what he said"): the claim is elsewhere."""
    obj = next((c for c in verb.children if c.dep_ in {"dobj", "intj"} and c.i > verb.i), None)  # "said no"
    if obj is None or obj.tag_ in {"WP", "WDT"} or obj.left_edge.tag_ in {"WP", "WDT"}:
        return None
    last = without_trailing_punct(verb.doc, obj.left_edge.i, obj.right_edge.i)
    return (obj.left_edge.i, last, "object") if last >= obj.left_edge.i else None


def _called_as(verb: Token) -> tuple[int, int, str] | None:
    """"called the plan “an absolute disgrace”", "called the system “rigged” in a speech": a
    judgement in quotation marks that the parser hangs on the object (an apposition, a
    participle) instead of making it the verb's predicate, so the object alone looks like
    "called the police". The claim is the object with its judgement, up to the closing mark."""
    doc = verb.doc
    obj = next((c for c in verb.children if c.i > verb.i and c.dep_ == "dobj"), None)
    if obj is None or any(c.dep_ == "oprd" for c in verb.children):
        return None  # "called it a mistake": the general rule takes the predicate
    predicate = next((c for c in obj.children if c.i > obj.i and c.dep_ in {"appos", "acl", "amod", "oprd"}
                      and OPENING_MARKS & {doc[c.left_edge.i].text, doc[c.left_edge.i - 1].text}), None)
    if predicate is None:
        return None
    first, last = obj.left_edge.i, predicate.right_edge.i
    last = next((k for k in range(predicate.left_edge.i + 1, last + 2) if k < len(doc)
                 and doc[k].text in CLOSING_MARKS), last)  # "“rigged” in a speech" ends at the mark
    last = without_trailing_punct(doc, first, last)
    return (first, last, "object") if last >= first else None


def without_trailing_aside(doc: Doc, first: int, last: int) -> int:
    """The last token of an object claim `first..last` without a trailing non-restrictive
    relative clause, the writer's aside on its last noun ("pointed to the example of Indiana,
    which took a hit last year"), as `_complement_cut` does for clauses, or without a trailing
    apposition or "including ..." phrase glossing it ("voted for Ben Carson, a neurosurgeon")."""
    for tok in doc[first:last + 1]:
        if tok.dep_ == "relcl" and tok.right_edge.i >= last and tok.left_edge.i > first \
                and doc[tok.left_edge.i - 1].text == "," and tok.left_edge.lower_ in {"who", "which", "whose"}:
            return tok.left_edge.i - 2
        if _describes_noun(tok) and tok.right_edge.i >= last - 1 and tok.left_edge.i > first + 1 \
                and doc[tok.left_edge.i - 1].text == ",":
            return tok.left_edge.i - 2
    return last


def _describes_noun(tok: Token) -> bool:
    """An apposition or an "including ..." phrase after a comma describes the noun it follows
    ("voted for Ben Carson, a neurosurgeon", "a negative response to her nomination, including
    21% who ..."): the writer's gloss on the claim's last noun, not the claim."""
    return tok.head.pos_ in {"NOUN", "PROPN"} and tok.head.i < tok.i and (
        tok.dep_ == "appos" or tok.dep_ == "prep" and tok.lower_ == "including")


def without_trailing_punct(doc: Doc, first: int, last: int) -> int:
    """The last token of a claim `first..last` once trailing punctuation and spaces are cut,
    closing quotation marks kept (they bound the quoted words); below `first` when nothing is left."""
    while last >= first and (doc[last].is_punct and doc[last].text not in CLOSING_MARKS or doc[last].is_space):
        last -= 1
    return last


def is_time(phrase: Token) -> bool:
    """"on Monday", "last week", "after the vote", "during an interview": when it was said,
    not part of what was said."""
    return phrase.lower_ in WHEN_PREPS or phrase.ent_type_ in {"DATE", "TIME"} or any(
        c.dep_ == "pobj" and c.ent_type_ in {"DATE", "TIME"} for c in phrase.children)


def _topic_content(verb: Token, preps: frozenset[str] = TOPIC_PREPS) -> tuple[int, int, str] | None:
    """What a verb of saying with no object nor clause is about: the object of its topic
    preposition ("warned of a long battle", "wrote about the tax plan", "commented on the
    ruling", "called for calm", "spoke out against the bill"). The preposition is part of
    the cue, its object the claim, with the "as" phrase judging it ("referred to Rubio as “a
    bright leader”"). Times and places ("said on Monday") are not topics."""
    doc = verb.doc
    if verb.lower_ in FOR_VERBS and (clause := _for_to_clause(verb)) is not None:
        return clause
    for prep in verb.children:
        if prep.i <= verb.i or prep.dep_ != "prep" or not (
                prep.lower_ in preps or prep.lower_ == "to" and verb.lower_ in TO_VERBS):
            continue
        if prep.lower_ == "for" and verb.lower_ not in FOR_VERBS:
            continue  # "spoke for an hour"
        if verb.lower_ in SAY_FORMS and prep.lower_ not in {"of", "about"}:
            continue  # "said on Monday"; but "said of the mayor"
        objs = [c for c in prep.children if c.dep_ in {"pobj", "pcomp"}]
        if not objs or objs[0].ent_type_ in {"DATE", "TIME", "GPE", "LOC", "FAC"}:
            continue
        first = objs[0].left_edge.i
        as_phrase = next((c for c in verb.children if c.i == prep.right_edge.i + 1 and c.dep_ == "prep"
                          and c.lower_ == "as"), None)  # "referred to Rubio as “a bright leader”"
        last = as_phrase.right_edge.i if as_phrase is not None else prep.right_edge.i
        last = _through_reason_gerund(verb, last)
        last = without_trailing_punct(doc, first, without_trailing_aside(doc, first, last))
        return (first, last, "object") if last >= first else None
    return None


def _through_reason_gerund(verb: Token, last: int) -> int:
    """The last token of a topic claim ending at `last`, carried through a "for" + gerund
    right after it ("railed against the mayor for refusing a hearing", "lashed out at the
    board for ignoring the vote"): the reproach's reason is part of what was said about the
    topic. Only a gerund: "for an hour", "for the paper" say how long or for whom."""
    doc = verb.doc
    reason = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "for" and c.i == last + 1), None)
    if reason is None or not any(c.dep_ == "pcomp" and c.tag_ == "VBG" for c in reason.children):
        return last
    return reason.right_edge.i


def _for_to_clause(verb: Token) -> tuple[int, int, str] | None:
    """What is called or pressed for as a clause ("called for the senator to resign", "pushed
    for the board to vote"): the parser makes "for" the marker of an infinitival clause, not a
    preposition. The claim is the clause without "for"."""
    for child in verb.children:
        if child.i > verb.i and child.dep_ in {"advcl", "ccomp", "xcomp"} and child.left_edge.lower_ == "for" \
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children):
            first = child.left_edge.i + 1
            last = without_trailing_punct(verb.doc, first, child.right_edge.i)
            return (first, last, "object") if last >= first else None
    return None


def _complement_cut(root: Token) -> int:
    """Where a clausal complement stops short of its parse subtree: before a coordinated
    reporting verb that is an attribution of its own ("said he would pray but did not
    suggest who"), before a participle of saying or judging that the parser hung on the claim
    (on its verb, or deeper when it ends the claim: "said they must choose a side, saying,
    “...”") but that is the speaker's further act ("said it would pass, calling it fair"; not "...,
    handing out fines", which is part of what was said), and before a trailing
    non-restrictive relative clause, the writer's aside on the last noun ("... would be
    Trump, who leads the race")."""
    doc = root.doc
    end = root.right_edge.i + 1
    for child in root.children:
        if child.dep_ == "conj" and child.i > root.i and child.lower_ in CUE_FORMS \
                and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in child.children):
            end = min(end, child.left_edge.i)
        elif _another_speaker(child, root):  # "..., while other voters said ...": their own claim
            end = min(end, child.left_edge.i - 1)
        elif _finite_after_nonfinite(child, root):  # "proposed building a wall and signaled ..."
            end = min(end, _before_coordinator(doc, child.left_edge.i))
    for child in doc[root.i + 1:end]:  # "..., calling them boring": the speaker's further act of saying
        if child.dep_ == "advcl" and child.tag_ == "VBG" and child.left_edge.i > root.i \
                and doc[child.left_edge.i - 1].text == "," \
                and (child.head.i == root.i or child.right_edge.i + 1 >= end) \
                and (child.lower_ in CUE_FORMS or child.lower_ in STANCE_FORMS):
            end = min(end, child.left_edge.i - 1)  # (on the claim's verb, or deeper when it ends the claim)
            break
    for tok in doc[root.i:end]:
        if tok.dep_ == "relcl" and tok.right_edge.i + 1 >= end and tok.left_edge.i > root.i \
                and doc[tok.left_edge.i - 1].text == "," and tok.left_edge.lower_ in {"who", "which", "whose"}:
            end = min(end, tok.left_edge.i - 1)
            break
    return end


def through_colon(doc: Doc, content: tuple[int, int, str] | None, cue_i: int,
                   sent: Span) -> tuple[int, int, str] | None:
    """A claim after its cue that stops at a colon goes on through what the colon announces
    ("said it fails for one reason: the plan has no money", "showed how weak it is: the
    outsiders took 61 percent"): the colon introduces the claim's own elaboration, which the
    parser hangs on the sentence root instead of the complement. To the sentence end."""
    if content is None or content[2] not in {"complement", "object"} or content[0] < cue_i:
        return content
    colon = content[1] + 1
    while colon < sent.end and doc[colon].text in CLOSING_MARKS:
        colon += 1
    if colon + 1 >= sent.end or doc[colon].text != ":":
        return content
    last = without_trailing_punct(doc, colon + 1, sent.end - 1)
    return (content[0], last, content[2]) if last > colon else content


def _closes_clause_before(verb: Token, sent: Span, own_subject: bool) -> bool:
    """"X, Reuters reported.": the parser may hang the final cue anywhere (even as a relative
    clause); a cue verb with its own subject that ends the sentence reports what precedes it.
    Not a subordinate clause ("..., so that he accused X of Y") nor a verb carrying its own
    object: those are clauses of their own."""
    if verb.head.i >= verb.i or _subordinate(verb) or _reports_own_object(verb):
        return False
    sentence_final = all(t.is_punct or t.is_space for t in verb.doc[verb.i + 1:sent.end])
    return verb.dep_ in {"ccomp", "parataxis", "advcl"} or sentence_final or (
        verb.dep_ == "conj" and own_subject and not has_object(verb))


def _root_tag_start(verb: Token, sent: Span) -> int | None:
    """"Those who borrow heavily struggle, even with a good job, he said.": a speech tag that
    ends the sentence after a comma, though the parser made it the sentence's root and hung
    the clause before it on it as a fragment instead of its complement. The tag's first token
    (its subject's), when the tag is subject and verb alone, after a comma, at the sentence
    end; the clause before the comma is then what was said."""
    if verb.dep_ != "ROOT":
        return None
    doc = verb.doc
    subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
    if subject is None or _reports_own_object(verb) or _subordinate(verb) \
            or not all(t.is_punct or t.is_space for t in doc[verb.i + 1:sent.end]) \
            or not all(t.dep_ in {"aux", "neg", "advmod"} for t in doc[subject.right_edge.i + 1:verb.i]):
        return None
    first = subject.left_edge.i
    return first if first - 1 > sent.start and doc[first - 1].text == "," else None


def _subordinate(verb: Token) -> bool:
    """Is the cue verb subordinated by a conjunction of its own ("so that he accused them of
    lying", "because she said so", "although they reported it")? Then it is a clause inside
    the sentence, not a tag reporting the clause before it ("X, Reuters reported"; "X, as
    the report said", whose "as" refers back to it, unless the verb has an object of its own:
    "as lawmakers accused each other of ..."). A restrictive relative clause ("everything he
    said") is no tag either: its object is the noun it follows, which no comma sets apart."""
    if verb.dep_ == "relcl" and verb.left_edge.i > 0 and not verb.doc[verb.left_edge.i - 1].is_punct:
        return True  # "takes back everything he said": a restrictive relative, its object the noun
    return any(c.dep_ == "mark" and c.i < verb.i and (c.lower_ != "as" or has_object(verb))
               for c in verb.children)


def _reports_own_object(verb: Token) -> bool:
    """Does the cue verb carry what it reports after it ("journalists are pointing this out",
    "she should call the chief", "what he promises to do")? Then it is not a tag closing the
    clause before it. Not for "tell" and its kind, whose object is whom they address ("...,
    she told reporters")."""
    return verb.lower_ not in SAY_TELL and (has_object(verb) or any(
        c.dep_ == "prt" and c.i > verb.i for c in verb.children))


def _finite_after_nonfinite(conj: Token, root: Token) -> bool:
    """Is a verb coordinated with a non-finite claim ("proposed building a wall and signaled
    support for a ban", "said he would resign and thanked his staff") itself finite, in the
    past or third person? Its tense does not agree with the claim's verb but with the cue's:
    the parser hangs it on the claim, but it is the speaker's next act, not what was said."""
    return conj.dep_ == "conj" and conj.i > root.i and root.tag_ in NONFINITE_TAGS \
        and conj.tag_ in {"VBD", "VBZ"} and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in conj.children)


def _before_coordinator(doc: Doc, i: int) -> int:
    """Token index where a claim cut before token `i` ends, the coordinator and comma before
    it ("and", "but", ",") left out."""
    while i > 0 and (doc[i - 1].dep_ == "cc" or doc[i - 1].text == ","):
        i -= 1
    return i


def _another_speaker(clause: Token, root: Token) -> bool:
    """Is this clause, set off by a comma after a claim, another speaker's attribution ("said
    the plan had worked, while other voters said they had heard nothing new", "..., and the
    mayor said ...")? A reporting verb with a subject of its own, coordinated with the claim or
    contrasted to it: the parser hangs it on the claim, but it is a claim of its own."""
    doc = clause.doc
    return clause.dep_ in {"conj", "advcl"} and clause.i > root.i and clause.lower_ in CUE_FORMS \
        and clause.left_edge.i > root.i and doc[clause.left_edge.i - 1].text == "," \
        and any(c.dep_ == "nsubj" and c.lower_ not in RELATIVE_PRONOUNS for c in clause.children)


def _quotation_start(doc: Doc, close: int, text: str) -> int:
    """Token index of the opening mark of the quotation closed at token `close`, within its
    paragraph: a quotation of several sentences ("“A. B. C,” she said") is one claim, though
    the parser gives the cue only the last sentence."""
    end = doc[close].idx
    para = text.rfind("\n", 0, end) + 1
    mark = doc[close].text
    opening = text.rfind({"”": "“", "''": "''"}.get(mark, '"'), para, end)
    if opening < 0:
        return close
    span = doc.char_span(opening, opening + 1, alignment_mode="expand")
    return span.start if span is not None else close


def _through_coordinated_clause(verb: Token, complement: Token, last: int) -> int:
    """The last token of a complement claim ending at `last`, carried through a clause
    coordinated right after it without a comma ("says the coach is a friend and it is his
    choice what he runs"): the parser hangs the second clause on the cue verb, but a clause
    with a subject of its own joined by a bare "and" or "but" goes on with what was said; a
    comma before the coordinator ("..., and the mayor left") marks the writer's own next
    clause, and a reporting verb ("and she added ...") is an attribution of its own."""
    doc = verb.doc
    if complement.i < verb.i or last + 2 >= len(doc) or doc[last + 1].dep_ != "cc" or doc[last + 1].head.i != verb.i:
        return last
    conj = next((c for c in verb.children if c.dep_ == "conj" and c.left_edge.i == last + 2), None)
    if conj is None or conj.lower_ in CUE_FORMS or conj.lower_ in STANCE_FORMS or not any(
            c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in conj.children):
        return last
    return max(last, without_trailing_punct(doc, last + 2, conj.right_edge.i))


def _through_reason_clause(verb: Token, complement: Token, last: int) -> int:
    """The last token of a complement claim ending at `last`, carried through a clause of
    reason or condition that ends the sentence ("wrote that the request was “futile,”
    because the records would appear anyway", "say they will leave unless the owner
    resigns"): the parser hangs it on the cue verb, but it qualifies what was said, not the
    act of saying. Not a clause of time ("when asked", "after the vote"): that dates the act."""
    doc = verb.doc
    clause = next((c for c in verb.children if c.dep_ == "advcl" and c.i > last and complement.i > verb.i
                   and any(m.dep_ == "mark" and m.lower_ in REASON_MARKS and m.i == c.left_edge.i
                           for m in c.children)), None)
    if clause is None or not all(t.is_punct or t.is_space for t in doc[last + 1:clause.left_edge.i]):
        return last
    if not all(t.is_punct or t.is_space for t in doc[clause.right_edge.i + 1:verb.sent.end]):
        return last
    return without_trailing_punct(doc, clause.left_edge.i, clause.right_edge.i)


def content_of(verb: Token, sent: Span, text: str) -> tuple[int, int, str] | None:
    """Token range of what the cue verb introduces: its clausal complement, or, for a cue
    after the clause it reports on ("X, Politico reported"), the sentence before the cue."""
    doc = verb.doc
    complements = [c for c in verb.children if c.dep_ == "ccomp"]
    # "“...,” said Jane Roe, Reuters reported": the parser hangs the inner cue on the outer one
    complements += [c for c in verb.children if c.dep_ == "parataxis" and c.i < verb.i]
    # of two complements the parser gives one cue ("Sitting down, during which she touched on X,
    # Clinton remarked that ..."; "prompted blowback (“...,” wrote Y)"), the one beside the cue
    complements.sort(key=lambda c: verb.i - c.right_edge.i if c.i < verb.i else c.left_edge.i - verb.i)
    for child in complements:
            toks = [t for t in child.subtree if not t.is_space]
            first, last = toks[0].i, toks[-1].i
            last = min(last, _complement_cut(child) - 1)
            while first <= last and (doc[first].dep_ == "mark" or doc[first].is_punct):
                first += 1
            while last >= first and (doc[last].is_punct and doc[last].text not in CLOSING_MARKS | {"’"}
                                     or doc[last].dep_ == "cc" or doc[last].is_space):
                last -= 1
            if last >= first:
                last = _through_coordinated_clause(verb, child, last)  # "says A and it is B"
                last = _through_reason_clause(verb, child, last)  # "wrote that A, because B"
                close = last
                while close + 1 < verb.i and doc[close + 1].is_punct and doc[close].text not in CLOSING_MARKS:
                    close += 1
                if last < verb.i and doc[close].text in CLOSING_MARKS:
                    first = min(first, _quotation_start(doc, close, text) + (close != last))  # "“A. B,” she said"
                return first, last, "complement"
    own_subject = any(c.dep_ == "nsubj" for c in verb.children)
    tag_start = _root_tag_start(verb, sent)
    if tag_start is not None or _closes_clause_before(verb, sent, own_subject):
        left = tag_start if tag_start is not None else min(t.i for t in verb.subtree)
        first, last = sent.start, left - 1
        last = without_trailing_punct(doc, first, last)
        if last >= first and doc[last].text in CLOSING_MARKS:
            first = min(first, _quotation_start(doc, last, text))
        if last >= first:
            return first, last, "clause"
    # "The goal, he said, is a durable truce": a parenthetical cue inside the claim it reports
    inner = [t.i for t in verb.subtree if not t.is_punct]
    if verb.dep_ in {"parataxis", "ccomp"} and verb.head.i > verb.i and own_subject and inner[0] > sent.start + 1 \
            and doc[inner[0] - 1].text == "," and inner[-1] + 1 < sent.end and doc[inner[-1] + 1].text == ",":
        first, last = sent.start, sent.end - 1
        last = without_trailing_punct(doc, first, last)
        if last > inner[-1] + 1:
            return first, last, "clause"
    return None


# Quantifiers that stand for people in a speech tag ("That plan, many argue, will fail").


def has_object(verb: Token) -> bool:
    """Does the verb take what it reports after it ("..., and Trump called for a ban", "...,
    referring to the resorts")? Then a coordinated clause before it is not its claim, unlike
    "..., and Reuters reported it"."""
    return any(c.i > verb.i and c.dep_ in {"dobj", "xcomp", "oprd"} and c.lower_ not in {"it", "this", "that", "so"}
               or c.i > verb.i and c.dep_ == "prep" and not is_time(c) and (
                   c.lower_ in TOPIC_PREPS or c.lower_ == "to" and verb.lower_ in TO_VERBS)
               for c in verb.children)
