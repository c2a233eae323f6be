"""The catalog rows behind search hits: offers found by search document id, exactly."""

from __future__ import annotations

from core.db import session_factory
from core.settings import Settings
from operations.bootstrap import prepare_database
from tests.alerts.conftest import add_product
from web.catalog_offers import offer_key, offers_by_key


def test_offers_by_key_finds_exactly_the_keys_asked_for_not_their_cross_product(tmp_path):
    """Each column is matched by its own IN list: a store of one key with the product of
    another must not come back."""
    settings = Settings.from_env({"HAITAO_HOME": str(tmp_path)})
    prepare_database(settings)
    with session_factory(settings.database_url).begin() as session:
        for store in ("us-shop", "us-other"):
            for gtin in ("00012345678905", "00000000000017"):
                add_product(session, store_id=store, gtin=gtin).external_id = f"p-{gtin}"
    with session_factory(settings.database_url)() as session:
        # both stores list both products under the same ids: the lists' cross product holds
        # two more offers than asked for
        wanted = ["us-shop:p-00012345678905:v1", "us-other:p-00000000000017:v1"]
        found = offers_by_key(session, [*wanted, "bad"])
        assert sorted(found) == sorted(wanted)
        assert all(offer_key(offer) == key for key, offer in found.items())
        assert offers_by_key(session, []) == {} and offers_by_key(session, ["x:y"]) == {}
