"""Round exchange rates and a display helper, so landed-cost examples can be worked by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pricing.exchange_rates.rate_table import RateTable
from pricing.landed.breakdown import Breakdown

# 1 USD = 6.4 CNY = 0.64 GBP = 0.8 EUR = 128 JPY = 1,200 KRW = 1.28 AUD = 1.2 CAD = 8 HKD
# = 32 TWD.
ROUND_RATES = RateTable(
    source="test rates",
    as_of=date(2026, 11, 20),
    per_pivot={
        code: Decimal(rate)
        for code, rate in {
            "USD": "1.25",
            "CNY": "8",
            "GBP": "0.8",
            "JPY": "160",
            "KRW": "1500",
            "AUD": "1.6",
            "CAD": "1.5",
            "HKD": "10",
            "TWD": "40",  # Taiwan's rules (config/destinations/TW.yaml) are in TWD
        }.items()
    },
)
TODAY = date(2026, 11, 25)


def shown(breakdown: Breakdown) -> dict[str, str]:
    """Subtotals by kind and the total, rounded to the currency as shown to shoppers."""
    kinds = ("item", "shipping", "duty", "tax", "consumption_tax", "fee")
    amounts = {kind: breakdown.sum_of(kind).rounded().amount for kind in kinds}
    amounts["total"] = breakdown.total.rounded().amount
    return {kind: str(amount) for kind, amount in amounts.items() if amount or kind == "total"}
