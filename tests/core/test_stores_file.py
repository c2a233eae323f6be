"""Writing one entry of the stores file: validated, atomic, other entries and the header kept."""

from __future__ import annotations

import threading

import pytest
from pydantic import ValidationError

from core.errors import ConfigError
from core.stores import load_stores
from core.stores_file import DuplicateStore, raw_entry, save_entry

HEADER = "# The stores Haitao crawls.\n#   - id: example-shop   (an example in a comment)\n\n"
FILE = (
    HEADER
    + """stores:
  - id: jp-shop
    name: Tokyo Shop
    platform: shopify
    url: https://shop.example.jp
    country: JP
    currency: JPY
    language: ja
    shipping:
      mode: post
      destinations:
        '*': {flat: '900'}
"""
)


def entry(**changes) -> dict:
    base = {
        "id": "us-shop",
        "name": "US Shop",
        "platform": "woocommerce",
        "url": "https://us-shop.example",
        "country": "US",
        "currency": "USD",
        "language": "en",
    }
    return base | changes


@pytest.fixture
def stores_file(tmp_path):
    path = tmp_path / "stores.yaml"
    path.write_text(FILE, encoding="utf-8")
    return path


def test_a_new_store_is_added_and_the_rest_kept(stores_file):
    save_entry(stores_file, entry(), new=True)
    stores = load_stores(stores_file)
    assert list(stores) == ["jp-shop", "us-shop"]
    assert stores["us-shop"].platform == "woocommerce"
    assert stores["jp-shop"].shipping is not None
    assert stores_file.read_text().startswith(HEADER + "stores:\n  - id: jp-shop\n")
    assert [p.name for p in stores_file.parent.iterdir() if p.suffix == ".tmp"] == []


def test_an_edit_replaces_only_that_entry(stores_file):
    save_entry(stores_file, entry(), new=True)
    changed = raw_entry(stores_file, "jp-shop") | {"name": "Tokyo Shop 2"}
    save_entry(stores_file, changed, new=False)
    stores = load_stores(stores_file)
    assert stores["jp-shop"].name == "Tokyo Shop 2" and stores["jp-shop"].shipping is not None
    assert stores["us-shop"].name == "US Shop"


def test_a_bad_entry_leaves_the_file_as_it_was(stores_file):
    with pytest.raises(ValidationError) as error:
        save_entry(stores_file, entry(platform="magento"), new=True)
    assert error.value.errors()[0]["loc"] == ("platform",)
    assert stores_file.read_text() == FILE


def test_a_taken_id_is_refused(stores_file):
    with pytest.raises(DuplicateStore, match="jp-shop"):
        save_entry(stores_file, entry(id="jp-shop"), new=True)
    with pytest.raises(ConfigError, match="no store 'us-shop'"):
        save_entry(stores_file, entry(), new=False)
    assert stores_file.read_text() == FILE


def test_a_broken_file_is_not_written_over(stores_file):
    stores_file.write_text("stores:\n  - id: x\n")
    with pytest.raises(ConfigError):
        save_entry(stores_file, entry(), new=True)
    assert stores_file.read_text() == "stores:\n  - id: x\n"


def test_writers_at_the_same_time_both_keep_their_store(stores_file):
    threads = [
        threading.Thread(
            target=save_entry, args=(stores_file, entry(id=f"shop-{n}")), kwargs={"new": True}
        )
        for n in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(load_stores(stores_file)) == 9
