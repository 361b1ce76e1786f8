"""Make Great Expectations' Data Docs readable without internet (issue 17).

GX writes pages whose CSS, JS and icon fonts come from public CDNs; offline (an air-gapped
machine, a report opened on a train, a CI artefact) the pages come up blank, because the
tables are drawn by bootstrap-table (jQuery) at load time. `make_offline` copies the same
files, vendored in `schemas/data_docs_assets/` (see SOURCES.md there), into the site as
`static/vendor/` and points every page at them with a relative path, so the site works when
opened straight from disk (`file://`), served by any static server, or copied elsewhere.

The string work is done by pure functions (`rewrite_page`, `external_resources`) so it can be
tested without GX; `make_offline` is the only part that touches the filesystem.
"""
from __future__ import annotations

import logging
import os
import re
import shutil
from pathlib import Path

log = logging.getLogger(__name__)

ASSETS_DIR = Path(__file__).with_name("data_docs_assets")
# Where the assets go inside a Data Docs site: next to GX's own `static/images`, `static/styles`.
VENDOR_DIR = "static/vendor"

# Each CDN URL GX 1.24's templates use -> the vendored copy, relative to ASSETS_DIR.
# The 1.19.0 filter-control CSS (.css and .min.css) is served by 1.19.1's .min.css: same rules,
# only the version banner differs. bootstrap-dark is asked for unminified; its .min.css is the
# same build. (grep great_expectations/render/view/templates for `https://` to re-check after a
# GX upgrade; tests/test_data_docs.py fails if a page keeps an unknown one.)
CDN_ASSETS: dict[str, str] = {
    "https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css":
        "bootstrap-4.3.1/css/bootstrap.min.css",
    "https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js":
        "bootstrap-4.3.1/js/bootstrap.min.js",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.css":
        "bootstrap-table-1.19.1/bootstrap-table.min.css",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.js":
        "bootstrap-table-1.19.1/bootstrap-table.min.js",
    "https://unpkg.com/bootstrap-table@1.19.1/dist/extensions/filter-control/bootstrap-table-filter-control.min.js":
        "bootstrap-table-1.19.1/extensions/filter-control/bootstrap-table-filter-control.min.js",
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.min.css":
        "bootstrap-table-1.19.1/extensions/filter-control/bootstrap-table-filter-control.min.css",
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/bootstrap-table-filter-control.css":
        "bootstrap-table-1.19.1/extensions/filter-control/bootstrap-table-filter-control.min.css",
    "https://code.jquery.com/jquery-3.7.1.min.js":
        "jquery-3.7.1/jquery.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js":
        "popper.js-1.12.9/umd/popper.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/css/bootstrap-datepicker.min.css":
        "bootstrap-datepicker-1.9.0/css/bootstrap-datepicker.min.css",
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/js/bootstrap-datepicker.min.js":
        "bootstrap-datepicker-1.9.0/js/bootstrap-datepicker.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/css/all.min.css":
        "fontawesome-free-6.6.0/css/all.min.css",
    "https://cdn.jsdelivr.net/npm/@forevolve/bootstrap-dark@1.1.0/dist/css/bootstrap-prefers-dark.css":
        "bootstrap-dark-1.1.0/css/bootstrap-prefers-dark.min.css",
}

# GX's logo is loaded from its own web-assets bucket (with a `?d=<context id>` cache buster),
# though GX copies the same image into every site's `static/images/`. Paths are relative to the
# site root. The dark-mode logo (a CSS background) has no local copy; the light one stands in.
GX_IMAGE_HOST = "https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/"
GX_IMAGES: dict[str, str] = {
    "logo-long.png": "static/images/logo-long.png",
    "full_logo_dark.png": "static/images/logo-long.png",
}

# Scripts that only draw charts (GX's `graph` content blocks, via vegaEmbed). No newsetl
# contract uses an expectation that renders one, so they are not vendored (~1 MB): a page that
# does not call vegaEmbed loses the tags; one that does keeps them and is reported.
CHART_SCRIPTS = (
    "https://cdn.jsdelivr.net/npm/vega@5",
    "https://cdn.jsdelivr.net/npm/vega-lite@5",
    "https://cdn.jsdelivr.net/npm/vega-embed@6",
)

# A resource-loading tag (may span lines: GX writes <img> over several) and its URL attribute.
_TAG = re.compile(r"<(script|link|img)\b[^>]*>", re.IGNORECASE)
_URL_ATTR = re.compile(r"""(?<![\w-])(src|href)\s*=\s*(["'])(.*?)\2""", re.IGNORECASE | re.DOTALL)
# SRI and CORS mode: with them, Chromium refuses a script loaded from a file:// page (opaque
# origin, no CORS), and the vendored bytes are checked against those hashes by the tests instead.
_SRI_ATTRS = re.compile(r"""\s+(integrity|crossorigin)(\s*=\s*(["']).*?\3)?""", re.IGNORECASE | re.DOTALL)
_CHART_TAG = re.compile(
    r"[ \t]*<script\s+src=(['\"])(" + "|".join(re.escape(u) for u in CHART_SCRIPTS) + r")\1\s*>\s*</script>[ \t]*\n?",
    re.IGNORECASE)
_GX_IMAGE_URL = re.compile(re.escape(GX_IMAGE_HOST) + r"([A-Za-z0-9_.-]+)(\?[^\"')\s]*)?")
# A site-relative `static/...` URL (GX's own images, styles), however deep GX thought the page was.
_SITE_STATIC = re.compile(r"^(\./|(?:\.\./)*)static/")
_EXTERNAL = re.compile(r"^(https?:)?//", re.IGNORECASE)


def _local(to_root: str, site_path: str) -> str:
    """`site_path` (relative to the site root) as seen from a page `to_root` below it."""
    return f"{to_root}{site_path}" if to_root else site_path


def rewrite_page(html: str, to_root: str) -> str:
    """One page's HTML with every known CDN asset pointed at its vendored copy.

    `to_root` is the relative path from the page's folder to the site root, with a trailing
    slash ("" for index.html, "../" for expectations/x.html, "../../../../" for a validation
    page): GX pages sit at different depths and must work from disk, so URLs stay relative.
    Unknown external URLs are left alone (see `external_resources`).
    """
    if "vegaEmbed(" not in html:
        html = _CHART_TAG.sub("", html)

    def tag(match: re.Match[str]) -> str:
        text = match.group(0)
        url_match = _URL_ATTR.search(text)
        if not url_match:
            return text
        url = url_match.group(3)
        start, end = url_match.span(3)
        if url in CDN_ASSETS:
            local = _local(to_root, f"{VENDOR_DIR}/{CDN_ASSETS[url]}")
            return _SRI_ATTRS.sub("", text[:start] + local + text[end:])
        static = _SITE_STATIC.match(url)
        if static:  # GX writes the favicon of validation pages one level short: re-anchor it
            return text[:start] + _local(to_root, url[static.end(1):]) + text[end:]
        return text

    html = _TAG.sub(tag, html)

    def image(match: re.Match[str]) -> str:
        name = match.group(1)
        return _local(to_root, GX_IMAGES[name]) if name in GX_IMAGES else match.group(0)

    return _GX_IMAGE_URL.sub(image, html)


def external_resources(html: str) -> list[str]:
    """The external URLs a page would still fetch: src/href of its script, link and img tags.

    Plain links (<a href>) are navigation, not page resources, and are not counted.
    """
    found = []
    for match in _TAG.finditer(html):
        url_match = _URL_ATTR.search(match.group(0))
        if url_match and _EXTERNAL.match(url_match.group(3).strip()):
            found.append(url_match.group(3).strip())
    return found


def _pages(docs_dir: Path) -> list[Path]:
    vendor = docs_dir / VENDOR_DIR
    return sorted(p for p in docs_dir.rglob("*.html") if vendor not in p.parents)


def make_offline(docs_dir: Path) -> None:
    """Copy the vendored assets into `docs_dir/static/vendor/` and rewrite every page under
    `docs_dir` to use them; log a warning for each external resource a page still loads.

    Safe to run again on the same site (a rebuilt one, or one already made offline).
    """
    docs_dir = Path(docs_dir)
    shutil.copytree(ASSETS_DIR, docs_dir / VENDOR_DIR, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__", "*.py", "*.pyc"))
    for page in _pages(docs_dir):
        relative = os.path.relpath(docs_dir, page.parent).replace(os.sep, "/")
        to_root = "" if relative == "." else relative + "/"
        html = page.read_text(encoding="utf-8")
        rewritten = rewrite_page(html, to_root)
        if rewritten != html:
            page.write_text(rewritten, encoding="utf-8")
        for url in external_resources(rewritten):
            log.warning("Data Docs page %s still loads %s from the internet: it will be missing offline "
                        "(add it to schemas/data_docs_assets and CDN_ASSETS)", page.relative_to(docs_dir), url)
