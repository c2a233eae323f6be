"""A landed-cost request as the CLI and the API take it, validated into a Purchase."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from core.iso_codes import NOT_MONEY, currency_problem, is_country, is_currency
from core.stores import Seller, get_store
from pricing.exchange_rates.rate_table import RateTable
from pricing.landed.breakdown import Breakdown, Purchase, breakdown_json
from pricing.landed.quote import landed_costs
from pricing.landed.rulebook import RuleBook
from pricing.money import Money

_MONEY = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*([A-Za-z]{3})\s*$")


def parse_money(text: str) -> Money:
    """'59.99 USD' → Money; ValueError saying what was expected otherwise."""
    match = _MONEY.match(text or "")
    if not match:
        raise ValueError(f"{text!r} is not an amount and a currency, like '59.99 USD'")
    amount, currency = match.group(1), match.group(2).upper()
    if currency in NOT_MONEY:
        raise ValueError(currency_problem(currency))
    if not is_currency(currency):
        raise ValueError(f"unknown currency {currency!r} (an ISO 4217 code, like USD or CNY)")
    return Money(Decimal(amount), currency)


class LandedCostRequest(BaseModel):
    """`to`, `price` and `category` are required; the rest narrows or completes the question."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    to: str = Field(title="ISO 3166 destination country")
    price: Money = Field(title="Item price, '59.99 USD'")
    category: str = Field(min_length=1, title="Store category, slug or duty category")
    weight_kg: Decimal | None = Field(default=None, ge=0, le=1000)
    shipping: Money | None = Field(default=None, title="Direct shipping, '8 USD'")
    origin: str | None = Field(default=None, alias="from", title="ISO 3166 country it ships from")
    store: str | None = Field(default=None, title="A store id from the stores file")
    route: Literal["direct", "forwarder", "bonded"] | None = None
    regime: Literal["cbec", "postal", "general"] | None = None
    currency: str | None = Field(default=None, title="ISO 4217 currency of the answer")
    volume_cm3: Decimal | None = Field(default=None, gt=0)
    offer: str | None = Field(
        default=None,
        title="An offer's search document id (store:product:offer): the shipping prices its "
        "store's feed gives for it replace the store's table (implies 'store')",
    )

    @field_validator("price", "shipping", mode="before")
    @classmethod
    def _money(cls, value: object) -> object:
        if isinstance(value, str):
            return parse_money(value)
        if isinstance(value, dict) and set(value) == {"amount", "currency"}:
            return parse_money(f"{value['amount']} {value['currency']}")
        if value is None or isinstance(value, Money):
            return value
        raise ValueError(
            "an amount and a currency as a string, like '59.99 USD', or "
            '{"amount": "59.99", "currency": "USD"} (money is never a bare number)'
        )

    @field_validator("price")
    @classmethod
    def _positive(cls, value: Money) -> Money:
        if value.amount <= 0:
            raise ValueError("must be more than zero")
        return value

    @field_validator("shipping")
    @classmethod
    def _not_negative(cls, value: Money | None) -> Money | None:
        if value is not None and value.amount < 0:
            raise ValueError("must not be negative")
        return value

    @field_validator("to", "origin")
    @classmethod
    def _country(cls, value: str | None) -> str | None:
        if value is None:
            return None
        code = value.strip().upper()
        if not is_country(code):
            raise ValueError(f"unknown country {value!r} (an ISO 3166 code, like CN or DE)")
        return code

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str | None) -> str | None:
        if value is not None and not is_currency(value.strip().upper()):
            raise ValueError(f"unknown currency {value!r} (an ISO 4217 code, like CNY)")
        return value.strip().upper() if value else None

    @model_validator(mode="after")
    def _one_origin(self) -> LandedCostRequest:
        if self.offer is not None:
            store = self.offer.partition(":")[0]
            if self.store not in (None, store):
                raise ValueError(f"'offer' is an offer of store '{store}', not '{self.store}'")
            self.store = store
        if (self.origin is None) == (self.store is None):
            raise ValueError("give either 'from' (the country it ships from) or 'store'")
        return self


def purchase_for(
    request: LandedCostRequest, book: RuleBook, sellers: Mapping[str, Seller]
) -> Purchase:
    """The purchase a request describes: its store as the seller (origin and table), or
    `from`. `sellers`: {store id: seller}, see `core.stores.sellers_of`."""
    category = book.categories.resolve(request.category)
    seller = get_store(sellers, request.store) if request.store else None
    origin = seller.country if seller else request.origin
    assert origin is not None  # one of them is required by the model
    return Purchase(
        price=request.price,
        category=category,
        origin=origin,
        weight_kg=request.weight_kg,
        shipping=request.shipping,
        seller=seller,
        volume_cm3=request.volume_cm3,
    )


def answer(
    request: LandedCostRequest, book: RuleBook, rates: RateTable, sellers: Mapping[str, Seller]
) -> list[Breakdown]:
    """Every route's breakdown for a request (or the one route it asks for)."""
    return landed_costs(
        purchase_for(request, book, sellers),
        request.to,
        book,
        rates,
        route=request.route,
        regime=request.regime,
        currency=request.currency,
    )


def answer_json(breakdowns: list[Breakdown], rates: RateTable) -> dict:
    """The JSON the API returns and `haitao landed-cost --json` prints."""
    cheapest = next(b for b in breakdowns if b.cheapest)
    return {
        "destination": cheapest.destination,
        "currency": cheapest.currency,
        "cheapest": {
            "route": cheapest.route,
            "forwarder": cheapest.forwarder,
            "total": breakdown_json(cheapest)["total"],
        },
        "rates": {"source": rates.source, "as_of": rates.as_of.isoformat()},
        "routes": [breakdown_json(b) for b in breakdowns],
    }
