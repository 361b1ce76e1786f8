"""Every tunable and limit of newsetl, in one place.

Lowest layer of the code: `extractors`, `schemas`, `storage` and `flows` import from here and
nothing here imports from them.
"""
from settings.limits import DEFAULT_LIMITS, Limits

__all__ = ["DEFAULT_LIMITS", "Limits"]
