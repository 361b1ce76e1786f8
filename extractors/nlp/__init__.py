"""Structured extraction: from clean article text to the rows of the record tables.

`batch.extract_batch` is the entry point: one `nlp.pipe` over a batch (`model` loads the
spaCy pipeline once per process), then the rule layers over each parse: `sentences`,
`entities`, `quotes` and `attributions`, `amounts`, `temporal`; `language` names the
article's language.
"""
