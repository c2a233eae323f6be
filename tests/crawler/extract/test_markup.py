"""The beautifulsoup4 fallbacks on saved real-shaped pages: pages with no structured data,
and descriptions whose markup a tag-stripping expression would misread."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.extract import ExtractionError
from crawler.extract.markup import html_paragraphs, page_product
from crawler.extract.schemaorg import parse_page
from crawler.field_values import plain_text

PAGES = Path(__file__).parent.parent / "sample_data" / "schemaorg"


def page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def test_a_page_without_structured_data_reads_title_and_price_from_open_graph():
    node = page_product(page("no-structured-data-og.html"))
    assert node == {
        "@type": "Product",
        "name": "Kettle “Nordic” 1.7 l",
        "description": "Stainless steel kettle & a 2-year warranty.",
        "image": "https://shop.example.pl/img/kettle.jpg",
        "url": "https://shop.example.pl/p/kettle-nordic",
        "offers": {"price": "189,00", "priceCurrency": "PLN"},
    }


def test_a_page_without_structured_data_reads_the_h1_and_the_one_price_element():
    node = page_product(page("no-structured-data-h1.html"))
    assert node["name"] == "Herbata zielona Sencha 100 g"
    assert node["offers"] == {"price": "17,00 zł"}  # the struck-out 21,00 zł is not it


def test_a_page_listing_several_prices_or_no_title_is_no_product():
    assert page_product(page("no-product.html")) is None
    several = "<h1>Teas</h1><span class='price'>1 €</span><span class='price'>2 €</span>"
    assert page_product(several) is None
    assert page_product("<span class='price'>1 €</span>") is None


def test_parse_page_falls_back_to_the_page_markup_and_names_the_fallback():
    found = parse_page(page("no-structured-data-h1.html"), "https://x.example/p/1", "pl-shop")
    assert found.fallback == "page_markup" and not found.orphan_itemprops
    [product] = found.products
    assert (product.title, product.url) == ("Herbata zielona Sencha 100 g", "https://x.example/p/1")
    assert product.offers[0].raw_price == "17,00 zł"
    orphans = parse_page(page("orphan-itemprops.html"), "https://x.example/p/2", "s")
    assert orphans.fallback == "orphan_itemprops" and orphans.orphan_itemprops


def test_a_page_with_broken_structured_data_is_not_read_from_its_markup():
    """Its product would come back under its URL as id, a second product beside the first."""
    html = page("no-structured-data-h1.html").replace(
        "<body>", '<body><script type="application/ld+json">{"@type": "Product", "na'
    )
    with pytest.raises(ExtractionError) as dropped:
        parse_page(html, "https://x.example/p/1", "pl-shop")
    assert dropped.value.reason == "no_product"


def test_messy_descriptions_lose_scripts_styles_and_comments_and_keep_paragraphs():
    messy = (
        "<style>p { color: red }</style><p>Gentle <!-- <b>hidden</b> --> cream</p>"
        "<script>var price = '<p>9.99</p>';</script><ul><li>50&nbsp;ml</li><li>Vegan</li></ul>"
        "Made in <br>Poland"
    )
    assert plain_text(messy) == "Gentle cream\n50 ml\nVegan\nMade in\nPoland"


# Paragraph text as a shop writes it (no "&": plain_text decodes twice-escaped entities).
lines = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Cn", "Co"), blacklist_characters="&"),
    max_size=30,
)


@given(st.lists(lines, min_size=1, max_size=6))
def test_paragraph_markup_comes_back_as_one_clean_line_per_paragraph(paragraphs):
    escaped = [p.replace("<", "&lt;").replace(">", "&gt;") for p in paragraphs]
    html = "".join(f"<p>{p}</p>" for p in escaped)
    expected = [" ".join(p.split()) for p in paragraphs]
    expected = [p for p in expected if p]
    assert plain_text(html).split("\n") == (expected or [""])
    # and the beautifulsoup4 path agrees with the fast one
    assert [" ".join(x.split()) for x in html_paragraphs(html) if x.split()] == expected


@given(st.text(max_size=200))
def test_plain_text_never_keeps_a_tag_nor_a_blank_line(text):
    out = plain_text(text)
    assert "\n\n" not in out and out == out.strip()
    assert not re.search(r"</?(?:p|div|br|li|script|style)\b[^>]*>", out, re.IGNORECASE)
    assert len(out) <= 2000
