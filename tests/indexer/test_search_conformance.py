"""One behaviour suite for every search backend (`pytest -m search_conformance`).

Each test runs against the embedded SQLite FTS5 backend (its SQL path, its columnar path for
broad sorted searches, and that path in a reader process), and against Elasticsearch: in CI the
`osmem-server` stand-in, or the real cluster named by `HAITAO_TEST_ES_URL`. A backend's known
gaps are declared in GAPS with a one-line reason, never skipped silently.
"""

from __future__ import annotations

import os
from dataclasses import replace
from decimal import Decimal

import pytest

from indexer.fields import to_json
from indexer.query import SearchQuery, band_label
from pricing.money import Money
from tests.indexer.search_fixtures import (
    FORMULA,
    FX_AS_OF,
    VITAMIN,
    VITAMIN_C,
    doc,
    documents,
    eur,
    passes_filters,
    with_title,
)

pytestmark = pytest.mark.search_conformance

# (backend, test name) → why that backend cannot pass it yet.
GAPS: dict[tuple[str, str], str] = {}


@pytest.fixture(params=["embedded", "embedded-columnar", "embedded-readers", "elasticsearch"])
def backend(request, tmp_path):
    gap = GAPS.get((request.param, request.node.originalname))
    if gap:
        request.applymarker(pytest.mark.xfail(reason=gap, strict=True))
    backend = make_backend(request, tmp_path)
    backend.rebuild(documents())
    yield backend
    backend.close()


def make_backend(request, tmp_path):
    if request.param.startswith("embedded"):
        from indexer.backends.embedded import EmbeddedBackend

        # "embedded-columnar" sends every sorted text search down the numpy path;
        # "embedded-readers" sends every search to a reader process (the served default).
        threshold = None if request.param == "embedded" else 0
        readers = 1 if request.param == "embedded-readers" else 0
        return EmbeddedBackend(
            tmp_path / "search.sqlite", columnar_threshold=threshold, readers=readers
        )
    from indexer.backends.elasticsearch import ElasticsearchBackend

    if url := os.environ.get("HAITAO_TEST_ES_URL"):
        return ElasticsearchBackend(url, index=f"haitao-test-{os.getpid()}")
    from tests.indexer.es_compat import JsonCompatNode

    url = request.getfixturevalue("osmem_url")
    return ElasticsearchBackend(url, index="haitao-test", node_class=JsonCompatNode)


def search(backend, text: str = "", **options):
    return backend.search(SearchQuery(text=text, **options))


def ids(results) -> list[str]:
    return [hit.document.id for hit in results.hits]


# ---- matching ---------------------------------------------------------------------------


def test_every_word_must_match(backend):
    assert ids(search(backend, "feuchtigkeitscreme lumière")) == ["de-apotheke:8"]
    assert search(backend, "feuchtigkeitscreme vitacore").total == 0
    assert search(backend, "milkwell 保湿").total == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("保湿", "jp-rakuichi:4"),
        ("クリーム", "jp-rakuichi:4"),
        ("분유", "kr-beautymall:5"),
        ("耳机", "hk-gadgets:7"),
        ("creme hydratante", "fr-pharmacie:6"),
        ("Säuglingsmilchnahrung", None),  # grouped with the formula: see the next test
    ],
)
def test_words_inside_cjk_text_and_without_accents_are_found(backend, text, expected):
    results = search(backend, text)  # and other languages' products after (see below)
    if expected:
        assert ids(results)[0] == expected
    else:
        assert results.hits[0].document.group_key == FORMULA


@pytest.mark.parametrize("sort", ["relevance", "landed_asc"])
def test_one_hit_per_product_group_says_how_many_stores_and_from_what_price(backend, sort):
    results = search(backend, "milkwell", sort=sort)
    assert results.total == 1 and results.total_offers == 3
    (hit,) = results.hits
    assert hit.document.group_key == FORMULA
    assert (hit.group_offers, hit.group_stores) == (3, 3)
    assert hit.group_min_price == eur("33.85")


@pytest.mark.parametrize("sort", ["relevance", "price_desc"])
def test_group_counts_only_offers_that_pass_the_filters(backend, sort):
    (hit,) = search(backend, "milkwell", in_stock=True, sort=sort).hits
    assert (hit.group_offers, hit.group_stores) == (2, 2)
    assert hit.group_min_price == eur("34.53")


@pytest.mark.parametrize(
    "text",
    [
        '"',
        "(",
        "AND",
        "OR NOT",
        "NEAR(a b)",
        "*",
        "a:b",
        "^",
        "-",
        "'; DROP TABLE x; --",
        "🙂",
        "\x00",
        "   ",
        "保" * 300,
        "x " * 1000,
        '{"query": 1}',
        "\\",
        "title:foo",
    ],
)
def test_search_box_syntax_is_never_interpreted_and_never_fails(backend, text):
    results = search(backend, text)
    assert results.total >= 0
    assert all(hit.document.id for hit in results.hits)


def test_empty_text_lists_everything_that_passes_the_filters(backend):
    everything = search(backend, size=100)
    groups = {d.group_key for d in documents()}
    assert everything.total == len(groups)
    assert everything.total_offers == len(documents())


# ---- across languages (indexer.concepts) -------------------------------------------------

FACE_CREAMS = {"jp-rakuichi:4", "fr-pharmacie:6", "de-apotheke:8"}
FORMULAS = {FORMULA, "id:kr-beautymall:5"}


@pytest.mark.parametrize(
    ("text", "groups"),
    [
        ("奶粉", FORMULAS),  # Simplified Chinese: no store writes it, every formula is found
        ("嬰兒奶粉", FORMULAS),  # Traditional Chinese
        ("粉ミルク", FORMULAS),
        ("lait infantile", FORMULAS),
        ("Milchnahrung", FORMULAS),
        ("formula 1段", FORMULAS),  # a stage, named in another language
        ("保湿霜", {f"id:{i}" for i in FACE_CREAMS}),
        ("moisturiser", {f"id:{i}" for i in FACE_CREAMS}),
        ("保濕霜", {f"id:{i}" for i in FACE_CREAMS}),
        ("수분크림", {f"id:{i}" for i in FACE_CREAMS}),
        ("耳機", {"id:hk-gadgets:7"}),
        ("headphones", {"id:hk-gadgets:7"}),
        ("비타민C", {d.group_key for d in VITAMIN_C}),
    ],
)
def test_a_query_finds_the_products_of_every_language_that_name_its_concept(backend, text, groups):
    results = search(backend, text, size=100)
    assert {hit.document.group_key for hit in results.hits} == groups
    assert results.total == len(groups)


@pytest.mark.parametrize(
    ("text", "first"),
    [("분유", "kr-beautymall:5"), ("Feuchtigkeitscreme", "de-apotheke:8"), ("formula", None)],
)
def test_products_with_the_words_themselves_rank_before_concept_only_matches(backend, text, first):
    hits = search(backend, text, size=100).hits
    if first:
        assert hits[0].document.id == first
    else:
        assert [h.document.group_key for h in hits] == [FORMULA, "id:kr-beautymall:5"]
    assert [h.score > 0 for h in hits] == [True] + [False] * (len(hits) - 1)


def test_concept_matches_obey_the_filters_and_the_sorts(backend):
    results = search(backend, "奶粉", stores=("de-apotheke", "kr-beautymall"), sort="price_asc")
    assert ids(results) == ["kr-beautymall:5", "de-apotheke:2"]
    assert dict(results.facets["store_id"]) == {"de-apotheke": 1, "kr-beautymall": 1}


def test_a_word_that_names_no_concept_still_matches_only_as_text(backend):
    assert ids(search(backend, "保湿")) == ["jp-rakuichi:4"]
    assert search(backend, "日本奶粉").total == 0  # 日本 matches nothing, 奶粉 every formula


# ---- filters ----------------------------------------------------------------------------

FILTERS = [
    {"stores": ("de-apotheke",)},
    {"brands": ("VitaCore",), "in_stock": True},
    {"categories": ("Skincare", "Baby")},
    {"store_countries": ("JP", "KR")},
    {"has_rebate": True},
    {"direct_only": True, "destination": "CN"},
    {"direct_only": True, "destination": "FR"},
    {"landed_min": Decimal("20"), "landed_max": Decimal("40"), "destination": "CN"},
    {"landed_max": Decimal("50"), "destination": "US", "in_stock": True},
    {"net_min": Decimal("20"), "net_max": Decimal("40"), "destination": "CN"},
    {"net_max": Decimal("30"), "landed_min": Decimal("15"), "destination": "US"},
    {"net_max": Decimal("30"), "destination": "KR"},  # no document carries KR: none pass
]


@pytest.mark.parametrize("text", ["", "vitamin"])
@pytest.mark.parametrize("options", FILTERS)
def test_filters_keep_exactly_the_matching_offers(backend, options, text):
    sort = "price_asc" if text else "relevance"
    query = SearchQuery(text=text, sort=sort, size=100, **options)
    candidates = VITAMIN if text else documents()
    expected = {d.id for d in candidates if passes_filters(d, query)}
    results = backend.search(query)
    assert results.total_offers == len(expected)
    assert {hit.document.id for hit in results.hits} <= expected
    kept_groups = {d.group_key for d in candidates if d.id in expected}
    assert results.total == len(kept_groups)


# ---- sorting ----------------------------------------------------------------------------


def sorted_vitamin_ids(key, reverse=False) -> list[str]:
    ranked = sorted(VITAMIN_C, key=lambda d: (key(d), d.id), reverse=reverse)
    return [d.id for d in ranked]


@pytest.mark.parametrize(
    ("sort", "key", "reverse"),
    [
        ("price_asc", lambda d: d.price_pivot.amount, False),
        ("price_desc", lambda d: d.price_pivot.amount, True),
        ("landed_asc", lambda d: d.landed["CN"].amount, False),
        ("net_asc", lambda d: d.net["CN"].amount, False),
        ("newest", lambda d: d.checked_at, True),
    ],
)
def test_sorts_order_by_their_key(backend, sort, key, reverse):
    results = search(backend, "vitamin c tablets", sort=sort, size=100)
    got = ids(results)
    expected = sorted_vitamin_ids(key, reverse)
    assert [key(d) for d in _docs(got)] == [key(d) for d in _docs(expected)]


def test_net_sort_ranks_by_cost_less_cashback_not_by_landed_cost(backend):
    """A rebate can put a dearer delivered offer first: the net sort follows the net cost."""
    plain = doc(901, "fr-pharmacie", "Zephyr kettle", "24.00", landed={"CN": "30.00"})
    rebated = doc(
        902,
        "de-apotheke",
        "Zephyr kettle",
        "20.00",
        landed={"CN": "31.00"},
        rebate_rate=Decimal("0.10"),
    )
    backend.upsert([plain, rebated])
    assert rebated.net["CN"] == eur("29.00")
    assert ids(search(backend, "zephyr", sort="landed_asc")) == [plain.id, rebated.id]
    assert ids(search(backend, "zephyr", sort="net_asc")) == [rebated.id, plain.id]
    assert ids(search(backend, "zephyr", net_max=Decimal("29.50"))) == [rebated.id]


def test_net_and_route_maps_come_back_as_indexed(backend):
    (hit,) = search(backend, "保湿").hits
    expected = next(d for d in documents() if d.id == "jp-rakuichi:4")
    assert hit.document.net == expected.net and hit.document.landed_route == expected.landed_route
    assert hit.document.net["CN"] == eur("28.12")  # 29.90 less 8 % of 22.31


def test_rebate_sort_puts_the_best_rebate_first_and_none_last(backend):
    got = _docs(ids(search(backend, "vitamin", sort="rebate_desc", size=100)))
    rates = [d.rebate_rate or Decimal(0) for d in got]
    assert rates == sorted(rates, reverse=True)
    assert rates[0] == Decimal("0.02") and rates[-1] == 0


def test_price_drop_sort_puts_the_biggest_delivered_cost_drop_at_the_destination_first(backend):
    got = _docs(ids(search(backend, "vitamin", sort="price_drop", size=100)))
    drops = [d.landed_drop.get("CN", Decimal(0)) for d in got]
    assert drops == sorted(drops, reverse=True) and drops[0] == Decimal("0.3")
    assert [d.price_drop for d in got] != sorted((d.price_drop for d in got), reverse=True)
    us = _docs(ids(search(backend, "vitamin", sort="price_drop", destination="US", size=100)))
    assert all(d.landed_drop.get("US", 0) == 0 for d in us)  # no delivered drop there


def test_price_drop_sort_by_the_store_price_where_the_index_carries_no_landed_cost(backend):
    got = _docs(ids(search(backend, "vitamin", sort="price_drop", destination="NZ", size=100)))
    drops = [d.price_drop for d in got]
    assert drops == sorted(drops, reverse=True) and drops[0] == Decimal("0.4")


def test_relevance_puts_title_matches_before_description_matches(backend):
    results = search(backend, "noise")
    assert ids(results) == ["hk-gadgets:7"]  # matched in the description only
    ranked = ids(search(backend, "tablets", size=100))
    assert len(ranked) == len(VITAMIN_C) + 1
    assert ranked[-1] == "us-vitashop:10"


def test_pages_follow_each_other_without_overlap(backend):
    first = search(backend, "vitamin", sort="price_asc", size=10, page=1)
    second = search(backend, "vitamin", sort="price_asc", size=10, page=2)
    assert first.total == second.total == len(VITAMIN)
    assert len(first.hits) == len(second.hits) == 10
    assert not set(ids(first)) & set(ids(second))
    assert first.hits[-1].document.price_pivot.amount <= second.hits[0].document.price_pivot.amount


# ---- facets -----------------------------------------------------------------------------


@pytest.mark.parametrize("sort", ["relevance", "price_asc"])
def test_facets_count_matching_offers_per_value(backend, sort):
    results = search(backend, "vitamin", destination="US", sort=sort)
    matching = VITAMIN
    stores = dict(results.facets["store_id"])
    for store in {d.store_id for d in matching}:
        assert stores[store] == sum(d.store_id == store for d in matching)
    assert dict(results.facets["brand"]) == {"VitaCore": len(matching) - 1, "Sunny": 1}
    direct = dict(results.facets["direct"])
    assert direct.get("yes", 0) == sum("US" in d.direct_to for d in matching)
    assert direct.get("no", 0) == sum("US" not in d.direct_to for d in matching)


@pytest.mark.parametrize("sort", ["relevance", "newest"])
def test_price_band_facet_uses_the_query_bands(backend, sort):
    bands = (Decimal("10"), Decimal("20"), Decimal("40"))
    results = search(backend, "vitamin", price_bands=bands, sort=sort)
    matching = VITAMIN
    expected: dict[str, int] = {}
    for d in matching:
        label = band_label(bands, d.price_pivot.amount)
        expected[label] = expected.get(label, 0) + 1
    assert dict(results.facets["price_band"]) == expected
    labels = [label for label, _ in results.facets["price_band"]]
    assert labels == sorted(labels, key=lambda label: Decimal(label.split("-")[0]))


def test_facet_values_other_than_bands_come_sorted_by_count(backend):
    stores = search(backend, "").facets["store_id"]
    counts = [count for _, count in stores]
    assert counts == sorted(counts, reverse=True)


# ---- documents --------------------------------------------------------------------------


def test_documents_come_back_exactly_as_indexed(backend):
    (hit,) = search(backend, "保湿").hits
    assert hit.document == next(d for d in documents() if d.id == "jp-rakuichi:4")


def test_hits_carry_typed_money_and_the_date_of_the_rates_used(backend):
    (hit,) = search(backend, "保湿").hits
    document = hit.document
    assert document.price == Money(Decimal("22.31"), "JPY")  # the store's own currency
    assert document.price_pivot == eur("22.31")
    assert {money.currency for money in document.landed.values()} == {"EUR"}
    assert (document.fx_as_of, document.fx_source) == (FX_AS_OF, "bundled snapshot")
    assert hit.group_min_price == eur("22.31")


def test_money_to_sort_by_outside_the_pivot_currency_is_refused_and_nothing_written(backend):
    original = next(d for d in documents() if d.id == "jp-rakuichi:4")
    for wrong in (
        replace(original, price_pivot=Money(Decimal("2980"), "JPY")),
        replace(original, landed={"CN": Money(Decimal("3500"), "JPY")}),
    ):
        with pytest.raises(ValueError, match="not the pivot currency EUR"):
            backend.upsert([wrong])
    (hit,) = search(backend, "保湿").hits
    assert hit.document == original


def test_titles_are_highlighted_and_escaped(backend):
    (hit,) = search(backend, "jerry gummies").hits
    assert "<mark>Gummies</mark>" in hit.highlighted_title
    assert "<script>" not in hit.highlighted_title
    assert "&lt;script&gt;" in hit.highlighted_title
    (cjk,) = search(backend, "保湿").hits
    assert "<mark>保湿</mark>" in cjk.highlighted_title


def test_upsert_replaces_by_id_and_delete_removes(backend):
    original = next(d for d in documents() if d.id == "de-apotheke:8")
    backend.upsert([with_title(original, "Lumière Nachtcreme 30 ml")])
    assert "de-apotheke:8" not in ids(search(backend, "feuchtigkeitscreme"))
    assert ids(search(backend, "nachtcreme")) == ["de-apotheke:8"]
    assert backend.count() == len(documents())
    assert backend.delete(["de-apotheke:8", "no-such-id"]) == 1
    assert backend.count() == len(documents()) - 1
    assert search(backend, "nachtcreme").total == 0


def test_stored_fields_by_id_come_back_as_indexed_and_unknown_ids_are_left_out(backend):
    by_id = {d.id: to_json(d) for d in documents()}
    names = ("price", "fx_as_of", "fx_source", "landed", "brand")
    first = next(iter(by_id))
    found = backend.stored_fields(["de-apotheke:8", "no-such-id", first], names)
    assert set(found) == {"de-apotheke:8", first}
    for doc_id, values in found.items():
        assert values == {name: by_id[doc_id][name] for name in names}
    assert found["de-apotheke:8"]["landed"]  # landed costs, exact strings
    assert backend.stored_fields([], names) == {}


def test_rebuild_replaces_the_whole_index(backend):
    keep = [d for d in documents() if d.store_id == "fr-pharmacie"]
    assert backend.rebuild(keep) == len(keep)
    assert backend.count() == len(keep)
    assert search(backend, "vitamin").total == 0
    assert search(backend, "crème").total == 1


def _docs(doc_ids: list[str]):
    by_id = {d.id: d for d in documents()}
    return [by_id[i] for i in doc_ids]


# ---- status ----------------------------------------------------------------------------


def test_the_generation_moves_on_with_every_write_or_is_unknown(backend):
    """A reader may cache answers under the generation: it must change with the content."""
    first = backend.generation()
    if first is None:  # the backend cannot tell: callers do not cache
        assert backend.name == "elasticsearch"  # writes by other processes leave no trace
        return
    assert backend.generation() == first  # reading leaves it alone
    backend.upsert([replace(documents()[0], title="Renamed")])
    second = backend.generation()
    assert second != first
    backend.delete([documents()[1].id])
    third = backend.generation()
    assert third not in (first, second)
    backend.rebuild(documents())
    assert backend.generation() not in (first, second, third)


def test_status_counts_the_documents_and_dates_the_last_rebuild(backend):
    from datetime import UTC, datetime

    first = backend.status()
    assert first.backend == backend.name
    assert first.documents == backend.count() == len(documents())
    assert first.last_reindex is not None
    assert abs((datetime.now(UTC) - first.last_reindex).total_seconds()) < 300
    backend.rebuild(documents()[:3])
    second = backend.status()
    assert second.documents == 3
    assert second.last_reindex > first.last_reindex


@pytest.mark.parametrize(
    ("sort", "key", "reverse"),
    [
        ("price_asc", lambda d: d.price_pivot.amount, False),
        ("price_desc", lambda d: d.price_pivot.amount, True),
        ("landed_asc", lambda d: d.landed["CN"].amount, False),
        ("net_asc", lambda d: d.net["CN"].amount, False),
    ],
)
def test_cost_sorts_rank_stale_offers_after_fresh_ones(backend, sort, key, reverse):
    cheapest = sorted(VITAMIN_C, key=key, reverse=reverse)[:2]
    backend.upsert([replace(d, stale=True) for d in cheapest])
    hits = search(backend, "vitamin c tablets", sort=sort, size=100).hits
    stale_ids = {d.id for d in cheapest}
    assert [h.document.stale for h in hits] == [h.document.id in stale_ids for h in hits]
    assert [h.document.stale for h in hits] == [False] * (len(hits) - 2) + [True, True]
    fresh = [key(h.document) for h in hits if not h.document.stale]
    assert fresh == sorted(fresh, reverse=reverse)


# ---- typos (indexer.spelling) -----------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "meant", "expected"),
    [
        ("vitamn", "vitamin", len({d.group_key for d in VITAMIN})),
        ("vitamn c", "vitamin c", len(VITAMIN_C)),
        ("gummeis", "gummies", 2),  # two letters swapped
        ("VitaCorr", "vitacore", len({d.group_key for d in VITAMIN}) - 1),
        ("hydratnte", "hydratante", 1),
    ],
)
def test_a_word_one_edit_from_a_title_word_is_corrected_and_says_so(
    backend, typed, meant, expected
):
    results = search(backend, typed, size=100)
    assert results.corrected == meant
    assert results.total == expected
    assert search(backend, typed, exact=True).total == 0  # the words as typed, on request


@pytest.mark.parametrize("text", ["vitamin", "vitmn", "vita", "保湿クリー", "nordskin vitamn"])
def test_found_words_short_words_cjk_and_hopeless_queries_are_not_corrected(backend, text):
    assert search(backend, text).corrected is None
