"""What a name's own words say about its kind (ORG, PRODUCT, FAC, LOC, ...).

Pure functions of a name's text (or a mention's), read by resolution and evidence alike.
"""
from __future__ import annotations

from spacy.tokens import Span

from extractors.nlp.entities.lexicon import (
    CAMEL_CASE, CLASS_NOUN_KINDS, COMPANY_WORDS, EVENT_ONLY_HEADS, EVENT_WORDS, FACILITY_WORDS, FAC_HEADS,
    IDENTIFIER, INSTITUTION_WORDS, LAW_WORDS, LOC_HEADS, MODEL_NUMBER, MONTH_WORDS, ORGANISATION_KINDS,
    ORG_DESIGNATORS, PROPER_LABELS, STOP_IN_ACRONYM, UNIT_ONLY,
)
from extractors.nlp.entities.result import Mention


def initials_of(name: str) -> str:
    """The capitals an acronym of `name` would have ("Central Intelligence Agency" -> "CIA"): first
    letters of its words, function words ("of", "and", "the") left out."""
    words = [w for w in name.replace("-", " ").split() if w.lower() not in STOP_IN_ACRONYM]
    return "".join(w[0] for w in words if w[:1].isalpha()).upper()


def product_or_company(span: Span, label: str) -> str:
    """A model PERSON/GPE/LOC/NORP that cannot be one: a name with a digit is a product
    ("Canon R5", "Tab 2" aside, models carry numbers; people and places do not), one written
    in camel case is a company or a product's brand ("LinkedIn", "HealthPartners")."""
    if label not in {"PERSON", "GPE", "LOC", "NORP"}:
        return label
    if any(ch.isdigit() for ch in span.text):
        return "PRODUCT"
    if any(CAMEL_CASE.match(t.text) for t in span if t.is_alpha):
        return "ORG"
    return label


def person_shaped(m: Mention) -> bool:
    """Two or three capitalised words, no company word, not from the gazetteer: a full name
    the model may have typed ORG or GPE ("Marcelo Claure")."""
    words = m.text.split()
    return (2 <= len(words) <= 3 and not m.category and m.label in PROPER_LABELS | {"NORP"}
            and all(w[:1].isupper() and w[1:].islower() and w.replace("-", "").isalpha() for w in words)
            and words[-1].lower() not in COMPANY_WORDS and not any(w.lower() in ORG_DESIGNATORS for w in words))


def place_kind(name: str) -> str | None:
    """LOC or FAC when a name's head (its last word, or a leading "Lake"/"Mount") names a natural
    place or a site, whatever the model said; None otherwise."""
    words = name.lower().split()
    if words[-1] in LOC_HEADS or words[0] in {"lake", "mount", "mt.", "river"}:
        return "LOC"
    if words[-1] in FAC_HEADS:
        return "FAC"
    return None


def sense_label(text: str, label: str, quoted: bool) -> str | None:
    """The label a name's own words support, or None when they support none.

    EVENT/LAW/FAC need their kind's head word ("Boston Marathon" is an EVENT whatever the model
    said, "Clean Fifteen" is no LAW); a WORK_OF_ART needs quotation marks around it (titles are
    quoted or italic; italics are lost in text); a name ending in an institution word is an ORG
    ("... Safety Administration"); a name holding a model number is a PRODUCT ("Nikon Z9"); a
    measure ("100MP") or a date ("26 Sep 2019") is no name."""
    words = [w.lower().strip(".,") for w in text.split()]
    dated = any(w in MONTH_WORDS for w in words) and any(w.isdigit() for w in words)
    if UNIT_ONLY.match(text) or IDENTIFIER.match(text) or dated:
        return None
    if words and words[-1] in INSTITUTION_WORDS:
        return "ORG"
    if label in {"ORG", "LAW", "EVENT", "WORK_OF_ART", "FAC"} and any(MODEL_NUMBER.match(w) and not w.isdigit()
                                                                    for w in text.split()):
        return "PRODUCT"
    if any(w in EVENT_WORDS for w in words[1:]) and label in {"EVENT", "FAC", "ORG", "WORK_OF_ART", "LAW"}:
        # an ORG stays ("Southeastern Conference" is a body) unless its head is only ever an event's
        return "EVENT" if label != "ORG" or words[-1] in EVENT_ONLY_HEADS else label
    if label == "LAW":
        return label if any(w in LAW_WORDS for w in words) else None
    if label == "EVENT":
        return None
    if label == "FAC":
        return label if any(w in FACILITY_WORDS for w in words) else None
    if label == "WORK_OF_ART":
        return label if quoted or {"prize", "award", "awards", "medal"} & set(words) else None
    return label


def names_a_body(name: str) -> bool:
    """The name's head is an organisation's kind: its last word ("... Safety Administration") or
    the word before "of" ("University of Southern California")."""
    words = [w.lower().strip(".,") for w in name.split()]
    heads = {words[-1]} | {words[i - 1] for i, w in enumerate(words) if w == "of" and i > 0}
    return bool(heads & ORGANISATION_KINDS)


def title_cased_phrase(name: str, lowercase: frozenset[str]) -> bool:
    """"Guest Count", "Domain Controllers": a phrase whose every word the article also writes in
    lower case (singular or plural) is common words in title case (a button, a section, a
    feature), unless its last word names a kind of organisation, place or event ("National
    Park"). "New York City" keeps "York", which the article never writes in lower case."""
    words = name.split()
    first, last = words[0].lower(), words[-1].lower().strip(".,")
    kinds = COMPANY_WORDS | ORG_DESIGNATORS | INSTITUTION_WORDS | FACILITY_WORDS | EVENT_WORDS | LAW_WORDS
    def written_lower(word: str) -> bool:  # "Controllers" where the text says "controller"
        return word in lowercase or word.removesuffix("s") in lowercase or word + "s" in lowercase

    content = [w.lower().strip(".,") for w in words if w.lower() not in STOP_IN_ACRONYM]
    return bool(content) and all(written_lower(w) for w in content) and last not in kinds and first not in {"the"}


def class_of_noun(noun: str) -> str | None:
    """The entity type a class noun gives its instances ("temples" -> FAC, "scientists" -> PERSON),
    "" for a kind of thing no entity type fits ("formats", "benchmarks"), None when unknown."""
    forms = [noun]
    if noun.endswith("ies"):
        forms.append(noun[:-3] + "y")
    if noun.endswith("es"):
        forms.append(noun[:-2])
    if noun.endswith("s"):
        forms.append(noun[:-1])
    return next((CLASS_NOUN_KINDS[f] for f in forms if f in CLASS_NOUN_KINDS), None)
