"""The direction a date's governing verb points: past, future, present or none.

Why apart from `temporal`: an incomplete date ("Friday", "in March", "the third quarter") is
resolved in the direction its verb points, read from the dependency parse and the Penn tag;
this is the one place that reads tense, and `periods` and the date rules only take its answer.
"""
from __future__ import annotations

from spacy.tokens import Doc

from extractors.nlp.temporal_lexicon import FUTURE_AUX, PLANNING, REPORTING, SAME_IN_PAST
from settings.extraction import DIRECTION_MAX_STEPS

PAST, FUTURE, PRESENT, NONE = "past", "future", "present", "none"


def _is_planning(token) -> bool:
    return token.lower_ in PLANNING and token.pos_ in ("VERB", "ADJ", "AUX", "ADV", "ADP")


def verb_direction(verb) -> str:
    """past, future, present or none for a governing verb, from its tag and auxiliaries."""
    auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if auxes & FUTURE_AUX:
        # "may have been", "would have": a modal with the perfect speaks of the past
        return PAST if auxes & {"have", "'ve"} and (verb.tag_ == "VBN" or verb.lower_ == "been") else FUTURE
    # "is expected in December", "plans to", "is due Friday": a plan points ahead; a bare participle
    # ("weapons promised by January") is told in the past like any other.
    if _is_planning(verb) and (verb.pos_ == "ADJ" or auxes & {"is", "are", "am", "be", "'s", "'re"} or
                               verb.tag_ in ("VBZ", "VBP") or
                               any(c.dep_ == "xcomp" and c.tag_ == "VB" for c in verb.children)):
        return FUTURE
    if any(_is_planning(c) for c in verb.children if c.dep_ in ("acomp", "oprd")):
        return FUTURE
    if "to" in auxes:  # an infinitive: what is set, agreed or hoped to happen lies ahead
        return FUTURE
    if auxes & {"going"}:
        return FUTURE
    tag = verb.tag_
    if tag == "VBD" or auxes & {"did", "had", "has", "have", "was", "were", "been"}:
        return PAST
    if tag == "VBN":
        return PRESENT if auxes & {"is", "are", "am", "be"} else PAST
    if tag in ("VBZ", "VBP"):
        if tag == "VBP" and verb.lower_ in SAME_IN_PAST:
            return NONE
        if verb.lower_ in REPORTING and any(c.dep_ == "ccomp" for c in verb.children):
            return PAST  # "police say Friday that ...": the report is already made
        return PRESENT
    if tag == "VBG":
        return PRESENT if auxes & {"is", "are", "am"} else NONE
    if tag == "VB" and auxes & {"do", "does"}:
        return PRESENT
    return NONE


def direction(doc: Doc, start: int, end: int) -> str:
    """Where the verb governing the characters start..end points: past, future, present or none.

    Climbs the dependency tree from the expression to the first verb (or planning adjective:
    "due Friday"), at most six steps, and reads it with `verb_direction`."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return NONE
    token = span.root
    if token.dep_ in ("compound", "nmod", "amod", "poss") and token.head.pos_ in ("NOUN", "PROPN"):
        return NONE  # "a June agreement", "Friday's vote": the noun's own time, not the clause's
    for _ in range(DIRECTION_MAX_STEPS):
        if token.pos_ in ("VERB", "AUX") or (token.pos_ == "ADJ" and token.lower_ in PLANNING):
            infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
            # "made offers to acquire it Friday", "extended offers to buy it Friday": an infinitive
            # modifying a noun or saying what for takes its time from the verb it hangs on
            if not (infinitive and token.dep_ in ("acl", "advcl")):
                return verb_direction(token)
        if token.head is token:
            return NONE
        token = token.head
    return NONE
