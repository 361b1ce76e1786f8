"""What stands behind an entity row beyond the model's label: the `entities.support` column.

Why: the small model's label alone is right about two times in three on pages no rule was
developed on, while rows the gazetteer knows, or that the article's own words type, are right far
more often (issue 20, the ninth pass). An analyst who needs precision more than recall keeps the
rows with `support != 'model'` with one filter. The values, strongest first:

- `gazetteer`: the gazetteer knows the name (a category is set), or, for a GPE, GeoNames knows a
  place of that name (`places.known_place`; no category: the row is the model's or the article's);
- `article`: the article's own words or parse type the name, beyond one model label:
  - its label is none the model gave any of its mentions (a rule or an evidence step typed it
    from its words, its head word, a class noun, a role, a shape: "install Vesta" -> PRODUCT,
    "Claure said" found by the speech verb);
  - a class noun around a mention gives that very kind ("temples like X", "X, a query engine");
  - a PERSON with a person's evidence at a mention: a title, a verb of speech or thought,
    "according to", a credit line, a person's role in an appositive, he/she after it;
  - a GPE or LOC with a place's evidence at a mention: a place preposition, a place next to it
    across a comma, "-based", listed with places;
  - an ORG that speaks: subject of a verb of speech or thought, or after "according to";
- `model`: nothing but the model's label (a rule may have cut or completed its span, but the
  type is the model's).

Measured before it was chosen (the `support:` rows of `benchmarks/entity_rule_origins.py`; judged rows of the
splits developed on): gazetteer 0.94, article 0.85, model 0.65 right. Not counted as support,
because such rows were no more often right than the model's alone there: the name repeated in
several sentences, a body's head word ("... Group") with the model's ORG, a resolution to a
fuller name with the model's label, a span a rule cut.

Which rows are published (`published`, the twelfth pass): `entities` holds the rows a reader can
trust, `entity_candidates` the others, with the same columns (nothing is dropped). A candidate is
- a GPE that neither gazetteer knows (a firm, an app or a person read as a place "at X"): on the
  judged development splits such rows were 0.30 right (22/73), those GeoNames knows 0.97;
- a row only the model's label supports, unless its label is one the small model gets right on
  its own (`settings.extraction.MODEL_LABELS_PUBLISHED`: PERSON 0.81, LANGUAGE, FAC, EVENT 0.9 or
  more) or it is an ORG whose head word names a body ("... Guard", "University of ...": 0.85);
  a PERSON made of English words with no given name ("Domain Controller", `person_names`: 4 of 22
  right) is a candidate all the same;
- a PRODUCT or an ORG typed by its shape alone (`typed_by_its_shape`: a digit, camel case; the
  thirteenth pass, 49 of 94 right);
- a PERSON, however typed, whose name reads as no person's (`person_names.unlike_a_persons_name`, the
  thirteenth pass: no given name first, and one word or an English word that is no known name:
  "Leverkusen", "Jeju Noodle Bar"; 23 of 119 right on the nineteen judged splits);
- a PRODUCT typed by an evidence step whose PRODUCTs were mostly wrong on pages it was not developed
  on (`settings.extraction.WEAK_PRODUCT_RETYPES`: a brand's line, "Windows Server", 17 of 30 right;
  a product's head word, "Vexa Cam", 4 of 10), whatever label the model gave it.
  Left as candidates: ORG without such a head word (0.56: software, products, headings), NORP
  (0.73), PRODUCT (0.61), WORK_OF_ART (0.23), LOC, LAW and unknown places.
On the twelve judged development splits this lifts the published rows from 0.79 to 0.90 right
(1944/2166) and keeps 80 % of the right rows there; on fresh splits, 0.70 to 0.86 and 0.68 to 0.81
(README, "Current figures"). The rest are candidates, nothing is dropped.
"""
from __future__ import annotations

from spacy.tokens import Span

from extractors.nlp.entities.cues import class_nouns, is_speaker, person_evidence, place_evidence
from extractors.nlp.entities.kinds import class_of_noun, names_a_body
from extractors.nlp.entities.person_names import dictionary_words_only, unlike_a_persons_name
from extractors.nlp.entities.places import known_place
from extractors.nlp.entities.result import Entity
from settings.extraction import MODEL_LABELS_PUBLISHED, WEAK_PRODUCT_RETYPES

PLACE_SUPPORTED = frozenset({"GPE", "LOC"})
SHAPE_LABELS = frozenset({"PRODUCT", "ORG"})  # the labels `kinds.product_or_company` gives by a name's shape


def support_of(entity: Entity, own: list[Span], places: set[int]) -> str:
    """The entity's `support` value (see the module docstring); `own` are its mentions' spans in the
    parse, `places` the tokens of the article's places (for a place's evidence)."""
    if entity.category:
        return "gazetteer"
    label = entity.label
    if label == "GPE" and known_place(entity.canonical):
        return "gazetteer"
    if label not in {m.model_label for m in entity.mentions}:
        return "article"  # typed by a rule or an evidence step, not by the model
    if not own:
        return "model"
    if label == "PERSON" and any(person_evidence(s.doc, s) for s in own):
        return "article"
    if label in PLACE_SUPPORTED and any(place_evidence(s, places) for s in own):
        return "article"
    if label == "ORG" and any(speaks(s) for s in own):
        return "article"
    kinds = {class_of_noun(n) for s in own for n in class_nouns(s)} - {None}
    return "article" if kinds == {label} else "model"


def speaks(span: Span) -> bool:
    """The name says or reports something: subject of a verb of speech or thought ("Acme said"),
    or after "according to". Why an ORG's support: products and headings do not speak."""
    before = span.doc[span.start - 2:span.start] if span.start >= 2 else None
    return is_speaker(span) or (before is not None and [t.lower_ for t in before] == ["according", "to"])


def published(entity: Entity) -> bool:
    """The row goes to `entities` (True) or to `entity_candidates` (False); see the module
    docstring. Reads the entity's final label and `support` (set before)."""
    if entity.support == "gazetteer":
        return True
    if entity.label == "GPE":
        return False  # a place neither the gazetteer nor GeoNames knows
    if entity.label == "PRODUCT" and entity.typed_by in WEAK_PRODUCT_RETYPES:
        return False  # a brand's line or a product's head word: weaker than the model's own label
    if typed_by_its_shape(entity):
        return False  # "XS-3X" a PRODUCT for its digit, "SkyLine" an ORG for its camel case: a shape, no more
    if entity.label == "PERSON" and (dictionary_words_only(entity.canonical)
                                     or unlike_a_persons_name(entity.canonical)):
        return False  # "Domain Controller", "Jeju Noodle Bar", "Leverkusen": no person's name (`person_names`)
    if entity.support == "article":
        return True
    return entity.label in MODEL_LABELS_PUBLISHED or entity.label == "ORG" and names_a_body(entity.canonical)


def typed_by_its_shape(entity: Entity) -> bool:
    """The label is the name's shape alone (`kinds.product_or_company`): a name the model read as a
    person, place or people became a PRODUCT for its digit or an ORG for its camel case, and no
    evidence step, gazetteer entry or model label of any mention gave that label. Why a candidate:
    on the nineteen judged splits (`benchmarks.entity_rule_origins`, the thirteenth pass) such PRODUCTs
    were 39 right of 64 and such ORGs 10 of 30, below the model-only rows that are candidates."""
    return (entity.label in SHAPE_LABELS and not entity.typed_by and not entity.category
            and all(m.model_label != entity.label and not m.category for m in entity.mentions))
