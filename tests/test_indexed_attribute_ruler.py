"""The indexed attribute ruler sets exactly what spaCy's own attribute ruler sets."""
from __future__ import annotations

from pathlib import Path

import pytest
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG

from extractors.nlp.indexed_attribute_ruler import IndexedAttributeRuler, compile_pattern
from extractors.nlp.model import build_pipeline, get_nlp

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
ATTRS = [TAG, POS, MORPH, LEMMA, DEP, HEAD]

# Written to reach the ruler's exceptions: pronouns by case, auxiliaries, "ai n't", "gon na",
# "let 's", "y' all", an expletive "there is", subordinators, determiners used as pronouns,
# runs of spaces and line breaks.
SENTENCES = (
    "I told her that we'd be there, but they didn't believe me.",
    "You ain't gonna like it, y'all, and let's be honest:  nobody is.",
    "There is something odd here; that was what everyone said  \n\n while it rained.",
    "She has been working since Monday, and he does what he can.",
    "Those are mine, these are yours, and this is hers.  Is it?",
    "If you'd asked, I would've come; c'mon, it's nothin' at all.",
)


@pytest.fixture(scope="module")
def pipelines():
    return build_pipeline(indexed_attribute_ruler=False), get_nlp()


def _annotations(nlp, text: str):
    doc = nlp(text)
    return doc.to_array(ATTRS).tolist(), [str(t.morph) for t in doc], [t.pos_ for t in doc]


def test_the_product_pipeline_uses_the_indexed_ruler(pipelines):
    _, indexed = pipelines
    assert isinstance(indexed.get_pipe("attribute_ruler"), IndexedAttributeRuler)
    assert indexed.pipe_names.index("attribute_ruler") == indexed.pipe_names.index("parser") + 1


@pytest.mark.parametrize("text", SENTENCES)
def test_every_token_gets_the_stock_rulers_attributes(pipelines, text):
    stock, indexed = pipelines
    assert _annotations(indexed, text) == _annotations(stock, text)


def test_the_sample_articles_get_the_stock_rulers_attributes(pipelines):
    stock, indexed = pipelines
    texts = [p.read_text(encoding="utf-8") for p in sorted(RAW.glob("*.txt"))]
    assert texts, "the sample text dumps are part of the repository"
    for text in texts:
        assert _annotations(indexed, text) == _annotations(stock, text)


def test_a_pattern_the_index_cannot_express_goes_to_spacys_matcher(pipelines):
    _, indexed = pipelines
    assert compile_pattern(1, 0, [{"LOWER": "very", "OP": "+"}]) is None
    assert compile_pattern(1, 0, [{"SHAPE": "Xxxx"}]) is None
    ruler = IndexedAttributeRuler(indexed.vocab)
    ruler.add([[{"LOWER": "very", "OP": "+"}, {"LOWER": "good"}]], {"LEMMA": "excellent"}, index=-1)
    ruler.add([[{"TAG": "NN", "LOWER": "news"}]], {"LEMMA": "tidings"})
    doc = ruler(indexed.make_doc("very very good news"))
    assert [t.lemma_ for t in doc] == ["", "", "excellent", ""]  # the tagger never ran: no NN
    tagged = indexed("The news was very very good.")
    ruler(tagged)
    assert tagged[1].lemma_ == "tidings" and tagged[5].lemma_ == "excellent"


def test_a_later_pattern_wins_as_in_spacy(pipelines):
    _, indexed = pipelines
    ruler = IndexedAttributeRuler(indexed.vocab)
    ruler.add([[{"LOWER": "bank"}]], {"LEMMA": "first"})
    ruler.add([[{"LOWER": {"IN": ["bank", "shore"]}}]], {"LEMMA": "second"})
    doc = ruler(indexed.make_doc("the bank and the shore"))
    assert [t.lemma_ for t in doc] == ["", "second", "", "", "second"]
