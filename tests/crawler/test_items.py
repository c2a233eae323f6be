"""Items: the one stock scale every store's wording maps to."""

from crawler.items import Availability


def test_only_sellable_availabilities_are_buyable():
    assert {a for a in Availability if a.buyable} == {
        Availability.IN_STOCK,
        Availability.LIMITED,
        Availability.PREORDER,
        Availability.BACKORDER,
    }
