"""Product feeds → ProductItems: Google-Merchant RSS/Atom XML, any other XML export through a
field mapping (`item:` and `columns:` paths), and CSV datafeeds.

Every format comes down to rows of named fields (the `FeedField` names of the stores file);
rows sharing an `item_group_id` are the variants of one product.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Mapping
from functools import partial
from typing import BinaryIO

import lxml.etree

from crawler.extract import ExtractionError
from crawler.extract.feed_groups import Row, group_rows
from crawler.extract.loose_values import amount_and_currency
from crawler.extract.shipping import split_flat
from crawler.items import OfferItem, ProductItem

GOOGLE_NS = "http://base.google.com/ns/1.0"
# Our field ← the feed's element names, first found wins (Google's names, then RSS/Atom).
XML_FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "group_id": ("item_group_id",),
    "title": ("title",),
    "url": ("link",),
    "price": ("price",),
    "sale_price": ("sale_price",),
    "gtin": ("gtin",),
    "sku": ("mpn",),
    "brand": ("brand",),
    "category": ("product_type", "google_product_category"),
    "description": ("description", "summary", "content"),
    "image_url": ("image_link",),
    "availability": ("availability",),
    "weight": ("shipping_weight", "product_weight"),
    "variant": ("size", "color", "pattern", "material"),
}
# Full element names ("{namespace}name") → our field, so each child costs one dict lookup.
_BY_TAG = {
    f"{{{ns}}}{tag}" if ns else tag: field
    for field, tags in XML_FIELDS.items()
    for tag in tags
    for ns in (GOOGLE_NS, "http://www.w3.org/2005/Atom", "")
}
# `g:shipping` is repeatable and has sub-elements: read apart from the one-text fields.
_SHIPPING_TAGS = frozenset({f"{{{GOOGLE_NS}}}shipping", "shipping"})
_PARSER_OPTIONS = {"resolve_entities": False, "no_network": True, "huge_tree": True}
_ENTRY_TAGS = ("item", "{http://www.w3.org/2005/Atom}entry")
_WEIGHT_UNITS = {"g": "g", "kg": "kg", "lb": "lb", "lbs": "lb", "oz": "oz"}


def parse_xml_feed(
    body: bytes,
    store_id: str,
    base_url: str,
    item: str | None = None,
    columns: Mapping[str, str] | None = None,
) -> list[ProductItem]:
    """Every product in an RSS 2.0 or Atom feed with Google's `g:` fields, or, given `item`
    and `columns`, in any XML whose `item` elements hold the fields at those paths."""
    return list(iter_xml_feed(body, store_id, base_url, item, columns))


def iter_xml_feed(
    source: bytes | BinaryIO,
    store_id: str,
    base_url: str,
    item: str | None = None,
    columns: Mapping[str, str] | None = None,
) -> Iterator[ProductItem]:
    """The same products, made one at a time after the whole feed is read (and any
    ExtractionError raised): a 100,000-product feed never exists as one tree or item list.
    `source` is the feed's bytes or a binary file (read as a stream)."""
    rows = _mapped_rows(source, item, columns) if item and columns else _xml_rows(source)
    yield from group_rows(rows, partial(product, store_id=store_id, base_url=base_url))


def _binary(source: bytes | BinaryIO) -> BinaryIO:
    return io.BytesIO(source) if isinstance(source, bytes) else source


def _xml_rows(source: bytes | BinaryIO) -> Iterator[Row]:
    yield from _entries(source, _ENTRY_TAGS, xml_row)


def _mapped_rows(source: bytes | BinaryIO, item: str, columns: Mapping[str, str]) -> Iterator[Row]:
    readers = {field: path_reader(path) for field, path in columns.items()}

    def row(entry: lxml.etree._Element) -> Row:
        found = {field: read(entry) for field, read in readers.items()}
        return {field: text.strip() for field, text in found.items() if text and text.strip()}

    yield from _entries(source, (f"{{*}}{item}",), row)


def _entries(source: bytes | BinaryIO, tags: tuple[str, ...], make_row) -> Iterator[Row]:
    """A row per entry element, each element dropped once read (the tree stays small)."""
    entries = lxml.etree.iterparse(_binary(source), tag=tags, **_PARSER_OPTIONS)
    try:
        for _, entry in entries:
            yield make_row(entry)
            entry.clear(keep_tail=False)
            while entry.getprevious() is not None:  # drop the finished siblings
                del entry.getparent()[0]
    except (lxml.etree.XMLSyntaxError, ValueError) as exc:
        raise ExtractionError("bad_xml", str(exc)[:200]) from exc


def path_reader(path: str) -> Callable[[lxml.etree._Element], str | None]:
    """A reader of the text (or, after `@`, the attribute) at `path` inside an item element:
    "name", "prices/sale", "@id", "price/@currency"; namespaces are ignored."""
    steps, at, attribute = path.partition("@")
    names = [name for name in steps.split("/") if name]
    xpath = "/".join(f"{{*}}{name}" for name in names)

    def read(entry: lxml.etree._Element) -> str | None:
        element = entry.find(xpath) if xpath else entry
        if element is None:
            return None
        return element.get(attribute) if at else element.text

    return read


def xml_row(entry: lxml.etree._Element) -> Row:
    row: Row = {}
    for child in entry:
        field = _BY_TAG.get(child.tag)  # a comment's tag is a function: no field
        if field is None:
            if child.tag in _SHIPPING_TAGS:
                row.setdefault("shipping", []).append(xml_shipping(child))
        elif field not in row:
            text = child.get("href") if field == "url" and child.get("href") else child.text
            if text and text.strip():
                row[field] = text.strip()
    if "sale_price" in row:  # Google's price is then the regular price
        row["was_price"] = row.get("price", "")
        row["price"] = row.pop("sale_price")
    return row


def xml_shipping(element: lxml.etree._Element) -> dict[str, str] | str:
    """A `g:shipping` element's sub-fields by local name, or its text (the flat form)."""
    if len(element) == 0:
        return (element.text or "").strip()
    return {
        sub.tag.rpartition("}")[2]: (sub.text or "").strip()
        for sub in element
        if isinstance(sub.tag, str)
    }


def parse_csv_feed(
    body: bytes, store_id: str, base_url: str, columns: Mapping[str, str], delimiter: str = ","
) -> list[ProductItem]:
    """Every product in a CSV datafeed whose columns `columns` maps to our fields."""
    return list(iter_csv_feed(body, store_id, base_url, columns, delimiter))


def iter_csv_feed(
    source: bytes | BinaryIO,
    store_id: str,
    base_url: str,
    columns: Mapping[str, str],
    delimiter: str = ",",
) -> Iterator[ProductItem]:
    """The same products one at a time, any ExtractionError raised before the first;
    `source` is the feed's bytes or a binary file (decoded row by row)."""
    text = io.TextIOWrapper(_binary(source), encoding="utf-8-sig", newline="")
    try:
        reader = csv.reader(text, delimiter=delimiter)
        header = _csv_read(reader) or []
        missing = [c for c in ("id", "title", "price") if columns[c] not in header]
        if missing:
            raise ExtractionError("bad_columns", f"no column for {', '.join(missing)}")
        index = {f: header.index(column) for f, column in columns.items() if column in header}
        rows = _csv_rows(reader, index, len(header))
        yield from group_rows(rows, partial(product, store_id=store_id, base_url=base_url))
    finally:
        text.detach()  # the caller owns the file; the wrapper must not close it, or leak it


def _csv_rows(reader: Iterator[list[str]], index: Mapping[str, int], width: int) -> Iterator[Row]:
    last: list[str] = []
    while (raw := _csv_read(reader)) is not None:
        last = raw
        yield _csv_row(raw, index)
    if last and len(last) < width:
        # CSV has no end marker: a last row cut short is the sign of a feed cut short.
        raise ExtractionError("truncated_csv", "the last row has fewer fields than the header")


def _csv_read(reader: Iterator[list[str]]) -> list[str] | None:
    """The next non-empty row, None at the end; ExtractionError for undecodable CSV."""
    try:
        return next((row for row in reader if row), None)
    except csv.Error as exc:
        raise ExtractionError("bad_csv", str(exc)[:200]) from exc
    except UnicodeDecodeError as exc:
        raise ExtractionError("bad_encoding", str(exc)[:200]) from exc


def _csv_row(raw: list[str], index: Mapping[str, int]) -> Row:
    row: Row = {}
    for field, position in index.items():
        value = raw[position].strip() if position < len(raw) else ""
        if value:
            row[field] = value
    return row


def product(key: str, rows: list[Row], store_id: str, base_url: str) -> ProductItem:
    """One product of a feed: the fields of its first row, an offer per row."""
    first = rows[0]
    return ProductItem(
        store_id=store_id,
        external_id=key,
        title=first.get("title"),
        url=first.get("url") or base_url,
        brand=first.get("brand"),
        category=first.get("category"),
        description=first.get("description", ""),
        image_url=first.get("image_url"),
        offers=list(_offers(rows)),
    )


def _offers(rows: list[Row]) -> Iterator[OfferItem]:
    for row in rows:
        price, currency = amount_and_currency(row.get("price"))
        was, _ = amount_and_currency(row.get("was_price"))
        weight, unit = amount_and_currency(row.get("weight"))
        yield OfferItem(
            external_id=row.get("id", ""),
            title=row.get("variant"),
            sku=row.get("sku"),
            raw_gtin=row.get("gtin"),
            raw_price=price,
            raw_was_price=was,
            raw_weight=weight,
            weight_unit=_WEIGHT_UNITS.get((unit or "kg").lower(), "?"),
            raw_availability=row.get("availability"),
            currency=row.get("currency") or currency,
            raw_shipping=_raw_shipping(row.get("shipping")),
        )


def _raw_shipping(value: list | str | None) -> list:
    """XML rows carry a list already; a CSV cell holds flat rates separated by commas."""
    if isinstance(value, str):
        return split_flat(value)
    return value or []
