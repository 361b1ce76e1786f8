"""One run over a corpus of hostile and broken inputs (generated here, not checked in):
the run completes, every input is accounted for with a reason, good files are published,
nothing is fetched from the network and nothing is written outside the output folder."""
from __future__ import annotations

import codecs
import http.server
import json
import threading
from datetime import date
from pathlib import Path

import pytest

from tests.support import read_table, run_flow

pytestmark = pytest.mark.slow
DAY = date(2026, 11, 8)

ARTICLE = ("The regional transport authority said on Wednesday that the new tram line would open in March, "
           "three months later than planned, after tests found faults in the signalling system. About 40,000 "
           "passengers a day are expected to use the line once it runs at full frequency.")
FRENCH = ("Le conseil régional a annoncé mercredi que la nouvelle ligne de tramway ouvrira en mars, avec trois mois "
          "de retard, après la découverte de défauts dans le système de signalisation. Environ 40 000 voyageurs "
          "par jour sont attendus sur la ligne.")
RUSSIAN = ("Городские власти объявили в среду, что новая линия трамвая откроется в марте, на три месяца позже "
           "запланированного срока, после того как испытания выявили неисправности в системе сигнализации.")


class _CountingHandler(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - stdlib name
        _CountingHandler.hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"<!ENTITY leaked 'FETCHED-FROM-NETWORK'>")

    def log_message(self, *args):
        pass


@pytest.fixture
def trap_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _CountingHandler.hits.clear()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def build_corpus(root: Path, trap: str, outside: Path) -> dict[str, str]:
    """Write the corpus; returns file name -> expected status."""
    html_page = f"<html><body><article><p>{ARTICLE}</p><p>{ARTICLE}</p></article></body></html>"
    files: dict[str, tuple[bytes, str]] = {
        "good.txt": ((ARTICLE + "\n").encode(), "published"),
        "empty.txt": (b"", "quarantined"),
        "whitespace.txt": (b" \n\t\n   \r\n", "quarantined"),
        "picture.txt": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16, "unreadable"),
        "archive.html": (b"PK\x03\x04\x14\x00" + bytes(range(256)) * 16, "unreadable"),
        "report.html": (b"%PDF-1.5\n%\xb5\xed\xae\xfb\n" + bytes(range(256)) * 16, "unreadable"),
        "invalid-utf8.txt": ((ARTICLE + " Caf\xe9 \xff\xfe end.\n").encode("latin-1"), "published"),
        "utf16-bom.txt": ((ARTICLE + " Zürich.\n").encode("utf-16"), "published"),
        "utf16-nobom.txt": ((ARTICLE + " Zürich.\n").encode("utf-16-le"), "published"),
        "utf8-bom.txt": (codecs.BOM_UTF8 + (ARTICLE + " “quoted”.\n").encode(), "published"),
        "cp1252.txt": ((ARTICLE + " “Smart quotes” – and a dash.\n").encode("cp1252"), "published"),
        "latin1.txt": ((FRENCH + "\n").encode("latin-1"), "published"),
        "line-endings.txt": ((ARTICLE.replace(". ", ".\r\n", 1) + "\rSecond\x00 paragraph: " + ARTICLE + "\r\n")
                             .encode(), "published"),
        "big.txt": (b"", "quarantined"),  # written below: 50 MB
        "deep.html": (("<div>" * 100_000 + f"<p>{ARTICLE}</p>" + "</div>" * 100_000).encode(), "any"),
        "script-heavy.html": (("<html><body><script>" + "var a = 1;" * 400_000 + "</script>" + html_page[12:])
                              .encode(), "any"),
        "xxe.xhtml.html": ((f'<?xml version="1.0"?>\n<!DOCTYPE html [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n'
                            f'<!ENTITY net SYSTEM "{trap}/entity">\n<!ENTITY % remote SYSTEM "{trap}/dtd"> %remote;\n]>\n'
                            f'<html xmlns="http://www.w3.org/1999/xhtml"><body><article><p>&xxe; &net; {ARTICLE}</p>'
                            f'<p>{ARTICLE}</p><img src="{trap}/img.png"/><iframe src="{trap}/frame"></iframe>'
                            f'</article></body></html>').encode(), "any"),
        "laughs.html": (('<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
                         + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">\n'
                                   for i in range(1, 10))
                         + f']>\n<html><body><article><p>&lol9; {ARTICLE}</p><p>{ARTICLE}</p></article></body></html>')
                        .encode(), "any"),
        "feed.jsonl": ("\n".join([
            json.dumps({"text": ARTICLE + " One.", "title": "ok"}),
            "{this is not json",
            json.dumps({"text": ["wrong", "type"]}),
            json.dumps({"title": "missing body"}),
            json.dumps({"html": html_page.replace("tram", "bus"), "url": "../../../etc/passwd",
                        "title": "../../escape"}),
        ]).encode(), "jsonl"),
        "name with spaces 'and' \"quotes\".txt": ((ARTICLE + " Spaces.\n").encode(), "published"),
        "new\nline.txt": ((ARTICLE + " Newline.\n").encode(), "published"),
        "Zürich-Прага-東京.txt": ((ARTICLE + " Unicode.\n").encode(), "published"),
        "zz-copy-of-good.txt": ((ARTICLE + "\n").encode(), "duplicate"),
        "russian.txt": ((RUSSIAN + "\n").encode(), "published"),
    }
    for name, (data, _) in files.items():
        (root / name).write_bytes(data)
    with open(root / "big.txt", "wb") as handle:
        line = (ARTICLE + "\n").encode()
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            handle.write(line)
    (outside / "secret.txt").write_text(ARTICLE + " Outside the input root.\n")
    (root / "link-outside.txt").symlink_to(outside / "secret.txt")
    return {**{name: status for name, (_, status) in files.items()}, "link-outside.txt": "unreadable"}


def test_hostile_corpus_is_fully_accounted_for(prefect_harness, tmp_path, trap_server):
    root, outside, out = tmp_path / "in", tmp_path / "outside", tmp_path / "out"
    root.mkdir()
    outside.mkdir()
    expected = build_corpus(root, trap_server, outside)
    before = {p for p in tmp_path.rglob("*")}

    summary = run_flow(root, out, DAY)

    documents = read_table(out, "documents").to_pylist()
    by_path: dict[str, list[dict]] = {}
    for doc in documents:
        by_path.setdefault(doc["path"], []).append(doc)
    assert set(by_path) == set(expected)  # every input file is in the ledger
    assert len(documents) == summary["documents_read"]
    for name, status in expected.items():
        rows = by_path[name]
        if status not in ("any", "jsonl"):
            assert [r["status"] for r in rows] == [status], (name, rows)
        for row in rows:
            assert row["status"] == "published" or row["reason"].strip(), (name, row)

    def reason(name: str) -> str:
        return by_path[name][0]["reason"]

    assert "max_file_bytes" in reason("big.txt") and by_path["big.txt"][0]["bytes"] > 50_000_000
    assert "PNG image" in reason("picture.txt")
    assert "ZIP archive" in reason("archive.html") and "PDF document" in reason("report.html")
    assert "outside the input folder" in reason("link-outside.txt")
    assert by_path["zz-copy-of-good.txt"][0]["duplicate_of"] == "good.txt"
    assert by_path["utf16-nobom.txt"][0]["encoding"].startswith("utf-16")
    feed = {r["record"]: r for r in by_path["feed.jsonl"]}
    assert [feed[i]["status"] for i in range(1, 6)] == ["published", "unreadable", "quarantined", "quarantined",
                                                        "published"]

    articles = {a["source_path"]: a for a in read_table(out, "articles").to_pylist()}
    assert "Zürich" in articles["utf16-bom.txt"]["text"] and "Zürich" in articles["utf16-nobom.txt"]["text"]
    assert "“Smart quotes” – and a dash" in articles["cp1252.txt"]["text"]
    assert articles["latin1.txt"]["language"] == "fr" and "Le conseil régional" in articles["latin1.txt"]["text"]
    assert articles["russian.txt"]["language"] == "ru"
    assert "\x00" not in articles["line-endings.txt"]["text"] and "\r" not in articles["line-endings.txt"]["text"]
    assert "new\nline.txt" in articles

    # No entity was resolved, no file read, nothing fetched.
    everything = json.dumps([read_table(out, t).to_pylist() for t in
                             ("articles", "paragraphs", "removed_blocks", "documents", "quarantine")], default=str)
    assert "root:x:0:0" not in everything and "FETCHED-FROM-NETWORK" not in everything
    assert "lollollollollol" not in everything
    assert _CountingHandler.hits == []

    # Nothing written outside the output folder (input-derived names never become paths).
    created = {p for p in tmp_path.rglob("*")} - before
    assert created and all(p == out or out in p.parents for p in created), sorted(map(str, created - {out}))[:5]
