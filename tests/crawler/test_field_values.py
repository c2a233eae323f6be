"""Normalisers turn whatever a store sends into exact values, or None — never an exception."""

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.field_values import (
    availability,
    canonical_url,
    check_digit,
    clean_text,
    gtin14,
    parse_price,
    plain_text,
    round_to_minor_unit,
    weight_kg,
)
from crawler.items import Availability


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12.99", Decimal("12.99")),
        ("3980", Decimal("3980")),
        (3980, Decimal("3980")),
        (Decimal("59.90"), Decimal("59.90")),
        ("1.299,00 €", Decimal("1299.00")),
        ("￥3,980", Decimal("3980")),
        ("$1,299", Decimal("1299")),
        ("", None),
        ("free", Decimal(0)),  # price-parser's reading; validation decides what 0 means
        ("n/a", None),
        (None, None),
        (12.99, None),  # a float has already lost exactness: refuse it
        (True, None),
        ("NaN", None),
    ],
)
def test_parse_price(raw, expected):
    assert parse_price(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("4006381333931", "04006381333931"),  # EAN-13
        ("036000291452", "00036000291452"),  # UPC-A
        ("96385074", "00000096385074"),  # EAN-8
        ("4006381333932", None),  # wrong check digit
        ("40063813339", None),  # 11 digits
        ("4006-3813-33931", "04006381333931"),
        ("٤٠٠٦٣٨١٣٣٣٩٣١", None),  # non-ASCII digits
        ("", None),
        (None, None),
    ],
)
def test_gtin14(raw, expected):
    assert gtin14(raw) == expected


@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_every_body_with_its_check_digit_is_a_valid_gtin(body):
    code = body + str(check_digit(body))
    assert gtin14(code) == code.zfill(14)
    wrong = body + str((check_digit(body) + 1) % 10)
    assert gtin14(wrong) is None


@pytest.mark.parametrize(
    ("raw", "unit", "expected"),
    [
        (900, "g", Decimal("0.9")),
        ("2", "lb", Decimal("0.90718474")),
        (1, "kg", Decimal("1")),
        (-5, "g", None),
        (0, "g", None),  # `grams: 0`: nobody weighed it
        ("0.0", "kg", None),
        (10, "stone", None),
        (None, "g", None),
    ],
)
def test_weight_kg(raw, unit, expected):
    assert weight_kg(raw, unit) == expected


def test_plain_text_strips_markup_keeps_paragraphs_and_bounds_length():
    assert plain_text("<p>Gentle &amp; <b>mild</b></p>\n<ul><li>50 ml</li></ul>") == (
        "Gentle & mild\n50 ml"
    )
    assert plain_text("<p>From our warehouse.</p><ul><li>Gentle</li><li>Mild<br/>50 ml</li>") == (
        "From our warehouse.\nGentle\nMild\n50 ml"
    )
    assert plain_text("Super<b>soft</b> <span>cream</span>") == "Supersoft cream"
    long = plain_text("<p>" + "x" * 5000 + "</p>", limit=100)
    assert len(long) == 100 and long.endswith("…")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Joe&#8217;s Coffee", "Joe’s Coffee"),
        ("Joe&amp;#8217;s", "Joe’s"),  # escaped twice
        ("&ldquo;Best&rdquo;  Coffee\n\t&amp; Tea ", "“Best” Coffee & Tea"),
        ("Caf&eacute;&nbsp;au&#xA0;lait", "Café au lait"),
        ("AT&T 5 < 6", "AT&T 5 < 6"),  # a bare ampersand is text
        ("   ", None),
        (None, None),
    ],
)
def test_clean_text(raw, expected):
    assert clean_text(raw) == expected


@given(st.text())
def test_clean_text_leaves_no_double_or_edge_spaces(raw):
    once = clean_text(raw)
    assert once is None or ("  " not in once and once == once.strip())


@given(
    st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**9), max_value=10**9),
    st.sampled_from(["USD", "JPY", "KWD", "EUR"]),
)
def test_rounding_lands_on_the_minor_unit_within_half_of_it(amount, currency):
    rounded = round_to_minor_unit(amount, currency)
    unit = {"USD": 2, "JPY": 0, "KWD": 3, "EUR": 2}[currency]
    assert rounded.as_tuple().exponent == -unit
    assert abs(rounded - amount) <= Decimal(1).scaleb(-unit) / 2


def test_rounding_leaves_unknown_currencies_alone_and_refuses_absurd_amounts():
    assert round_to_minor_unit(Decimal("1.23456"), "XYZ") == Decimal("1.23456")
    assert round_to_minor_unit(Decimal("9" * 40), "USD") is None


@given(st.one_of(st.text(), st.integers(), st.none(), st.decimals(allow_nan=True)))
def test_normalisers_never_raise(raw):
    price = parse_price(raw)
    assert price is None or price.is_finite()
    weight = weight_kg(raw)
    assert weight is None or weight >= 0
    if isinstance(raw, str):
        assert gtin14(raw) is None or len(gtin14(raw)) == 14
        assert len(plain_text(raw)) <= 2000


@pytest.mark.parametrize(
    ("raw", "flag", "expected"),
    [
        ("https://schema.org/InStock", None, Availability.IN_STOCK),
        ("http://schema.org/OutOfStock", True, Availability.OUT_OF_STOCK),
        ("schema:PreOrder", None, Availability.PREORDER),
        ("in stock", None, Availability.IN_STOCK),
        ("out of stock", None, Availability.OUT_OF_STOCK),
        ("on-backorder", None, Availability.BACKORDER),
        ("LimitedAvailability", None, Availability.LIMITED),
        ("Discontinued", None, Availability.DISCONTINUED),
        ("maybe", True, Availability.IN_STOCK),
        (None, False, Availability.OUT_OF_STOCK),
        (None, None, None),
        (42, None, None),
    ],
)
def test_availability_maps_every_wording_to_one_enum(raw, flag, expected):
    assert availability(raw, flag) is expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/products/a?b=2&a=1#reviews", "https://shop.example/products/a?a=1&b=2"),
        ("https://shop.example/p/x", "https://shop.example/p/x"),
        ("//cdn.example/i.jpg", "https://cdn.example/i.jpg"),
        ("javascript:alert(1)", None),
        ("http://shop.example:99999/p", None),
        ("", None),
        (None, None),
    ],
)
def test_canonical_url_is_absolute_and_canonical(url, expected):
    assert canonical_url(url, "https://shop.example") == expected


@given(st.from_regex(r"https?://[a-zA-Z0-9.-]{1,20}(:[0-9]{1,5})?(/[!-~]{0,30})?", fullmatch=True))
def test_canonical_url_shortcut_agrees_with_w3lib(url):
    from w3lib.url import canonicalize_url

    try:
        expected = canonicalize_url(url)
    except ValueError:  # w3lib rejects it (port out of range): we answer None instead
        expected = None
    assert canonical_url(url, "https://shop.example") == expected


@given(st.text(alphabet=st.characters(blacklist_characters="&")))
def test_whitespace_collapses_exactly_as_the_unicode_whitespace_regex_would(text):
    assert clean_text(text) == (re.sub(r"\s+", " ", text).strip() or None)
