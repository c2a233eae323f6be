"""Reading loosely typed values out of parsed JSON and feed text without trusting them."""

from __future__ import annotations

from typing import Any


def as_list(value: Any) -> list:
    """`value` if it is a list, a one-element list for a single object, else []."""
    if isinstance(value, list):
        return value
    return [] if value is None else [value]


def as_dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def as_text(value: Any) -> str | None:
    """Strings and whole numbers as stripped text; anything else (or blank) as None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | str):
        return str(value).strip() or None
    return None


def amount_and_currency(text: str | None) -> tuple[str | None, str | None]:
    """ "12.99 USD" → ("12.99", "USD"); "0.5 kg" → ("0.5", "kg"); "1.299,00 €" unchanged."""
    if not text:
        return None, None
    amount, _, unit = text.rpartition(" ")
    if amount and unit.isascii() and unit.isalpha():
        return amount.strip(), unit.upper() if len(unit) == 3 and unit != "lbs" else unit
    return text, None
