"""`entity_candidates`: the names the pipeline found but does not publish as entities, with the same
columns as `entities`.

Why a table of its own: on pages unlike the small model's newswire, the rows only its label supports
are right about half the time (software and products typed ORG, headings read as names, firms read as
places), and `entities` is read for its precision. They are kept here, not dropped, so an analyst who
needs recall unions the two tables (`entity_index` is shared within an article and `entity_mentions`
points at both). Which rows land here: `extractors/nlp/entities/support.py` (`published`).
"""
from dataclasses import replace

from schemas import entities

CONTRACT = replace(
    entities.CONTRACT,
    name="entity_candidates",
    description="Names found in each article that are not published in `entities`: a GPE no gazetteer knows, "
                "or a row only the small model's label supports with a label it often gets wrong on its own "
                "(ORG without a body's head word, NORP, PRODUCT, WORK_OF_ART, LOC, LAW). Same columns as "
                "`entities`; about half of these rows are right (README). Union with `entities` for recall.",
)
