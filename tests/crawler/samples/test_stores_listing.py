"""The sample stores as a stores file: the bundled config/stores.yaml is exactly this text's
data, and any (profile, URL) list becomes a stores file the loader accepts."""

from __future__ import annotations

import yaml

from config import CONFIG_DIR
from core.stores import load_stores
from crawler.samples.assortment import SAMPLE_STORES, sample_store
from crawler.samples.stores_listing import default_stores_yaml, stores_yaml


def test_default_stores_yaml_matches_the_bundled_stores_file():
    bundled = yaml.safe_load((CONFIG_DIR / "stores.yaml").read_text(encoding="utf-8"))
    assert bundled == yaml.safe_load(default_stores_yaml())
    urls = [entry["url"] for entry in bundled["stores"]]
    assert urls == [f"http://127.0.0.1:{p.port}" for p in SAMPLE_STORES]
    assert set(load_stores(CONFIG_DIR / "stores.yaml")) == {p.id for p in SAMPLE_STORES}


def test_a_listing_is_a_loadable_stores_file_written_as_people_write_it(tmp_path):
    text = stores_yaml([(sample_store("jp-rakuichi"), "http://127.0.0.1:9")])
    assert text.startswith("stores:\n  - id: jp-rakuichi\n")  # items indented under the key
    assert "name: 楽市 Rakuichi\n" in text  # Unicode as written, not escaped
    path = tmp_path / "stores.yaml"
    path.write_text(text, encoding="utf-8")
    [store] = load_stores(path).values()
    assert (store.id, store.url, store.currency) == ("jp-rakuichi", "http://127.0.0.1:9", "JPY")
