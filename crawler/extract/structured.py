"""schema.org data out of an HTML page: JSON-LD first, then microdata, then RDFa (extruct).

Every syntax comes out as JSON-LD-like dicts with short keys ("name", "offers", "@type"), so
the Product reader in `schemaorg` need not know where the data came from.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import extruct
import lxml.etree
import lxml.html
from w3lib.encoding import html_to_unicode

from crawler.extract import ExtractionError
from crawler.extract.loose_values import as_dict, as_list

SCHEMA_PREFIXES = ("http://schema.org/", "https://schema.org/")
MAX_DEPTH = 8
_JSON_LD = lxml.etree.XPath('//script[@type="application/ld+json"]/text()')
_CANONICAL = lxml.etree.XPath('//link[@rel="canonical"]/@href')
# Pages arrive decoded (Scrapy's `response.text`: the HTTP header's charset, else a BOM or
# `<meta charset>`, else detection, as browsers do) and are parsed from their UTF-8 bytes with
# the encoding forced, so a `<meta>` that contradicts the header cannot re-decode them.
_UTF8_HTML = lxml.html.HTMLParser(encoding="utf-8")


def decoded(page: bytes | str) -> str:
    """The page as text: given text as it is; bytes decoded as a browser would with no HTTP
    header (BOM, `<meta charset>`, then detection)."""
    return page if isinstance(page, str) else html_to_unicode(None, page)[1]


def parse_html(page: bytes | str) -> lxml.html.HtmlElement:
    """An lxml tree, or ExtractionError("bad_markup") when there is no document at all."""
    try:
        tree = lxml.html.document_fromstring(decoded(page).encode("utf-8"), parser=_UTF8_HTML)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ExtractionError("bad_markup", str(exc)[:200]) from exc
    if tree is None:
        raise ExtractionError("bad_markup", "empty document")
    return tree


def canonical_link(tree: lxml.html.HtmlElement) -> str | None:
    """The page's `<link rel="canonical">`, if it has one."""
    hrefs = _CANONICAL(tree)
    return str(hrefs[0]).strip() or None if hrefs else None


def json_ld_nodes(tree: lxml.html.HtmlElement) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object on the page, `@graph` members included; broken scripts skipped."""
    for script in _JSON_LD(tree):
        try:
            data = json.loads(script, strict=False)
        except (ValueError, RecursionError):
            continue
        for node in as_list(data):
            node = as_dict(node)
            yield node
            yield from (as_dict(member) for member in as_list(node.get("@graph")))


def embedded_nodes(page: bytes | str, base_url: str) -> list[dict[str, Any]]:
    """Microdata items, then RDFa nodes (flattened to short keys), as extruct finds them."""
    body = decoded(page).encode("utf-8")
    try:
        data = extruct.extract(
            body, base_url, encoding="UTF-8", syntaxes=["microdata", "rdfa"], uniform=True
        )
    except (lxml.etree.LxmlError, ValueError, TypeError, AttributeError) as exc:
        raise ExtractionError("bad_markup", str(exc)[:200]) from exc
    return [as_dict(item) for item in data.get("microdata", [])] + rdfa_nodes(data.get("rdfa", []))


def rdfa_nodes(expanded: list[Any]) -> list[dict[str, Any]]:
    """RDFa's expanded JSON-LD (full IRIs, `@value` lists, `@id` links) as short-key nodes."""
    by_id = {node.get("@id"): node for node in map(as_dict, expanded) if node.get("@id")}
    return [_compact(node, by_id, 0) for node in map(as_dict, expanded)]


def _compact(node: dict[str, Any], by_id: dict[str, Any], depth: int) -> dict[str, Any]:
    out: dict[str, Any] = {"@type": [_short(t) for t in as_list(node.get("@type"))]}
    for key, values in node.items():
        if key.startswith(SCHEMA_PREFIXES):
            found = [_value(v, by_id, depth) for v in as_list(values)]
            out[_short(key)] = found[0] if len(found) == 1 else found
    return out


def _value(value: Any, by_id: dict[str, Any], depth: int) -> Any:
    value = as_dict(value)
    if "@value" in value:
        return value["@value"]
    target = value.get("@id")
    if target in by_id and depth < MAX_DEPTH:
        return _compact(by_id[target], by_id, depth + 1)
    return target


def _short(iri: Any) -> str:
    text = str(iri)
    for prefix in SCHEMA_PREFIXES:
        text = text.removeprefix(prefix)
    return text
