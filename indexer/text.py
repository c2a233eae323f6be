"""Text analysis shared by the search backends: normalisation, CJK bigrams, highlighting.

SQLite's `unicode61` tokenizer splits on spaces and punctuation, which suits Latin, Cyrillic
and Korean words, but keeps a run of Han or kana characters as one token (耳机 would not find
无线耳机). So text is normalised here (NFKC, case folding) and every run of CJK characters is
rewritten into overlapping bigrams (无线耳机 → 无线 线耳 耳机) before the tokenizer sees it; a
query's CJK run becomes the same bigrams, matched as an FTS phrase so they must be adjacent.
Diacritics are left to the tokenizer (`remove_diacritics 2`), so "creme" finds "Crème".
"""

from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from markupsafe import Markup, escape

# Hangul jamo and syllables, Han (with 々〆〇〻 and the supplementary planes), hiragana and
# katakana including the prolonged sound mark ー, but not the middle dot ・ (U+30FB).
CJK_CHARS = (
    "\u1100-\u11ff\u3005-\u3007\u3021-\u3029\u3031-\u3035\u303b\u3041-\u3096\u309b-\u309f"
    "\u30a1-\u30fa\u30fc-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff\uf900-\ufaff\U00020000-\U0003134f"
)
_CJK_CHAR = re.compile(f"[{CJK_CHARS}]")
_CJK_SPLIT = re.compile(f"([{CJK_CHARS}]+)")
# A query term: a CJK run, or a word of letters/digits outside the CJK ranges.
_TERM = re.compile(f"([{CJK_CHARS}]+)|([^\\W_{CJK_CHARS}]+)")
# ボディ・ソープ is one word written with a separator: drop ・ between CJK characters.
_MIDDLE_DOT = re.compile(f"(?<=[{CJK_CHARS}])\u30fb(?=[{CJK_CHARS}])")
MAX_QUERY_CHARS = 500
MAX_QUERY_TERMS = 32
_ENDINGS = frozenset({"s", "es", "d", "ed", "ing"})


def normalize(text: str) -> str:
    """NFKC plus case folding (until stable), with ・ between CJK characters removed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    for _ in range(3):
        if unicodedata.is_normalized("NFKC", text) and text.casefold() == text:
            break
        text = unicodedata.normalize("NFKC", text).casefold()
    return _MIDDLE_DOT.sub("", text) if "\u30fb" in text else text


def bigrams(run: str) -> str:
    """无线耳机 → "无线 线耳 耳机"; a single character stays a unigram."""
    if len(run) < 3:
        return run
    return " ".join(map(operator.add, run, run[1:]))


def index_terms(text: str) -> str:
    """The text as the FTS tokenizer should see it: normalised, CJK runs as bigrams."""
    if text.isascii():
        return " ".join(text.lower().split())
    parts = _CJK_SPLIT.split(normalize(text))  # other text, CJK run, other text, …
    parts[1::2] = map(bigrams, parts[1::2])
    return " ".join(" ".join(parts).split())


def query_terms(text: str) -> list[str]:
    """The distinct normalised terms of a search box query, in order; every one must match.

    A term is either a word of letters/digits ("formula", "1000mg", "crème") or a whole run of
    CJK characters ("保湿", "ビタミン"); a backend turns the run into bigrams with `bigrams()`.
    Punctuation, operators and symbols are dropped, so any input is safe to search with.
    """
    found = (m.group() for m in _TERM.finditer(normalize(text[:MAX_QUERY_CHARS])))
    return list(dict.fromkeys(found))[:MAX_QUERY_TERMS]


def is_cjk(term: str) -> bool:
    return bool(_CJK_CHAR.match(term))


# ---- highlighting -------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    """One character as highlighting compares it: normalised, Latin diacritics removed."""
    folded = unicodedata.normalize("NFKC", char).casefold()
    if _CJK_CHAR.match(folded):
        return folded
    decomposed = unicodedata.normalize("NFD", folded)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def _fold_with_origins(title: str) -> tuple[str, Sequence[int]]:
    """The folded title and, for each of its characters, the index of the source character.

    Every page of hits folds its titles: the common cases (ASCII, or one folded character per
    source character) skip the per-character loop.
    """
    if title.isascii():  # NFKC and diacritics leave ASCII alone; casefold is lower()
        return title.lower(), range(len(title))
    parts = list(map(_fold_char, title))
    folded = "".join(parts)
    if len(folded) == len(title) and "" not in parts:
        return folded, range(len(title))
    chars: list[str] = []
    origins: list[int] = []
    for index, char in enumerate(title):
        for folded in _fold_char(char):
            chars.append(folded)
            origins.append(index)
    return "".join(chars), origins


def _word_matches(word: str, query_words: set[str]) -> bool:
    """Equal, or equal up to an English inflection (the index stems English words)."""
    return word in query_words or any(_inflected(word, q) for q in query_words)


def _inflected(first: str, second: str) -> bool:
    """headphone/headphones, box/boxes, baby/babies, dry/dried, fold/folding."""
    stem, longer = sorted((first, second), key=len)
    if len(stem) < 3:
        return False
    if longer.startswith(stem):
        return longer[len(stem) :] in _ENDINGS
    return stem[-1] == "y" and longer in (stem[:-1] + "ies", stem[:-1] + "ied")


def _spans(folded: str, terms: list[str]) -> list[tuple[int, int]]:
    """Spans of `folded` to mark: every occurrence of a CJK term, every matching word."""
    spans: list[tuple[int, int]] = []
    for term in (t for t in terms if is_cjk(t)):
        start = folded.find(term)
        while start >= 0:
            spans.append((start, start + len(term)))
            start = folded.find(term, start + 1)
    words = _folded_words(tuple(terms))
    if words:
        # a word can only equal or inflect a query word sharing its first two letters
        starts = {word[:2] for word in words}
        for match in _TERM.finditer(folded):
            word = match.group(2)
            if word and word[:2] in starts and _word_matches(word, words):
                spans.append(match.span())
    return spans


@lru_cache(maxsize=1024)
def _folded_words(terms: tuple[str, ...]) -> frozenset[str]:
    """The query's non-CJK terms as highlighting compares them (once per query, not per hit)."""
    return frozenset("".join(map(_fold_char, t)) for t in terms if not is_cjk(t))


@lru_cache(maxsize=1024)
def _highlight_terms(query: str) -> tuple[str, ...]:
    return tuple(query_terms(query))


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(title: str, query: str) -> str:
    """The title HTML-escaped, with what the query matched wrapped in <mark>…</mark>.

    Returns `Markup` (a `str`), so templates render it without `|safe`. Marks always cover
    whole characters of the original title, which is escaped piece by piece: the output is
    well-formed HTML whatever the title and query contain.
    """
    terms = list(_highlight_terms(query))
    if not terms or not title:
        return escape(title)
    folded, origins = _fold_with_origins(title)
    spans = [(origins[s], origins[e - 1] + 1) for s, e in _spans(folded, terms) if e > s]
    parts: list[str] = []
    done = 0
    for start, end in _merge(spans):
        parts += [escape(title[done:start]), "<mark>", escape(title[start:end]), "</mark>"]
        done = end
    parts.append(escape(title[done:]))
    return Markup("".join(parts))
