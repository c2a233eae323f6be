"""schema.org data out of HTML: JSON-LD nodes, and microdata and RDFa as short-key nodes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.extract import ExtractionError
from crawler.extract.structured import (
    canonical_link,
    embedded_nodes,
    json_ld_nodes,
    parse_html,
    rdfa_nodes,
)
from tests.crawler.scrapy_parts import SAMPLE_DATA

PAGES = SAMPLE_DATA / "schemaorg"
BASE = "https://shop.example/p/1"


def page(head: str = "", body: str = "") -> bytes:
    return f"<html><head>{head}</head><body>{body}</body></html>".encode()


def ld(data: str) -> str:
    return f'<script type="application/ld+json">{data}</script>'


@pytest.mark.parametrize("body", [b"", b"   "])
def test_no_document_at_all_is_bad_markup(body):
    with pytest.raises(ExtractionError) as error:
        parse_html(body)
    assert error.value.reason == "bad_markup"


@pytest.mark.parametrize(
    ("head", "link"),
    [
        ('<link rel="canonical" href=" https://shop.example/p/1 ">', "https://shop.example/p/1"),
        ('<link rel="canonical" href="">', None),
        ("", None),
    ],
)
def test_canonical_link(head, link):
    assert canonical_link(parse_html(page(head))) == link


def test_json_ld_nodes_include_graph_members_and_skip_broken_scripts():
    head = (
        ld('{"@type": "WebSite"}')
        + ld("{broken")
        + ld('[{"@graph": [{"@type": "Product", "name": "Cream"}, "not a node"]}, 3]')
    )
    nodes = list(json_ld_nodes(parse_html(page(head))))
    assert {"@type": "Product", "name": "Cream"} in nodes
    assert {"@type": "WebSite"} in nodes
    assert all(isinstance(node, dict) for node in nodes)


def test_rdfa_nodes_get_short_keys_and_follow_links_between_nodes():
    expanded = [
        {"@id": "_:p", "@type": ["http://schema.org/Product"],
         "http://schema.org/name": [{"@value": "Sweater"}],
         "http://schema.org/offers": [{"@id": "_:o"}], "http://other.example/x": [{"@value": 1}]},
        {"@id": "_:o", "@type": ["https://schema.org/Offer"],
         "https://schema.org/price": [{"@value": "67.95"}]},
    ]  # fmt: skip
    product, offer = rdfa_nodes(expanded)
    assert product == {"@type": ["Product"], "name": "Sweater",
                       "offers": {"@type": ["Offer"], "price": "67.95"}}  # fmt: skip
    assert offer == {"@type": ["Offer"], "price": "67.95"}


def test_a_node_linking_to_itself_stops_at_the_depth_limit():
    loop = [{"@id": "_:a", "http://schema.org/isRelatedTo": [{"@id": "_:a"}]}]
    (node,) = rdfa_nodes(loop)
    depth = 0
    while isinstance(node, dict):
        node, depth = node["isRelatedTo"], depth + 1
    assert node == "_:a" and depth == 9


@pytest.mark.parametrize(
    ("name", "kind"), [("microdata.html", "Product"), ("rdfa.html", "Product")]
)
def test_saved_pages_give_their_product_node(name, kind):
    nodes = embedded_nodes((PAGES / name).read_bytes(), BASE)
    products = [n for n in nodes if kind in n.get("@type", [])]
    assert products and products[0]["name"]


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_give_nodes_or_bad_markup(body):
    try:
        nodes = embedded_nodes(body, BASE)
    except ExtractionError as exc:
        assert exc.reason == "bad_markup"
    else:
        assert all(isinstance(node, dict) for node in nodes)
