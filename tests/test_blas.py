"""The model's matrix products run on numpy's BLAS, one thread inside extraction (extractors/nlp/blas.py)."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from threadpoolctl import threadpool_info

from extractors.nlp.batch import ArticleText, extract_batch
from extractors.nlp.blas import single_threaded_blas
from extractors.nlp.model import build_pipeline, get_nlp
from extractors.records import paragraph_spans

TEXT = ("Acme Corp said on Tuesday that it would cut 1,200 jobs in Ohio. \"We have no choice,\" said Jane Doe, "
        "its chief executive, according to a statement.\n\nThe union called the plan a betrayal and said it "
        "expected a strike by March, Reuters reported.")


def _blas_threads() -> list[int]:
    return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]


def test_every_model_layer_multiplies_with_numpy_not_blis():
    nlp = get_nlp()
    layers = [layer for _, component in nlp.pipeline if hasattr(component, "model")
              for layer in component.model.walk()]
    assert layers
    assert all(type(layer.ops).__name__ == "NumpyOps" and not layer.ops.use_blis for layer in layers)


def test_the_pipeline_as_spacy_ships_it_keeps_blis():
    nlp = build_pipeline(numpy_blas=False)
    assert nlp.get_pipe("ner").model.ops.use_blis


def test_blas_runs_on_one_thread_inside_the_block_and_is_restored_after():
    before = _blas_threads()
    if not before:
        pytest.skip("numpy reports no BLAS library to threadpoolctl")
    with single_threaded_blas():
        assert set(_blas_threads()) == {1}
    assert _blas_threads() == before


def test_rows_are_the_same_with_blis_and_with_numpy_blas():
    article = ArticleText("doc-blas", TEXT, paragraph_spans(TEXT), datetime(2026, 11, 3, 9, 0, tzinfo=timezone.utc), date(2026, 12, 1))
    ours = extract_batch([article], nlp=get_nlp())[0]
    shipped = extract_batch([article], nlp=build_pipeline(numpy_blas=False))[0]
    assert ours.error is None and ours.entities
    assert ours == shipped
