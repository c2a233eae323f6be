"""Concepts: what a product is, whatever language its store writes in.

A bundled vocabulary (`indexer/vocabulary/concepts.yaml`) names what cross-border shoppers
buy — categories, kinds of product, attributes such as stages and materials — in English,
German, French, Japanese, Korean and Chinese (Simplified and Traditional). At index time a
document is tagged with the concepts its title (and its category name) mention, plus every
broader concept (goat-milk formula is formula); at query time the words of the search box
that name a concept also match the documents tagged with it, so 奶粉 finds "Infant Formula",
"Säuglingsmilchnahrung" and "분유". Backends rank such concept-only matches after the
documents that contain the words themselves.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import yaml

from indexer.text import CJK_CHARS, _fold_char, is_cjk, normalize
from pricing.landed.categories import UnknownCategory
from pricing.landed.rulebook import bundled_rulebook

LANGUAGES = ("en", "de", "fr", "ja", "ko", "zh", "zh_hant")
TYPES = ("category", "kind", "attribute")
_LATIN_WORD = re.compile(f"[^\\W_{CJK_CHARS}]+")
_CJK = re.compile(f"[{CJK_CHARS}]")
_SPACE = re.compile(r"\s+")
# A German compound names what it is last: "Augencreme" is a cream. Heads this long or longer.
_MIN_HEAD = 4
_MIN_COMPOUND = 7


@dataclass(frozen=True, slots=True)
class Concept:
    id: str
    type: str
    broader: tuple[str, ...]
    forms: Mapping[str, tuple[str, ...]]  # language → surface forms
    duty: str | None = None  # the duty category (config/categories.yaml) it is priced under


def fold(text: str) -> str:
    """Normalised (NFKC, case folded) with the diacritics of Latin letters removed."""
    text = normalize(text)
    if text.isascii():
        return text
    return "".join(map(_fold_char, text))


def word_key(word: str) -> str:
    """A folded Latin word as the vocabulary compares it: a plural "s" dropped."""
    if len(word) > 3 and word[-1] == "s" and word[-2] != "s":
        return word[:-1]
    return word


def latin_key(text: str) -> str:
    """The words of folded Latin text, each by `word_key`, joined by single spaces."""
    return " ".join(map(word_key, _LATIN_WORD.findall(text)))


def token(concept_id: str) -> str:
    """The concept as one index token of letters only ("cat-baby" → "zconceptcatqbaby").

    Letters only, so every tokenizer keeps it whole; the prefix no real word starts with.
    """
    return "zconcept" + concept_id.replace("-", "q")


class Vocabulary:
    """The loaded vocabulary: concepts by id and their forms, indexed for lookups."""

    def __init__(self, concepts: Iterable[Concept]) -> None:
        self.concepts = {c.id: c for c in concepts}
        self._check()
        self.latin: dict[str, set[str]] = {}  # latin_key(form) → concept ids
        self.heads: dict[str, set[str]] = {}  # German one-word forms, as compound heads
        self.cjk: dict[str, set[str]] = {}  # compact form (no spaces) → concept ids
        for concept in self.concepts.values():
            for language, forms in concept.forms.items():
                for form in forms:
                    self._add(concept.id, language, fold(form))
        self.max_words = max(key.count(" ") + 1 for key in self.latin)
        self.cjk_lengths = sorted({len(key) for key in self.cjk}, reverse=True)
        # Every beginning of a form: a scan stops extending as soon as none can follow.
        self._cjk_prefixes = frozenset(k[:end] for k in self.cjk for end in range(1, len(k)))
        self._latin_prefixes = frozenset(
            " ".join(words[:end])
            for k in self.latin
            if len(words := k.split()) > 1
            for end in range(1, len(words))
        )
        self.closure = {cid: self._ancestors(cid) for cid in self.concepts}

    def _check(self) -> None:
        for concept in self.concepts.values():
            unknown = set(concept.broader) - set(self.concepts)
            if unknown or concept.type not in TYPES or set(concept.forms) - set(LANGUAGES):
                raise ValueError(f"concept {concept.id!r}: bad type, language or broader")

    def _add(self, concept_id: str, language: str, form: str) -> None:
        if _CJK.search(form):
            self.cjk.setdefault(_SPACE.sub("", form), set()).add(concept_id)
            return
        key = latin_key(form)
        self.latin.setdefault(key, set()).add(concept_id)
        if language == "de" and " " not in key and len(key) >= _MIN_HEAD:
            self.heads.setdefault(key, set()).add(concept_id)

    def _ancestors(self, concept_id: str) -> frozenset[str]:
        found, todo = set(), [concept_id]
        while todo:
            current = todo.pop()
            if current not in found:
                found.add(current)
                todo.extend(self.concepts[current].broader)
        return frozenset(found)

    # ---- index time

    def tag(
        self, title: str, category: str | None = None, brand: str | None = None
    ) -> tuple[str, ...]:
        """The concepts of a document: named in its title, or (categories only) its category.

        A brand at the start of the title is left out: "Sakura Bio" is a name, not organic.
        """
        if brand and title[: len(brand)].casefold() == brand.casefold():
            title = title[len(brand) :]
        found = self._closure(self.mentions(title))
        if category:
            found |= self._category_concepts(category)
        return tuple(sorted(found))

    @lru_cache(maxsize=4096)  # noqa: B019 - one vocabulary per process, few category names
    def _category_concepts(self, category: str) -> frozenset[str]:
        named = self._closure(self.mentions(category))
        return frozenset(c for c in named if self.concepts[c].type == "category")

    def _closure(self, concept_ids: Iterable[str]) -> set[str]:
        return {a for cid in concept_ids for a in self.closure[cid]}

    def mentions(self, text: str) -> set[str]:
        """Concepts whose forms occur in `text` (Latin as words, CJK anywhere)."""
        folded = fold(text)
        found: set[str] = set()
        keys = [word_key(w) for w in _LATIN_WORD.findall(folded)]
        latin, prefixes = self.latin, self._latin_prefixes
        for start, key in enumerate(keys):
            if key in latin:
                found.update(latin[key])
            end = start + 1
            while key in prefixes and end < len(keys):
                key = f"{key} {keys[end]}"
                end += 1
                if key in latin:
                    found.update(latin[key])
        for key in keys:
            if len(key) >= _MIN_COMPOUND:
                for cut in range(1, len(key) - _MIN_HEAD + 1):
                    found.update(self.heads.get(key[cut:], ()))
        if not folded.isascii():
            found.update(self._cjk_mentions(_SPACE.sub("", folded)))
        return found

    def _cjk_mentions(self, compact: str) -> Iterable[str]:
        cjk, prefixes = self.cjk, self._cjk_prefixes
        for start in range(len(compact)):
            end = start + 1
            while end <= len(compact):
                piece = compact[start:end]
                if piece in cjk:
                    yield from cjk[piece]
                if piece not in prefixes:
                    break
                end += 1

    def duty_category(
        self, title: str, category: str | None = None, brand: str | None = None
    ) -> str | None:
        """The duty category the most specific concepts of the title (and category name) name,
        when they agree: a "Vitamin D3" with no store category is taxed as vitamins, a
        leather bag as general goods though fashion is clothing; None when none or several."""
        tags = self.tag(title, category, brand)
        duties = {c: duty for c in tags if (duty := self.concepts[c].duty)}
        specific = {
            duty
            for c, duty in duties.items()
            if not any(c != other and c in self.closure[other] for other in duties)
        }
        return specific.pop() if len(specific) == 1 else None

    # ---- query time

    def concepts_of(self, terms: list[str]) -> set[str]:
        """The concepts one form made of these consecutive query terms names (none: empty)."""
        folded = [fold(term) for term in terms]
        if any(map(is_cjk, folded)) or any(_CJK.search(t) for t in folded):
            return set(self.cjk.get("".join(folded), ()))
        return set(self.latin.get(" ".join(map(word_key, folded)), ()))

    def segments(self, run: str) -> list[tuple[str, set[str]]]:
        """A CJK run cut into known forms (longest first, left to right) and what lies between.

        婴儿奶粉 → [(婴儿, {cat-baby}), (奶粉, {formula})]; no known form: [(run, set())].
        """
        compact = fold(run)
        pieces: list[tuple[str, set[str]]] = []
        start = done = 0
        while start < len(compact):
            for length in self.cjk_lengths:
                concepts = self.cjk.get(compact[start : start + length]) if length > 1 else None
                if concepts and start + length <= len(compact):
                    if done < start:
                        pieces.append((run[done:start], set()))
                    pieces.append((run[start : start + length], set(concepts)))
                    start = done = start + length
                    break
            else:
                start += 1
        if done < len(compact):
            pieces.append((run[done:], set()))
        return pieces


def load(data: Mapping[str, Mapping]) -> Vocabulary:
    """A vocabulary from the YAML file's mapping (id → type, broader, forms by language)."""
    concepts = []
    for concept_id, entry in data.items():
        forms = {lang: tuple(str(f) for f in entry[lang]) for lang in LANGUAGES if lang in entry}
        extra = set(entry) - {"type", "broader", "duty", *LANGUAGES}
        if extra:
            raise ValueError(f"concept {concept_id!r}: unknown keys {sorted(extra)}")
        broader = tuple(entry.get("broader", ()))
        concepts.append(Concept(concept_id, entry["type"], broader, forms, entry.get("duty")))
    return Vocabulary(concepts)


@cache
def vocabulary() -> Vocabulary:
    """The bundled vocabulary, loaded once per process."""
    text = resources.files("indexer.vocabulary").joinpath("concepts.yaml").read_text("utf-8")
    return load(yaml.safe_load(text))


def document_concepts(title: str, category: str | None, brand: str | None) -> tuple[str, ...]:
    """The concept tags of a search document with this title, category and brand."""
    return vocabulary().tag(title, category, brand)


def priced_category(category: str | None, title: str, brand: str | None = None) -> str | None:
    """The category an offer is priced under: the store's when the category map knows it,
    else the duty category its title (and category name) names, else the store's (priced as
    general goods). Every pricing path goes through here, so a search card, the product
    page, its history and an alert price the product alike."""
    if category and _mapped(category):
        return category
    return vocabulary().duty_category(title, category, brand) or category


@lru_cache(maxsize=1024)
def _mapped(category: str) -> bool:
    try:
        bundled_rulebook().categories.resolve(category)
    except UnknownCategory:
        return False
    return True
