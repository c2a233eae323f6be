"""The embedded SQLite FTS5 backend, against a real database file."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.backends.base import SearchBackend
from indexer.backends.embedded import FACET_LIMIT, EmbeddedBackend
from indexer.documents import SearchDocument
from indexer.fields import StaleIndex
from indexer.query import FACETS, SearchQuery, SearchResults
from pricing.money import Money

T0 = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def make_doc(doc_id: str, title: str, **fields: object) -> SearchDocument:
    """A document with plausible defaults. `price`, `was_price` (in `currency`, EUR unless
    given) and `price_pivot` (EUR) are amounts; `price` also sets `price_pivot` unless given."""
    price = Decimal(str(fields.pop("price", "10.00")))
    currency = str(fields.pop("currency", "EUR"))
    was_price = fields.pop("was_price", None)
    pivot = Decimal(str(fields.pop("price_pivot", price)))
    values: dict[str, object] = {
        "id": doc_id,
        "store_id": "boots-uk",
        "store_name": "Boots",
        "store_country": "GB",
        "title": title,
        "brand": None,
        "category": None,
        "description": "",
        "gtin": None,
        "group_key": f"id:{doc_id}",
        "price": Money(price, currency),
        "was_price": None if was_price is None else Money(Decimal(str(was_price)), currency),
        "price_pivot": Money(pivot, "EUR"),
        "available": True,
        "url": f"https://shop.example/{doc_id}",
        "image_url": None,
        "language": "en",
        "checked_at": T0,
        "fx_as_of": date(2026, 4, 30),
        "fx_source": "ECB",
    }
    values.update(fields)
    return SearchDocument(**values)  # type: ignore[arg-type]


def catalog() -> list[SearchDocument]:
    day = timedelta(days=1)
    return [
        make_doc("jp-1", "Sakura 保湿クリーム 50g", brand="Sakura", category="beauty",
                 store_id="rakuten-jp", price="27.50", language="ja", checked_at=T0 - 1 * day,
                 description="乾燥肌のための保湿クリーム"),
        make_doc("jp-2", "DHC ビタミンC 1000mg 60日分", brand="DHC", category="health",
                 store_id="rakuten-jp", price="8.90", language="ja", checked_at=T0 - 2 * day),
        make_doc("kr-1", "매일 유아분유 800g", brand="Maeil", category="baby",
                 store_id="coupang-kr", price="31.00", language="ko", checked_at=T0 - 3 * day),
        make_doc("cn-1", "小米 无线耳机 Pro", brand="Xiaomi", category="electronics",
                 store_id="jd-cn", price="45.00", language="zh", checked_at=T0 - 4 * day),
        make_doc("de-1", "Nivea Feuchtigkeitscreme 50 ml", brand="Nivea", category="beauty",
                 store_id="dm-de", price="3.95", language="de", checked_at=T0 - 5 * day),
        make_doc("fr-1", "Crème hydratante visage", brand="La Roche-Posay", category="beauty",
                 store_id="pharma-fr", price="19.90", language="fr", checked_at=T0 - 6 * day,
                 available=False),
        make_doc("en-1", "Aptamil Infant Formula Stage 1", brand="Aptamil", category="baby",
                 price="14.99", checked_at=T0 - 7 * day),
        make_doc("en-2", "Aptamil Follow-on Formula 800g", brand="Aptamil", category="baby",
                 price="12.49", checked_at=T0 - 8 * day),
        make_doc("en-3", "Sony Wireless Headphones WH-1000XM5", brand="Sony",
                 category="electronics", price="299.00", checked_at=T0 - 9 * day,
                 description="Noise cancelling over-ear headphones, stage-ready sound"),
    ]  # fmt: skip


@pytest.fixture
def backend(tmp_path: Path) -> Iterator[EmbeddedBackend]:
    with EmbeddedBackend(tmp_path / "haitao.sqlite3") as backend:
        yield backend


@pytest.fixture
def indexed(backend: EmbeddedBackend) -> EmbeddedBackend:
    assert backend.rebuild(catalog()) == len(catalog())
    return backend


def ids(results: SearchResults) -> list[str]:
    return [hit.document.id for hit in results.hits]


def found(backend: EmbeddedBackend, text: str, **query: object) -> set[str]:
    return set(ids(backend.search(SearchQuery(text=text, size=100, **query))))  # type: ignore[arg-type]


def test_is_a_search_backend(backend: EmbeddedBackend) -> None:
    typed: SearchBackend = backend
    assert typed.name == "embedded"


# ---- matching -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("保湿", {"jp-1"}),
        ("保湿クリーム", {"jp-1"}),
        ("분유", {"kr-1"}),
        ("耳机", {"cn-1"}),
        ("ビタミン", {"jp-2"}),
        ("ビタミンC", {"jp-2"}),
        ("1000mg", {"jp-2"}),
        ("feuchtigkeitscreme", {"de-1"}),
        ("FEUCHTIGKEITSCREME", {"de-1"}),
        ("creme", {"fr-1"}),
        ("crème", {"fr-1"}),
        ("formula stage", {"en-1"}),
        ("formula", {"en-1", "en-2"}),
        ("Sakura 保湿", {"jp-1"}),
        ("headphone", {"en-3"}),  # porter stemming
        ("sony", {"en-3"}),
        ("electronics", {"cn-1", "en-3"}),  # the category is searchable
        ("乾燥肌", {"jp-1"}),  # the description is searchable
        ("ｸﾘｰﾑ", {"jp-1"}),  # half-width katakana
    ],
)
def test_finds(indexed: EmbeddedBackend, text: str, expected: set[str]) -> None:
    assert found(indexed, text) == expected


@pytest.mark.parametrize(
    "text",
    ["Sakura 耳机", "formula nivea", "湿保", "ムーリク保湿", "cream serum", "nothing"],
)
def test_every_term_must_match(indexed: EmbeddedBackend, text: str) -> None:
    assert found(indexed, text) == set()


def test_a_single_cjk_character_finds_the_words_starting_with_it(
    indexed: EmbeddedBackend,
) -> None:
    assert found(indexed, "保") == {"jp-1"}


@pytest.mark.parametrize(
    "text",
    [
        '"', '""', "'", "(", ")", "(cream", "AND", "OR", "NOT", "NEAR", "NEAR(a b)",
        "cream AND", "OR cream", "NOT cream", "*", "cream*", "*cream", ":", "title:cream",
        "^cream", "-cream", "+cream", '"unbalanced', "a\"b'c", "{title}: x", "\\", "%_",
        "'; DROP TABLE search_docs; --", "🧴", "🧴 保湿 ✨", "\x00", "\u200b", "\ufeff",
        "x" * 2000, "保湿 (" * 400, "\"'()*:^-+" * 250,
    ],
)  # fmt: skip
def test_hostile_query_text_never_raises(indexed: EmbeddedBackend, text: str) -> None:
    results = indexed.search(SearchQuery(text=text))
    assert results.total >= 0 and set(results.facets) == set(FACETS)
    assert indexed.count() == len(catalog())


@pytest.mark.parametrize("text", ["!!!", "🧴✨", "()", '"', "*", "---"])
def test_a_query_without_usable_terms_finds_nothing(indexed: EmbeddedBackend, text: str) -> None:
    results = indexed.search(SearchQuery(text=text))
    assert (results.hits, results.total) == ([], 0)
    assert results.facets == {facet: [] for facet in FACETS}


def test_operators_are_words_not_syntax(backend: EmbeddedBackend) -> None:
    backend.rebuild([make_doc("a", "Cream OR Serum"), make_doc("b", "Cream")])
    assert found(backend, "cream OR serum") == {"a"}
    assert found(backend, "cream NOT serum") == set()


def test_empty_text_lists_everything_newest_first(indexed: EmbeddedBackend) -> None:
    results = indexed.search(SearchQuery(text="  ", size=100))
    assert results.total == len(catalog())
    assert ids(results) == [doc.id for doc in catalog()]  # the catalog is newest first


def test_hits_carry_highlighted_titles_and_scores(indexed: EmbeddedBackend) -> None:
    (hit,) = indexed.search(SearchQuery(text="Sakura 保湿")).hits
    assert hit.highlighted_title == "<mark>Sakura</mark> <mark>保湿</mark>クリーム 50g"
    assert hit.score > 0


def test_highlighted_titles_are_escaped(backend: EmbeddedBackend) -> None:
    backend.rebuild([make_doc("x", "<script>alert(1)</script> Cream & Co")])
    (hit,) = backend.search(SearchQuery(text="cream")).hits
    assert hit.highlighted_title == (
        "&lt;script&gt;alert(1)&lt;/script&gt; <mark>Cream</mark> &amp; Co"
    )


# ---- writing ------------------------------------------------------------------------------


def test_rebuild_replaces_everything(indexed: EmbeddedBackend) -> None:
    assert indexed.rebuild([make_doc("new", "Laneige Lip Sleeping Mask")]) == 1
    assert indexed.count() == 1
    assert found(indexed, "formula") == set()
    assert found(indexed, "mask") == {"new"}


def test_rebuild_keeps_the_last_of_repeated_ids(backend: EmbeddedBackend) -> None:
    docs = [make_doc("a", "Old Title"), make_doc("b", "Other"), make_doc("a", "New Title")]
    backend.rebuild(docs)
    assert backend.count() == 2
    assert found(backend, "old") == set()
    assert found(backend, "new title") == {"a"}
    # Ids are unique again afterwards: a crawl's upsert replaces "a" instead of failing.
    assert backend.upsert([make_doc("a", "Newest Title")]) == 1
    assert backend.count() == 2
    assert found(backend, "newest") == {"a"}


def test_rebuild_is_atomic_for_readers(indexed: EmbeddedBackend, tmp_path: Path) -> None:
    seen_during_rebuild: list[int] = []

    def documents() -> Iterator[SearchDocument]:
        yield make_doc("n1", "First new")
        with EmbeddedBackend(indexed.path) as reader:
            seen_during_rebuild.append(reader.count())
            seen_during_rebuild.append(reader.search(SearchQuery(text="formula")).total)
        yield make_doc("n2", "Second new")

    indexed.rebuild(documents())
    assert seen_during_rebuild == [len(catalog()), 2]
    assert indexed.count() == 2


def test_a_failed_rebuild_keeps_the_old_index(indexed: EmbeddedBackend) -> None:
    def documents() -> Iterator[SearchDocument]:
        yield make_doc("n1", "First new")
        raise RuntimeError("catalog went away")

    with pytest.raises(RuntimeError):
        indexed.rebuild(documents())
    assert indexed.count() == len(catalog())
    assert found(indexed, "formula") == {"en-1", "en-2"}


def test_upsert_adds_and_replaces_by_id(indexed: EmbeddedBackend) -> None:
    changed = replace(
        catalog()[4], title="Nivea Soft Creme 200 ml", price=Money(Decimal("5.49"), "EUR")
    )
    added = make_doc("new", "Laneige Lip Sleeping Mask", brand="Laneige")
    assert indexed.upsert([changed, added]) == 2
    assert indexed.count() == len(catalog()) + 1
    assert found(indexed, "feuchtigkeitscreme") == set()
    assert found(indexed, "soft creme") == {"de-1"}
    assert found(indexed, "laneige mask") == {"new"}
    (hit,) = indexed.search(SearchQuery(text="soft")).hits
    assert hit.document == changed


def test_upsert_of_nothing(indexed: EmbeddedBackend) -> None:
    assert indexed.upsert([]) == 0
    assert indexed.count() == len(catalog())


def test_delete(indexed: EmbeddedBackend) -> None:
    assert indexed.delete(["en-1", "missing", "cn-1"]) == 2
    assert indexed.count() == len(catalog()) - 2
    assert found(indexed, "formula") == {"en-2"}
    assert found(indexed, "耳机") == set()
    assert indexed.delete([]) == 0


def test_count_of_a_fresh_file(backend: EmbeddedBackend) -> None:
    assert backend.count() == 0
    assert backend.search(SearchQuery(text="cream")).total == 0


def test_documents_round_trip_exactly(backend: EmbeddedBackend) -> None:
    tokyo = timezone(timedelta(hours=9))
    docs = [
        make_doc("a", "Laptop", price=Decimal("1299.99"), was_price=Decimal("1499.00"),
                 checked_at=datetime(2026, 4, 30, 23, 59, 59, 123456, tzinfo=UTC),
                 brand="Äpfel & Co", category="electronics", gtin="04012345678901",
                 image_url="https://img.example/a.jpg"),
        make_doc("b", "化粧水", price=Decimal("3980"), currency="JPY",
                 price_pivot=Decimal("24.123456789"), available=False,
                 checked_at=datetime(2026, 5, 1, 9, tzinfo=tokyo)),
        make_doc("c", "Naive time", price=Decimal("0.10"), checked_at=datetime(2026, 5, 2, 8)),
    ]  # fmt: skip
    backend.rebuild(docs)
    stored = {hit.document.id: hit.document for hit in backend.search(SearchQuery()).hits}
    assert stored == {doc.id: doc for doc in docs}
    assert str(stored["a"].price.amount) == "1299.99" and stored["b"].price == Money(
        Decimal("3980"), "JPY"
    )
    assert str(stored["a"].was_price.amount) == "1499.00"
    assert str(stored["b"].price_pivot.amount) == "24.123456789"


# ---- filters, facets, sorting, pages ------------------------------------------------------


def test_facets_count_the_matches(indexed: EmbeddedBackend) -> None:
    facets = indexed.search(SearchQuery()).facets
    assert facets["category"] == [("baby", 3), ("beauty", 3), ("electronics", 2), ("health", 1)]
    assert facets["brand"][0] == ("Aptamil", 2)
    assert facets["store_id"] == [
        ("boots-uk", 3), ("rakuten-jp", 2), ("coupang-kr", 1), ("dm-de", 1), ("jd-cn", 1),
        ("pharma-fr", 1),
    ]  # fmt: skip
    text_facets = indexed.search(SearchQuery(text="formula")).facets
    assert {name: text_facets[name] for name in ("store_id", "brand", "category")} == {
        "store_id": [("boots-uk", 2)], "brand": [("Aptamil", 2)], "category": [("baby", 2)],
    }  # fmt: skip


def test_facets_leave_out_missing_values(backend: EmbeddedBackend) -> None:
    backend.rebuild([make_doc("a", "No brand"), make_doc("b", "Branded", brand="Acme")])
    facets = backend.search(SearchQuery()).facets
    assert facets["brand"] == [("Acme", 1)] and facets["category"] == []


def test_facets_are_capped(backend: EmbeddedBackend) -> None:
    brands = [f"Brand {i:02}" for i in range(FACET_LIMIT + 5)]
    backend.rebuild([make_doc(brand, "Item", brand=brand) for brand in brands])
    facet = backend.search(SearchQuery(text="item")).facets["brand"]
    assert facet == [(brand, 1) for brand in brands[:FACET_LIMIT]]


def test_facets_apply_the_filters(indexed: EmbeddedBackend) -> None:
    results = indexed.search(SearchQuery(categories=("beauty",)))
    assert results.facets["store_id"] == [("dm-de", 1), ("pharma-fr", 1), ("rakuten-jp", 1)]
    assert results.total == 3


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (SearchQuery(stores=("rakuten-jp",)), {"jp-1", "jp-2"}),
        (SearchQuery(stores=("rakuten-jp", "jd-cn")), {"jp-1", "jp-2", "cn-1"}),
        (SearchQuery(brands=("Aptamil",)), {"en-1", "en-2"}),
        (SearchQuery(categories=("beauty",)), {"jp-1", "de-1", "fr-1"}),
        (SearchQuery(categories=("beauty",), in_stock=True), {"jp-1", "de-1"}),
        (SearchQuery(text="creme", in_stock=True), set()),
        (SearchQuery(text="formula", stores=("boots-uk",), brands=("Aptamil",)), {"en-1", "en-2"}),
        (SearchQuery(text="formula", stores=("dm-de",)), set()),
        (SearchQuery(stores=("nowhere",)), set()),
    ],
)
def test_filters(indexed: EmbeddedBackend, query: SearchQuery, expected: set[str]) -> None:
    results = indexed.search(replace(query, size=100))
    assert set(ids(results)) == expected and results.total == len(expected)


def test_sort_by_price(indexed: EmbeddedBackend) -> None:
    by_price = sorted(catalog(), key=lambda doc: doc.price_pivot.amount)
    ascending = ids(indexed.search(SearchQuery(sort="price_asc", size=100)))
    assert ascending == [doc.id for doc in by_price]
    descending = ids(indexed.search(SearchQuery(sort="price_desc", size=100)))
    assert descending == ascending[::-1]
    assert ids(indexed.search(SearchQuery(text="formula", sort="price_asc"))) == ["en-2", "en-1"]
    assert ids(indexed.search(SearchQuery(text="formula", sort="price_desc"))) == ["en-1", "en-2"]


def test_sort_by_price_is_exact_below_a_cent(backend: EmbeddedBackend) -> None:
    prices = ["10.000002", "10.000001", "9.999999", "10"]
    backend.rebuild([make_doc(f"p{i}", "Item", price=price) for i, price in enumerate(prices)])
    assert ids(backend.search(SearchQuery(text="item", sort="price_asc"))) == [
        "p2", "p3", "p1", "p0",
    ]  # fmt: skip


def test_sort_newest(indexed: EmbeddedBackend) -> None:
    newest = ids(indexed.search(SearchQuery(text="formula", sort="newest")))
    assert newest == ["en-1", "en-2"]
    indexed.upsert([replace(catalog()[7], checked_at=T0 + timedelta(hours=1))])
    assert ids(indexed.search(SearchQuery(text="formula", sort="newest"))) == ["en-2", "en-1"]


def test_sort_relevance_weights_the_title_highest(backend: EmbeddedBackend) -> None:
    backend.rebuild([
        make_doc("in-description", "Speaker", description="a stage speaker for concerts"),
        make_doc("in-title", "Stage Monitor", description="a loud monitor"),
        make_doc("in-category", "Microphone", category="stage"),
    ])  # fmt: skip
    assert ids(backend.search(SearchQuery(text="stage"))) == [
        "in-title", "in-category", "in-description",
    ]  # fmt: skip


def test_pagination(indexed: EmbeddedBackend) -> None:
    pages = [indexed.search(SearchQuery(sort="price_asc", page=n, size=4)) for n in (1, 2, 3, 4)]
    assert [page.total for page in pages] == [len(catalog())] * 4
    assert [len(page.hits) for page in pages] == [4, 4, 1, 0]
    every = [doc_id for page in pages for doc_id in ids(page)]
    assert every == ids(indexed.search(SearchQuery(sort="price_asc", size=100)))


def test_odd_pages_and_sizes_do_not_raise(indexed: EmbeddedBackend) -> None:
    assert ids(indexed.search(SearchQuery(size=0))) == []
    assert len(indexed.search(SearchQuery(page=0, size=2)).hits) == 2
    assert indexed.search(SearchQuery(page=-3)).total == len(catalog())


# ---- the database file --------------------------------------------------------------------


def test_lives_beside_the_catalog_tables(tmp_path: Path) -> None:
    path = tmp_path / "haitao.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE offers (id INTEGER PRIMARY KEY, title TEXT)")
        conn.execute("INSERT INTO offers (title) VALUES ('kept')")
    conn.close()
    backend = EmbeddedBackend(path)
    assert not _tables(path) - {"offers"}  # nothing created before the first use
    with backend:
        backend.rebuild(catalog())
        backend.upsert(catalog()[:2])
        backend.delete(["jp-1"])
    assert {name for name in _tables(path) if not name.startswith("search_")} == {"offers"}
    assert _query(path, "SELECT title FROM offers") == [("kept",)]
    assert _query(path, "PRAGMA journal_mode") == [("wal",)]


def _tables(path: Path) -> set[str]:
    return {name for (name,) in _query(path, "SELECT name FROM sqlite_master WHERE type='table'")}


def _query(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_serves_several_threads(indexed: EmbeddedBackend) -> None:
    totals: list[int] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for text in ("formula", "保湿", "creme", ""):
                totals.append(indexed.search(SearchQuery(text=text)).total)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(totals) == sorted([2, 1, 1, len(catalog())] * 4)
    indexed.close()
    assert indexed.count() == len(catalog())  # reopens after close()


# ---- properties ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shared_backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedBackend]:
    with EmbeddedBackend(tmp_path_factory.mktemp("search") / "haitao.sqlite3") as backend:
        backend.rebuild(catalog())
        yield backend


@settings(max_examples=200, deadline=None)
@given(text=st.text(), sort=st.sampled_from(["relevance", "price_asc", "price_desc", "newest"]))
def test_search_never_raises(shared_backend: EmbeddedBackend, text: str, sort: str) -> None:
    results = shared_backend.search(SearchQuery(text=text, sort=sort))  # type: ignore[arg-type]
    assert 0 <= len(results.hits) <= results.total <= len(catalog())
    for hit in results.hits:
        assert "<" not in hit.highlighted_title.replace("<mark>", "").replace("</mark>", "")


def test_status_shows_the_generation_and_no_rebuild_before_the_first(backend) -> None:
    before = backend.status()
    assert (before.documents, before.last_reindex) == (0, None)
    backend.rebuild(catalog())
    after = backend.status()
    assert after.documents == len(catalog())
    assert int(after.details["generation"]) > int(before.details["generation"])
    assert after.details["file"] == str(backend.path)


def test_an_index_of_an_older_format_asks_for_a_rebuild(tmp_path: Path) -> None:
    """Tables an older Haitao made (other columns, other payloads) are never read as if they
    were this format's: searches and writes say to rebuild, and a rebuild makes them current."""
    path = tmp_path / "haitao.sqlite3"
    with EmbeddedBackend(path) as backend:
        backend.rebuild(catalog())
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM search_meta WHERE key = 'format'")  # as before formats
    conn.close()
    with EmbeddedBackend(path) as backend:
        assert backend.count() == len(catalog())  # the console can still show its size
        for attempt in (
            lambda: backend.search(SearchQuery(text="formula")),
            lambda: backend.upsert(catalog()[:1]),
            lambda: backend.delete(["jp-1"]),
        ):
            with pytest.raises(StaleIndex, match="haitao reindex"):
                attempt()
        assert backend.rebuild(catalog()) == len(catalog())
        assert found(backend, "formula") == {"en-1", "en-2"}
