"""Language identification of the clean article text.

py3langid ships its model inside the wheel (no download at run time) and classifies a
paragraph in well under a millisecond once loaded, which fits batch ingestion.
"""
from __future__ import annotations

from functools import lru_cache

from settings.extraction import LANGUAGE_MIN_CHARS, LANGUAGE_SAMPLE_CHARS


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str, hint: str | None = None) -> str | None:
    """ISO 639-1 code of `text`; falls back to the page's declared `hint` for short texts."""
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    if len(sample.strip()) < LANGUAGE_MIN_CHARS:
        return _normalise_hint(hint)
    code, _prob = _identifier().classify(sample)
    return code


def _normalise_hint(hint: str | None) -> str | None:
    if not hint:
        return None
    code = hint.strip().lower().replace("_", "-").split("-")[0]
    return code if code.isalpha() and 2 <= len(code) <= 3 else None
