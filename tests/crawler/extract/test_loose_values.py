"""Loosely typed JSON and feed values read without trusting them."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.extract.loose_values import amount_and_currency, as_dict, as_list, as_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12.99 USD", ("12.99", "USD")),
        ("12.99 usd", ("12.99", "USD")),
        ("0.5 kg", ("0.5", "kg")),
        ("1.299,00 €", ("1.299,00 €", None)),
        ("", (None, None)),
    ],
)
def test_amount_and_currency(text, expected):
    assert amount_and_currency(text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [([1, 2], [1, 2]), ({"a": 1}, [{"a": 1}]), ("x", ["x"]), (None, []), ([], [])],
)
def test_as_list_wraps_one_value_and_drops_none(value, expected):
    assert as_list(value) == expected


@pytest.mark.parametrize("value", [None, [], "text", 3, 1.5])
def test_as_dict_is_empty_for_anything_but_a_dict(value):
    assert as_dict(value) == {}
    assert as_dict({"k": value}) == {"k": value}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (" 12 ", "12"),
        (12, "12"),
        ("  ", None),
        (True, None),
        (False, None),
        (1.5, None),
        (None, None),
        ({"a": 1}, None),
        (["a"], None),
    ],
)
def test_as_text_takes_strings_and_whole_numbers_only(value, expected):
    assert as_text(value) == expected


@given(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(),
                 st.lists(st.integers()), st.dictionaries(st.text(), st.integers())))  # fmt: skip
def test_readers_never_raise_and_keep_their_type(value):
    assert isinstance(as_list(value), list)
    assert isinstance(as_dict(value), dict)
    text = as_text(value)
    assert text is None or (isinstance(text, str) and text == text.strip() and text)


@given(st.text(max_size=30))
def test_amount_and_currency_never_raises_and_keeps_the_amount(text):
    amount, unit = amount_and_currency(text)
    assert (amount is None) == (not text)
    assert unit is None or (unit.isascii() and unit.isalpha())
