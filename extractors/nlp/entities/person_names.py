"""Does a name the model typed PERSON read like a person's name? Given names and dictionary words.

Why: the small model types any two capitalised words in a person's position as a PERSON ("Domain
Controller", "Ring Elite", "Short Story"). A reader knows such a name is made of ordinary English
words and opens with no given name. Two lists that ship with packages we install tell the same:
- given names: the first-name lists of Faker's person providers, every locale (about 17,000
  Latin-script names, census-derived where the locale has a census). Faker is a fake-data
  generator; it is used here only for these lists, the broadest permissively licensed given-name
  data on the registry;
- English words: WordNet's index as the model's rule-based lemmatizer ships it (`lemma_index`:
  about 83,000 nouns, verbs, adjectives and adverbs).
On the twelve judged development splits, PERSON rows only the model supports whose first word is
no given name and whose every word is an English word were 4 right of 22; the others 0.85 (265/312).
WordNet lists some surnames of famous people ("williams"), so "every word" alone would drop real
people; the given name is what keeps "Grace Hopper" and "Mark Ring".
"""
from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

FIRST_NAME_ATTRIBUTES = ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary")


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Lower-cased Latin-script given names of every Faker locale (read once per process, ~0.2 s)."""
    import faker.providers.person as providers

    names: set[str] = set()
    for module in pkgutil.iter_modules(providers.__path__):
        provider = getattr(importlib.import_module(f"{providers.__name__}.{module.name}"), "Provider", None)
        for attribute in FIRST_NAME_ATTRIBUTES:
            value = vars(provider).get(attribute) if provider is not None else None
            if isinstance(value, (dict, list, tuple)):  # some locales build theirs as properties: skipped
                names.update(n.lower() for n in value if isinstance(n, str) and n.isascii())
    return frozenset(names)


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """WordNet's lemmas as the process pipeline's lemmatizer ships them (`lemma_index`), lower case.
    The lemmatizer is disabled in that pipeline (`model.DISABLED`: it never runs), but it stays
    loaded with its tables, which are read here."""
    from extractors.nlp.model import get_nlp

    table = dict(get_nlp().components)["lemmatizer"].lookups.get_table("lemma_index")
    return frozenset(word for pos in table.keys() for word in table[pos])


def dictionary_words_only(name: str) -> bool:
    """A name opening with no given name whose every word is an English word ("Domain Controller")."""
    words = [w.strip(".,'’").lower() for w in name.split()]
    if not words or words[0] in given_names():
        return False
    return all(w in english_words() for w in words)
