"""The last-resort reader: `itemprop`s outside every `itemscope`, read as one Product."""

from __future__ import annotations

from bs4 import BeautifulSoup

from crawler.extract.markup import orphan_product, orphan_props, prop_value

PAGE = """<html><body>
<h1 itemprop="name">Vitamin D3 <small>1000 IU</small></h1>
<span itemprop="brand">Sunvita</span>
<meta itemprop="sku" content=" D3-1000 ">
<img itemprop="image" src="/img/d3.jpg">
<a itemprop="url" href="https://shop.example/d3">link</a>
<span itemprop="price" content="12.90">$12.90</span>
<span itemprop="priceCurrency">USD</span>
<span itemprop="name">a second name is ignored</span>
<div itemscope itemtype="https://schema.org/Product"><span itemprop="name">Scoped</span></div>
</body></html>"""


def test_orphan_itemprops_become_a_product_node():
    assert orphan_product(PAGE) == {
        "@type": "Product",
        "name": "Vitamin D3 1000 IU",
        "sku": "D3-1000",
        "image": "/img/d3.jpg",
        "url": "https://shop.example/d3",
        "brand": {"name": "Sunvita"},
        "offers": {"price": "12.90", "priceCurrency": "USD"},
    }


def test_no_product_without_a_name_and_a_price():
    assert orphan_product('<span itemprop="name">Only a name</span>') is None
    assert orphan_product('<span itemprop="price">1</span>') is None
    low = orphan_product('<b itemprop="name">x</b><b itemprop="lowPrice">3</b>')
    assert low is not None and low["offers"] == {"lowPrice": "3"}


def test_props_inside_an_itemscope_are_left_to_the_microdata_parser():
    soup = BeautifulSoup(PAGE, "lxml")
    assert orphan_props(soup)["name"] == "Vitamin D3 1000 IU"
    assert "Scoped" not in orphan_props(soup).values()


def test_several_names_in_one_itemprop_each_take_the_value():
    soup = BeautifulSoup('<span itemprop="gtin13 productID">4006381333931</span>', "lxml")
    assert orphan_props(soup) == {"gtin13": "4006381333931", "productID": "4006381333931"}


def test_prop_values_follow_microdata_content_then_url_then_text():
    soup = BeautifulSoup(
        '<meta itemprop="a" content=""><link itemprop="b" href=" /x "><p itemprop="c"> t </p>',
        "lxml",
    )
    a, b, c = (soup.find(attrs={"itemprop": name}) for name in "abc")
    assert (prop_value(a), prop_value(b), prop_value(c)) == (None, "/x", "t")
