"""Money: a Decimal amount with an ISO 4217 currency, rounded only to the currency's minor unit."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Context, Decimal, InvalidOperation

from babel.numbers import format_currency

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
        return format_currency(self.rounded().amount, self.currency, locale=locale)

    def __str__(self) -> str:
        return f"{self.rounded().amount} {self.currency}"
