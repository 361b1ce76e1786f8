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
    # One JSON-lines record's nesting of arrays and objects. Real records nest a few levels;
    # Python's parser recurses once per level and fails near 1,000 (RecursionError), at a depth
    # that depends on the caller's stack, so a fixed limit far below it keeps the verdict stable.
    max_record_depth: int = 100
    # Digits of one integer in a JSON-lines record: Python's own default for int(str)
    # (sys.get_int_max_str_digits), fixed here so an environment setting cannot change verdicts.
    max_record_int_digits: int = 4300
    max_date_chars: int = 100  # a longer 'published' value is ignored unparsed (dateparser slows with length)
    max_html_chars: int = 5_000_000  # HTML parsed per page; scripts/styles are cut first on longer pages
    # (element nesting is bounded by libxml2 itself at 256 levels: deeper pages are flattened to
    # their block structure and re-parsed, see extractors/cleaning/html_dom.py, so their text survives)
    min_body_words: int = 20  # fewer words after cleaning: not an article (expectation on `articles`)
    max_seconds_per_document: float = 60.0  # a worker busier than this on one document is killed
    max_worker_memory_bytes: int = 4 * 1024**3  # address-space cap of each worker process
    recycle_worker_after: int = 500  # documents a worker process handles before a fresh one replaces it
    # Free space a write to a local output location must leave on its file system, else it is
    # refused with an error naming the location (storage/tables.py; NEWSETL_MIN_FREE_BYTES overrides,
    # 0 turns the check off). Not a per-document limit: the run fails and nothing is published.
    min_free_bytes: int = 64 * 1024**2


DEFAULT_LIMITS = Limits()
