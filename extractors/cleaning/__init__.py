"""Cleaning: from a raw page or text dump to the article's body and metadata.

`cleaner` is the entry point (`clean_html`, `clean_text`); the modules beside it are its
parts, in the order a page meets them: `html_dom` (parse, find the article's container),
`html_lede`, `boilerplate` (line rules), `body_filter` (paragraph classes, the body span),
`bylines` and `html_metadata` (who and when), `second_opinion` (trafilatura's view where ours
is doubtful).

Data apart from logic: `patterns` (the phrase patterns and word lists of the line rules and
the body filter), `byline_patterns` (months, zones, byline cues, name words) and `selectors`
(tag sets, class/id tokens, meta names). Every threshold, weight and cap is in
`settings.cleaning`.
"""
