"""Money: a Decimal amount with an ISO 4217 currency, rounded only to the currency's minor unit."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from babel.numbers import format_currency

from core.iso_codes import currency_problem, is_currency, minor_digits


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
        """Rounded half-even to the currency's minor unit (JPY and KRW have none)."""
        exponent = Decimal(1).scaleb(-minor_digits(self.currency))
        return Money(self.amount.quantize(exponent, rounding=ROUND_HALF_EVEN), self.currency)

    def format(self, locale: str = "en") -> str:
        """Formatted for a locale, e.g. ¥3,980 or 1.234,56 €."""
        return format_currency(self.rounded().amount, self.currency, locale=locale)

    def __str__(self) -> str:
        return f"{self.rounded().amount} {self.currency}"
