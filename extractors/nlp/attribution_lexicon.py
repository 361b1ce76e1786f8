"""Words the attribution rules read: cue verbs by sense and their inflected forms, the nouns
that can speak, pronouns, honorifics and gendered words.

General English, curated by sense, never mined from any text or corpus; the rules that use them
live in `extractors/nlp/attributions.py` (kept apart so the lists can be reviewed without
reading the rules, as `amount_lexicon.py` and `temporal_lexicon.py` are). Inflected forms are
generated here because the lemmatizer is disabled for speed (see `extractors/nlp/model.py`).
"""
from __future__ import annotations


def _regular(base: str) -> tuple[str, ...]:
    if base.endswith("e"):
        return base, base + "s", base + "d", base[:-1] + "ing"
    if base.endswith("y") and base[-2:-1] not in "aeiou":
        return base, base[:-1] + "ies", base[:-1] + "ied", base + "ing"
    return base, base + "s", base + "ed", base + "ing"


_IRREGULAR = {
    "say": ("say", "says", "said", "saying"), "tell": ("tell", "tells", "told", "telling"),
    "write": ("write", "writes", "wrote", "written", "writing"), "admit": ("admit", "admits", "admitted", "admitting"),
    "forecast": ("forecast", "forecasts", "forecasting", "forecasted"),
    "testify": ("testify", "testifies", "testified", "testifying"),
    "think": ("think", "thinks", "thought", "thinking"), "find": ("find", "finds", "found", "finding"),
    "show": ("show", "shows", "showed", "shown", "showing"), "feel": ("feel", "feels", "felt", "feeling"),
    "vow": ("vow", "vows", "vowed", "vowing"), "quip": ("quip", "quips", "quipped", "quipping"),
    "yell": ("yell", "yells", "yelled", "yelling"), "read": ("read", "reads", "reading"),
    "repeat": ("repeat", "repeats", "repeated", "repeating"), "recall": ("recall", "recalls", "recalled", "recalling"),
    "tweet": ("tweet", "tweets", "tweeted", "tweeting"), "post": ("post", "posts", "posted", "posting"),
    "predict": ("predict", "predicts", "predicted", "predicting"), "boast": ("boast", "boasts", "boasted", "boasting"),
    "speak": ("speak", "speaks", "spoke", "spoken", "speaking"),
    "refer": ("refer", "refers", "referred", "referring"),  # the stressed final consonant doubles
    "explain": ("explain", "explains", "explained", "explaining"), "comment": ("comment", "comments", "commented",
                                                                            "commenting"),
}
# cue type -> base verbs, curated by sense (general English, not mined from any corpus).
# Inflected forms are generated (the lemmatizer is disabled for speed).
CUE_VERBS: dict[str, tuple[str, ...]] = {
    # verbs of saying and writing: the act itself is the attribution
    "speech": ("say", "tell", "add", "state", "note", "explain", "insist", "argue", "warn", "stress", "write",
               "claim", "announce", "acknowledge", "admit", "allege", "assert", "comment", "declare", "estimate",
               "predict", "suggest", "conclude", "testify", "caution", "emphasise", "emphasize", "observe", "reply",
               "respond", "concede", "contend", "tweet", "post", "recount", "forecast", "assess", "ask", "urge",
               "vow", "pledge", "promise", "joke", "quip", "shout", "yell", "chant", "scream", "answer", "repeat",
               "recall", "complain", "boast", "brag", "proclaim", "reiterate", "remark", "mention", "accuse",
               "question", "wonder", "continue", "read", "counter", "retort", "agree", "maintain", "charge", "call",
               "propose", "demand", "describe", "speak", "talk", "opine", "rail", "elaborate", "reflect", "refer",
               "point", "allude"),
    # what a publication, a study or a count makes known
    "report": ("report", "reveal", "disclose", "show", "find", "indicate"),
    # what someone holds true: an attributed claim too, though not speech
    "belief": ("think", "believe", "hope", "expect", "fear", "worry", "doubt", "suspect", "feel"),
    "confirmation": ("confirm",),
    "denial": ("deny",),
}
CUE_FORMS: dict[str, str] = {}
for _type, _bases in CUE_VERBS.items():
    for _base in _bases:
        for _form in _IRREGULAR.get(_base, _regular(_base)):
            CUE_FORMS[_form] = _type


def _forms(*bases: str) -> frozenset[str]:
    return frozenset(f for b in bases for f in _IRREGULAR.get(b, _regular(b)))


CALL = _forms("call")
ASK = _forms("ask")
SAY_FORMS = _forms("say")
COPULAS = frozenset({"is", "are", "was", "were", "be", "been", "being", "am", "'s", "’s", "'re", "’re", "become",
                     "becomes", "became", "becoming", "seem", "seems", "seemed", "remain", "remains", "remained"})
# Verbs of saying whose object is what or whom, not the claim ("said a few words", "told
# reporters", "answered the phone"). Others take the claim as their object ("noted the rising
# cost", "mentioned no consequences", "recalled the flood", "explained his vote").
SAY_TELL = _forms("say", "tell", "add", "ask", "answer", "reply", "respond", "continue", "read", "comment", "put")


# Verbs that are cues only in one of their senses ("the stock added 2 %", "the statement continued",
# "polls show", "struggled to contend"): they count only with a speaker-like subject AND a claim
# (a clausal complement or a quotation next to them).
WEAK_CUES = _forms("add", "continue", "conclude", "read", "post", "assess", "contend", "claim", "note", "show",
                   "find", "indicate", "suggest", "estimate", "feel", "hope", "expect", "fear", "worry", "doubt",
                   "suspect", "think", "believe", "agree", "maintain", "charge", "question", "wonder", "answer",
                   "repeat", "recall", "observe", "mention", "ask", "urge", "promise", "pledge", "vow", "predict",
                   "forecast", "counter", "accuse", "complain", "state", "reply", "respond", "comment", "call",
                   "propose", "demand", "describe", "announce", "deny", "confirm", "reveal", "disclose", "report",
                   "speak", "talk", "opine", "rail", "elaborate", "reflect", "refer", "point", "allude")
# Verbs of taking a public position on someone or something ("X endorsed Y", "X opposes the
# plan", "X criticized Y for Z", "X voted for Y"), curated by sense (general English). What
# they attribute is a stance, not words: the object is the claim, typed "stance", and only
# with a speaker-like subject, in the active voice.
STANCE_FORMS = _forms("endorse", "support", "oppose", "criticize", "criticise", "praise", "condemn", "denounce",
                      "reject", "applaud", "blame", "defend", "favor", "favour", "advocate", "vote", "back")
# Verbs of judging someone or something in public ("X blasted the ruling", "Y mocked the plan",
# "Z hailed the deal"): a stance as well, curated by sense (general English).
EVALUATION_FORMS = _forms("blast", "slam", "attack", "assail", "lambaste", "mock", "ridicule", "decry", "tout",
                          "hail", "welcome", "fault", "chide", "rebuke", "laud", "commend", "disparage", "belittle")
STANCE_FORMS = STANCE_FORMS | EVALUATION_FORMS
# Verbs of judging someone or something to be so ("voters see her as the likelier winner",
# "many consider him unfit"): a belief held by the subject, by sense (general English).
JUDGE_FORMS = _forms("see", "view", "regard", "consider", "deem") | frozenset({"saw", "seen"})
# Stance verbs whose position is stated with "for" ("advocated for a public option", "voted for X").
STANCE_FOR = _forms("advocate", "vote")
# Verbs by which the writer presents a proposition as how things look or are expected to go,
# without a holder ("Turnout seems to be rising", "The senator is expected to sign the bill"):
# the proposition is attributed, with an explicit "unattributed" source. By sense (general English).
SEEM_FORMS = _forms("seem", "appear")
EXPECTED_FORMS = frozenset({"expected"})
# Verbs of intending or wanting with a to-infinitive ("X wants to repeal the law", "Y sought to
# delay the vote", "Z threatened to sue"): the holder's stated aim is attributed to them, as a
# stance. By sense (general English); "promise", "vow", "pledge" are speech cues already.
VOLITION_FORMS = _forms("want", "wish", "seek", "plan", "intend", "aim", "decide", "refuse", "threaten", "hope",
                        "offer")
# Prepositions that introduce what speech is about ("warned of", "wrote about", "commented on",
# "railed against"), and the verbs whose "for" names what they ask ("called for", "pressed for").
TOPIC_PREPS = frozenset({"about", "of", "on", "against", "for"})
# What a belief is about when it states no proposition ("voters worry about the deficit").
BELIEF_TOPIC_PREPS = frozenset({"about"})
FOR_VERBS = _forms("call", "press", "push", "argue", "advocate", "plead", "appeal", "lobby", "campaign", "urge",
                   "demand", "ask", "clamor", "clamour")
# Verbs whose "to" names what they are about ("referred to the deal", "pointed to the polls").
TO_VERBS = _forms("refer", "point", "respond", "reply", "allude")
# Nouns of saying or of taking a position whose preposition names what they are about
# ("criticism of the plan", "support for the bill", "attacks on the press"), by sense.
STANCE_NOUNS = frozenset({
    "criticism", "criticisms", "support", "call", "calls", "attack", "attacks", "comment", "comments", "remark",
    "remarks", "praise", "opposition", "warning", "warnings", "endorsement", "condemnation", "denunciation",
    "defense", "defence", "critique", "accusation", "accusations", "allegation", "allegations", "complaint",
    "complaints", "question", "questions", "concern", "concerns", "doubts", "rejection", "embrace", "plea",
    "demand", "demands", "appeal", "response", "statement", "statements", "claim", "claims", "view", "views",
    "position", "positions", "stance", "assessment", "description", "characterization", "mention", "reference",
})
NOUN_PREPS = frozenset({"of", "for", "on", "about", "against", "to"})
# Prepositions that place an act in time ("announced the deal after cutting ties", "asked for
# his position during an interview"): when it was said, not part of what was said.
WHEN_PREPS = frozenset({"after", "before", "during", "since", "until", "amid", "following"})
# Verbs of saying that take a topic with a preposition though their object is not a claim.
TOPIC_VERBS = _forms("say", "write", "tweet", "post", "comment", "speak", "talk", "ask", "explain", "complain", "boast",
                     "brag", "joke", "testify", "reflect", "elaborate", "expand", "touch", "weigh", "rail", "opine")
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
SPEAKER_PRONOUNS = frozenset({"he", "she", "they", "i", "we", "you", "it", "who"})
FIRST_PERSON = frozenset({"i", "we"})
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
NONFINITE_TAGS = frozenset({"VB", "VBG"})  # base form (after "to" or a modal) and gerund
# Participles that can head a phrase hung on a verb ("..., followed by ...", "..., ranging from ...").
PARTICIPLE_TAGS = frozenset({"VBG", "VBN"})
# Subordinators of reason, condition and concession: a clause they open qualifies a claim, not its telling.
REASON_MARKS = frozenset({"because", "if", "unless", "although", "though", "since", "so", "whereas"})
WH_TAGS = frozenset({"WDT", "WP", "WRB"})
# The writer addressing the reader ("you want", "help you find"): outside a quotation no
# attribution's source.
SECOND_PERSON = frozenset({"you", "your", "yourself", "yourselves"})

NO_COMMENT_VERBS = frozenset({"declined", "declines", "refused", "refuses", "declining", "refusing"})
NO_REPLY_VERBS = frozenset({"respond", "reply", "comment"})

DOCUMENT_NOUNS = frozenset({
    "report", "reports", "document", "documents", "assessment", "assessments", "memo", "memorandum", "cable",
    "cables", "statement", "filing", "study", "survey", "analysis", "letter", "email", "transcript", "dossier",
    "briefing", "paper", "papers", "audit", "review", "indictment", "complaint", "ruling", "file", "files", "poll",
    "estimate", "estimates", "data", "figures", "records", "documentation", "communique", "leak",
    # the plurals of the kinds above, and recordings ("polls show", "the video shows")
    "polls", "surveys", "studies", "analyses", "memos", "letters", "emails", "filings", "transcripts", "statements",
    "audits", "reviews", "rulings", "leaks", "video", "videos", "footage", "recording", "recordings",
})
OUTLET_NOUNS = frozenset({"outlet", "newspaper", "paper", "broadcaster", "magazine", "website", "channel",
                          "agency", "daily", "tabloid", "network", "publication"})
PERSON_NOUNS = frozenset({
    "president", "spokesman", "spokeswoman", "spokesperson", "official", "officials", "minister", "director",
    "analyst", "analysts", "expert", "experts", "officer", "officers", "general", "ambassador", "lawmaker",
    "lawmakers", "senator", "diplomat", "diplomats", "researcher", "researchers", "source", "sources", "aide",
    "aides", "adviser", "advisers", "advisor", "chief", "commander", "secretary", "governor", "mayor", "leader",
    "leaders", "prosecutor", "prosecutors", "lawyer", "lawyers", "witness", "witnesses", "resident", "residents",
    "person", "people", "man", "woman", "member", "members", "executive", "ceo", "chairman", "chair", "head",
    "professor", "scientist", "economist", "representative", "representatives", "envoy", "premier", "king",
    "queen", "prince", "pope", "fellow", "editor", "journalist", "reporter", "correspondent",
    # people by the part they take in public life, singular and plural
    "voter", "voters", "supporter", "supporters", "critic", "critics", "activist", "activists", "protester",
    "protesters", "donor", "donors", "candidate", "candidates", "delegate", "delegates", "advocate", "advocates",
    "opponent", "opponents", "rival", "rivals", "strategist", "strategists", "pollster", "pollsters", "observers",
    "economists", "scientists", "professors", "senators", "governors", "mayors", "ministers", "judge", "judges",
    "spokespeople", "staffers", "staff", "employees", "workers", "citizens", "americans", "parents", "students",
    "teachers", "doctors", "nurses", "conservatives", "liberals", "progressives", "moderates", "independents",
    # shares of those polled ("41 percent would vote for her", "a majority opposes it")
    "percent", "%", "majority", "plurality", "minority", "respondents",
})
ORG_NOUNS = frozenset({
    "government", "administration", "ministry", "department", "office", "company", "firm", "military", "army",
    "intelligence", "embassy", "police", "authorities", "court", "council", "committee", "party", "group",
    "organisation", "organization", "institute", "bank", "regulator", "commission", "parliament", "campaign",
    "team", "union", "coalition", "alliance", "force", "forces", "navy", "command", "community", "agency",
})
# The senses of noun that can say something (see `_speaker_like`).
SPEAKER_NOUN_SETS = (PERSON_NOUNS, ORG_NOUNS, OUTLET_NOUNS, DOCUMENT_NOUNS)
PRONOUNS = {"it": "thing", "its": "thing", "he": "person", "she": "person", "him": "person", "her": "person",
            "they": "any", "them": "any"}

# Verbs by which someone authors a text ("X issued a statement"), by sense.
ISSUE_FORMS = _forms("issue", "release", "publish", "send", "sign", "file", "circulate", "distribute", "put",
                     "deliver", "write")

HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "madam", "mister"})


# Words that give a person's gender in English (titles, gendered role nouns): general knowledge.
FEMININE = frozenset({"she", "her", "ms", "mrs", "miss", "woman", "spokeswoman", "chairwoman", "congresswoman",
                      "businesswoman", "mother", "wife", "daughter", "sister", "queen", "actress", "grandmother",
                      "girl", "lady", "madam"})
MASCULINE = frozenset({"he", "him", "mr", "man", "spokesman", "chairman", "congressman", "businessman", "father",
                       "husband", "son", "brother", "king", "actor", "grandfather", "boy", "sir"})
