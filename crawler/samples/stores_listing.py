"""The sample stores as a stores file (`config/stores.yaml` format)."""

from __future__ import annotations

from collections.abc import Iterable

import yaml

from crawler.samples import formats
from crawler.samples.assortment import SAMPLE_STORES, SampleStoreProfile


def default_stores_yaml() -> str:
    """The stores file for the bundled sample stores on their default ports."""
    return stores_yaml((p, f"http://127.0.0.1:{p.port}") for p in SAMPLE_STORES)


def stores_yaml(stores: Iterable[tuple[SampleStoreProfile, str]]) -> str:
    """A stores file listing each (profile, base URL)."""
    entries = [formats.store_entry(profile, url) for profile, url in stores]
    return yaml.dump(
        {"stores": entries}, Dumper=_IndentedDumper, allow_unicode=True, sort_keys=False
    )


class _IndentedDumper(yaml.SafeDumper):
    """Safe dumping, with list items indented under their key as people write them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)
