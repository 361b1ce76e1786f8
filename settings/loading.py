"""Tunables of loading: how raw bytes are judged and decoded (extractors/loading.py).

The hard limits on inputs (file and record sizes, JSON nesting) are `Limits` in
settings/limits.py; the numbers here decide verdicts on bytes that are within them.
"""
from __future__ import annotations

# BOM-less UTF-16 is recognised by its NULs: ASCII-heavy UTF-16 has one in every other byte,
# which no 8-bit text encoding produces. Judged on the first UTF16_SAMPLE_BYTES: more than
# UTF16_NUL_SHARE of one byte lane NUL and under UTF16_OTHER_LANE_NUL_SHARE of the other.
UTF16_SAMPLE_BYTES = 4096
UTF16_NUL_SHARE = 0.3
UTF16_OTHER_LANE_NUL_SHARE = 0.05

# Bytes handed to charset-normalizer (it is slow on long inputs and a sample decides as well).
DETECT_SAMPLE_BYTES = 262_144
# More control bytes than this share of the sample: binary content, not text.
MAX_CONTROL_BYTE_SHARE = 0.05
# charset-normalizer's "chaos" above which the cp1252/Latin-1 guess is rejected and an
# unrestricted detection runs instead.
MAX_WESTERN_CHAOS = 0.1
