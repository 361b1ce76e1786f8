"""Every tunable and limit of newsetl, in one place.

Lowest layer of the code: `extractors`, `schemas`, `storage` and `flows` import from here and
nothing here imports from them. One module per part of the pipeline:

- `limits`: the resource limits every input is held to (`Limits`, re-exported here);
- `run`: batch and chunk sizes, concurrency, time budgets, retries, cluster waits;
- `loading`, `cleaning`, `extraction`, `attributions`: the thresholds, weights and windows of
  each stage's rules, each with the comment that explains its value.
"""
from settings.limits import DEFAULT_LIMITS, Limits

__all__ = ["DEFAULT_LIMITS", "Limits"]
