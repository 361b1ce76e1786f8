"""Cutting and completing the spans the model tagged, before they become mentions.

Why apart from `mentions`: these steps only reshape a span (a determiner off, a list split,
a direction word or the rest of a longer name on); deciding whether it is a name at all is
`mentions`'s job.
"""
from __future__ import annotations

from spacy.tokens import Span

from extractors.nlp.entities.cues import opens_sentence
from extractors.nlp.entities.kinds import names_a_body
from extractors.nlp.entities.lexicon import (
    ARTICLES, CALL_TO_ACTION_VERBS, COMPANY_WORDS, DIRECTION_WORDS, FACILITY_WORDS, LIST_JOINERS, MONTH_WORDS,
    NAME_CHARACTERS, NAME_CONNECTORS, NAME_WORD_SHAPE, ORG_DESIGNATORS, ORGANISATION_KINDS, POSSESSIVES,
    PRONOUN_CONTRACTIONS, QUOTE_MARKS, TITLE_LIKE,
    WEEKDAY_WORDS,
)


def _char_after(span: Span) -> str:
    """The character right after `span` in the text, without rebuilding `doc.text` (O(document))."""
    last = span.doc[span.end - 1]
    if last.whitespace_:
        return last.whitespace_[:1]
    return span.doc[span.end].text[:1] if span.end < len(span.doc) else ""


# Verb tags: a past, a gerund or participle opening a clause ("Boosted", "Introducing", "Quoting"); a
# finite verb after its subject ("Launches", "Unveiled"). Penn Treebank tags, as spaCy's tagger gives them.
_OPENING_VERB_TAGS = frozenset({"VBD", "VBG", "VBN"})  # not "VB": names open with imperatives ("Lift Movers")
_FINITE_VERB_TAGS = frozenset({"VBZ", "VBD", "VBP"})


def _verb_of_the_rest(tok, rest: Span, subject: bool = False) -> bool:
    """The parser reads `tok`, a capitalised word at one end of a name, as the verb whose object (or, with
    `subject`, whose subject) the rest of the name is: "Meet Vexa", "Vexa Air Launches". Why (eleventh
    pass): title case in headings and list items glues the clause's verb to the name; the parse, not the
    capitals, tells it apart ("Discover Card", a compound, keeps its first word). A base form is left alone:
    firms' names open with imperatives ("Lift Movers"), and a gazetteer's name is never cut."""
    tags = _FINITE_VERB_TAGS if subject else _OPENING_VERB_TAGS
    if tok.tag_ not in tags or tok.pos_ not in {"VERB", "AUX"} or tok.dep_ == "compound" or not rest.text[:1].isupper():
        return False
    root = rest.root
    return root.head.i == tok.i and (root.dep_ in {"nsubj", "nsubjpass"} if subject else root.dep_ == "dobj")


def trimmed_span(span: Span) -> Span | None:
    """Drop a leading determiner and a trailing possessive: "the Wagner Group's" -> "Wagner Group"."""
    doc = span.doc
    start, end = span.start, span.end
    while start < end and (doc[start].lower_ in {"the", "a", "an"} or doc[start].is_punct or doc[start].is_space
                           or doc[start].text in POSSESSIVES or doc[start].lower_ in {"'s", "’s"}
                           or doc[start].lower_ in PRONOUN_CONTRACTIONS or (
                               doc[start].pos_ == "PRON" and start + 1 < end
                               and doc[start + 1].lower_ in PRONOUN_CONTRACTIONS)):
        start += 1  # "I’m Dana": a pronoun and its verb are the sentence's, not the name's
    if (end - start >= 3 and doc[start].lower_ in CALL_TO_ACTION_VERBS and opens_sentence(doc[start])
            and doc[start + 1].text[:1].isupper()):
        start += 1  # "Contact Vela Home Services today": the imperative is the sentence's, not the name's
    if (end - start >= 2 and not span.ent_id_ and _verb_of_the_rest(doc[start], doc[start + 1:end])
            and opens_sentence(doc[start])):
        start += 1  # "Introducing Vexa Notes:", "Boosted Vexa with ...": the clause's verb, its object the name
    if end - start >= 2 and _verb_of_the_rest(doc[end - 1], doc[start:end - 1], subject=True):
        end -= 1  # "Vexa Air Launches First Route": a headline's verb after its subject
    for k in range(start + 1, end):
        plural_owner = doc[k].text in {"'", "’"} and doc[k - 1].text.endswith("s") and k < end - 1
        owner = plural_owner or doc[k].text in POSSESSIVES and k < end - 1 and any(
            e.text == doc[start:k].text and _char_after(e) not in {"-", "‑", "'", "’"} for e in doc.ents)
        if doc[k].text in QUOTE_MARKS or owner:
            # "C3 “IRK": a quote opens another phrase. "Bloomreach’s Loomi AI": an owner named on its own
            # elsewhere and its product; the owner is the name ("Runner’s World", never "Runner", stays whole)
            end = k
            break
    while end > start and (doc[end - 1].text in POSSESSIVES or doc[end - 1].is_punct or doc[end - 1].is_space
                           or (doc[end - 1].is_lower and doc[end - 1].is_alpha
                               and not (end - 2 >= start and doc[end - 2].text in {"-", "‑"}))):
        end -= 1  # "Optum healthcare services": a name does not end in lower-case words ("Ki-moon" does)
    if end <= start:
        return None
    opened = [t.i for t in doc[start:end] if t.text == "("]
    if opened and not any(t.text == ")" for t in doc[opened[-1]:end]):
        end = opened[-1]  # "Artificial Intelligence (AI": the parenthesis is not part of the name
        while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
            end -= 1
        if end <= start:
            return None
    return doc[start:end]


def split_at(span: Span) -> list[Span]:
    """Split "X Project at the Y Center" into its two organisations.

    Why a rule: the small model tags "<unit> at <institution>" as one ORG; "at" never
    belongs inside an organisation's name, so both sides are kept when each is capitalised.
    """
    if span.label_ != "ORG":
        return [span]
    for tok in span:
        if tok.lower_ == "at" and tok.i > span.start and tok.i < span.end - 1:
            left = span.doc[span.start:tok.i]
            right = trimmed_span(span.doc[tok.i + 1:span.end])
            if right is not None and left[0].text[:1].isupper() and right[0].text[:1].isupper():
                return [Span(span.doc, left.start, left.end, label="ORG"),
                        Span(span.doc, right.start, right.end, label="ORG")]
    return [span]


def split_list(span: Span) -> list[Span]:
    """Split "CBS All Access, Disney and Hulu" into its names.

    Why: the model tags a comma list of names as one entity. A comma never sits inside a name
    here (except before a company suffix, "Acme, Inc."); "and"/"&"/"or" splits only a list
    (the span had a comma, or a comma precedes it), so "Bosnia and Herzegovina" and "Procter &
    Gamble" stay whole. A list's joiner stands before its last item, after its last comma: a
    joiner with a comma after it, in the span or just after it, is inside an item ("Vexa, Acme
    Hotels & Resorts, Brightline and Corvo"; the eighth pass: splitting there cut firms' names on
    pages no rule was developed on).
    """
    doc = span.doc
    cuts = [t.i for t in span if t.text == "," and not (t.i + 1 < span.end and doc[t.i + 1].lower_ in COMPANY_WORDS)]
    listed = bool(cuts) or (span.start > 0 and doc[span.start - 1].text == ",")
    list_goes_on = span.end < len(doc) and doc[span.end].text == ","
    if listed and not list_goes_on:
        last_comma = max(cuts, default=span.start)
        cuts += [t.i for t in span if t.lower_ in LIST_JOINERS and t.i > last_comma
                 and not any(doc[k].lower_ == "of" for k in range(span.start, t.i))]
    if not cuts:
        return [span]
    parts, start = [], span.start
    for cut in sorted(set(cuts)) + [span.end]:
        if cut > start:
            part = trimmed_span(doc[start:cut])
            if part is not None and part.text[:1].isupper():
                parts.append(Span(doc, part.start, part.end, label=span.label_, span_id=span.id))
        start = cut + 1
    return parts or [span]


def with_direction(span: Span) -> Span:
    """"Inner" + "Mongolia" -> "Inner Mongolia", "New" + "England" -> "New England", for a gazetteer place or
    country."""
    if span.ent_id_ not in {"country", "place"} or span.start == 0:
        return span
    prev = span.doc[span.start - 1]
    if (prev.text in DIRECTION_WORDS or prev.text == "New" and prev.whitespace_ == " ") and not prev.is_sent_start:
        # "New" mid-sentence, glued to a known place, opens that place's name ("northern New England"; eleventh pass)
        return Span(span.doc, span.start - 1, span.end, label=span.label_, span_id=span.id)
    return span


def _name_word(tok, headings: list[tuple[int, int]]) -> bool:
    """A capitalised word outside every entity, mid-sentence, that could continue a name:
    not a title or a role ("Minister", "CEO"), a month or a weekday, nor in a heading."""
    return (tok.text[:1].isupper() and bool(NAME_WORD_SHAPE.fullmatch(tok.text))
            and not tok.ent_type_ and not tok.is_sent_start and not tok.is_stop
            and not tok.tag_.startswith(("VB", "RB", "MD"))
            and tok.lower_ not in TITLE_LIKE and tok.lower_.rstrip(".") not in MONTH_WORDS | WEEKDAY_WORDS
            and not any(a <= tok.idx < b for a, b in headings))


def body_of_place(span: Span) -> Span:
    """The body a place names after "of": "University of Washington", "Bank of the West" are one
    ORG, not the place. Why: the gazetteer and the model find the place inside the body's name, on
    running lines and on list lines alike (`completed_name` leaves lines in capitals alone and
    grows only rightwards). The body's head ("University", "Bank": `ORGANISATION_KINDS`) stands
    right before "of" (or "of the"), and the capitalised words before it on the same line are its
    name's too ("Federal Reserve Bank of ..."); an article or a lower-case word ends it."""
    doc = span.doc
    i = span.start - 1
    if span.label_ not in {"GPE", "LOC"} or i < 1:
        return span
    if doc[i].lower_ in ARTICLES and i >= 2:
        i -= 1
    head = doc[i - 1]
    if doc[i].lower_ != "of" or not (head.is_title and head.lower_ in ORGANISATION_KINDS) or "\n" in head.whitespace_:
        return span
    start = i - 1
    while (start > 0 and doc[start - 1].is_title and doc[start - 1].lower_ not in ARTICLES
           and doc[start - 1].whitespace_ == " "):
        start -= 1
    return Span(doc, start, span.end, label="ORG")


def completed_name(span: Span, headings: list[tuple[int, int]]) -> Span | None:
    """The name a mention is a piece of, or None when that name's kind is unknown.

    Why: the model (and the gazetteer) cut a place or an organisation out of a longer
    capitalised name: "Georgia" of "Georgia Tech", "Hong Kong" of "Hong Kong University of
    Science and Technology", "Hole Oceanographic Institute" of "the Woods Hole ...". A
    capitalised word glued to the mention mid-sentence (same line, one space, in no entity) is
    part of the name; "of"/"for" carry it on ("University of Science"), and "and" too once
    they have. The longer name is an ORG when its head names a body, a FAC when it names a
    building, and the mention's own ORG stays; a place or a people's name cut from a name of
    unknown kind ("Georgia Tech", "Chinese Evergreen") is dropped rather than typed wrong. A run
    leading into a title ("Russian Foreign Minister Sergei Lavrov") is a title, not a name, and
    headings (where every word is capitalised) are left alone.
    """
    label = span.label_
    known_body = label == "ORG" and span.ent_id_ == "org"  # a gazetteer organisation: grown only into a body
    if label not in {"GPE", "LOC", "NORP", "ORG"} or (label == "ORG" and span.ent_id_ and not known_body):
        return span
    if (any(a <= span.start_char < b for a, b in headings) or not NAME_CHARACTERS.fullmatch(span.text)
            or any(ch.isdigit() for ch in span.text)):
        return span  # a heading, odd characters, or a model number ("Windows Server 2019"): left to the filters
    doc = span.doc
    end, joined = span.end, False
    while end < len(doc) and "\n" not in doc[end - 1].whitespace_ and doc[end - 1].whitespace_:
        tok = doc[end]
        if _name_word(tok, headings):
            end += 1
            continue
        connector = tok.lower_ in NAME_CONNECTORS or (joined and tok.lower_ in {"and", "&"})
        # "of"/"for" right after the mention only when it names a body ("Commission of California",
        # "Center for the Arts": the thirteenth pass); "the" may follow the connector
        skip = 1 if end + 2 < len(doc) and doc[end + 1].lower_ == "the" and doc[end + 1].whitespace_ == " " else 0
        if (connector and (end > span.end or tok.lower_ != "de" and names_a_body(doc[span.start:end].text))
                and end + 1 + skip < len(doc) and tok.whitespace_ == " "
                and _name_word(doc[end + 1 + skip], headings)):
            joined = True
            end += 2 + skip
            continue
        break
    start = span.start
    if known_body:  # "the Acme Bank Institute", "Acme Web Services": a body of a known organisation (eleventh pass)
        longer = doc[start:end]
        grown_into_a_body = end > span.end and names_a_body(longer.text) and not names_a_body(span.text)
        nxt = doc[end] if end < len(doc) else None
        if grown_into_a_body and not (nxt is not None and (nxt.lower_ in TITLE_LIKE or nxt.ent_type_ == "PERSON")):
            return Span(doc, start, end, label="ORG")
        return span
    if label == "ORG":  # "The Woods [Hole Oceanographic Institute]"; a place keeps its left ("in Downtown X")
        while (start > 0 and doc[start - 1].whitespace_ == " " and _name_word(doc[start - 1], headings)
               and not opens_sentence(doc[start - 1])):
            start -= 1
    if start == span.start and end == span.end:
        return span
    nxt = doc[end] if end < len(doc) else None
    if nxt is not None and (nxt.lower_ in TITLE_LIKE or nxt.ent_type_ == "PERSON"):
        return span  # "Russian Foreign Minister ...": a title follows
    longer = doc[start:end]
    added = [t for t in doc[start:span.start]] + [t for t in doc[span.end:end]]
    if label != "ORG" and all(t.lower_ in COMPANY_WORDS or t.lower_ in ORG_DESIGNATORS for t in added):
        return span  # "a New York LLC": a company formed there, not a name
    if names_a_body(longer.text):
        return Span(doc, start, end, label="ORG")
    if longer[-1].lower_ in FACILITY_WORDS:
        return Span(doc, start, end, label="FAC")
    if label == "ORG":
        return Span(doc, start, end, label="ORG")
    return None


# What may end a body's name after its "of"/"for": a place, a people, another body or a person.
CONNECTED_LABELS = frozenset({"GPE", "LOC", "NORP", "ORG", "PERSON", "FAC"})


def joined_names(ents: list[Span]) -> list[Span]:
    """"Rudri" (GPE) + "Bhatt Patel" (PERSON) with only a space between: one person's name the
    model cut in two. A one-word model place or organisation glued to a following model PERSON is
    that person's first name; nothing but a title or punctuation separates a place or a company
    from a person. A NORP stays apart ("Democrat Hillary Clinton" is a party and a person).

    A model organisation or building whose span ends in "of"/"for" ("The Mathematical Association
    of" + "America", "the City University of" + "Hong Kong") goes on into the name right after it:
    the small model often stops a body's name at its connector and tags the place that ends it
    apart, which left a cut body and, once `body_of_place` grew the place, the body twice (the
    thirteenth pass)."""
    out: list[Span] = []
    for ent in ents:
        prev = out[-1] if out else None
        if (prev is not None and prev.label_ in {"ORG", "FAC"} and not prev.ent_id_ and len(prev) >= 2
                and prev[-1].lower_ in NAME_CONNECTORS and prev.end == ent.start and prev[-1].whitespace_ == " "
                and ent.label_ in CONNECTED_LABELS and ent[0].text[:1].isupper()):
            out[-1] = Span(ent.doc, prev.start, ent.end, label=prev.label_)
            continue
        if (prev is not None and ent.label_ == "PERSON" and not ent.ent_id_ and not prev.ent_id_ and len(prev) == 1
                and prev.label_ in {"GPE", "ORG", "LOC", "FAC"} and prev.end == ent.start and prev[0].is_alpha
                and prev[0].is_title
                and "\n" not in prev[0].whitespace_):
            out[-1] = Span(ent.doc, prev.start, ent.end, label="PERSON")
            continue
        out.append(ent)
    return out
