"""What a search box query asks to match: its words, each group of them OR the concept it names.

`indexer.text.query_terms` splits the box into words and CJK runs. Consecutive words that
form a vocabulary phrase ("vitamin c", "face cream", "ビタミン" + "C") become one clause; a
CJK run that names no concept whole is cut into the forms it contains (婴儿奶粉 → 婴儿 ·
奶粉). Every clause must match: all its words as text, or a document tagged with one of its
concepts. Both backends build their query from these clauses, and rank documents that match
the words above those that match only a concept.
"""

from __future__ import annotations

from dataclasses import dataclass

from indexer.concepts import Vocabulary, vocabulary
from indexer.text import is_cjk, query_terms


@dataclass(frozen=True, slots=True)
class Clause:
    words: tuple[str, ...]  # query terms (as `query_terms` gives them), all to match as text
    concepts: tuple[str, ...] = ()  # or: a document tagged with any of these


def clauses(text: str) -> list[Clause]:
    """The clauses of a search box query, in order; none when it has nothing to search."""
    return clauses_of(query_terms(text))


def clauses_of(terms: list[str], vocab: Vocabulary | None = None) -> list[Clause]:
    """Query terms grouped into clauses, longest vocabulary phrases first, left to right."""
    vocab = vocab or vocabulary()
    found: list[Clause] = []
    start = 0
    while start < len(terms):
        for end in range(min(len(terms), start + vocab.max_words), start, -1):
            concepts = vocab.concepts_of(terms[start:end])
            if concepts:
                found.append(Clause(tuple(terms[start:end]), tuple(sorted(concepts))))
                start = end
                break
        else:
            found.extend(_single(terms[start], vocab))
            start += 1
    return found


def _single(term: str, vocab: Vocabulary) -> list[Clause]:
    """A term that starts no vocabulary phrase: a CJK run cut into the forms it holds."""
    if not is_cjk(term):
        return [Clause((term,))]
    pieces = vocab.segments(term)
    if not any(concepts for _, concepts in pieces):
        return [Clause((term,))]
    return [Clause((piece,), tuple(sorted(concepts))) for piece, concepts in pieces]
