"""HTML selectors of the cleaner: the tag sets, class/id tokens, ARIA roles and meta names by
which a page says what an element is (chrome, body, byline, date).

Why apart from the logic (`html_dom.py`, `html_metadata.py`, `body_filter.py`): like
trafilatura's XPath expressions, these lists follow the templates found on the web and grow
with them, while the tree walks that use them stay the same. Plain data only; thresholds that
decide outcomes live in `settings.cleaning`.
"""
from __future__ import annotations

import re

# --------------------------------------------------------------------------- block tags
SUBHEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
TABLE_CELL_TAGS = frozenset({"td", "th"})
LIST_CELL_TAGS = frozenset({"li", "td", "th", "dt", "dd"})  # items and cells: never a teaser headline


# --------------------------------------------------------------------------- raw markup
# A script, style or template element with its content (cut out of oversized pages)
SCRIPT_STYLE = re.compile(r"<(script|style|template)\b[^>]*>.*?</\1\s*>", re.I | re.S)
# Every tag but the paragraph-level ones: replaced by a newline when a too-deep page is flattened
FLATTEN_TAGS = re.compile(
    r"<(/?)(?!(?:p|br|h[1-6]|li|html|head|body|title|meta|link)\b)[a-zA-Z][\w:-]*\b[^>]*>")

EARLY_END = re.compile(r"</(?:body|html)\s*>", re.I)
"""End tags of `<body>` and `<html>`. Why they are removed before parsing: templates that glue
a header include onto the page ("...</header></body></html>" followed by the article) are
common, and browsers, following the HTML standard ("after body" insertion mode), put whatever
comes after these tags back into the body; libxml2 instead drops it, which loses the whole
article. Without the end tags the parser closes both elements at the end of the input."""

# --------------------------------------------------------------------------- chrome removal
# tag -> chrome rule of an element removed for its tag alone
DROP_TAGS = {
    "script": "script", "style": "style", "noscript": "noscript", "template": "template",
    "svg": "svg", "iframe": "iframe", "object": "embed", "embed": "embed", "canvas": "embed",
    "form": "form", "button": "form", "input": "form", "select": "form", "textarea": "form",
    "label": "form", "link": "head", "meta": "head", "title": "head", "base": "head",
    "video": "embed", "audio": "embed", "map": "embed", "dialog": "popup", "nav": "nav",
    "header": "header", "footer": "footer", "aside": "aside", "menu": "nav",
}
ROLE_RULES = {
    "navigation": "nav", "banner": "header", "contentinfo": "footer", "complementary": "aside",
    "dialog": "popup", "alertdialog": "popup", "search": "nav", "menu": "nav", "menubar": "nav",
    "toolbar": "share_prompt",
}
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")

# class/id token -> rule. Tokens are whole words of class/id split on non-alphanumerics, so
# "ad-slot" gives "ad" but "header"/"load"/"shadow" never match "ad".
TOKEN_WORDS = {
    "ad_slot": "ad ads adv advert adverts advertisement advertisements advertising adslot adunit "
               "adsense adcontainer adwrapper adbox adblock dfp gpt sponsor sponsored "
               "sponsorship teads ezoic mpu leaderboard skyscraper billboard dfpad googleads",
    "related_list": "related recommended recommendations recommendation recirc recirculation "
                     "morestories trending mostread mostpopular popular taboola outbrain readmore "
                     "readnext upnext nextup",
    "share_prompt": "share shares sharing social socials sharebar sharethis addthis sociallinks "
                    "socialshare follow",
    "newsletter": "newsletter newsletters subscribe subscription signup optin mailchimp cta "
                  "calltoaction promo promobox restricted "
                  "paywall regwall",
    "cookie_banner": "cookie cookies consent gdpr onetrust cookiebanner ccpa",
    "comments": "comments comment commentlist disqus respond replies",
    "nav": "breadcrumb breadcrumbs nav navbar navigation menu topbar masthead skiplink "
           "pagination pager toc",
    "aside": "sidebar rail",
    "footer": "footer",
    "popup": "modal popup overlay lightbox",
    "byline": "byline bylines dateline timestamp",
}
EXACT_TOKENS: dict[str, str] = {w: rule for rule, words in TOKEN_WORDS.items() for w in words.split()}
SUBSTR_TOKENS = [("newsletter", "newsletter"), ("cookie", "cookie_banner"),
                 ("related", "related_list"), ("advert", "ad_slot"), ("sharing", "share_prompt"),
                 ("breadcrumb", "nav"), ("sidebar", "aside")]
HIDDEN_CLASSES = {"hidden", "d-none", "sr-only", "visually-hidden", "screen-reader-text",
                  "is-hidden", "hide", "invisible", "u-hidden", "visuallyhidden"}
PHRASES = {"more-stories": "related_list", "most-read": "related_list",
           "read-more": "related_list", "you-may-like": "related_list",
           "site-header": "header", "author-bio": "author_box", "about-author": "author_box",
           "author-box": "author_box", "post-tags": "tags", "article-tags": "tags",
           "tag-list": "tags", "tags-list": "tags", "entry-meta": "byline",
           "post-meta": "byline", "article-meta": "byline", "social-media": "share_prompt"}
PROTECTED_TAGS = {"html", "body", "main", "article"}
BODY_HINT = re.compile(
    r"article[-_]?body|articlebody|story[-_]?body|post[-_]?(?:content|body)|entry[-_]?content|"
    r"article[-_]?content|story[-_]?content|article[-_]?text|content[-_]?body|main[-_]?content|"
    r"body[-_]?text|rich[-_]?text|article__content|post-entry|single[-_]?content",
    re.I,
)

# A link inside running text is preceded or followed by words of two letters or more
SENTENCE_WORD = re.compile(r"[^\W\d_]{2,}")
RUNNING_TEXT_PARENTS = frozenset("p li dd td blockquote span em strong b i u".split())

# What a reader never sees as text
INVISIBLE_TAGS = frozenset({"script", "style", "link", "meta", "head", "title", "svg",
                            "template", "noscript"})
# Elements whose source text_content() counts although no reader sees it
SOURCE_TAGS = ("script", "style", "noscript", "template")

# --------------------------------------------------------------------------- blocks
BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol blockquote pre table tr td th section article header "
    "footer figure figcaption dd dt dl br hr main aside nav address center fieldset details "
    "summary caption tbody thead body html".split()
)

CAPTION_TAGS = frozenset({"figcaption"})
"""Blocks that caption a figure. Why they are not body text: a caption describes an image
(what it shows, who took it: "Image 3: the pipeline", "Photo: Reuters") and is read apart
from the article's running text; reference extractions of article bodies leave them out, and
the cleaned text feeds sentence-level extraction, where a caption's fragment is noise. They
are still reported, under the rule "caption"."""

# --------------------------------------------------------------------------- main container
ITEM_TAGS = frozenset({"li", "td", "th", "dd", "dt", "figcaption", "caption"})
"""A block of one of these credits its list or table, not itself."""
SECTIONING_TAGS = frozenset({"div", "section", "article", "main"})
"""A block of one of these is its own container; any other credits its parent."""
ARTICLE_TAGS = frozenset({"article", "main"})
"""Containers the page marks as its main content by tag."""


# --------------------------------------------------------------------------- page metadata
ARTICLE_TYPES = {
    "newsarticle", "article", "reportagenewsarticle", "blogposting", "analysisnewsarticle",
    "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "webpage", "posting",
    "socialmediaposting", "liveblogposting", "techarticle", "scholarlyarticle", "report",
}
"""JSON-LD @types of the object that describes the article itself."""
ORGANIZATION_TYPES = {"organization", "newsmediaorganization"}
"""JSON-LD @types whose name is the publisher when the article names none."""
AUTHOR_META_NAMES = {"author", "article:author", "dc.creator", "parsely-author", "sailthru.author"}
"""<meta name/property> whose content is an author."""
PUBLISHED_META = ("article:published_time", "og:published_time", "datepublished", "pubdate",
                  "publishdate", "date", "dc.date", "dc.date.issued", "sailthru.date",
                  "parsely-pub-date")
"""<meta> keys of the publication time, most reliable first (after JSON-LD datePublished and
before its dateCreated)."""
MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "last-modified")
"""<meta> keys of the modification time, most reliable first (after JSON-LD dateModified)."""
PLACEHOLDER_AUTHORS = frozenset({"undefined", "null", "none", "admin", "administrator",
                                 "webmaster", "unknown", "anonymous", "author", "editor"})
"""Values CMS templates print when no author is set: not a name."""
AUTHOR_CUE = re.compile(r"^(?:by|written by)\s+", re.I)  # in front of a metadata author's name
ISO_OFFSET_NO_COLON = re.compile(r"([+-]\d\d)(\d\d)$")  # +0100, which fromisoformat reads as +01:00
ISO_NANOSECONDS = re.compile(r"\.(\d{6})\d+")  # digits of a fraction beyond microseconds

# Elements marked as a byline or dateline by their class, id, itemprop, rel or test ids
AUTHOR_MARK = re.compile(r"author|byline|by-line|writer|contributor", re.I)
DATE_MARK = re.compile(r"date|time|publish|posted|byline|by-line|dateline", re.I)
# whole words of a class/id: "comment-author", "disqus_thread", but not "commentary"
COMMENT_MARK = re.compile(r"(?<![a-z])(?:comments?|disqus|reply|replies|respond)(?![a-z])", re.I)
MARK_ATTRS = ("class", "id", "itemprop", "rel", "data-testid", "data-component")
UNMARKED_TAGS = ("script", "style", "meta", "link", "head", "title", "html", "body")
"""Elements never read as a byline or dateline."""
