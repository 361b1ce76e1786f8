"""Text patterns and word lists of the cleaner: what boilerplate lines, section labels,
related-article headings, sales buttons and prose look like in words.

Why apart from the rules that use them (`boilerplate.py`, `body_filter.py`): the phrase lists
grow with every site the cleaner meets, while the logic that applies them rarely changes; kept
here, a new phrase is a one-line change that cannot touch how the rules decide. The lists
are plain data (compiled regular expressions, frozensets of words), read by the logic modules.
Thresholds that decide outcomes live in `settings.cleaning`, not here.
"""
from __future__ import annotations

import re

# --------------------------------------------------------------------------- text
WHITESPACE = re.compile(r"\s+")

C1_CONTROL = re.compile("[\u0080-\u009f]")
MOJIBAKE_LEADS = "\u00e2\u00c3\u00c2\u00f0\u00ef"  # â Ã Â ð ï: lead bytes of common UTF-8
MOJIBAKE_RUN = re.compile("[\u00c2-\u00f4][\u0080-\u00bf]{1,3}")

# --------------------------------------------------------------------------- copyright
COPYRIGHT_START = re.compile(r"^\s*(?:©|\(c\)|copyright\b|&copy;)", re.I)
ALL_RIGHTS = re.compile(r"all rights reserved\.?", re.I)
# A copyright notice glued after the end of a body sentence: "...Ukraine.© 2023 Foo."
GLUED_COPYRIGHT = re.compile(
    r"(?<=[.!?\"”’)\]])\s*(?=(?:©|\(c\)\s*\d{4}|copyright\s+(?:©\s*)?\d{4}))", re.I
)
COPYRIGHT_MID = re.compile(r"©\s*(?:19|20)\d\d\b")
COPYRIGHT_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
COPYRIGHT_BODY = re.compile(
    r"^\s*(?:copyright\s*)?(?:©|\(c\)|&copy;)?\s*(?:copyright\s*)?"
    r"(?:(?:19|20)\d\d(?:\s*[-–—/]\s*(?:(?:19|20)\d\d|present))?)?[\s,.]*(?P<rest>.*)$",
    re.I,
)

# Where a copyright holder's name ends: a sentence break, a pipe/bullet, a dash
COPYRIGHT_HOLDER_END = re.compile(r"\.\s+(?=[A-Z])|\s[|•·]\s|\s[-–—]\s")

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
# A section label does not end like a sentence; its words are split at these separators
LABEL_END = re.compile(r"[.!?,:;\"“”]$")
LABEL_SEPARATOR = re.compile(r"\s*[|/›»>]\s*|\s+")

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
LEAD_MARKS = re.compile(r"^[^\w\s]+\s*")


# The label of a sales button: "Get Started for Free", "Book a demo", "Apply now", "Use code
# GET5K now". Whole line only; "Book now" and "Learn more" are left out because review and
# travel pages put them under every item of the article's own list.
CTA_BUTTON = re.compile(
    r"^(?:get started(?: for free| now| today)?|start (?:a |your )?free trial|"
    r"(?:book|get|request|schedule) (?:a |your )?(?:free )?(?:demo|consultation|session|call)|"
    r"apply (?:now|today)|sign up(?: now| today| for free| free)?|join (?:now|today|us|free)|"
    r"try (?:it )?(?:for )?free|contact us (?:today|now)|use code \S+(?: now| today)?|"
    r"start (?:shopping|now|today)|buy now|shop now|subscribe now)\W*$", re.I)


# --------------------------------------------------------------------------- simple line rules
def _rx(pattern: str, flags: int = re.I) -> re.Pattern[str]:
    return re.compile(pattern, flags)


# (rule id, compiled whole-line pattern, max length of the line for the rule to apply)
LINE_RULES: list[tuple[str, re.Pattern[str], int]] = [
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

RULE_ID_KEYWORDS = {
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

# Per-pattern prefilter words where the rule id's words do not fit (same use as RULE_ID_KEYWORDS)
PATTERN_KEYWORDS = {
    LINE_RULES[-1][1]: ("follow", "share"),
    LINE_RULES[-2][1]: ("talk to", "touch", "contact", "reach out", "call", "schedule", "book",
                         "request", "get "),
    LINE_RULES[-3][1]: ("prev", "next"),
    LINE_RULES[-4][1]: ("posted",),
    LINE_RULES[-5][1]: ("related",),
    LINE_RULES[-6][1]: (":",),
}


def _keyword_rx(words: tuple[str, ...] | None) -> re.Pattern[str] | None:
    return re.compile("|".join(map(re.escape, words))) if words else None


# (rule id, pattern, max length, prefilter): the prefilter is one C-level search for any of
# the words a pattern needs, so most lines skip most patterns cheaply
RULE_TABLE = [(rule, rx, max_len, _keyword_rx(PATTERN_KEYWORDS.get(rx) or RULE_ID_KEYWORDS.get(rule)))
              for rule, rx, max_len in LINE_RULES]

# The long-paragraph patterns (newsletter prompt, disclosure) that `trailing_notice` applies
# beyond their usual length limit, at the end of an article only
TRAILING_RULES = [(rule, rx, _keyword_rx(RULE_ID_KEYWORDS.get(rule))) for rule, rx, max_len in LINE_RULES
                  if rule in ("newsletter", "disclosure") and max_len >= 300]

# Breadcrumb: "Home > News > World", "Home / Politics / Congress", "News » Local"
CRUMB_SEP = re.compile(r"\s+(?:[>›»/|]|→)\s+")
CRUMB_ROOTS = frozenset({"home", "homepage", "news", "start"})  # a trail's first step

# A list bullet a text dump keeps in front of a line
LINE_BULLET = re.compile(r"^(?:[*•·▪◦‣]|-(?=\s))\s*")

# Social networks and share-button words: a short line made mostly of them is a share row
SOCIAL_WORDS = frozenset("facebook twitter x linkedin whatsapp reddit pinterest telegram email "
                         "e-mail print flipboard messenger threads bluesky mastodon instagram "
                         "youtube tiktok sms copy link share on via tumblr pocket mix".split())

# --------------------------------------------------------------------------- prose signals
# English function words: their share is jusText's main signal of prose
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
LATIN_WORD = re.compile(r"[A-Za-z’']+")

SENTENCE_LIKE_END = re.compile(r"[.!?…:;\"”’)\]]$")

# A word of any script: the unit of word trigrams (repetitive blocks, repeated paragraphs)
WORD_RUN = re.compile(r"\w+", re.UNICODE)


# --------------------------------------------------------------------------- body blocks
# Rules whose lines mark the end of the article: a body span is not extended across them.
BARRIER_RULES = frozenset({"comments_prompt", "related_list", "copyright", "author_box"})

# The last line of a hard-wrapped paragraph ends a sentence
SENTENCE_END = re.compile(r"[.!?:;…]['\"’”)\]]*$")
# A linked paragraph that is one prose sentence ends with a full stop after a word
LINKED_SENTENCE_END = re.compile(r"\w[.]['\"’”)\]]*$")
# A plain short paragraph that closes a sentence ("It isn't.")
CLOSED_SENTENCE = re.compile(r"\w[.…]['\"’”)\]]*$")


# --------------------------------------------------------------------------- author boxes
BIO_START = re.compile(
    r"^(?:(?i:(?:hi|hello|hey),? i'?’?m |about (?:the )?author\b)|"
    r"[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]*){0,3},?(?:\s+[A-Z][A-Z.,®&-]{1,12})*\s+"
    r"(?:is|was|has been|co-?founded|founded|writes|covers|serves as|joined|leads)\b)")
BIO_ROLE = re.compile(
    r"\b(?:writer|editor|journalist|reporter|contributor|author|expert|founder|co-?founder|"
    r"ceo|specialist|coach|correspondent|columnist|producer|analyst|blogger|strategist|"
    r"consultant|researcher|executive|head of|co-?founded|founded|has been writing|writes about|covers|"
    r"years of experience|decade of experience)\b", re.I)

NAME_LINE = re.compile(
    r"^(?i:about|by|written by|posted by)\s+(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"
    r"|[a-z][\w.-]{1,30})$")
NAME_LINE_STARTS = frozenset({"ab", "by", "wr", "po"})  # the first two letters of a NAME_LINE
BIO_VERB = re.compile(r"^(?:is|was|has|have|writes|covers|joined|leads|serves|specializes|"
                      r"specialises|loves|lives|holds|brings|helps|founded|co-founded)\b",
                      re.I)


# --------------------------------------------------------------------------- input text
NEWLINES = re.compile(r"\r\n|\r")  # line ends other than "\n"
# A copyright notice inside a dropped footer's text, up to the end of its line
COPYRIGHT_NOTICE = re.compile(r"(?:©|copyright)[^\n]{0,120}", re.I)
