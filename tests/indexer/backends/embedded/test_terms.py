"""The embedded index's dictionary of title words follows what is written."""

from __future__ import annotations

from indexer.backends.embedded import EmbeddedBackend
from indexer.query import SearchQuery
from tests.indexer.search_fixtures import documents, with_title


def words(backend: EmbeddedBackend) -> set[str]:
    rows = backend._connection().execute("SELECT term FROM search_terms").fetchall()
    return {term for (term,) in rows}


def test_rebuilds_and_upserts_file_title_words_and_a_rebuild_starts_afresh(tmp_path):
    backend = EmbeddedBackend(tmp_path / "search.sqlite")
    backend.rebuild(documents())
    assert {"milkwell", "formula", "feuchtigkeitscreme", "vitacore"} <= words(backend)
    assert not words(backend) & {"800g", "1000mg", "ml", "pre"}  # letters only, 4 or more
    first = documents()[0]
    backend.upsert([with_title(first, "Milkwell Anfangsmilch 800 g")])
    assert "anfangsmilch" in words(backend)
    results = backend.search(SearchQuery(text="anfangsmillch"))
    assert results.corrected == "anfangsmilch"
    assert results.hits[0].document.id == first.id  # then other formula (a concept match)
    backend.rebuild(documents()[1:3])
    assert "anfangsmilch" not in words(backend) and "vitacore" not in words(backend)
    backend.close()


def test_words_of_deleted_documents_are_never_offered_as_corrections(tmp_path):
    backend = EmbeddedBackend(tmp_path / "search.sqlite")
    backend.rebuild(documents())
    backend.delete(["de-apotheke:8"])  # the only "Feuchtigkeitscreme" title
    results = backend.search(SearchQuery(text="feuchtigkeitscrme"))
    assert results.corrected is None and results.total == 0
    backend.close()
