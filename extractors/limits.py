"""Every resource limit of the pipeline, in one place.

A document that exceeds a limit is quarantined with the limit's name in its reason, so a
reader of the `documents` table can tell "too big" from "broken". Documented in README.md.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 32 * 1024 * 1024  # larger inputs are quarantined unread
    max_record_bytes: int = 8 * 1024 * 1024  # one JSON-lines record
    max_html_chars: int = 5_000_000  # HTML parsed per page; scripts/styles are cut first on longer pages
    # (element nesting is bounded by libxml2 itself at 256 levels: deeper pages are flattened to
    # their block structure and re-parsed, see extractors/html_dom.py, so their text survives)
    min_body_words: int = 20  # fewer words after cleaning: not an article (expectation on `articles`)
    max_seconds_per_document: float = 60.0  # a worker busier than this on one document is killed
    max_worker_memory_bytes: int = 4 * 1024**3  # address-space cap of each worker process
    recycle_worker_after: int = 500  # documents a worker process handles before a fresh one replaces it


DEFAULT_LIMITS = Limits()
