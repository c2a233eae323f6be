"""The global product universe the sample stores draw from: GTINs, dice, titles."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.samples.universe import Dice, global_product, gtin_check_digit, slug


def test_check_digit_of_known_codes():
    assert gtin_check_digit("400638133393") == 1  # 4006381333931
    assert gtin_check_digit("03600029145") == 2  # UPC-A 036000291452
    assert gtin_check_digit("9780306406157"[:-1]) == 7


@given(st.text(alphabet="0123456789", min_size=7, max_size=17))
def test_check_digit_makes_the_weighted_sum_a_multiple_of_ten(body: str):
    digits = [int(d) for d in reversed(body + str(gtin_check_digit(body)))]
    assert sum(d * (3 if i % 2 else 1) for i, d in enumerate(digits)) % 10 == 0


@given(st.text(max_size=20), st.integers(min_value=1, max_value=10**6))
def test_dice_draws_are_fixed_by_the_key_and_in_range(key: str, n: int):
    first, again = Dice(key), Dice(key)
    draws = [first.below(n) for _ in range(12)]  # past one digest's entropy for big n
    assert draws == [again.below(n) for _ in range(12)]
    assert all(0 <= value < n for value in draws)


def test_dice_between_and_choice_stay_inside_their_bounds():
    dice = Dice("bounds")
    assert {dice.between(3, 5) for _ in range(200)} == {3, 4, 5}
    assert {dice.choice("ab") for _ in range(50)} == {"a", "b"}
    assert not any(dice.chance(0.0) for _ in range(50))
    assert all(dice.chance(1.0) for _ in range(50))


def test_a_global_product_is_the_same_for_every_store_and_seed_dependent():
    assert global_product("skincare-cosmetics", 7) == global_product("skincare-cosmetics", 7)
    assert global_product("skincare-cosmetics", 7) != global_product("skincare-cosmetics", 8)
    assert global_product("skincare-cosmetics", 7, seed=1) != global_product(
        "skincare-cosmetics", 7
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lumière Crème", "lumiere-creme"),
        ("L'Oréal  Paris!", "loreal-paris"),
        ("保湿クリーム", "product"),
        ("--Vitamin C 1000mg--", "vitamin-c-1000mg"),
    ],
)
def test_slug_is_an_ascii_handle(text: str, expected: str):
    assert slug(text) == expected
