import codecs
import hashlib
import json

import pytest

from extractors.loading import decode_bytes, input_format, load_file, Undecodable

ARTICLE = "Le café de la gare a rouvert ses portes à Genève après deux ans de travaux, a annoncé la mairie."


@pytest.mark.parametrize("encoding, raw", [
    ("utf-8", ARTICLE.encode("utf-8")),
    ("utf-8-sig", codecs.BOM_UTF8 + ARTICLE.encode("utf-8")),
    ("utf-16", ARTICLE.encode("utf-16")),  # with BOM
    ("utf-16-le", ARTICLE.encode("utf-16-le")),  # without BOM
    ("utf-16-be", ARTICLE.encode("utf-16-be")),
    ("cp1252", (ARTICLE + " “Quoted” – dash.").encode("cp1252")),
    ("latin-1", ARTICLE.encode("latin-1")),
])
def test_encodings_are_detected_and_decoded_exactly(encoding, raw):
    text, detected = decode_bytes(raw)
    assert ARTICLE in text
    assert detected


def test_doc_id_is_sha256_of_raw_bytes_so_same_bytes_share_an_id():
    raw = ARTICLE.encode("utf-8")
    a, = load_file("a.txt", raw)
    b, = load_file("sub/b.txt", raw)
    assert a.doc_id == b.doc_id == hashlib.sha256(raw).hexdigest()


@pytest.mark.parametrize("name, raw, status, words", [
    ("empty.txt", b"", "quarantined", "empty file"),
    ("blank.txt", b"  \n\t \r\n", "quarantined", "whitespace"),
    ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "unreadable", "PNG image"),
    ("doc.html", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "unreadable", "PDF document"),
    ("archive.txt", b"PK\x03\x04" + bytes(200), "unreadable", "ZIP archive"),
    ("notes.docx", b"whatever", "unreadable", "unsupported file extension .docx"),
])
def test_bad_files_get_a_status_and_a_readable_reason(name, raw, status, words):
    doc, = load_file(name, raw)
    assert doc.status == status
    assert words in doc.reason
    assert doc.content is None


def test_random_bytes_are_reported_as_binary_not_decoded():
    with pytest.raises(Undecodable, match="binary"):
        decode_bytes(bytes(range(256)) * 20)


def test_crlf_and_nul_bytes_are_normalised():
    doc, = load_file("a.txt", b"line one\r\nline\x00 two\rthree")
    assert doc.content == "line one\nline two\nthree"


def test_jsonl_good_lines_survive_broken_neighbours():
    lines = [
        json.dumps({"text": ARTICLE, "title": "Gare", "url": "https://x.test/a", "published": "2026-01-02T03:04:05Z"}),
        "{broken json",
        json.dumps(["not", "an", "object"]),
        json.dumps({"title": "no body"}),
        json.dumps({"text": 42}),
        "",
        json.dumps({"html": "<p>" + ARTICLE + "</p>", "published": "yesterday-ish nonsense 99"}),
    ]
    docs = load_file("feed.jsonl", "\n".join(lines).encode("utf-8"))
    by_line = {d.record: d for d in docs}
    assert sorted(by_line) == [1, 2, 3, 4, 5, 7]
    assert by_line[1].status == "ok" and by_line[1].content_type == "text"
    assert by_line[1].published.isoformat() == "2026-01-02T03:04:05+00:00"
    assert by_line[2].status == "unreadable" and "invalid JSON" in by_line[2].reason
    assert by_line[3].status == "quarantined" and "JSON object" in by_line[3].reason
    assert by_line[4].status == "quarantined" and "no non-empty 'text' or 'html'" in by_line[4].reason
    assert by_line[5].status == "quarantined" and "'text' must be a string" in by_line[5].reason
    assert by_line[7].status == "ok" and by_line[7].content_type == "html"
    assert by_line[7].published is None and "not a date" in by_line[7].reason


def test_jsonl_record_id_ignores_key_order_and_spacing():
    a, = load_file("a.jsonl", b'{"text": "x y z", "title": "T"}')
    b, = load_file("b.jsonl", b'{"title":"T","text":"x y z"}')
    assert a.doc_id == b.doc_id


def test_oversized_file_is_quarantined_naming_the_limit():
    from settings import Limits

    doc, = load_file("big.txt", b"word " * 100, Limits(max_file_bytes=100))
    assert doc.status == "quarantined"
    assert "max_file_bytes=100" in doc.reason


def test_supported_formats():
    assert input_format("A.TXT") == "text"
    assert input_format("x/y.htm") == "html"
    assert input_format("feed.jsonl") == "jsonl"
    assert input_format("x.json") is None
