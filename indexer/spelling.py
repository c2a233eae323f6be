"""Forgiving one wrong letter: which query words may be corrected, and to what.

A query word of `MIN_LENGTH` letters or more that matches nothing, but is one edit (a letter
added, dropped, changed, or two neighbours swapped) away from a word of the indexed titles,
is searched as that word instead, and the page says so ("showing results for …") with a
link back to the words as typed. CJK words are never corrected: one character there is a
different word, not a slip. Each backend finds the candidates its own way (the embedded
index keeps a table of title words by their deletion neighbourhood; Elasticsearch has its
term suggester); what counts as a candidate and which one wins is decided here, for both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from indexer.text import CJK_CHARS

MIN_LENGTH = 5  # query words this long or longer may be corrected
MIN_WORD = 4  # title words this long or longer are candidates ("creame" → "cream")
_LETTERS = re.compile(f"[^\\W\\d_{CJK_CHARS}]+")


def correctable(term: str) -> bool:
    """A query term (`indexer.text.query_terms`) that may be corrected: letters, not CJK."""
    return len(term) >= MIN_LENGTH and _LETTERS.fullmatch(term) is not None


def title_words(text: str) -> set[str]:
    """The candidate words of analysed title text: runs of non-CJK letters, long enough."""
    return {word for word in _LETTERS.findall(text) if len(word) >= MIN_WORD}


def deletes(word: str) -> set[str]:
    """The word and every word one deletion away: two words one edit apart share one."""
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}


def one_edit(typed: str, known: str) -> bool:
    """True when `known` is exactly one insertion, deletion, substitution or swap away."""
    if typed == known or abs(len(typed) - len(known)) > 1:
        return False
    start = 0
    while start < min(len(typed), len(known)) and typed[start] == known[start]:
        start += 1
    a, b = typed[start:], known[start:]
    return (
        a[1:] == b[1:]  # substitution
        or a[1:] == b  # deletion
        or a == b[1:]  # insertion
        or (len(a) >= 2 and a[0] == b[1] and a[1] == b[0] and a[2:] == b[2:])  # swap
    )


def best(typed: str, candidates: Mapping[str, int]) -> str | None:
    """The most frequent candidate one edit from `typed` (ties: alphabetical), else None."""
    near = [(-count, word) for word, count in candidates.items() if one_edit(typed, word)]
    return min(near)[1] if near else None


def corrected_text(terms: Iterable[str], corrections: Mapping[str, str]) -> str:
    """The query as searched after correction: its terms, corrected ones replaced."""
    return " ".join(corrections.get(term, term) for term in terms)
