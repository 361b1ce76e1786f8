"""Cues in a mention's context: what the words around it say it is.

Each function reads one span in its parse (a title before it, a verb of speech after it, a
place preposition, an appositive); `evidence` weighs them over all of an entity's mentions.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

from extractors.nlp.entities.kinds import class_of_noun, initials_of
from extractors.nlp.entities.lexicon import (
    BODY_PREPOSITIONS, CITED_AUTHOR, CITED_AUTHOR_AT, CITED_YEAR, CIVIC_NOUNS, CLASS_NOUN_KINDS, COPULAS,
    CREDIT_WORDS, DESTINATION_HEADS, DETERMINERS, EXAMPLE_PREPOSITIONS, EXECUTIVE_NOUNS, FUNCTION_TAGS, HONORIFICS,
    INCLUDE_VERBS, KIN_NOUNS, LAUNCH_VERBS, LINE_MARKERS, LIST_NUMBER, NUMBER_OR_VERSION, OWNER_DETERMINERS,
    PERSON_PRONOUNS, PERSON_ROLES, PERSON_TITLES, PLACE_CUES_BEFORE, PLACE_NOUNS_AFTER, PLACE_ONLY_PREPOSITIONS,
    PLACE_PREPOSITIONS, POSSESSIVES, PRODUCT_NOUNS, PRODUCT_VERBS, SPEECH_VERBS, STOP_IN_ACRONYM, THING_NOUNS,
    THING_PRONOUNS, UI_VERBS, US_STATE_CODES, VERSION_OR_MARK,
)
from extractors.nlp.entities.result import Mention
from settings.extraction import CITED_AUTHORS_MIN_PER_LINE


def mention_span(doc: Doc, m: Mention) -> Span | None:
    """The mention's tokens in the parse (widened to whole tokens), which every cue reads."""
    return doc.char_span(m.start, m.end, alignment_mode="expand")


def opens_sentence(tok) -> bool:
    """First word of a sentence, a line, a list item or a table cell: where any word is capitalised."""
    if tok.i == 0 or tok.is_sent_start:
        return True
    prev = tok.doc[tok.i - 1]
    return "\n" in prev.text or "\n" in prev.whitespace_ or prev.text in LINE_MARKERS or bool(
        LIST_NUMBER.fullmatch(prev.text)) or (prev.is_space and "\n" in prev.text)


def token_before(span: Span, skip_det: bool = False):
    """The token before the span (past a determiner when asked), or None."""
    i = span.start - 1
    if skip_det and i >= 0 and span.doc[i].lower_ in {"the", "a", "an"}:
        i -= 1
    return span.doc[i] if i >= 0 else None


def person_evidence(doc: Doc, span: Span, civic: bool = True, pronouns: bool = True) -> bool:
    """A mention reads as a person: after a title ("Ms. Okafor"), subject of a verb of speech or
    thought ("Okafor said"), after "according to", or referred back to by he/she/his/her in its
    sentence (after it) or the next one (`pronouns=False` leaves out that weakest cue)."""
    prev = token_before(span)
    if prev is not None and (prev.lower_ in HONORIFICS or prev.lower_ in PERSON_TITLES):
        return True  # "Ms. Okafor", "President Obama"
    if prev is not None and prev.lower_ == "by" and prev.i > 0 and doc[prev.i - 1].lower_ in CREDIT_WORDS:
        return True  # "Reporting by Will Dunham", "This tip is by Hanah Teske"
    for tok in span:
        if tok.dep_ in {"nsubj", "nsubjpass"} and tok.head.lower_ in SPEECH_VERBS:
            return True
        if (tok.dep_ == "pobj" and tok.head.lower_ == "to" and tok.head.i > 0
                and doc[tok.head.i - 1].lower_ == "according"):
            return True
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is not None and nxt.lower_ in SPEECH_VERBS:
        return True
    if appositive_nouns(span) & PERSON_ROLES or (civic and modifies_civic_noun(span)):
        return True  # "Lena Voss, a nurse"; "the Obama administration"
    if not pronouns:
        return False
    sent = span.sent
    stop = sent.end
    if stop < len(doc):
        stop = doc[stop].sent.end  # the next sentence too
    return any(t.lower_ in PERSON_PRONOUNS for t in doc[span.end:stop])


def interface_object(span: Span) -> bool:
    """"click Next", "select New Device Setup", "tap on Settings": the mention is a control's label."""
    prev = token_before(span, skip_det=True)
    if prev is not None and prev.lower_ == "on" and prev.i > 0:
        prev = span.doc[prev.i - 1]
    return prev is not None and prev.lower_ in UI_VERBS


def shouted_function_word(span: Span) -> bool:
    """"WHO is in there", "to START with": one word in capitals that the tagger reads as a
    pronoun, determiner, preposition or verb is that word written in capitals, not an initialism."""
    return len(span) == 1 and span.text.isupper() and span[0].tag_ in FUNCTION_TAGS


def owned_by_the_page(span: Span) -> bool:
    """"our Ultimate Wedding Checklist", "your total Guest Count": a possessive determiner on the
    name itself marks the page's own tool, section or field; an organisation or a person is not
    "ours" ("my GitHub repo" is the repo's determiner, so it does not count)."""
    root, doc = span.root, span.doc
    return any(c.dep_ == "poss" and c.lower_ in OWNER_DETERMINERS and c.i < span.start
               and not any(t.pos_ in {"NOUN", "PROPN"} for t in doc[c.i + 1:span.start])  # "my great-aunt Gretchen"
               for c in root.children)


def thing_evidence(span: Span) -> bool:
    """A one-word PERSON that reads as a thing: an article governs it ("the Bermuda will detect",
    "the faded Levi's"; "the Obama administration" is the noun's article), or the first pronoun
    that follows it in its sentence and the next is "it"/"its" with no he/she in that window."""
    doc = span.doc
    root = span.root
    if root.dep_ not in {"compound", "amod", "nmod"} and any(
            c.dep_ == "det" and c.lower_ in {"the", "a", "an"} and c.i < span.start for c in root.children):
        return True
    stop = span.sent.end
    if stop < len(doc):
        stop = doc[stop].sent.end
    pronouns = [t.lower_ for t in doc[span.end:stop] if t.lower_ in PERSON_PRONOUNS | THING_PRONOUNS]
    return bool(pronouns) and pronouns[0] in THING_PRONOUNS and not set(pronouns) & PERSON_PRONOUNS


def product_use(span: Span) -> bool:
    """The mention is what one installs, downloads, updates or runs ("install Vesta"), or has a
    product's appositive ("Vesta, an open-source framework"): software or a device, not a body."""
    root = span.root
    if root.dep_ in {"dobj", "pobj"} and (root.head.lower_ in PRODUCT_VERBS or (
            root.dep_ == "pobj" and root.head.head.lower_ in PRODUCT_VERBS and root.head.lower_ in {"with", "on"})):
        return True
    return any(c.dep_ == "appos" and c.i >= span.end and c.lower_ in PRODUCT_NOUNS for c in root.children)


def launched_by_an_organisation(span: Span, org_tokens: set[int]) -> bool:
    """The mention (or the list it stands in) is what an organisation launches, releases, unveils or
    introduces ("Acme launched Vesta", "the company recently unveiled Vesta Pro and Vesta Go"): the
    verb's subject, or that of the verb it is coordinated with, is an organisation the article names
    (`org_tokens`) or a body's class noun ("the company", "the startup"). Why: what a body brings out is
    its product or service; a person who launches something may found a company, so people's and
    pronouns' subjects say nothing."""
    item = _first_item(span.root)
    verb = item.head
    if item.dep_ != "dobj" or verb.lower_ not in LAUNCH_VERBS:
        return False
    verbs = [verb] + ([verb.head] if verb.dep_ == "conj" else [])
    subjects = [c for v in verbs for c in v.children if c.dep_ == "nsubj"]
    return any(c.i in org_tokens or c.is_lower and CLASS_NOUN_KINDS.get(c.lower_) == "ORG" for c in subjects)


def has_kin(span: Span) -> bool:
    """"Dana's husband", "Reyes' daughter": the mention's possessive owns a kin noun, which only a person
    has (`KIN_NOUNS`)."""
    doc = span.doc
    return (span.end + 1 < len(doc) and doc[span.end].text in POSSESSIVES
            and doc[span.end + 1].lower_ in KIN_NOUNS)


def has_executives(span: Span) -> bool:
    """"CEO of Vexa", "employees at Vexa": the mention holds an office or staff only a body has
    (`EXECUTIVE_NOUNS`), whatever place or person the model read it as (eleventh pass)."""
    root = span.root
    prep = root.head
    return (root.dep_ == "pobj" and prep.lower_ in {"of", "at"} and prep.head.lower_ in EXECUTIVE_NOUNS
            and prep.head.i < prep.i)


def owned_by_an_organisation(span: Span, org_tokens: set[int]) -> bool:
    """"Vestra's Pulse": right after an organisation's possessive, a name is what the organisation
    makes or runs (a product, a service), not a second organisation. A place's possessive
    ("China's Huawei") says nothing of the kind."""
    doc = span.doc
    i = span.start - 1
    return i >= 1 and doc[i].text in POSSESSIVES and (i - 1) in org_tokens


def is_speaker(span: Span) -> bool:
    """Subject of a verb of speech or thought ("Dale Wren said", "said Dale Wren")."""
    nxt = span.doc[span.end] if span.end < len(span.doc) else None
    return any(t.dep_ in {"nsubj", "nsubjpass"} and t.head.lower_ in SPEECH_VERBS for t in span) or (
        nxt is not None and nxt.lower_ in SPEECH_VERBS)


def he_or_she_follows(span: Span) -> bool:
    """He/she/his/her after the mention, in its sentence or the next: the agreement of a person."""
    doc = span.doc
    stop = span.sent.end
    if stop < len(doc):
        stop = doc[stop].sent.end
    return any(t.lower_ in PERSON_PRONOUNS for t in doc[span.end:stop])


def acts_as_a_body(span: Span, named: set[int]) -> bool:
    """A one-word organisation named once shows it is one: it acts (subject, possessor, the
    source after "according to"), stands after a preposition or a verb that takes a body ("at
    Acme", "CEO of Acme", "joined Acme"; "like Acme" gives an example of any kind), is listed
    with other names, or modifies a noun of public life. Without any of these, only its
    capital letter says it is a name. A preposition only places take ("around X", "beyond X")
    is no body's role: a place the model typed ORG is dropped rather than kept mistyped."""
    prev = token_before(span, skip_det=True)
    return (subject_or_possessor(span) or listed_with(span, named) or modifies_civic_noun(span)
            or (prev is not None and (prev.lower_ in BODY_PREPOSITIONS
                                      or prev.pos_ == "ADP" and prev.lower_ not in {"like", "as"}
                                      and prev.lower_ not in PLACE_ONLY_PREPOSITIONS)))


def place_cue(span: Span) -> bool:
    """The mention sits where places do: after a preposition or a verb of going ("through Yoyogi
    Park", "visiting Shikoku") or before a place's common noun ("Yoyogi Koen station")."""
    doc = span.doc
    prev = token_before(span, skip_det=True)
    nxt = doc[span.end] if span.end < len(doc) else None
    return (prev is not None and prev.lower_ in PLACE_CUES_BEFORE) or (
        nxt is not None and nxt.is_lower and nxt.lower_ in PLACE_NOUNS_AFTER)


def only_a_modifier(span: Span) -> bool:
    """The mention stands before a common noun it modifies ("the Zentrix framework", "dual
    Qorvex cards", "our Phishing Resources section"): a brand, a format or a section named in
    passing, whose kind the sentence does not tell."""
    root = span.root
    return (root.dep_ in {"compound", "amod", "nmod"} and root.head.i >= span.end
            and root.head.is_lower and root.head.pos_ == "NOUN")


def appositive_nouns(span: Span) -> set[str]:
    """Head nouns of the mention's appositives ("X, a registered nurse" -> {"nurse"}) and, when the
    mention is itself an appositive, of what it stands beside."""
    root = span.root
    nouns = {c.lower_ for c in root.children if c.dep_ == "appos" and c.i >= span.end}
    if root.dep_ == "appos" and root.head.i < span.start:
        nouns.add(root.head.lower_)
    return nouns


def product_evidence(span: Span, lowercase: frozenset[str]) -> bool:
    """A mention the model typed PERSON that reads as a product or a thing: after a determiner
    ("the Ghost", "our Pricing Team"), followed by a model number ("Caldera 8", "Loft v3") or a
    trademark sign, holding a possessive inside ("Bob's Red Mill"), or ending in a word the
    article also writes in lower case ("Domain Controller" where it says "controller")."""
    doc = span.doc
    prev = token_before(span)
    if prev is not None and prev.lower_ in DETERMINERS and span.root.dep_ not in {"compound", "poss", "amod"}:
        return True  # "the Marie Kondo bandwagon": there the determiner is the noun's
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is not None and (nxt.like_num or VERSION_OR_MARK.fullmatch(nxt.text)):
        return True
    if any(t.text in POSSESSIVES or "®" in t.text or "™" in t.text for t in span):
        return True
    if appositive_nouns(span) & THING_NOUNS:
        return True  # "Yves Rocher, a global beauty brand"
    return len(span) > 1 and (span[-1].is_alpha and span[-1].text.lower() in lowercase
                              or span[0].is_alpha and span[0].text.lower() in lowercase)  # "Click Continue"


def subject_or_possessor(span: Span) -> bool:
    """The mention acts as a name does: subject of a verb or possessor ("Gartner warns", "ISO's"),
    or the source after "according to"."""
    doc = span.doc
    nxt = doc[span.end] if span.end < len(doc) else None
    i = span.start - 1
    while i >= 0 and doc[i].lower_ in {"the", "a", "an"}:
        i -= 1
    if i >= 1 and doc[i].lower_ == "to" and doc[i - 1].lower_ == "according":
        return True
    return (any(t.dep_ in {"nsubj", "nsubjpass"} and t.head.pos_ in {"VERB", "AUX"} for t in span)
            or (nxt is not None and nxt.text in POSSESSIVES))


def place_evidence(span: Span, places: set[int]) -> bool:
    """A mention reads as a place: after a place preposition ("in Helena"), or next to another
    place across a comma ("Helena, Montana"), or before "-based"."""
    doc = span.doc
    i = span.start - 1
    while i >= 0 and (doc[i].lower_ in {"the", "a", "an"} or doc[i].is_lower and doc[i].pos_ == "ADJ"):
        i -= 1  # "in western Pennsylvania"
    if i >= 0 and doc[i].lower_ in PLACE_PREPOSITIONS:
        return True
    if span.root.dep_ in {"nsubj", "nsubjpass"} and span.root.head.pos_ == "VERB" and (
            span.start == 0 or doc[span.start - 1].lower_ not in DETERMINERS):
        return True  # "Kiribati is buying land": a place acts as its government does ("the Novablast is" does not)
    if span.start >= 2 and doc[span.start - 1].text == "," and doc[span.start - 2].i in places:
        return True
    if span.end + 1 < len(doc) and doc[span.end].text == "," and doc[span.end + 1].i in places:
        return True
    if listed_with(span, places) or modifies_civic_noun(span):
        return True
    return span.end < len(doc) and doc[span.end].text in {"-", "‑"} and span.end + 1 < len(doc) and \
        doc[span.end + 1].lower_ == "based"


def modifies_civic_noun(span: Span) -> bool:
    """"Indiana voters", "GOP nominee", "Pennsylvania Gov. Wolf": the word modifies a noun of
    public life, as places, parties and bodies do and a product's brand does not."""
    doc = span.doc
    nxt = doc[span.end] if span.end < len(doc) else None
    head = span.root.head if span.root.dep_ in {"compound", "amod", "nmod"} else None
    return (nxt is not None and nxt.lower_ in CIVIC_NOUNS) or (head is not None and head.i >= span.end
                                                              and head.lower_ in CIVIC_NOUNS)


def listed_with(span: Span, tokens: set[int]) -> bool:
    """The mention is coordinated with one of `tokens` ("Louisiana and California", "the NYT,
    HuffPost and Forbes"): items of one list are names of one kind."""
    own = {t.i for t in span}
    for tok in span:
        top = tok
        while top.dep_ == "conj" and top.head.i != top.i:
            top = top.head  # the list's first item
        group, todo = set(), [top]
        while todo:  # every item of the list: "Spanish, Italian, or Thai"
            item = todo.pop()
            if item.i not in group:
                group.add(item.i)
                todo += [c for c in item.children if c.dep_ == "conj"]
        if (group - own) & tokens:
            return True
    return False


def state_code(span: Span) -> bool:
    """"Clifton, NJ": a US state's postal code after a capitalised place and a comma."""
    doc = span.doc
    return (len(span) == 1 and span.text.replace(".", "") in US_STATE_CODES and span.start >= 2
            and doc[span.start - 1].text == "," and doc[span.start - 2].text[:1].isupper())


def number_follows(span: Span) -> bool:
    """A small number right after the name, on its line ("Caldera 8", "Glycerin GTS 21"): a model's number."""
    doc = span.doc
    if span.end >= len(doc) or "\n" in span[-1].whitespace_ or not span[-1].whitespace_:
        return False
    nxt = doc[span.end]
    return bool(NUMBER_OR_VERSION.fullmatch(nxt.text)) and not (
        span.end + 1 < len(doc) and doc[span.end + 1].text in {"%", "percent"})


def defined_term(own: list[Span]) -> bool:
    """"Original Equipment Manufacturer (OEM)": the phrase is followed by its initials in parentheses; or
    (eleventh pass) it follows them, in parentheses or after ", or" ("MQTT (Message Queuing Telemetry
    Transport)", "APIs, or Application Programming Interfaces"), the initials plural or not. Why: a text
    spells out a term beside its initials; the name of a body is told apart by its head word, by the caller."""
    for span in own:
        doc = span.doc
        initials = initials_of(span.text)
        def spells(tok) -> bool:
            letters = tok.text.replace(".", "")
            return letters in {initials, initials + "s"} and len(initials) >= 2
        if span.end + 2 < len(doc) and doc[span.end].text == "(" and doc[span.end + 2].text == ")":
            if spells(doc[span.end + 1]):
                return True
        if span.start >= 2 and doc[span.start - 1].text == "(" and spells(doc[span.start - 2]):
            return True
        if span.start >= 3 and [t.lower_ for t in doc[span.start - 2:span.start]] == [",", "or"] and spells(
                doc[span.start - 3]):
            return True
    return False


def spelled_before(span: Span) -> str | None:
    """"Splashtop Secure Workspace (SSW)": the capitalised words just before the parenthesis that
    the initialism spells, or None."""
    doc = span.doc
    if len(span) != 1 or span.start < 2 or doc[span.start - 1].text != "(":
        return None
    letters = span.text.replace(".", "")
    words: list[str] = []
    i = span.start - 2
    while i >= 0 and len(words) < 2 * len(letters) and (doc[i].is_alpha and (
            doc[i].text[:1].isupper() or doc[i].lower_ in STOP_IN_ACRONYM)):
        words.insert(0, doc[i].text)
        if initials_of(" ".join(words)) == letters and words[0][:1].isupper():
            return " ".join(words)
        i -= 1
    return None


def is_quoted(span: Span) -> bool:
    """Quotation marks right around the mention: how a text marks a title (a WORK_OF_ART)."""
    doc = span.doc
    before = doc[span.start - 1].text if span.start > 0 else ""
    after = doc[span.end].text if span.end < len(doc) else ""
    return before in {'"', "“", "‘", "'"} and after in {'"', "”", "’", "'"}


def _first_item(tok):
    """The head of the whole name `tok` ends ("Gyoen" -> "Garden" of "Shinjuku Gyoen National
    Garden": capitalised compounds only, not "the Acme office"), then the first item of the list
    that stands in ("Parquet" of "Parquet, Iceberg, or Delta")."""
    while tok.dep_ == "compound" and tok.head.i > tok.i and tok.head.text[:1].isupper():
        tok = tok.head
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def class_nouns(span: Span) -> set[str]:
    """Common nouns that say what the mention is an instance of: the noun a list of examples hangs
    from ("formats like Parquet, Iceberg", "benchmarks such as X", "stores including X") and the
    lower-case head of an appositive on either side ("X, the oldest temple in Kyoto"; "the
    region's top scientist, X"), the subject of "include" ("the features include X") and the noun
    a copula gives its subject ("X is a columnar file format"); coordinated heads all count, so
    that two classes cancel. Why: the sentence names the class outright, which is stronger
    than the shape the small model types a capitalised word by."""
    doc, root = span.doc, span.root
    heads = [c for c in root.children if c.dep_ == "appos" and c.i >= span.end]
    heads += [k for c in heads for k in c.children if k.dep_ == "conj"]  # "an organization and decluttering consultant"
    nouns = {c.lower_ for c in heads if c.is_lower}
    before = doc[span.start - 1] if span.start > 0 else None
    if (before is not None and before.pos_ == "NOUN" and before.is_lower and span.start <= before.head.i < span.end
            and before.dep_ in {"compound", "nmod", "appos"} and class_of_noun(before.lower_) != "PRODUCT"):
        # "South African company X", "small-town X": the class noun names it (eleventh pass); a product's noun
        # there is mostly a modifier of a longer name ("the app Store Listing", "the Acme.Http library")
        nouns.add(before.lower_)
    item = _first_item(root)
    if item.dep_ == "appos" and item.head.i < span.start and item.head.is_lower:
        nouns.add(item.head.lower_)  # "benchmarks (TPC-X and ClickMark)": every item of the list
    verb = item.head
    if item.dep_ == "dobj" and verb.lower_ in INCLUDE_VERBS:  # "the features include X and Y"
        nouns |= {c.lower_ for c in verb.children if c.dep_ == "nsubj" and c.pos_ == "NOUN" and c.is_lower}
    if item.dep_ == "nsubj" and verb.lower_ in COPULAS:  # "X is a columnar file format"
        nouns |= {c.lower_ for c in verb.children if c.dep_ == "attr" and c.pos_ == "NOUN" and c.is_lower}
    prep = item.head
    if item.dep_ != "pobj" or prep.lower_ not in EXAMPLE_PREPOSITIONS or prep.i >= span.start:
        return nouns
    if prep.lower_ == "as" and not (prep.i > 0 and doc[prep.i - 1].lower_ == "such"):
        return nouns  # "as" alone: "works as Editor", "known as X"
    noun = prep.head
    if noun.pos_ == "NOUN" and (noun.is_lower or opens_sentence(noun) and noun.text[1:].islower()) and noun.i < prep.i:
        nouns.add(noun.lower_)
    return nouns


def destination(span: Span) -> bool:
    """The mention (or the list it heads) is where a trip goes: the object of "to"/"by" after a
    word of going ("trips to X and Y", "head to X", "make your way to X", "stopping by X")."""
    item = _first_item(span.root)
    prep = item.head
    return (item.dep_ == "pobj" and prep.lower_ in {"to", "by"} and prep.i < span.start
            and (prep.head.lower_ in DESTINATION_HEADS or any(c.dep_ == "dobj" and c.lower_ == "way"
                                                             for c in prep.head.children)))  # "make your way to X"


def indefinite(span: Span) -> bool:
    """"a Principal", "an Analyst": an indefinite article on the mention itself. A name picks out
    one thing and takes no "a" ("a Google search" is the noun's article, so it does not count)."""
    root = span.root
    return root.dep_ not in {"compound", "amod", "nmod", "poss"} and any(
        c.dep_ == "det" and c.lower_ in {"a", "an"} and c.i < span.start for c in root.children)


def line_around(text: str, offset: int) -> tuple[int, str]:
    """The line of `text` that holds `offset`: where it starts, and its text (no newline)."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, text[start:end if end >= 0 else len(text)]


def cited_author(span: Span, text: str) -> bool:
    """The mention is an author in a reference list: written "Surname AB" at an author's place in
    its line (line start or after a comma), in a line with a year and several such authors or "et
    al". Why: the small model types such names by their odd shape ("Goyal M" ORG, "Singh S" GPE);
    the reference line's own form says they are people, whatever the names. `text` is the
    article's text (`span.doc.text`, which the caller has: Doc.text joins every token on each read)."""
    if not CITED_AUTHOR.fullmatch(span.text):
        return False
    start, line = line_around(text, span.start_char)
    before = line[:span.start_char - start].rstrip()
    if before and not before.endswith(","):
        return False
    return bool(CITED_YEAR.search(line)) and (
        "et al" in line.lower() or len(CITED_AUTHOR_AT.findall(line)) >= CITED_AUTHORS_MIN_PER_LINE)
