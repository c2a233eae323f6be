"""The sample stores' search documents: shaped as the indexer shapes a crawled offer's."""

from __future__ import annotations

from decimal import Decimal

from crawler.samples.assortment import SAMPLE_STORES
from indexer.concepts import document_concepts
from indexer.documents import DESTINATIONS, PIVOT
from indexer.fields import dump, load
from operations.sample_documents import sample_documents


def test_every_store_every_variant_with_its_kind():
    found = list(sample_documents(3))
    assert {doc.store_id for doc, _ in found} == {p.id for p in SAMPLE_STORES}
    assert len({doc.id for doc, _ in found}) == len(found) >= 3 * len(SAMPLE_STORES)
    assert all(kind for _, kind in found)


def test_the_same_arguments_give_the_same_documents():
    assert [dump(d) for d, _ in sample_documents(2)] == [dump(d) for d, _ in sample_documents(2)]
    other = [dump(d) for d, _ in sample_documents(2, seed=7)]
    assert other != [dump(d) for d, _ in sample_documents(2)]


def test_documents_carry_what_the_indexer_gives_them():
    for doc, _ in sample_documents(4):
        assert doc.concepts == document_concepts(doc.title, doc.category, doc.brand)
        assert len(doc.description) <= 500
        assert set(doc.landed) == set(DESTINATIONS) == set(doc.net) == set(doc.landed_route)
        assert doc.price_pivot.currency == PIVOT
        assert doc.price_pivot.amount == doc.price_pivot.amount.quantize(Decimal("0.01"))
        cashback = doc.price_pivot.amount * (doc.rebate_rate or 0)
        for dest, landed in doc.landed.items():
            assert landed.amount > doc.price_pivot.amount
            assert doc.net[dest].amount == landed.amount - cashback.quantize(Decimal("0.01"))
            route = doc.landed_route[dest]
            assert route == ("direct" if dest in doc.direct_to else "forwarder:sample")
        assert load(dump(doc)) == doc  # stores and comes back exactly


def test_documents_of_every_language_are_tagged_with_concepts():
    found = list(sample_documents(3))
    assert {d.language for d, _ in found if d.concepts} == {d.language for d, _ in found}
