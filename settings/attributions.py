"""Tunable numbers of the attribution and quote rules (`extractors/nlp/attributions.py`,
`extractors/nlp/quotes.py`), in one place.

Each is a distance or a size that decides what the rules look at. They were set on the
development set's train split (`python -m benchmarks.attributions --split train --via
extract`), never on dev; change one only with a before/after of that benchmark.
"""
from __future__ import annotations

# -- attributions.py ---------------------------------------------------------------------
# How far back (tokens) "the statement read ..." looks for the clause that issued the
# statement ("Voltera issued a statement"): a few paragraphs; further back the statement
# named is rarely the same one.
AUTHOR_WINDOW_TOKENS: int = 400

# Characters before a cue phrase searched for a closing quotation mark ("“...” he urged"): the
# mark, a comma and a space or dash fit; anything longer means words stand between them.
CLOSING_MARK_LOOKBACK_CHARS: int = 4

# Characters after a cue phrase searched for a colon or comma and an opening mark ("she
# replied: “...”"): punctuation, a space and the typewriter pair ('') fit.
OPENING_MARK_LOOKAHEAD_CHARS: int = 6

# A "Name: claim" sentence ("Lynch: No outside influence"): the colon within this many tokens
# of the sentence start, the name before it at most this many words. A longer lead-in is a
# sentence of its own ("The answer the committee gave: ..."), not a speaker label.
COLON_SEARCH_TOKENS: int = 7
COLON_NAME_MAX_WORDS: int = 5

# A speech tag between commas inside its claim ("The plan, a senior aide said in an interview,
# will fail"): at most this many tokens between the comma and the cue verb (the speaker's
# phrase: "a senior White House official" is 5), and at most this many after the verb before
# the closing comma ("in an interview on Monday" is 5). Longer, it is a clause of its own.
TAG_SUBJECT_MAX_TOKENS: int = 6
TAG_TAIL_MAX_TOKENS: int = 5

# How many clauses a continuing gerund ("..., saying that") climbs out of a reported claim to
# find a subject that can speak ("X argued that the bill would fail, saying ..."): the claim's
# clause and one coordination or subordinate clause inside it; further up, another speaker.
GERUND_CLIMB_CLAUSES: int = 3

# -- quotes.py ---------------------------------------------------------------------------
# Characters before a quotation searched for a naming cue ("known as", "dubbed"): the cue
# and a few words between it and the mark.
NAMING_LOOKBACK_CHARS: int = 40

# A quoted phrase without a verb and at most this many words is a name, title or epithet
# ("the Iron Lady"), not speech.
EPITHET_MAX_WORDS: int = 6

# Characters between a lead-in cue ending with a colon or comma ("She replied:") and the
# quotation it introduces: a sentence's length; further, the cue introduces something else.
LEAD_IN_MAX_CHARS: int = 200

# Characters after a cue placed right after a quotation ("“...” he urged") searched for an
# opening mark of its own (then the cue introduces the next quotation instead).
OWN_QUOTATION_LOOKAHEAD_CHARS: int = 4
