"""Turn raw input bytes into decoded documents, one per file or JSON-lines record.

Pure functions over bytes: the flow reads the files and hands the bytes in. Nothing here
raises on bad input; a document that cannot be used comes back with `status` and a
human-readable `reason`, so it can be accounted for in the `documents` table.
"""
from __future__ import annotations

import codecs
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import partial
from itertools import accumulate
from pathlib import PurePosixPath

from charset_normalizer import from_bytes

from settings import DEFAULT_LIMITS, Limits
from settings import loading as loading_settings

SUPPORTED_SUFFIXES = {".txt": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}

# Magic numbers of formats that are sometimes mis-named .txt/.html by scrapers.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"RIFF", "RIFF media"),
    (b"\x7fELF", "ELF executable"),
)

# Bytes that plain text almost never holds (tab, LF, FF and CR excluded).
_CONTROL_BYTES = tuple(bytes([b]) for b in (*range(0, 9), 11, *range(14, 32), 127))

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# A lone UTF-16 surrogate: not a character, and not encodable as UTF-8. Strict decoders never
# produce one, but a JSON escape such as "\ud800" does, and pyarrow, hashing and GX all fail
# on it later, far from the record that carried it.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# A JSON string, to be skipped when counting how deeply a record nests.
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_NESTING = {"[": 1, "{": 1, "]": -1, "}": -1}


@dataclass(frozen=True)
class RawDocument:
    """One input article (a file, or one line of a JSON-lines file), decoded or not."""

    doc_id: str  # SHA-256 hex of the raw bytes (file) or of the canonical JSON record
    path: str  # path relative to the input root, POSIX separators
    record: int | None  # 1-based line number for JSON lines, None for whole files
    format: str  # "text" | "html" | "jsonl"
    content_type: str | None  # "text" | "html": what `content` holds
    bytes: int  # size of this document's input (the file, or the JSON-lines record)
    encoding: str | None
    content: str | None  # decoded text or HTML; None when unusable
    status: str  # "ok" | "unreadable" | "quarantined"
    reason: str = ""
    url: str | None = None
    title: str | None = None
    published: datetime | None = None
    file_bytes: int | None = None  # size of the whole input file (differs from `bytes` for JSON lines)


class Undecodable(ValueError):
    """The bytes are not text in any encoding we accept."""


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def input_format(path: str) -> str | None:
    """The input format for a file name, or None when the extension is not supported."""
    return SUPPORTED_SUFFIXES.get(PurePosixPath(path).suffix.lower())


def sniff_binary(raw: bytes) -> str | None:
    """Name the binary format of `raw`, or None when it may be text."""
    for magic, name in _MAGIC:
        if raw.startswith(magic):
            return name
    return None


def _utf16_without_bom(raw: bytes) -> str | None:
    # charset-normalizer does not guess BOM-less UTF-16 reliably; ASCII-heavy UTF-16 has
    # a NUL in every other byte, which no 8-bit text encoding produces.
    sample = raw[:loading_settings.UTF16_SAMPLE_BYTES]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd_nuls = sample[1::2].count(0) / max(1, len(sample[1::2]))
    lane, other = loading_settings.UTF16_NUL_SHARE, loading_settings.UTF16_OTHER_LANE_NUL_SHARE
    if odd_nuls > lane and even_nuls < other:
        return "utf-16-le"
    if even_nuls > lane and odd_nuls < other:
        return "utf-16-be"
    return None


def decode_bytes(raw: bytes) -> tuple[str, str]:
    """Decode `raw` to text and name the encoding used.

    BOMs and strict UTF-8 are decided exactly; everything else goes to charset-normalizer
    (a real detector, per the product's rules). Raises `Undecodable` for binary content.
    """
    for bom, name in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(name), name
            except UnicodeDecodeError as exc:
                raise Undecodable(f"starts with a {name} byte-order mark but is not valid {name}: {exc.reason}") from exc
    binary = sniff_binary(raw)
    if binary:
        raise Undecodable(f"binary content ({binary}), not text")
    utf16 = _utf16_without_bom(raw)
    if utf16:
        try:
            return raw.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    sample = raw[:loading_settings.DETECT_SAMPLE_BYTES]
    controls = sum(sample.count(b) for b in _CONTROL_BYTES)
    if controls > len(sample) * loading_settings.MAX_CONTROL_BYTE_SHARE:
        raise Undecodable(f"binary content ({controls} control bytes in the first {len(sample)}), not text")
    # Short Western texts are ambiguous between many 8-bit code pages (cp1250, mac_latin2...);
    # news in Western languages is overwhelmingly cp1252/Latin-1, so those are tried first and
    # kept when charset-normalizer finds them clean, before an unrestricted detection.
    best = from_bytes(sample, cp_isolation=["cp1252", "latin_1"]).best()
    if best is None or best.chaos > loading_settings.MAX_WESTERN_CHAOS:
        best = from_bytes(sample).best()
        if best is not None and best.encoding.startswith(("utf_16", "utf_32")) and 0 not in sample:
            best = None  # wide encodings of real text contain NULs; a guess without any is noise
    if best is not None:
        try:
            text = raw.decode(best.encoding)
            if not _SURROGATE.search(text):  # e.g. UTF-7 can spell a lone surrogate
                return text, best.encoding
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return raw.decode("cp1252"), "cp1252"  # the detector had too little to go on
    except UnicodeDecodeError:
        return raw.decode("latin_1"), "latin_1"


def normalise_text(text: str) -> str:
    """Unify line endings and drop NUL characters, which no article contains."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


def parse_published(value: object) -> datetime | None:
    """Parse an input-supplied publication date; naive values are taken as UTC."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        import dateparser  # slow import, only for non-ISO dates

        parsed = dateparser.parse(text, settings={"RETURN_AS_TIMEZONE_AWARE": False})
        if parsed is None:
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    try:
        return parsed.astimezone(timezone.utc)
    except OverflowError:  # e.g. 0001-01-01T00:00:00+05:00: before year 1 in UTC
        return None


def load_file(path: str, raw: bytes, limits: Limits = DEFAULT_LIMITS,
              records: tuple[int, int | None] | None = None) -> list[RawDocument]:
    """All documents in one input file: one for .txt/.html, one per non-blank line for .jsonl.

    `records` = (first, count) loads only that slice of a JSON-lines file's records (0-based,
    in file order, blank lines not counted; count None: to the end). Only the slice's records
    are parsed and kept; their ids and line numbers are those of the whole file. A document
    that stands for the whole file (empty, undecodable, over a limit, no records) belongs to
    the slice that starts at 0, so slices of one file never repeat it.
    """
    docs = _load_file(path, raw, limits, records)
    if records is not None and records[0] > 0:
        docs = [d for d in docs if d.record is not None]
    return docs


def count_records(path: str, raw: bytes, limits: Limits = DEFAULT_LIMITS) -> int | None:
    """How many records `load_file` finds in a JSON-lines file (what its slices are cut from),
    or None when the file is loaded as one document (not JSON lines, over a limit, empty,
    undecodable, no records)."""
    if input_format(path) != "jsonl" or not raw or len(raw) > limits.max_file_bytes:
        return None
    try:
        text, _ = decode_bytes(raw)
    except Undecodable:
        return None
    return sum(1 for _, line in _lines(normalise_text(text)) if not _blank(line)) or None


def _load_file(path: str, raw: bytes, limits: Limits, records: tuple[int, int | None] | None) -> list[RawDocument]:
    fmt = input_format(path)
    base = dict(path=path, record=None, bytes=len(raw), doc_id=sha256_hex(raw), file_bytes=len(raw))
    if fmt is None:
        suffix = PurePosixPath(path).suffix or "(none)"
        return [RawDocument(**base, format="unsupported", content_type=None, encoding=None, content=None,
                            status="unreadable",
                            reason=f"unsupported file extension {suffix}; supported: .txt, .html, .htm, .jsonl")]
    if len(raw) > limits.max_file_bytes:
        return [RawDocument(**base, format=fmt, content_type=None, encoding=None, content=None,
                            status="quarantined",
                            reason=f"file is {len(raw)} bytes, over the limit max_file_bytes={limits.max_file_bytes}")]
    if not raw:
        return [RawDocument(**base, format=fmt, content_type=None, encoding=None, content=None,
                            status="quarantined", reason="empty file (0 bytes)")]
    try:
        text, encoding = decode_bytes(raw)
    except Undecodable as exc:
        return [RawDocument(**base, format=fmt, content_type=None, encoding=None, content=None,
                            status="unreadable", reason=str(exc))]
    text = normalise_text(text)
    if fmt == "jsonl":
        return _load_jsonl(path, raw, text, encoding, limits, records)
    if not text.strip():
        return [RawDocument(**base, format=fmt, content_type=fmt, encoding=encoding, content=None,
                            status="quarantined", reason="no text: the file holds only whitespace")]
    return [RawDocument(**base, format=fmt, content_type=fmt, encoding=encoding, content=text, status="ok")]


def canonical_record_bytes(record: dict) -> bytes:
    """A JSON record's identity: key order and spacing do not make a different article."""
    return json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """(1-based line number, line) as `enumerate(text.split("\n"), 1)`, one line at a time."""
    lineno, start = 1, 0
    while True:
        end = text.find("\n", start)
        if end < 0:
            yield lineno, text[start:]
            return
        yield lineno, text[start:end]
        lineno, start = lineno + 1, end + 1


def _blank(line: str) -> bool:
    return not line or line.isspace()


def _load_jsonl(path: str, raw: bytes, text: str, encoding: str, limits: Limits,
                records: tuple[int, int | None] | None = None) -> list[RawDocument]:
    first, count = records or (0, None)
    docs: list[RawDocument] = []
    ordinal = -1
    for lineno, line in _lines(text):
        if _blank(line):
            continue
        ordinal += 1
        if ordinal < first:
            continue
        if count is not None and ordinal >= first + count:
            break
        docs.append(_load_record(path, line, lineno, encoding, len(raw), limits))
    if ordinal < 0 and first == 0:
        docs.append(RawDocument(path=path, record=None, format="jsonl", bytes=len(raw), encoding=encoding,
                                file_bytes=len(raw), doc_id=sha256_hex(raw), content_type=None, content=None,
                                status="quarantined",
                                reason="JSON-lines file holds no records"))
    return docs


class _RecordRefused(ValueError):
    """A JSON-lines record the parser must not (or cannot) turn into Python objects."""


def _load_record(path: str, line: str, lineno: int, encoding: str, file_bytes: int, limits: Limits) -> RawDocument:
    """One JSON-lines record. Whatever the record holds, this returns a document: a record
    that cannot be used is quarantined (or unreadable) alone, with the reason, and never
    stops the file, its batch or its partition."""
    line_bytes = line.encode("utf-8", "surrogatepass")  # decoded text holds no surrogates; never raise
    common = dict(path=path, record=lineno, format="jsonl", bytes=len(line_bytes), encoding=encoding,
                  file_bytes=file_bytes)

    def refused(status: str, reason: str) -> RawDocument:
        return RawDocument(**common, doc_id=sha256_hex(line_bytes), content_type=None, content=None,
                           status=status, reason=f"line {lineno}: {reason}")

    if len(line_bytes) > limits.max_record_bytes:
        return refused("quarantined", f"record is {len(line_bytes)} bytes, over the limit "
                                      f"max_record_bytes={limits.max_record_bytes}")
    depth = _nesting_depth(line, limits.max_record_depth)
    if depth > limits.max_record_depth:
        return refused("quarantined", f"record nests arrays/objects {depth} levels deep, over the limit "
                                      f"max_record_depth={limits.max_record_depth}")
    try:
        record = json.loads(line, parse_int=partial(_parse_int, limit=limits.max_record_int_digits))
    except json.JSONDecodeError as exc:
        return refused("unreadable", f"invalid JSON: {exc.msg} at column {exc.colno}")
    except _RecordRefused as exc:
        return refused("quarantined", str(exc))
    except RecursionError:  # not reached under max_record_depth; kept so it can never sink a run
        return refused("quarantined", "record nests arrays/objects too deeply for the JSON parser")
    except Exception as exc:  # noqa: BLE001 - one record must never fail its file
        return refused("unreadable", f"the record could not be parsed: {describe_exception(exc)}")
    try:
        return _document_from_record(record, lineno, common, line_bytes, limits)
    except Exception as exc:  # noqa: BLE001 - as above; a bug shows in the reason, not as a failed run
        return refused("quarantined", f"the record could not be loaded: {describe_exception(exc)}")


def _parse_int(digits: str, limit: int) -> int:
    length = len(digits.lstrip("-"))
    if length > limit:
        raise _RecordRefused(f"a number has {length} digits, over the limit max_record_int_digits={limit}")
    try:
        return int(digits)
    except ValueError as exc:  # the interpreter's own limit set lower than ours
        raise _RecordRefused(f"a number has {length} digits, more than Python accepts: {exc}") from exc


def _nesting_depth(line: str, limit: int) -> int:
    """How deeply the JSON on `line` nests arrays and objects (brackets inside strings do not
    count). Cheap for ordinary records: only a line with more brackets than `limit` is scanned."""
    if line.count("[") + line.count("{") <= limit:
        return 0
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", line))
    return max(accumulate(map(_NESTING.__getitem__, brackets)), default=0)


def describe_exception(exc: BaseException) -> str:
    """An exception as a short reason that is always valid text (no lone surrogates)."""
    text = f"{type(exc).__name__}: {exc}"
    return _escaped(text if len(text) <= 300 else text[:297] + "...")


def _surrogate_in(record: object) -> tuple[str, str] | None:
    """The first lone surrogate in a parsed record: (where, the code point as \\uXXXX)."""
    stack: list[tuple[str, object]] = [("", record)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, str):
            found = _SURROGATE.search(value)
            if found:
                return (f"'{where}'" if where else "the record"), _escaped(found.group())
        elif isinstance(value, dict):
            for key, item in reversed(list(value.items())):
                here = f"{where}.{_escaped(key[:60])}" if where else _escaped(key[:60])
                found = _SURROGATE.search(key)
                if found:
                    return f"the key '{here}'", _escaped(found.group())
                stack.append((here, item))
        elif isinstance(value, list):
            stack.extend((f"{where}[{i}]", item) for i, item in reversed(list(enumerate(value))))
    return None


def _shown(value: object, width: int = 80) -> str:
    shown = repr(value)
    return shown if len(shown) <= width else shown[:width - 3] + "..."


def _escaped(text: str) -> str:
    """`text` with every lone surrogate spelled as its JSON escape, so it can be stored."""
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _document_from_record(record: object, lineno: int, common: dict, line_bytes: bytes,
                          limits: Limits = DEFAULT_LIMITS) -> RawDocument:
    if not isinstance(record, dict):
        return RawDocument(**common, doc_id=sha256_hex(line_bytes), content_type=None, content=None,
                           status="quarantined",
                           reason=f"line {lineno}: a record must be a JSON object, got {type(record).__name__}")
    try:
        canonical = canonical_record_bytes(record)
    except UnicodeEncodeError:
        # An unpaired \uD800-\uDFFF escape: valid JSON, but not text. It would fail the hash
        # here, or Arrow, GX and Parquet later (in `text`, `url`, `title`, any field).
        where, char = _surrogate_in(record) or ("the record", "a surrogate")
        return RawDocument(**common, doc_id=sha256_hex(line_bytes), content_type=None, content=None,
                           status="quarantined",
                           reason=f"line {lineno}: {where} holds a lone surrogate {char} (an unpaired \\uD800-\\uDFFF "
                                  f"escape), which is not a Unicode character and cannot be stored as UTF-8")
    doc_id = sha256_hex(canonical)
    problems = [f"'{k}' must be a string, got {type(record[k]).__name__}"
                for k in ("text", "html", "url", "title", "published")
                if record.get(k) is not None and not isinstance(record[k], str)]
    body_key = "html" if isinstance(record.get("html"), str) and record["html"].strip() else (
        "text" if isinstance(record.get("text"), str) and record["text"].strip() else None)
    if body_key is None and not problems:
        problems.append("record has no non-empty 'text' or 'html' field")
    if problems:
        return RawDocument(**common, doc_id=doc_id, content_type=None, content=None, status="quarantined",
                           reason=f"line {lineno}: " + "; ".join(problems))
    value = record.get("published")
    reason = ""
    if isinstance(value, str) and len(value.strip()) > limits.max_date_chars:
        # dateparser's time grows with the string (100,000 characters: about 100 s of the
        # flow's own process, per record); no date is that long
        published = None
        reason = (f"line {lineno}: 'published' value is {len(value)} characters, over the limit "
                  f"max_date_chars={limits.max_date_chars}; ignored")
    else:
        published = parse_published(value)
        if value and published is None:
            reason = f"line {lineno}: 'published' value {_shown(value)} is not a date; ignored"
    return RawDocument(**common, doc_id=doc_id, content_type=body_key, content=normalise_text(record[body_key]),
                       status="ok", reason=reason, url=record.get("url"), title=record.get("title"),
                       published=published)
