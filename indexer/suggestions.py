"""Suggestions as the shopper types: brands, categories and product names by prefix.

A `Suggester` holds every name once, folded like the vocabulary folds them (case, width,
Latin accents), in one sorted list per shopper language; a prefix is a binary search and a
short scan, so a lookup costs microseconds however large the catalog. Names come in the
shopper's language: product names and category names of stores that write in it, the
vocabulary's categories and kinds in it, and every brand (brands are names in all
languages). A product name is also found by its words after the brand ("infant formula"
finds "Milkwell Infant Formula Stage 1").
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass

from indexer.concepts import fold, vocabulary

KINDS = ("category", "brand", "product")  # the order suggestions come in
SCAN = 400  # names looked at per lookup, at most: the first `limit` by rank among them
MIN_PREFIX = 1


@dataclass(frozen=True, slots=True)
class Suggestion:
    text: str
    kind: str  # one of KINDS


@dataclass(frozen=True, slots=True)
class Name:
    """A name to suggest; `language` None: in every language (brands)."""

    text: str
    kind: str
    language: str | None
    brand: str | None = None  # a product's brand: also found by what follows it


def language_of(tag: str) -> str:
    """The primary subtag of a BCP 47 tag: "zh-HK" → "zh"."""
    return tag.split("-")[0].split("_")[0].lower()


class Suggester:
    def __init__(self, names: Iterable[Name], languages: Iterable[str]) -> None:
        self.languages = tuple(languages)
        entries: dict[str, dict[tuple[str, str], Suggestion]] = {
            lang: {} for lang in self.languages
        }
        for name in (*names, *vocabulary_names(self.languages)):
            targets = self.languages if name.language is None else (name.language,)
            for lang in targets:
                if lang in entries:
                    same = " ".join(fold(name.text).split())  # one of each, accents aside
                    for key in _keys(name):
                        entries[lang].setdefault((key, same), Suggestion(name.text, name.kind))
        self._keys = {lang: sorted(found) for lang, found in entries.items()}
        self._values = {
            lang: [found[k] for k in self._keys[lang]] for lang, found in entries.items()
        }

    def suggest(self, prefix: str, language: str, limit: int = 8) -> list[Suggestion]:
        """Up to `limit` names starting with `prefix`: categories, then brands, then products,
        shorter first."""
        key = fold(prefix).strip()
        if len(key) < MIN_PREFIX or language not in self._keys:
            return []
        keys, values = self._keys[language], self._values[language]
        start = bisect_left(keys, (key, ""))
        found: dict[str, Suggestion] = {}
        for index in range(start, min(start + SCAN, len(keys))):
            if not keys[index][0].startswith(key):
                break
            found.setdefault(keys[index][1], values[index])
        ranked = sorted(found.values(), key=lambda s: (KINDS.index(s.kind), len(s.text), s.text))
        return ranked[:limit]


def _keys(name: Name) -> set[str]:
    keys = {" ".join(fold(name.text).split())}
    if name.brand and name.text[: len(name.brand)].casefold() == name.brand.casefold():
        rest = " ".join(fold(name.text[len(name.brand) :]).split())
        if rest:
            keys.add(rest)
    return keys


def vocabulary_names(languages: Iterable[str]) -> list[Name]:
    """The vocabulary's categories and kinds, by their first form in each language."""
    names = []
    for concept in vocabulary().concepts.values():
        if concept.type == "attribute":
            continue
        kind = "category" if concept.type == "category" else "product"
        for lang in languages:
            for form in concept.forms.get(lang, ())[:3]:
                names.append(Name(form, kind, lang))
    return names
