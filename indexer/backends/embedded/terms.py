"""The embedded index's dictionary of title words, for correcting typos (`indexer.spelling`).

`search_terms` lists every candidate word (`spelling.title_words`) of the indexed titles;
`search_term_keys` files each under its deletion neighbourhood (`spelling.deletes`), so the
words one edit from a query word are those sharing one of its keys: an indexed lookup of a
dozen keys instead of a scan. The writer adds the words of what it writes (rebuilds start
afresh); deletes leave words behind, which is harmless: a correction is only offered when
the corrected query finds something.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from indexer import spelling

TABLES = (
    "CREATE TABLE IF NOT EXISTS search_terms (term TEXT PRIMARY KEY) WITHOUT ROWID",
    """CREATE TABLE IF NOT EXISTS search_term_keys (
        key TEXT NOT NULL, term TEXT NOT NULL, PRIMARY KEY (key, term)) WITHOUT ROWID""",
)
NAMES = ("search_terms", "search_term_keys")
_NEW = "SELECT value FROM json_each(?) WHERE value NOT IN (SELECT term FROM search_terms)"
_MATCHES = "SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH ? LIMIT ?)"
_COUNT_UP_TO = 1000


def remember(conn: sqlite3.Connection, titles: Iterable[str]) -> None:
    """File the words of these analysed titles that the dictionary does not hold yet."""
    words = set().union(*map(spelling.title_words, titles))
    if not words:
        return
    new = [word for (word,) in conn.execute(_NEW, (json.dumps(sorted(words)),))]
    conn.executemany("INSERT INTO search_terms (term) VALUES (?)", [(w,) for w in new])
    keys = [(key, word) for word in new for key in spelling.deletes(word)]
    conn.executemany("INSERT OR IGNORE INTO search_term_keys (key, term) VALUES (?, ?)", keys)


def corrections(conn: sqlite3.Connection, terms: list[str], phrase) -> dict[str, str]:
    """Each correctable term that matches nothing, mapped to the indexed word it most likely
    meant; `phrase(term)` is the term as an FTS5 MATCH expression."""
    fixed = {}
    for term in filter(spelling.correctable, terms):
        if _count(conn, phrase(term), 1):
            continue
        keys = sorted(spelling.deletes(term))
        marks = ", ".join("?" * len(keys))
        sql = f"SELECT DISTINCT term FROM search_term_keys WHERE key IN ({marks})"
        near = [w for (w,) in conn.execute(sql, keys) if spelling.one_edit(term, w)]
        counts = {word: _count(conn, phrase(word), _COUNT_UP_TO) for word in near}
        choice = spelling.best(term, {w: n for w, n in counts.items() if n})
        if choice:
            fixed[term] = choice
    return fixed


def _count(conn: sqlite3.Connection, match: str, up_to: int) -> int:
    return conn.execute(_MATCHES, (match, up_to)).fetchone()[0]
