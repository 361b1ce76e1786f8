"""The benchmarks' synthetic landing zone: N unique documents, every one a variant of a real one.

About half text dumps, 40 % HTML pages and 10 % JSON-lines records, spread over landing date
folders. Sources are `data/raw/*` and, when present, `../shared/devdata/extraction/` pages and
gold texts, read at run time: paragraphs are permuted and swapped in from other articles,
numbers and people's names are changed with a seeded RNG, and every document has its own hash
and text (checked while building). Nothing is copied into the repository.
"""
from __future__ import annotations

import json
import math
import multiprocessing
import random
import re
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import partial
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "data" / "raw"
DEVDATA = REPO.parent / "shared" / "devdata" / "extraction"
FIRST_DAY = date(2026, 11, 17)

FIRST_NAMES = (
    "Maria", "James", "Aisha", "Daniel", "Elena", "Tomasz", "Priya", "Kwame", "Sofia", "Hiroshi", "Laura", "Omar",
    "Grace", "Mateo", "Ingrid", "Samuel", "Nadia", "Victor", "Chloe", "Rafael", "Helen", "Marcus", "Yusuf", "Anna",
)
LAST_NAMES = (
    "Okafor", "Lindqvist", "Moreau", "Castillo", "Nakamura", "Brennan", "Haddad", "Kowalski", "Achebe", "Fischer",
    "Delgado", "Novak", "Whitfield", "Osei", "Petrov", "Sandoval", "Ambrose", "Grange", "Marsh", "Reyes", "Ferreira",
    "Halvorsen", "Mbeki", "Quinlan",
)
# Given names the name swapper recognises in the source articles ("Catrina Doxsee" -> "Grace Osei").
KNOWN_FIRST = set(FIRST_NAMES) | {
    "John", "David", "Michael", "Robert", "William", "Richard", "Joseph", "Thomas", "Charles", "Mark", "Paul",
    "Steven", "Andrew", "Peter", "Jack", "Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Susan", "Sarah",
    "Karen", "Lisa", "Emma", "Olivia", "Catrina", "Celia", "Dante", "Lena", "Hollis", "Yevgeny", "Vladimir", "Joe",
    "Donald", "Kamala", "Xi", "Emmanuel", "Rishi", "Olaf", "Justin", "Tom", "Chris", "Matt", "Kevin", "Brian",
    "George", "Edward", "Jessica", "Rachel", "Rebecca", "Julia", "Kate", "Alex", "Ben", "Sam", "Nick", "Tim",
}
_NAME = re.compile(r"\b([A-Z][a-z]+) ([A-Z][a-z]{2,})\b")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:,\d{3})*(?![\w])")
_HTML_SPLIT = re.compile(r"(<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->|<[^>]*>)", re.S | re.I)
_HTML_P_ANY = re.compile(r"<p\b[^>]*>(.*?)</p\s*>", re.S | re.I)  # any paragraph, inline markup included
_HTML_P = re.compile(r"(<p\b[^>]*>)([^<]{120,}?)(</p>)", re.I)  # a prose paragraph without markup inside


@dataclass
class Sources:
    texts: list[str]   # article text dumps (paragraphs separated by blank lines)
    htmls: list[str]   # full pages
    paragraphs: list[str]  # long prose paragraphs, swapped in from other articles
    wire: list[dict[str, Any]]  # JSON-lines records of data/raw (templates for url/title/published)
    devdata: bool


def load_sources(devdata: Path | None, max_text_paragraphs: int = 16) -> Sources:
    texts = [p.read_text(encoding="utf-8") for p in sorted(RAW.glob("*.txt"))]
    htmls = [p.read_text(encoding="utf-8") for p in sorted(RAW.glob("*.html"))]
    wire = [json.loads(line) for p in sorted(RAW.glob("*.jsonl"))
            for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts += [r["text"] for r in wire if r.get("text")]
    htmls += [r["html"] for r in wire if r.get("html")]
    used_devdata = False
    if devdata is not None and (devdata / "html").is_dir():
        used_devdata = True
        htmls += [p.read_text(encoding="utf-8", errors="replace") for p in sorted((devdata / "html").glob("*.html"))]
        gold = devdata / "gold.jsonl"
        if gold.exists():
            for line in gold.read_text(encoding="utf-8").split("\n"):
                if line.strip():
                    record = json.loads(line)
                    # a news-sized text dump: the headline, then the first paragraphs of the body
                    body = "\n\n".join(record["text"].split("\n\n")[:max_text_paragraphs])
                    texts.append(f"{record.get('title') or ''}\n\n{body}".strip())
    paragraphs = [p.strip() for t in texts for p in t.split("\n\n") if 120 <= len(p.strip()) <= 1500]
    return Sources(texts, htmls, paragraphs, wire, used_devdata)


class Mutator:
    """Seeded, content-preserving variation of prose: names, numbers, paragraph order."""

    def __init__(self, rng: random.Random, pool: list[str], max_paragraphs: int | None = None) -> None:
        self.rng = rng
        self.pool = pool
        # Short articles (`--max-paragraphs`): only the first K prose paragraphs of each source
        # are kept, before any swap, so a forced new paragraph is never the one cut off.
        self.max_paragraphs = max_paragraphs

    def prose(self, text: str, names: dict[str, str]) -> str:
        def name(match: re.Match) -> str:
            first, last = match.group(1), match.group(2)
            if first not in KNOWN_FIRST:
                return match.group(0)
            key = f"{first} {last}"
            if key not in names:
                names[key] = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
                names[last] = names[key].split()[1]
            return names[key]

        def number(match: re.Match) -> str:
            digits = match.group(0).replace(",", "")
            value = int(digits)
            if len(digits) == 4 and 1900 <= value <= 2099:  # a year: stay plausible
                return str(max(1995, min(2026, value + self.rng.randint(-3, 2))))
            if len(digits) == 1:
                return str(self.rng.randint(2, 9))
            new = self.rng.randint(10 ** (len(digits) - 1), 10 ** len(digits) - 1)
            return f"{new:,}" if "," in match.group(0) else str(new)

        text = _NAME.sub(name, text)
        return _NUMBER.sub(number, text)

    def reorder(self, paragraphs: list[str], long: list[int], force_new: bool) -> None:
        """Swap a few long paragraphs, and swap one in from another article (always when
        `force_new`, so the text differs from every earlier variant)."""
        for _ in range(self.rng.randint(1, 3)):
            if len(long) >= 2:
                a, b = self.rng.sample(long, 2)
                paragraphs[a], paragraphs[b] = paragraphs[b], paragraphs[a]
        if self.pool and (force_new or self.rng.random() < 0.5):
            paragraph = self.rng.choice(self.pool)
            if long and not force_new:
                paragraphs[self.rng.choice(long)] = paragraph
            else:
                paragraphs.insert(self.rng.randint(min(1, len(paragraphs)), len(paragraphs)), paragraph)

    def text_document(self, base: str, force_new: bool) -> str:
        names: dict[str, str] = {}
        paragraphs = base.split("\n\n")
        long = [i for i, p in enumerate(paragraphs) if len(p.strip()) >= 120]
        if self.max_paragraphs is not None and len(long) > self.max_paragraphs:
            # headline, datelines and boilerplate blocks stay; only body paragraphs are cut
            cut = set(long[self.max_paragraphs:])
            paragraphs = [p for i, p in enumerate(paragraphs) if i not in cut]
            long = [i for i, p in enumerate(paragraphs) if len(p.strip()) >= 120]
        self.reorder(paragraphs, long, force_new)
        return self.prose("\n\n".join(paragraphs), names)

    def html_document(self, base: str, force_new: bool) -> str:
        names: dict[str, str] = {}
        if self.max_paragraphs is not None:
            prose = [m for m in _HTML_P_ANY.finditer(base) if len(_visible_text(m.group(1))) >= 120]
            for m in reversed(prose[self.max_paragraphs:]):  # later prose paragraphs go, markup around them stays
                base = base[:m.start()] + base[m.end():]
        matches = list(_HTML_P.finditer(base))
        if matches:
            contents = [m.group(2) for m in matches]
            self.reorder(contents, list(range(len(contents))), False)
            if force_new and self.pool:
                contents[self.rng.randrange(len(contents))] += " " + _escape(self.rng.choice(self.pool))
            pieces, last = [], 0
            for m, content in zip(matches, contents):
                pieces += [base[last:m.start()], m.group(1), content, m.group(3)]
                last = m.end()
            pieces.append(base[last:])
            base = "".join(pieces)
        elif force_new and self.pool:
            base = base.replace("</body>", f"<p>{_escape(self.rng.choice(self.pool))}</p></body>", 1)
        parts = _HTML_SPLIT.split(base)
        # odd indexes are markup (tags, scripts, styles, comments): left as they are
        return "".join(p if i % 2 else self.prose(p, names) for i, p in enumerate(parts))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _visible_text(document: str) -> str:
    return " ".join(" ".join(p for i, p in enumerate(_HTML_SPLIT.split(document)) if not i % 2).split())


@dataclass
class Corpus:
    root: Path
    documents: int
    text: int
    html: int
    jsonl_records: int
    jsonl_files: int
    files: int
    days: list[date]
    bytes: int
    devdata: bool
    seconds: float
    max_paragraphs: int | None = None  # short articles when set (`--max-paragraphs`)


def build_corpus(root: Path, n: int, *, days: int = 4, seed: int = 20261121, devdata: Path | None = DEVDATA,
                 max_paragraphs: int | None = None) -> Corpus:
    """N unique documents under `root/<YYYY-MM-DD>/{text,html,wire}/`; with `max_paragraphs`,
    short articles of at most that many body paragraphs (plus one swapped in)."""
    started = time.perf_counter()
    rng = random.Random(seed)
    sources = load_sources(devdata)
    writer = _CorpusWriter(root, rng, sources, Mutator(rng, sources.paragraphs, max_paragraphs),
                           [FIRST_DAY + timedelta(days=i) for i in range(max(1, days))])
    n_json = round(n * 0.10)
    n_html = round(n * 0.40)
    n_text = n - n_json - n_html
    writer.pages(n_text, n_html)
    n_files = writer.wire(n_json)
    return Corpus(root, n, n_text, n_html, n_json, n_files, n_text + n_html + n_files,
                  sorted({d for d in writer.dates}), writer.bytes, sources.devdata, time.perf_counter() - started,
                  max_paragraphs)


class _CorpusWriter:
    """Writes the corpus's files, every document a variant no other document shares (by hash
    and by visible text). The RNG is drawn in a fixed order, so a seed gives one corpus."""

    def __init__(self, root: Path, rng: random.Random, sources: Any, mutate: Any, dates: list[date]) -> None:
        self.root, self.rng, self.sources, self.mutate, self.dates = root, rng, sources, mutate, dates
        self.hashes: set[str] = set()
        self.texts_seen: set[str] = set()
        self.bytes = 0

    def unique(self, make, fingerprint, digest) -> Any:
        from extractors.loading import sha256_hex

        for attempt in range(50):
            doc = make(attempt > 0)
            h, t = digest(doc), sha256_hex(fingerprint(doc).encode())
            if h not in self.hashes and t not in self.texts_seen:
                self.hashes.add(h)
                self.texts_seen.add(t)
                return doc
        raise RuntimeError("could not make a unique variant after 50 attempts")

    def write(self, day: date, folder: str, name: str, data: str) -> None:
        path = self.root / day.isoformat() / folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        self.bytes += path.write_bytes(data.encode("utf-8"))

    def pages(self, n_text: int, n_html: int) -> None:
        """Text dumps, then HTML pages, spread over the dates in turn."""
        from extractors.loading import sha256_hex

        sources, rng, mutate, dates = self.sources, self.rng, self.mutate, self.dates
        for i in range(n_text):
            base = sources.texts[i % len(sources.texts)] if i < len(sources.texts) else rng.choice(sources.texts)
            doc = self.unique(lambda force, b=base: mutate.text_document(b, force), lambda d: d,
                              lambda d: sha256_hex(d.encode()))
            self.write(dates[i % len(dates)], "text", f"article-{i:06d}.txt", doc)
        for i in range(n_html):
            base = sources.htmls[i % len(sources.htmls)] if i < len(sources.htmls) else rng.choice(sources.htmls)
            doc = self.unique(lambda force, b=base: mutate.html_document(b, force), _visible_text,
                              lambda d: sha256_hex(d.encode()))
            self.write(dates[i % len(dates)], "html", f"page-{i:06d}.html", doc)

    def wire(self, n_json: int) -> int:
        """JSON lines: a wire feed, a few files (one per date at least, at most ~250 records per
        file). Returns the number of files."""
        from extractors.loading import canonical_record_bytes, sha256_hex

        dates = self.dates
        n_files = min(n_json, max(len(dates), math.ceil(n_json / 250))) if n_json else 0
        files: dict[int, list[str]] = defaultdict(list)
        for i in range(n_json):
            template = self.sources.wire[i % len(self.sources.wire)] if self.sources.wire else {}
            as_html = self.rng.random() < 0.2
            day = dates[(i % n_files) % len(dates)]
            rec = self.unique(partial(self.record, as_html=as_html, day=day, i=i, template=template),
                              lambda r: r.get("text") or _visible_text(r["html"]),
                              lambda r: sha256_hex(canonical_record_bytes(r)))
            files[i % n_files].append(json.dumps(rec, ensure_ascii=False))
        for k, lines in files.items():
            self.write(dates[k % len(dates)], "wire", f"wire-{k:03d}.jsonl", "\n".join(lines) + "\n")
        return len(files)

    def record(self, force: bool, as_html: bool, day: date, i: int, template: dict[str, Any]) -> dict[str, Any]:
        rng, mutate = self.rng, self.mutate
        published = datetime.combine(day, datetime.min.time(), tzinfo=timezone.utc) - timedelta(
            minutes=rng.randint(30, 3 * 24 * 60))
        rec: dict[str, Any] = {"url": f"https://wire.example.org/{day:%Y/%m/%d}/story-{i:06d}",
                               "title": mutate.prose(str(template.get("title") or "Wire story"), {}),
                               "published": published.isoformat()}
        if as_html:
            rec["html"] = mutate.html_document(rng.choice(self.sources.htmls), force)
        else:
            rec["text"] = mutate.text_document(rng.choice(self.sources.texts), force)
        return rec


def build_corpus_apart(root: Path, n: int, **options: Any) -> Corpus:
    """`build_corpus` in a child process. Generating N documents leaves this process's heap
    fragmented (860 MB of text at N=10,000); the flow then runs in this same process, and
    until its first batch handed memory back, that leftover was counted as the flow's own:
    the 10,000 run's flow-process peak (693 MB) fell during its first batch, before any
    `release_memory`, and it dropped to 422 MB right after."""
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as apart:
        return apart.submit(build_corpus, root, n, **options).result()
