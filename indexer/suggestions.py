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
    """Names by prefix, per language. Each entry is one string ("key NUL display key NUL kind
    NUL text") in a sorted list: a few lists of strings are all the garbage collector sees,
    however many names there are, so no collection pause grows with the catalog."""

    def __init__(self, names: Iterable[Name], languages: Iterable[str]) -> None:
        self.languages = tuple(languages)
        entries: dict[str, set[str]] = {lang: set() for lang in self.languages}
        for name in (*names, *vocabulary_names(self.languages)):
            targets = self.languages if name.language is None else (name.language,)
            same = " ".join(fold(name.text).split())  # one of each, accents and case aside
            kind = KINDS.index(name.kind)
            for lang in targets:
                if lang in entries:
                    for key in _keys(name):
                        entries[lang].add(f"{key}\0{same}\0{kind}\0{name.text}")
        self._entries = {lang: sorted(found) for lang, found in entries.items()}

    def suggest(self, prefix: str, language: str, limit: int = 8) -> list[Suggestion]:
        """Up to `limit` names starting with `prefix`: categories, then brands, then products,
        shorter first."""
        key = " ".join(fold(prefix).split())
        if len(key) < MIN_PREFIX or language not in self._entries or "\0" in key:
            return []
        entries = self._entries[language]
        start = bisect_left(entries, key)
        found: dict[str, tuple[int, int, str]] = {}
        for entry in entries[start : start + SCAN]:
            if not entry.startswith(key):
                break
            _, same, kind, text = entry.split("\0")
            found.setdefault(same, (int(kind), len(text), text))
        ranked = sorted(found.values())[:limit]
        return [Suggestion(text, KINDS[kind]) for kind, _, text in ranked]


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
