"""The category map: every store's wording and slug resolves to one duty category."""

from __future__ import annotations

from decimal import Decimal

import pytest

from config import CONFIG_DIR
from core.errors import ConfigError
from pricing.landed.categories import CategoryMap, UnknownCategory, load_categories

CATEGORIES = load_categories(CONFIG_DIR / "categories.yaml")


@pytest.mark.parametrize(
    ("name", "duty_category"),
    [
        ("cosmetics", "cosmetics"),
        ("  COSMETICS ", "cosmetics"),
        ("general", "general"),
    ],
)
def test_names_resolve_whatever_their_case_and_spacing(name, duty_category):
    assert CATEGORIES.resolve(name) == duty_category


def test_every_alias_of_the_bundled_map_resolves_to_its_own_category():
    for key, category in CATEGORIES.categories.items():
        for name in (key, category.name, *category.aliases):
            assert CATEGORIES.resolve(name.upper().replace("-", "_")) == key


def test_an_unknown_category_names_the_duty_categories_and_the_file():
    with pytest.raises(UnknownCategory, match="unknown category 'Spaceships'") as error:
        CATEGORIES.resolve("Spaceships")
    assert "config/categories.yaml" in str(error.value) and "general" in str(error.value)


def test_each_category_has_a_positive_typical_weight():
    assert all(CATEGORIES.typical_weight(key) > 0 for key in CATEGORIES.categories)


def general(**fields) -> dict:
    return {"name": "General", "typical_weight_kg": "0.5", **fields}


def test_a_map_without_general_is_refused():
    with pytest.raises(ValueError, match="needs a 'general' category"):
        CategoryMap.model_validate({"categories": {"toys": general(name="Toys")}})


def test_a_map_of_its_own_resolves_its_aliases():
    own = CategoryMap.model_validate(
        {"categories": {"general": general(), "toys": general(name="Toys", aliases=["Spielzeug"])}}
    )
    assert own.resolve("spielzeug") == "toys" and own.typical_weight("toys") == Decimal("0.5")


def test_a_bad_file_is_a_config_error_naming_it(tmp_path):
    path = tmp_path / "categories.yaml"
    path.write_text("categories:\n  general: {name: General, typical_weight_kg: '0'}\n")
    with pytest.raises(ConfigError, match=r"categories\.yaml"):
        load_categories(path)
