"""The sample stores' shipping tables are valid tables whose prices follow their rules."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.shipping_table import StoreShipping
from crawler.samples.assortment import SAMPLE_STORES
from crawler.samples.shipping import SAMPLE_SHIPPING


def test_every_table_belongs_to_a_sample_store():
    assert set(SAMPLE_SHIPPING) <= {profile.id for profile in SAMPLE_STORES}


@pytest.mark.parametrize("store_id", sorted(SAMPLE_SHIPPING))
def test_every_table_is_valid_and_ships_home(store_id):
    entry = SAMPLE_SHIPPING[store_id]
    table = StoreShipping(**entry["shipping"])
    country = next(p.country for p in SAMPLE_STORES if p.id == store_id)
    assert table.to(country) is not None or table.domestic is not None


def test_the_us_store_ships_to_china_by_the_half_kilo_and_free_over_60():
    table = StoreShipping(**SAMPLE_SHIPPING["us-vitashop"]["shipping"])
    rate = table.to("CN")
    assert rate.cost(Decimal("20"), Decimal("0.6")) == Decimal("9.0")  # 6 + 3 × 1 kg (0.6 → 1.0)
    assert rate.cost(Decimal("60"), Decimal("0.6")) == 0
