"""Money: a Decimal amount with an ISO 4217 currency, rounded only to the currency's minor unit."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Context, Decimal, InvalidOperation
from functools import lru_cache

from babel.numbers import format_currency, get_currency_precision

from core.iso_codes import currency_problem, is_currency, minor_digits

_SETTLE = Context(prec=20, rounding=ROUND_HALF_EVEN)


class MoneyError(ValueError):
    """An amount or currency that cannot be money."""


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal):
            raise MoneyError(f"amount must be a Decimal, not {type(self.amount).__name__}")
        if not self.amount.is_finite():
            raise MoneyError(f"amount must be finite, got {self.amount}")
        if not is_currency(self.currency):  # the hot path: one set lookup
            raise MoneyError(currency_problem(self.currency))

    @classmethod
    def parse(cls, amount: str | int | Decimal, currency: str) -> Money:
        """Money from a decimal string or int (never a float)."""
        if isinstance(amount, float):
            raise MoneyError("money is never a float; pass a string")
        try:
            return cls(Decimal(amount), currency)
        except InvalidOperation as exc:
            raise MoneyError(f"not a decimal amount: {amount!r}") from exc

    def rounded(self) -> Money:
        """Rounded half-even to the currency's minor unit (JPY and KRW have none).

        First to 20 significant digits: the same amounts added in another order (the index's
        fast repricer and the explained breakdown) can differ in the 28th digit, and at a
        half-cent tie that noise would round one up and the other down."""
        exponent = Decimal(1).scaleb(-minor_digits(self.currency))
        settled = _SETTLE.plus(self.amount)
        return Money(settled.quantize(exponent, rounding=ROUND_HALF_EVEN), self.currency)

    def format(self, locale: str = "en") -> str:
        """Formatted for a locale, e.g. ¥3,980 or 1.234,56 €."""
        return currency_text(self.rounded().amount, self.currency, locale)

    def __str__(self) -> str:
        return f"{self.rounded().amount} {self.currency}"


@lru_cache(maxsize=512)
def _shape(currency: str, locale: str) -> tuple[str, str, str, str, int] | None:
    """How `locale` writes `currency` — (prefix, suffix, group, decimal, digits) — read off
    one Babel rendering; None when it is not 'prefix 1,234.50 suffix' shaped."""
    digits = get_currency_precision(currency)
    sample = format_currency(Decimal("1234.5"), currency, locale=locale)
    match = re.fullmatch(r"(\D*?)1(\D?)234(?:(\D)5(0*))?(\D*)", sample)
    if match is None or len(match.group(4) or "") + (1 if match.group(3) else 0) != digits:
        return None
    prefix, group, decimal, _zeros, suffix = match.groups()
    return prefix, suffix, group or "", decimal or "", digits


def currency_text(amount: Decimal, currency: str, locale: str) -> str:
    """Babel's format_currency, about 20 times faster: the shape of each (currency, locale)
    is read from Babel once, then amounts are laid into it."""
    shape = _shape(currency, locale)
    if shape is None or not amount.is_finite():
        return format_currency(amount, currency, locale=locale)
    prefix, suffix, group, decimal, digits = shape
    exponent = Decimal(1).scaleb(-digits)
    text = f"{abs(amount.quantize(exponent, rounding=ROUND_HALF_EVEN)):,.{digits}f}"
    text = text.replace(",", "\0").replace(".", decimal).replace("\0", group)
    sign = "-" if amount.is_signed() else ""  # as Babel: -0.001 is written -0.00
    return f"{sign}{prefix}{text}{suffix}"
