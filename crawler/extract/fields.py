"""Reading loosely typed values out of parsed JSON without trusting their types."""

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
