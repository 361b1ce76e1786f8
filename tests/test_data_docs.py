"""Data Docs work offline (issue 17): every page loads its CSS/JS/fonts from the site itself."""
from __future__ import annotations

import base64
import hashlib
import re
import shutil
import subprocess
from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pyarrow as pa
import pytest

from schemas import TABLES
from schemas.data_docs import (
    ASSETS_DIR,
    CDN_ASSETS,
    CHART_SCRIPTS,
    VENDOR_DIR,
    external_resources,
    make_offline,
    rewrite_page,
)
from schemas.validation import SuiteRunner

NOW = datetime(2026, 11, 1, 12, tzinfo=timezone.utc)
CHROMIUM = Path("/usr/bin/chromium")
CDN_HOSTS = ("cdn.jsdelivr.net", "cdnjs.cloudflare.com", "bootstrapcdn.com", "unpkg.com", "code.jquery.com")


def _gx_templates() -> Path:
    import great_expectations

    return Path(great_expectations.__file__).parent / "render" / "view" / "templates"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """A real site: one passing and one failing validation, built by SuiteRunner like a run's."""
    docs = tmp_path_factory.mktemp("data-docs")
    runner = SuiteRunner(docs_dir=docs)
    row = {"doc_id": "a" * 64, "paragraph_index": 0, "start": 0, "end": 5, "text": "hello", "word_count": 1,
           "run_id": "r", "ingested_at": NOW}
    one = pa.Table.from_pylist([row], schema=TABLES["paragraphs"].schema)
    assert runner.validate(TABLES["paragraphs"], one).success
    duplicate = pa.Table.from_pylist([row, row], schema=TABLES["paragraphs"].schema)
    assert not runner.validate(TABLES["paragraphs"], duplicate).success
    assert runner.validate(TABLES["documents"], TABLES["documents"].schema.empty_table()).success
    index = runner.build_docs()
    assert index == docs.resolve() / "index.html" and index.is_file()
    return docs.resolve()


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


class _Resources(HTMLParser):
    """src/href of the tags that load something into the page (not <a> links)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "img") and attrs.get("src"):
            self.urls.append((tag, attrs["src"]))
        elif tag == "link" and attrs.get("href"):
            self.urls.append((tag, attrs["href"]))


def _resources(page: Path) -> list[tuple[str, str]]:
    parser = _Resources()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.urls


def test_the_site_has_pages_at_every_depth(site):
    depths = {len(p.relative_to(site).parts) for p in _pages(site)}
    assert depths == {1, 2, 5}  # index.html, expectations/x.html, validations/x/batch/run/x.html


def test_no_page_loads_a_script_or_stylesheet_from_the_internet(site):
    for page in _pages(site):
        text = page.read_text(encoding="utf-8")
        assert external_resources(text) == [], page
        assert [u for _, u in _resources(page) if re.match(r"(https?:)?//", u)] == [], page
        assert not [h for h in CDN_HOSTS if h in text], page
        assert "integrity=" not in text and "crossorigin=" not in text, page  # file:// pages refuse SRI/CORS


def test_every_local_script_stylesheet_and_image_resolves_inside_the_site(site):
    for page in _pages(site):
        resources = _resources(page)
        # 6 scripts + 6 stylesheets from the vendor folder, GX's favicon and logo
        assert len(resources) >= 14 and {t for t, _ in resources} == {"script", "link", "img"}, page
        for tag, url in resources:
            path = (page.parent / unquote(urlsplit(url).path)).resolve()
            assert path.is_file(), (page.relative_to(site), tag, url)
            assert site in path.parents, (page.relative_to(site), url)


def test_vendored_stylesheets_find_their_fonts(site):
    """Font Awesome lists woff2 then ttf per font; only woff2 is shipped, and every one is there."""
    fonts = []
    for css in (site / VENDOR_DIR).rglob("*.css"):
        for url in re.findall(r"url\(([^)]+)\)", css.read_text(encoding="utf-8")):
            url = url.strip("'\"")
            if url.startswith(("data:", "#")):
                continue
            assert not re.match(r"(https?:)?//", url), (css, url)
            target = (css.parent / urlsplit(url).path).resolve()
            if target.suffix == ".ttf":
                target = target.with_suffix(".woff2")
            assert target.is_file(), (css, url)
            fonts.append(target.name)
    assert {"fa-solid-900.woff2", "fa-regular-400.woff2", "fa-brands-400.woff2"} <= set(fonts)


def test_every_cdn_url_in_the_gx_templates_is_vendored_or_chart_only():
    """After a GX upgrade, a new or changed CDN URL fails here rather than going blank offline."""
    urls = set()
    for template in _gx_templates().glob("*.j2"):
        for tag in re.findall(r"<(?:script|link)\b[^>]*>", template.read_text(encoding="utf-8")):
            urls.update(u for u in re.findall(r"""(?:src|href)=["'](https?://[^"']+)""", tag))
    assert urls, "no CDN URL found: have the templates moved?"
    assert urls - set(CDN_ASSETS) - set(CHART_SCRIPTS) == set()
    for url, asset in CDN_ASSETS.items():
        assert (ASSETS_DIR / asset).is_file(), url


def test_vendored_files_match_the_integrity_hashes_in_the_gx_templates():
    pinned = re.findall(r"""src="(https://[^"]+)"\s+integrity="sha384-([^"]+)\"""",
                        (_gx_templates() / "js_script_imports.j2").read_text(encoding="utf-8"))
    assert len(pinned) >= 2
    for url, digest in pinned:
        data = (ASSETS_DIR / CDN_ASSETS[url]).read_bytes()
        assert base64.b64encode(hashlib.sha384(data).digest()).decode() == digest, url


def test_every_vendored_library_carries_its_licence():
    for folder in (p for p in ASSETS_DIR.iterdir() if p.is_dir()):
        assert list(folder.glob("LICENSE*")), folder.name


def test_rewrite_page_points_at_the_vendored_copy_relative_to_the_page():
    html = ('<link rel="stylesheet" href="https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css"/>\n'
            '<script src="https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js" '
            'integrity="sha384-x" crossorigin="anonymous"></script>\n'
            '<script src="https://cdn.jsdelivr.net/npm/vega@5"></script>\n'
            '<link rel="shortcut icon" href="../../../static/images/favicon.ico" type="image/x-icon"/>\n'
            '<img\n  class="NO-CACHE"\n  src="https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/'
            'logo-long.png?d=20261201T1Z"\n/>\n'
            '<script src="https://example.org/other.js"></script>\n'
            '<a href="https://greatexpectations.io">GX</a>\n')
    out = rewrite_page(html, "../../../../")
    assert ('href="../../../../static/vendor/bootstrap-4.3.1/css/bootstrap.min.css"' in out)
    assert ('<script src="../../../../static/vendor/popper.js-1.12.9/umd/popper.min.js"></script>' in out)
    assert "vega" not in out  # no chart on this page
    assert 'href="../../../../static/images/favicon.ico"' in out
    assert 'src="../../../../static/images/logo-long.png"' in out
    assert external_resources(out) == ["https://example.org/other.js"]  # reported, not guessed at
    assert 'href="https://greatexpectations.io"' in out  # a link, not a resource
    assert rewrite_page(out, "../../../../") == out
    assert 'href="static/vendor/bootstrap-4.3.1/' in rewrite_page(html, "")


def test_a_page_that_draws_a_chart_keeps_and_reports_the_chart_scripts():
    html = ('<script src="https://cdn.jsdelivr.net/npm/vega@5"></script>\n'
            "<script>vegaEmbed('#x', vlSpec, {actions: false});</script>\n")
    assert external_resources(rewrite_page(html, "")) == ["https://cdn.jsdelivr.net/npm/vega@5"]


def test_make_offline_again_changes_nothing(site, tmp_path):
    copy = tmp_path / "again"
    shutil.copytree(site, copy)
    make_offline(copy)
    for page in _pages(site):
        assert (copy / page.relative_to(site)).read_bytes() == page.read_bytes(), page


@pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium (not installed in CI)")
def test_chromium_without_network_renders_the_index_table(site, tmp_path):
    """The JS ran from the local copies: bootstrap-table turned the index's data into rows."""
    command = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp_path / 'profile'}",
               # no network: every host name fails to resolve, and anything else goes to a dead proxy
               "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://127.0.0.1:9",
               "--disable-background-networking", "--no-first-run", "--virtual-time-budget=10000",
               "--dump-dom", (site / "index.html").as_uri()]
    dom = subprocess.run(command, capture_output=True, text=True, timeout=180, check=True).stdout
    rows = re.findall(r"<tr\b[^>]*data-index=\"\d+\"", dom)
    assert len(rows) >= 3, dom[-2000:]  # three validation results, plus the suites tab's rows
    assert "paragraphs" in dom and 'class="fixed-table-body"' in dom
