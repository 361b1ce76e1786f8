"""Line/block rules that recognise boilerplate, shared by text mode and HTML mode.

Why hand-written rules instead of a library: the extraction libraries (trafilatura, jusText)
work on markup, decide per DOM node and do not tell *which* rule dropped a line. Plain-text
dumps have no markup at all, and the analysts need an auditable rule id for every removed line.
The patterns below are deliberately anchored (whole line, short lines only) so that a body
paragraph that merely *mentions* cookies or newsletters is never dropped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_WS = re.compile(r"\s+")


def normalise_ws(text: str) -> str:
    """Collapse runs of whitespace to one space and strip; characters are otherwise untouched
    (later stages compute offsets into the body, so quotes and dashes must survive as-is)."""
    return _WS.sub(" ", text).strip()


_C1_CONTROL = re.compile("[\u0080-\u009f]")
_MOJIBAKE_LEADS = "\u00e2\u00c3\u00c2\u00f0\u00ef"  # â Ã Â ð ï: lead bytes of common UTF-8
_MOJIBAKE_RUN = re.compile("[\u00c2-\u00f4][\u0080-\u00bf]{1,3}")


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was decoded as Latin-1 before the page was saved ("Investorâ\x80\x99s"
    for "Investor’s"): each such run is re-encoded to its bytes and decoded as UTF-8.

    Why only when C1 control characters (U+0080-U+009F) occur: they never appear in real
    text, but nearly every double-decoded curly quote, dash, symbol or emoji leaves one, so
    their presence is the signal; text without them is returned untouched. The regex scan
    for them only runs when a typical lead character (â, Ã, Â, ð, ï) is present: a few
    single-character searches cost a tenth of the scan, which matters in text mode. A run
    whose bytes are not valid UTF-8 is left as it is."""
    if not any(c in text for c in _MOJIBAKE_LEADS) or not _C1_CONTROL.search(text):
        return text

    def fix(m: re.Match[str]) -> str:
        try:
            return m.group(0).encode("latin-1").decode("utf-8")
        except UnicodeError:
            return m.group(0)

    return _MOJIBAKE_RUN.sub(fix, text)


@dataclass(frozen=True)
class RuleHit:
    rule: str
    detail: str


# --------------------------------------------------------------------------- copyright
_COPYRIGHT_START = re.compile(r"^\s*(?:©|\(c\)|copyright\b|&copy;)", re.I)
_ALL_RIGHTS = re.compile(r"all rights reserved\.?", re.I)
# A copyright notice glued after the end of a body sentence: "...Ukraine.© 2023 Foo."
_GLUED_COPYRIGHT = re.compile(
    r"(?<=[.!?\"”’)\]])\s*(?=(?:©|\(c\)\s*\d{4}|copyright\s+(?:©\s*)?\d{4}))", re.I
)
_COPYRIGHT_MID = re.compile(r"©\s*(?:19|20)\d\d\b")
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_COPYRIGHT_BODY = re.compile(
    r"^\s*(?:copyright\s*)?(?:©|\(c\)|&copy;)?\s*(?:copyright\s*)?"
    r"(?:(?:19|20)\d\d(?:\s*[-–—/]\s*(?:(?:19|20)\d\d|present))?)?[\s,.]*(?P<rest>.*)$",
    re.I,
)


def parse_copyright(line: str) -> tuple[str | None, int | None]:
    """Return (publisher, year) from a copyright line such as "© 2023 Newsmax. All rights
    reserved."; the *latest* year in a range is the copyright year."""
    years = [int(y) for y in _YEAR.findall(line)]
    year = max(years) if years else None
    m = _COPYRIGHT_BODY.match(line)
    rest = m.group("rest") if m else ""
    rest = _ALL_RIGHTS.split(rest)[0]
    # the holder ends at a sentence break, a pipe/bullet, or "All rights reserved"
    rest = re.split(r"\.\s+(?=[A-Z])|\s[|•·]\s|\s[-–—]\s", rest)[0]
    rest = rest.strip(" .,;:|-–—")
    if not rest or len(rest) > 80 or not re.search(r"[A-Za-z]", rest):
        return None, year
    return rest, year


def is_copyright_line(line: str) -> bool:
    s = line.strip()
    if len(s) > 250:
        return False
    if _COPYRIGHT_START.match(s):
        return True
    # "Jane Doe © 2025. All content is the property of ..." (holder before the sign)
    return (bool(_ALL_RIGHTS.search(s)) or bool(_COPYRIGHT_MID.search(s))) and len(s) < 160


# --------------------------------------------------------------------------- section labels
SECTION_WORDS = frozenset(
    """news world politics business sport sports opinion technology tech science health
    entertainment culture lifestyle life travel markets economy local national international
    us u.s. uk europe asia africa americas middle-east australia analysis features feature
    environment climate education money finance crypto arts books food style video videos
    podcasts weather breaking latest commentary editorial editorials investigations media
    law crime justice energy defense defence military security society tv television music
    film movies gaming games cars autos property realestate real-estate careers jobs
    religion faith obituaries sports-news"""
    .split()
)


def looks_like_label(line: str) -> bool:
    """A section label: 1-3 capitalised words, no sentence punctuation ("News", "World",
    "Middle East", "Business | Markets")."""
    s = line.strip()
    if not s or len(s) > 32 or re.search(r"[.!?,:;\"“”]$", s):
        return False
    words = re.split(r"\s*[|/›»>]\s*|\s+", s)
    words = [w for w in words if w]
    if not 1 <= len(words) <= 3:
        return False
    return all(w[0].isupper() or w.lower() in SECTION_WORDS or w == "&" for w in words)


def is_known_section(line: str) -> bool:
    s = line.strip().lower()
    parts = [p for p in re.split(r"\s*[|/›»>]\s*|\s+", s) if p and p != "&"]
    return bool(parts) and all(p in SECTION_WORDS for p in parts)


# --------------------------------------------------------------------------- related lists
RELATED_HEADING = re.compile(
    r"^(?:articles you may like|related|related (?:articles?|stories|story|news|content|posts?|"
    r"links|coverage|reading|topics|videos?)|more from .{1,50}|more (?:stories|news|articles|"
    r"headlines|on this (?:story|topic)|to read|like this)|recommended(?: for you| stories| "
    r"articles| posts| reading| videos?)?|read more|read next|up next|you may also like|you might "
    r"also like|you may (?:also )?be interested in|also read|see also|don'?t miss|"
    r"most (?:read|popular|viewed|shared)|trending(?: now| stories| news)?|popular(?: now| "
    r"stories| posts| articles)?|what to read next|further reading|editor'?s picks|top stories|"
    r"latest (?:news|stories|headlines|articles)|other stories|around the web|"
    r"from (?:our|the) (?:partners|web)|sponsored (?:stories|links)|more in .{1,40}|"
    r"keep reading|related posts|recent (?:articles|posts|stories)|more videos|related (?:blogs?|guides|reads|resources)|other related "
    r"(?:articles|posts|stories)|(?:other |more )?(?:posts|articles|stories|reads) you (?:may|might|"
    r"will) (?:also )?(?:enjoy|like|love))\s*(?:[:.]|\.\.\.|…)?$",
    re.I,
)


# List bullets and emoji a text dump keeps in front of a heading ("* Related", "🔥 Related")
_LEAD_MARKS = re.compile(r"^[^\w\s]+\s*")


def is_related_heading(line: str) -> bool:
    s = _LEAD_MARKS.sub("", line.strip())
    return len(s) <= 60 and bool(RELATED_HEADING.match(s))


# The label of a sales button: "Get Started for Free", "Book a demo", "Apply now", "Use code
# GET5K now". Whole line only; "Book now" and "Learn more" are left out because review and
# travel pages put them under every item of the article's own list.
_CTA_BUTTON = re.compile(
    r"^(?:get started(?: for free| now| today)?|start (?:a |your )?free trial|"
    r"(?:book|get|request|schedule) (?:a |your )?(?:free )?(?:demo|consultation|session|call)|"
    r"apply (?:now|today)|sign up(?: now| today| for free| free)?|join (?:now|today|us|free)|"
    r"try (?:it )?(?:for )?free|contact us (?:today|now)|use code \S+(?: now| today)?|"
    r"start (?:shopping|now|today)|buy now|shop now|subscribe now)\W*$", re.I)


def is_cta_button(line: str) -> bool:
    """A sales button's label on a line of its own (see `_CTA_BUTTON`)."""
    s = line.strip()
    return len(s) <= 40 and bool(_CTA_BUTTON.match(s))


def is_headline_like(line: str) -> bool:
    """A list item under a related heading: a short line, at most ~25 words, not ending like a
    long prose sentence. Why: headline lists have no markup left in a text dump, so the length
    and shape of the line is the only signal."""
    s = line.strip()
    if not s or len(s) > 160:
        return False
    words = s.split()
    if len(words) > 25:
        return False
    # a prose sentence of many words ending with a full stop is body, not a headline
    return not (len(words) > 14 and s.endswith("."))


# --------------------------------------------------------------------------- simple line rules
def _rx(pattern: str, flags: int = re.I) -> re.Pattern[str]:
    return re.compile(pattern, flags)


# (rule id, compiled whole-line pattern, max length of the line for the rule to apply)
_LINE_RULES: list[tuple[str, re.Pattern[str], int]] = [
    ("advert", _rx(r"^(?:advertisement|advertisements|advertising|advert|ad|ads|sponsored|"
                   r"sponsored content|promoted|promoted content|paid content|paid post|"
                   r"(?:story|article|content) continues below(?: advertisement)?|"
                   r"scroll (?:down )?to continue(?: with content| reading)?|"
                   r"continue reading below|skip (?:this )?ad|report (?:this )?ad|"
                   r"ad feedback|-+\s*advertisement\s*-+|sponsor(?:ed)? message|"
                   r"in partnership with|.{3,120}[(\[]sponsored[)\]])\s*[:.]?$"), 130),
    ("cookie_banner", _rx(r"(?:we use cookies|this (?:web)?site uses cookies|uses cookies to|"
                          r"cookie (?:policy|settings|preferences|consent|notice)|"
                          r"accept (?:all )?cookies|reject (?:all )?cookies|manage (?:cookie )?"
                          r"(?:preferences|consent|settings)|by continuing to (?:use|browse)|"
                          r"you consent to (?:our|the) use of cookies|privacy preferences)"), 400),
    ("newsletter", _rx(r"(?:sign up (?:for|to) (?:our|the|a) .{0,40}(?:newsletter|email|alerts|"
                       r"briefing|digest)|subscribe to (?:our|the) .{0,40}(?:newsletter|"
                       r"channel|podcast|email)|delivered (?:straight |directly )?"
                       r"to your inbox|in your inbox|enter your email|your email address|"
                       r"get (?:our|the) .{0,30}(?:newsletter|briefing)|^subscribe(?: now| "
                       r"today| here)?[.!]?$|^sign up(?: now| today| here)?[.!]?$|"
                       r"^already a subscriber|^become a (?:member|subscriber)|"
                       r"^support (?:our|independent) journalism|^thanks for signing up|"
                       r"unsubscribe at any time|"
                       r"sign up to (?:get|receive) (?:our |the )?.{0,40}(?:emails?|newsletters?|"
                       r"updates)|subscribe to (?:our|the) .{0,40}(?:newsletter|channel|podcast|"
                       r"email|blog|updates) to (?:receive|get)|"
                       # referral and paywall prompts
                       r"if you (?:liked|enjoyed) this (?:article|post|story|piece),? "
                       r"(?:please )?(?:consider|share|subscribe)|tell your friends and get|"
                       r"^this (?:article|story|post) is (?:exclusive|only available) to "
                       r".{0,30}(?:subscribers|members))"), 300),
    # the bare word only on a short line: prose may well talk about a newsletter
    ("newsletter", _rx(r"newsletter"), 60),
    ("share_prompt", _rx(r"^(?:share(?: this)?(?: article| story| post| page| on .{1,20})?|"
                         r"follow us(?: on .{1,60})?|like us on facebook|"
                         r"click (?:here )?to share.{0,40}|share via.{0,30}|tweet(?: this)?|"
                         r"email(?: this)?(?: article| story)?|print(?: this)?(?: article| "
                         r"page| story)?|copy link|link copied!?|facebook|twitter|x|linkedin|"
                         r"whatsapp|reddit|pinterest|telegram|flipboard|messenger|"
                         r"(?:facebook|twitter|x|linkedin|whatsapp|email|pinterest|reddit)"
                         r"(?:\s*[|,/•·]\s*(?:facebook|twitter|x|linkedin|whatsapp|email|"
                         r"pinterest|reddit|print|copy link))+|"
                         r"\d+\s+shares?|save (?:article|story)|gift (?:this )?article|"
                         r"listen to (?:this )?(?:article|story)(?:.{0,20})?|like this|"
                         r"like loading\.*|click to (?:share|email|print) .{0,60})\s*[:.!]?$"), 100),
    ("navigation", _rx(r"^(?:skip to (?:main )?(?:content|navigation|search)|menu|main menu|"
                       r"search|sign in|log in|login|register|my account|back to top|"
                       r"toggle navigation|close|open menu|home|go to homepage|"
                       r"show more|load more|see all|view all|next|previous|"
                       r"next article|previous article|prev|top|search for|"
                       r"privacy(?: policy| notice| statement)?|cookie policy|"
                       r"terms(?: of (?:use|service)| (?:&|and) conditions)?|contact(?: us)?|"
                       r"about(?: us)?|sitemap|site map|accessibility|careers|"
                       r"advertise(?: with us)?|press(?: center| room)?|faqs?|help(?: center)?|"
                       r"(?:affiliate|advertiser|editorial) (?:disclosure|policy|guidelines)|"
                       r"advertising policy|do not sell my (?:personal )?info(?:rmation)?|"
                       r"sign[- ]up(?: for free)?|log ?out|create (?:an )?account|book now|"
                       r"apply now|buy now|shop now|get started|learn more|copy|"
                       r"jump to (?:the )?(?:list|section|recipe)|table of contents|"
                       r"(?:book|request|schedule|get) a (?:free )?demo|request demo|"
                       r"try (?:it )?(?:for )?free|start (?:your |a )?free trial|categories)"
                       r"\s*[:.]?$"), 40),
    # affiliate / editorial disclosures: boilerplate sentences found on every page of a site
    ("disclosure", _rx(r"(?:we may (?:earn|receive) (?:an? )?(?:small |affiliate )?"
                       r"(?:commission|compensation)|as an amazon associate|"
                       r"earn from qualifying purchases|(?:contains|uses|use) affiliate links|"
                       r"reader[- ]supported|(?:products|items) (?:are|were) (?:chosen|selected) "
                       r"independently|we independently (?:test|review|research|evaluate)|"
                       r"when you (?:buy|purchase|click) (?:through|via|using) (?:links|a link)|"
                       r"is a registered charity|by entering your email|"
                       r"your submission has been received|thank you for subscribing|"
                       r"(?:for|is) (?:general )?informational (?:and educational )?"
                       r"purposes only|(?:does not|is not intended to) (?:constitute|provide) "
                       r"(?:\w+ )?(?:financial|legal|medical|investment|tax) advice|"
                       r"(?:we|i) may be compensated|"
                       r"(?:we|i) (?:will |may |might )?(?:earn|receive) a (?:small )?commission|"
                       r"is a registered investment advis[eo]r)"), 400),
    # "59 Comments on “Title”", "12 thoughts on “Title”" (the WordPress comment-list heading)
    ("comments_prompt", _rx(r"^(?:\d+|one|no)\s+(?:comments?|thoughts?|responses?|replies|reply)"
                            r"\s+(?:on|to)\s+[\"“'‘].{1,200}$"), 240),
    ("comments_prompt", _rx(r"^(?:comments?|\d+\s+comments?|\d+\s+(?:replies|responses)|"
                            r"discussion about this (?:post|article|story)|reply|"
                            r"\S.{0,40}\s(?:says|said|wrote):?\s+\w+ \d{1,2},? \d{4}"
                            r"(?:,? at \d{1,2}:\d\d(?:\s*[ap]m)?)?|leave a (?:comment|reply)|"
                            r"join the (?:conversation|discussion)|add a comment|"
                            r"show comments|view comments|post a comment|comments are "
                            r"(?:closed|open)|you must be logged in to post a comment.*)\s*"
                            r"[:.]?$"), 80),
    # case-sensitive on purpose: a byline is "By" + capitalised names, while "By the end of
    # the day, ..." is prose
    # the heading of an author box closes the article (a barrier for the body span)
    ("author_box", _rx(r"^(?:about the author|about the writer|meet the author|"
                       r"author bio(?:graphy)?)\s*[:.]?$"), 40),
    ("byline", _rx(r"^(?:[Bb]y|BY|[Ww]ritten by|[Ww]ords by|[Rr]eporting by)\s+[A-Z][\w.'’-]*"
                   r"(?:\s+(?:[A-Z][\w.'’-]*|de|van|von|da|al|bin|and|&)|,)*"
                   # a desk instead of a person: "By The Currency editors", "By Foo staff"
                   r"(?:\s+(?:editors|staff|team|desk|newsroom|reporters|writers|contributors))?"
                   r"(?:\s*[,|•·-]\s*.{0,60})?$", 0), 100),
    ("photo_credit", _rx(r"^(?:(?:(?:featured?|header|hero|top|cover|lead) )?(?:photo|image|picture|illustration|video|graphic|credit|"
                         r"photograph|photos|images)s?(?:\s+(?:credit|courtesy|by))?\s*[:|/]"
                         r".{0,80}|\(?(?:(?:featured?|header|hero|top|cover|lead) )?(?:photo|image)\s+"
                         r"(?:by|courtesy of)\s.{0,80}|"
                         r".{0,80}(?:getty images|shutterstock|istock(?:photo)?|"
                         r"ap photo[^a-z].{0,40}|reuters/.{0,40}|afp via getty images)\)?)$"),
     120),
    ("timestamp", _rx(r"^(?:published|updated|posted|last updated|last modified|"
                      r"first published|modified)(?:\s+on)?\s*:?\s*.{0,60}\d.{0,40}$"), 100),
    ("reading_time", _rx(r"^(?:\d+\s*(?:min(?:ute)?s?|m)\s+read|reading time:?.{0,20}|"
                         r"estimated reading time.{0,20})$"), 40),
    ("tags", _rx(r"^(?:tags?|topics?|filed under|categories|category)\s*:.{0,200}$"), 220),
    # a reader comment's header on lines of its own: "3. Jane Doe says:" and the comment's
    # "December 19, 2025 at 14:10" (articles date themselves with "Published ...", not a
    # bare date and clock time)
    # (a name without a list number must be capitalised words: "As the report says:" is prose)
    ("comments_prompt", _rx(r"^(?:\d+\.\s+\S.{0,50}|[A-Z0-9][\w.'’@-]*(?:\s+[A-Z0-9][\w.'’@-]*)"
                            r"{0,3})\s(?:says|wrote):$|^(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|"
                            r"nov|dec)[a-z]*\.? \d{1,2},? \d{4},? (?:at )?\d{1,2}:\d\d"
                            r"(?:\s*(?i:[ap]\.?m\.?))?$", 0), 80),
    # an inline link to another article between paragraphs ("Related: <headline>"); not an
    # end-of-article marker, the body goes on after it
    ("related_link", _rx(r"^related\s*:\s*\S.{0,150}$"), 170),
    # WordPress entry meta: "Posted on <date>[<updated date>] in <category>, <category>, ..."
    ("tags", _rx(r"^posted (?:on )?.{0,40}\d{4}.{0,40}\bin\b .{0,300}$"), 400),
    # post navigation: "Previous: <title>", "Next Post » <title>"
    ("navigation", _rx(r"^(?:previous|next|prev)(?: post| article| story| page| entry)?\s*"
                       r"[:|»›]\s*.{1,150}$"), 170),
    # sales calls to action as a line of their own (a button, a banner heading): an imperative
    # to contact the publisher, never article prose
    ("call_to_action", _rx(r"(?:^|[.!?]\s+)(?:talk to (?:our|an?|one of our) .{0,50}(?:experts?|"
                           r"specialists?|team|advisors?|consultants?)|get in touch(?: with us)?|"
                           r"contact us (?:today|now)|reach out to us|"
                           r"call (?:us )?(?:for|to (?:schedule|book)) "
                           r"(?:an?|your) (?:appointment|consultation)|"
                           r"(?:schedule|book|request|get) "
                           r"(?:a|an|your) (?:free |personali[sz]ed )?(?:consultation|demo|call|"
                           r"quote|appointment|estimate|trial))(?: with .{1,40}| today| now)?"
                           r"\s*[.!]?$"), 90),
    # "... and follow us on Facebook, Instagram ...", "Like what you see? Share with a friend"
    ("share_prompt", _rx(r"follow (?:us|me) on (?:facebook|instagram|twitter|x|tiktok|linkedin|"
                         r"youtube|pinterest|threads|bluesky)\b|\bshare (?:this |it )?with "
                         r"(?:a|your) friends?\b"), 300),
]

_KEYWORDS = {
    "cookie_banner": ("cookie", "consent", "continuing", "privacy"),
    "newsletter": ("newsletter", "inbox", "email", "subscri", "sign up", "member", "briefing",
                   "journalism", "signing up", "liked this", "enjoyed this", "your friends"),
    "photo_credit": ("photo", "image", "picture", "illustration", "video", "graphic", "credit",
                     "getty", "shutterstock", "istock", "reuters", "ap "),
    "tags": ("tag", "topic", "filed", "categor", "posted"),
    "disclosure": ("commission", "compensation", "amazon", "qualifying", "affiliate",
                   "supported", "independently", "link", "charity", "entering your email",
                   "submission", "subscribing", "informational", "advice", "compensated",
                   "investment advis"),
}

# Per-pattern prefilter words where the rule id's words do not fit (same use as _KEYWORDS)
_RULE_KEYWORDS = {
    _LINE_RULES[-1][1]: ("follow", "share"),
    _LINE_RULES[-2][1]: ("talk to", "touch", "contact", "reach out", "call", "schedule", "book",
                         "request", "get "),
    _LINE_RULES[-3][1]: ("prev", "next"),
    _LINE_RULES[-4][1]: ("posted",),
    _LINE_RULES[-5][1]: ("related",),
    _LINE_RULES[-6][1]: (":",),
}


def _keyword_rx(words: tuple[str, ...] | None) -> re.Pattern[str] | None:
    return re.compile("|".join(map(re.escape, words))) if words else None


# (rule id, pattern, max length, prefilter): the prefilter is one C-level search for any of
# the words a pattern needs, so most lines skip most patterns cheaply
_RULE_TABLE = [(rule, rx, max_len, _keyword_rx(_RULE_KEYWORDS.get(rx) or _KEYWORDS.get(rule)))
               for rule, rx, max_len in _LINE_RULES]

# The long-paragraph patterns (newsletter prompt, disclosure) that `trailing_notice` applies
# beyond their usual length limit, at the end of an article only
_TRAILING_RULES = [(rule, rx, _keyword_rx(_KEYWORDS.get(rule))) for rule, rx, max_len in _LINE_RULES
                   if rule in ("newsletter", "disclosure") and max_len >= 300]


def trailing_notice(text: str) -> str | None:
    """Rule id when a paragraph closing the body is a publisher's notice - a subscription
    appeal or a legal/affiliate disclosure - however long (sites append several sentences of
    them to every article); None otherwise. Only meant for the last paragraphs: mid-article,
    a long paragraph mentioning a newsletter is prose."""
    if len(text) > TRAILING_NOTICE_MAX_CHARS:
        return None
    low = text.lower()
    for rule, rx, keys in _TRAILING_RULES:
        if (keys is None or keys.search(low)) and rx.search(text):
            return rule
    return None


TRAILING_NOTICE_MAX_CHARS = 1200

# Breadcrumb: "Home > News > World", "Home / Politics / Congress", "News » Local"
_CRUMB_SEP = re.compile(r"\s+(?:[>›»/|]|→)\s+")


def _is_breadcrumb(s: str) -> bool:
    if len(s) > 120:
        return False
    parts = _CRUMB_SEP.split(s)
    if len(parts) < 2:
        return False
    if any(len(p.split()) > 5 or not p for p in parts):
        return False
    return parts[0].lower() in {"home", "homepage", "news", "start"} or len(parts) >= 3 and all(
        p[0].isupper() for p in parts
    )


def classify_line(line: str) -> RuleHit | None:
    """Return the boilerplate rule that matches a whole (whitespace-normalised) line, if any.
    Only *position-independent* rules live here; section labels and related lists depend on
    where the line is and are decided by the callers.
    Memoised (pure function): site chrome lines repeat from page to page, and these ~15
    regexes are most of text mode's run time."""
    if len(line) > 400:
        return _classify_line(line)
    return _classify_cached(line)


@lru_cache(maxsize=1 << 15)
def _classify_cached(line: str) -> RuleHit | None:
    return _classify_line(line)


_BULLET = re.compile(r"^(?:[*•·▪◦‣]|-(?=\s))\s*")


def _classify_line(line: str) -> RuleHit | None:
    # a list bullet a text dump keeps in front of a line does not change what the line is
    s = _BULLET.sub("", normalise_ws(line))
    if not s:
        return None
    if is_copyright_line(s):
        return RuleHit("copyright", "copyright notice (©/Copyright/All rights reserved)")
    low = s.lower()
    n = len(s)
    for rule, rx, max_len, keys in _RULE_TABLE:
        if n > max_len:
            continue
        if keys is not None and not keys.search(low):
            continue  # speed: the pattern cannot fire without one of its keywords
        if rx.search(s):
            return RuleHit(rule, f"matched {rule} pattern")
    if _is_breadcrumb(s):
        return RuleHit("navigation", "breadcrumb trail")
    if _is_share_row(low):
        return RuleHit("share_prompt", "row of social network names")
    return None


_SOCIAL = frozenset("facebook twitter x linkedin whatsapp reddit pinterest telegram email "
                    "e-mail print flipboard messenger threads bluesky mastodon instagram "
                    "youtube tiktok sms copy link share on via tumblr pocket mix".split())


def _is_share_row(low: str) -> bool:
    """"Share: Facebook X Reddit Email" - a short line made mostly of social network names."""
    if len(low) > 160:
        return False
    words = re.findall(r"[a-z-]+", low)
    if len(words) < 3:
        return False
    social = sum(w in _SOCIAL for w in words)
    return social >= 3 and social >= 0.6 * len(words)


def split_glued_boilerplate(line: str) -> list[str]:
    """Split boilerplate glued to a body line (scrapers often lose the newline between the last
    paragraph, the copyright notice and the next page chrome):
    "...deployed to Ukraine.© 2023 Newsmax. All rights reserved.News" ->
    ["...deployed to Ukraine.", "© 2023 Newsmax. All rights reserved.", "News"]."""
    pieces = [line]
    m = _GLUED_COPYRIGHT.search(line)
    if m and m.start() > 0:
        pieces = [line[: m.start()], line[m.end():]]
    out: list[str] = []
    for p in pieces:
        m2 = _ALL_RIGHTS.search(p)
        if m2 and m2.end() < len(p.rstrip()) and is_copyright_line(p[: m2.end()]):
            tail = p[m2.end():]
            out.extend([p[: m2.end()], tail])
        else:
            out.append(p)
    return [p for p in out if p.strip()]


# --------------------------------------------------------------------------- prose signals
STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself also said
    says one two new would may might""".split()
)
_WORD = re.compile(r"[A-Za-z’']+")


def stopword_density(text: str) -> float:
    """Share of English function words: prose has ~0.35-0.5, menus and headline lists far
    less. This is jusText's main signal, reimplemented here because it must run on plain text
    lines without any markup."""
    words = _WORD.findall(text.lower())
    if not words:
        return 0.0
    return sum(1 for w in words if w in STOPWORDS) / len(words)


_SENT_END = re.compile(r"[.!?…:;\"”’)\]]$")


def is_sentence_like(text: str) -> bool:
    s = text.strip()
    return len(s.split()) >= 5 and bool(_SENT_END.search(s))
