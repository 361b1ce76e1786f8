"""The model's own confidence in a name it found: a second opinion for rows nothing else supports.

Why: rows whose only support is the small model's greedy NER (no gazetteer match, no cue in the
article, no rule that reshaped or retyped them) are the least reliable rows of the table (about
two in three right on the audit splits). The model knows when it hesitates: its transition
classifier gives, at a name's first token, a probability to every action (begin an ORG, begin a
PERSON, stay outside, ...). The greedy parse keeps only the best action; this module reads the
whole distribution again, for the few sentences that hold unsupported rows.

Why not spaCy's `beam_parse` / `scored_ents`: en_core_web_sm is trained greedily, so a beam
ranks paths by summed raw scores, which favours absurd long spans ("UnitedHealthcare, Elevance
Health, Aetna/CVS, Cigna, Humana" as one ORG with probability 1.0) and gives every row 0 or 1.
The per-step softmax over valid actions is what the model was trained to output; on the dev
splits it separates right from wrong unsupported ORG rows, the beam does not.

The sentence is re-read alone, with the gazetteer's spans preset (as the ruler sets them
before `ner` in the pipeline) and every other token left open, so the model decides again
with the same features it used (its own tok2vec reads only a few tokens around each word).
"""
from __future__ import annotations

import numpy as np
from spacy.tokens import Doc, Span

OUTSIDE = "O"


def _ner_of(doc: Doc):
    """The `ner` component that parsed `doc`: the process pipeline's, when `doc` shares its
    vocabulary (a doc from another pipeline gets no second opinion: None)."""
    from extractors.nlp.model import get_nlp

    nlp = get_nlp()
    if nlp.vocab is not doc.vocab or "ner" not in nlp.pipe_names:
        return None
    return nlp.get_pipe("ner")


def _sentence_doc(sent: Span) -> Doc:
    """The sentence alone, with only the gazetteer's spans preset (their `ent_id_` is the
    category) and every other token open: the ruler's state before `ner` ran."""
    # A new Doc of the sentence's words, not `Span.as_doc()` (which copies every annotation array,
    # about three times the cost): `ner` reads only the words' lexical features and their norms,
    # and a tokenizer exception's norm ("n't" -> "not") lives on the token, so it is copied.
    doc = Doc(sent.doc.vocab, words=[t.text for t in sent], spaces=[bool(t.whitespace_) for t in sent])
    for new, old in zip(doc, sent):
        if new.norm != old.norm:
            new.norm_ = old.norm_
    preset = [Span(doc, e.start - sent.start, e.end - sent.start, label=e.label_, span_id=e.ent_id_)
              for e in sent.ents if e.ent_id_]
    doc.set_ents(preset, default="missing")
    return doc


def _first_valid(moves, state, row: np.ndarray, names: list[str]) -> int:
    """The greedy parse's action: the best-scored valid one (validity checked best first, so
    usually once)."""
    for j in np.argsort(-row):
        if moves.is_valid(state, names[j]):
            return int(j)
    raise ValueError("no valid NER action")  # cannot happen: O or a closing action is always valid


def _opening(moves, state, row: np.ndarray, names: list[str], openers: list[int]) -> tuple[str, float] | None:
    """Where no name is open: the label the greedy parse opens here and the probability of
    opening a name of that label (its B- and U- actions together), from the softmax over the
    valid actions (O, B-*, U-*; the I-/L- ones need an open name). None when it opens none."""
    valid = [j for j in openers if moves.is_valid(state, names[j])]
    scores = row[valid]
    probs = np.exp(scores - scores.max())
    probs /= probs.sum()
    best = names[valid[int(probs.argmax())]]
    if best[:2] not in ("B-", "U-"):
        return None
    label = best[2:]
    return label, float(sum(p for j, p in zip(valid, probs) if names[j][2:] == label and names[j][:2] in ("B-", "U-")))


def _opening_probabilities(ner, docs: list[Doc], targets: list[set[int]]) -> list[dict[int, tuple[str, float]]]:
    """For each doc, target token index -> (label, probability) of the name the greedy re-read
    opens there (see `_opening`); elsewhere the greedy action only, to keep the state the model's.
    All docs are parsed in one batch (one `predict` per step for every sentence)."""
    moves = ner.moves
    names = [moves.get_class_name(i) for i in range(moves.n_moves)]
    openers = [j for j, n in enumerate(names) if n[:2] in ("B-", "U-") or n == OUTSIDE]
    states = moves.init_batch(docs)
    step_model = ner.model.predict(docs)
    found: list[dict[int, tuple[str, float]]] = [{} for _ in docs]
    todo = [(i, s) for i, s in enumerate(states) if not s.is_final()]
    while todo:
        scores = step_model.predict([s for _, s in todo])
        still = []
        for (i, state), row in zip(todo, scores):
            at = state.B(0)
            if at in targets[i] and not state.entity_is_open():
                opened = _opening(moves, state, row, names, openers)
                if opened is not None:
                    found[i][at] = opened
            moves.apply_transition(state, names[_first_valid(moves, state, row, names)])
            if not state.is_final():
                still.append((i, state))
        todo = still
    if hasattr(step_model, "clear_memory"):
        step_model.clear_memory()
    return found


def model_confidence(doc: Doc, spans: list[Span]) -> dict[tuple[int, int], float] | None:
    """(start, end) token offsets of each model span -> the probability the model gave its label
    where it opens, re-read sentence by sentence (only the sentences holding `spans`, batched).
    A span the re-read does not open with the same label gets no entry (no opinion: the span was
    set by hand, or the sentence alone reads differently from its paragraph); None when `doc` was
    not parsed by the process pipeline."""
    if not spans:
        return {}
    ner = _ner_of(doc)
    if ner is None:
        return None
    sent_of = [s.sent for s in spans]  # Span.sent walks back to the sentence start: once per span
    sentences = {sent.start: sent for sent in sent_of}
    order = sorted(sentences)
    targets: dict[int, set[int]] = {k: set() for k in order}
    for span, sent in zip(spans, sent_of):
        targets[sent.start].add(span.start - sent.start)
    opened = _opening_probabilities(ner, [_sentence_doc(sentences[k]) for k in order], [targets[k] for k in order])
    by_sentence = dict(zip(order, opened))
    out = {}
    for span, sent in zip(spans, sent_of):
        label, probability = by_sentence[sent.start].get(span.start - sent.start, ("", 0.0))
        if label == span.label_:
            out[(span.start, span.end)] = probability
    return out
