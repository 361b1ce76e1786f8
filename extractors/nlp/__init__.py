"""Structured extraction: from clean article text to the rows of the record tables.

`batch.extract_batch` is the entry point: one `nlp.pipe` over a batch (`model` loads the
spaCy pipeline once per process), then the rule layers over each parse: `sentences`,
`entities` (a package: mentions, resolution, whole-article evidence, rows), `quotes` and
`attributions`, `amounts`, `temporal` (with `tense` and `periods`); `language` names the
article's language.

Data apart from logic: word lists and patterns live in `entities.lexicon`, `amount_lexicon`
and `temporal_lexicon`, the gazetteer and the common initialisms in `data/`; every threshold
the rules read is in `settings.extraction`.
"""
