"""A product's URL-safe id: its search documents' group key, reversibly encoded.

A product is a group of offers (the documents' `group_key`: the GTIN, else brand and title), so
`/products/<id>` and `/api/v1/products/<id>` need no table of their own.
"""

from __future__ import annotations

import base64
import binascii

from core.errors import HaitaoError
from pricing.landed.words import Words


class UnknownProduct(HaitaoError):
    """A product id that is malformed or names no offer in the catalog."""


def product_id(group_key: str) -> str:
    """The URL-safe id of a product group: `gtin-<GTIN>` for a GTIN that joins offers of any
    brand, else the key in base64url (a GTIN joined with its brand, or brand and title)."""
    if group_key.startswith("gtin:") and "|" not in group_key:
        return "gtin-" + group_key.removeprefix("gtin:")
    encoded = base64.urlsafe_b64encode(group_key.encode()).decode().rstrip("=")
    return "k-" + encoded


def group_key_of(product_id_: str) -> str:
    """The group key a product id encodes; UnknownProduct when it encodes none."""
    kind, _, rest = product_id_.partition("-")
    if kind == "gtin" and rest.isdigit() and 8 <= len(rest) <= 14:
        return "gtin:" + rest
    if kind == "k" and rest:
        try:
            key = base64.urlsafe_b64decode(rest + "=" * (-len(rest) % 4)).decode()
        except (binascii.Error, UnicodeDecodeError):
            key = ""
        if key.startswith(("brand:", "gtin:")) and "|" in key:
            return key
    raise UnknownProduct(Words("no product '%(product)s'", product=product_id_))
