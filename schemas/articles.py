"""`articles`: one row per published article."""
import pyarrow as pa

from settings import DEFAULT_LIMITS
from schemas.contract import DOC_ID, DOC_ID_RULE, INGESTED_AT, RUN_ID, Column, Rule, TableContract

TS = pa.timestamp("us", tz="UTC")
PUBLISHED_AT_SOURCES = ("input", "page", "byline", "text_header", "peer")
"""Where `published_at` comes from: the JSON-lines record, the page's metadata (JSON-LD,
<meta>, <time datetime>), a web page's visible byline or dateline, or a text dump's header, or the peer (htmldate) when none of those gave one."""

CONTRACT = TableContract(
    name="articles",
    description="One row per published article: metadata, the clean body text and its counts.",
    columns=(
        DOC_ID,
        Column("source_path", pa.string(), "Input file the article came from, relative to the input folder.",
               nullable=False),
        Column("source_record", pa.int32(), "1-based line in a JSON-lines file; null for whole files."),
        Column("format", pa.string(), "Input format: text, html or jsonl.", nullable=False),
        Column("content_type", pa.string(), "What was cleaned: text (plain-text dump) or html (web page).",
               nullable=False),
        Column("url", pa.string(), "Article URL: from the JSON-lines record, else the page's canonical link."),
        Column("title", pa.string(), "Headline: from the JSON-lines record, else from the page metadata, else a text dump's first headline-shaped line."),
        Column("authors", pa.list_(pa.string()), "Authors named by the page metadata, else by the page's or the text dump's byline (may be empty)."),
        Column("publisher", pa.string(), "Publisher or site name: page metadata, else the copyright line."),
        Column("section", pa.string(), "Section label found in the boilerplate (e.g. 'News'), if any."),
        Column("copyright_year", pa.int32(), "Year of the copyright line, if any."),
        Column("published_at", TS, "Publication time (UTC) when known."),
        Column("published_at_source", pa.string(), "Where published_at came from: input (JSON-lines field), "
                                                   "page (HTML metadata: JSON-LD, meta tags, time element), "
                                                   "byline (a web page's visible byline or dateline) or "
                                                   "text_header (the header lines of a text dump) or "
                                                   "peer (the day htmldate finds on the page when none "
                                                   "of those did: midnight UTC of that day); null when "
                                                   "unknown."),
        Column("modified_at", TS, "Last modification time (UTC) from the page metadata, when known."),
        Column("language", pa.string(), "ISO 639-1 code of the body text (py3langid), else the page's declared "
                                        "language for very short texts."),
        Column("text", pa.string(), "Clean article body: paragraphs separated by one blank line. All character "
                                    "offsets in other tables point into this string.", nullable=False),
        Column("char_count", pa.int32(), "Length of text in characters (Python code points).", nullable=False),
        Column("word_count", pa.int32(), "Whitespace-separated words in text.", nullable=False),
        Column("paragraph_count", pa.int32(), "Paragraphs in text (rows in `paragraphs`).", nullable=False),
        Column("removed_block_count", pa.int32(), "Blocks the cleaner removed (rows in `removed_blocks`).",
               nullable=False),
        RUN_ID,
        INGESTED_AT,
    ),
    primary_key=("doc_id",),
    rules=(
        DOC_ID_RULE,
        Rule("ExpectColumnValuesToBeBetween", {"column": "word_count", "min_value": DEFAULT_LIMITS.min_body_words},
             "row", f"fewer than {DEFAULT_LIMITS.min_body_words} words left after cleaning is not an article "
                    "(a stub, an error page, or a cleaner failure)"),
        Rule("ExpectColumnValuesToMatchRegex", {"column": "language", "regex": r"^[a-z]{2,3}$"}, "row",
             "language must be an ISO 639 code"),
        Rule("ExpectColumnValuesToBeBetween",
             {"column": "published_at", "min_value": "1800-01-01T00:00:00+00:00",
              "max_value": "2100-01-01T00:00:00+00:00"},
             "row", "a publication date outside 1800-2100 is a parsing error (archives reach back to the 19th century)"),
        Rule("ExpectColumnValuesToBeBetween", {"column": "copyright_year", "min_value": 1990, "max_value": 2100},
             "row", "a copyright year outside 1990-2100 is a parsing error"),
        Rule("ExpectColumnValuesToBeInSet", {"column": "content_type", "value_set": ["text", "html"]}, "table",
             "content type is set by the pipeline"),
        Rule("ExpectColumnValuesToBeInSet",
             {"column": "published_at_source", "value_set": list(PUBLISHED_AT_SOURCES)}, "table",
             "the source of published_at is set by the pipeline"),
    ),
)
