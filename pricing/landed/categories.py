"""The category map (`config/categories.yaml`): store categories → duty categories.

Stores name their categories in their own language ("Hautpflege & Kosmetik", "护肤彩妆") or by
slug ("skincare-cosmetics"); customs rules speak of duty categories ("cosmetics"). Each duty
category lists the names that mean it and a typical shipping weight, used (with a warning)
when an item's weight is unknown.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from pydantic import Field, PrivateAttr, model_validator

from core.config_files import NonNegative, Strict, load_model
from core.errors import HaitaoError


class UnknownCategory(HaitaoError):
    """A category that no duty category lists."""


class DutyCategory(Strict):
    name: str
    typical_weight_kg: NonNegative = Field(gt=0)
    aliases: tuple[str, ...] = ()


class CategoryMap(Strict):
    categories: dict[str, DutyCategory]
    _lookup: dict[str, str] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _has_general(self) -> CategoryMap:
        if "general" not in self.categories:
            raise ValueError("needs a 'general' category for goods no other category covers")
        return self

    def model_post_init(self, _context: object) -> None:
        lookup: dict[str, str] = {}
        for key, category in self.categories.items():
            for name in (key, category.name, *category.aliases):
                lookup[_fold(name)] = key
        self._lookup = lookup

    def resolve(self, name: str) -> str:
        """The duty category for a store category, slug or alias (case-insensitive)."""
        try:
            return self._lookup[_fold(name)]
        except KeyError:
            known = ", ".join(sorted(self.categories))
            raise UnknownCategory(
                f"unknown category {name!r} (duty categories: {known}; "
                "store categories and their translations map to them in config/categories.yaml)"
            ) from None

    def typical_weight(self, category: str) -> Decimal:
        return self.categories[category].typical_weight_kg


def _fold(name: str) -> str:
    return " ".join(name.casefold().replace("_", "-").split())


def load_categories(path: Path) -> CategoryMap:
    return load_model(path, CategoryMap)
