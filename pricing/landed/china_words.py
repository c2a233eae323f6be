"""China's charges in words, for the explained breakdown: the rules applied and the warnings."""

from __future__ import annotations

from decimal import Decimal

from pricing.landed.charges import ChinaCharges
from pricing.landed.resolve import ChinaPlan
from pricing.landed.sourced import percent


def explain_china(
    plan: ChinaPlan, charges: ChinaCharges, parcel: Decimal
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The rules applied and the warnings, in words, for `charges` worked out under `plan`
    (`parcel`: goods + shipping, CNY)."""
    if charges.regime == "postal":
        return _postal_words(plan, charges, parcel)
    if charges.limit is None:
        return (_cbec_words(plan) if charges.regime == "cbec" else _general_words(plan)), ()
    rules = plan.rules
    limit = rules.cbec.annual_limit if charges.limit == "cbec-annual" else rules.cbec.single_limit
    warning = (
        f"over the CBEC annual limit of CNY {limit.amount}: cleared as general trade"
        if charges.limit == "cbec-annual"
        else f"order over the CBEC single-order limit of CNY {limit.amount}: a single item may "
        "still use the channel, but duty, VAT and consumption tax are charged in full; it "
        f"counts toward the CNY {rules.cbec.annual_limit.amount} annual limit"
    )
    return (*_general_words(plan), f"limit: {limit.citation}"), (warning,)


def _cbec_words(plan: ChinaPlan) -> tuple[str, ...]:
    cbec, vat = plan.rules.cbec, plan.vat
    return (
        f"{cbec.text} ({cbec.citation})",
        f"VAT {percent(vat.rate)} ({vat.citation})",
        *_ct_words(plan),
    )


def _general_words(plan: ChinaPlan) -> tuple[str, ...]:
    general, duty, vat = plan.rules.general, plan.duty, plan.vat
    return (
        f"{general.text} ({general.citation})",
        f"duty {percent(duty.rate)} ({duty.citation})",
        f"VAT {percent(vat.rate)} on (CIF + duty + consumption tax) ({vat.citation})",
        *_ct_words(plan),
    )


def _ct_words(plan: ChinaPlan) -> tuple[str, ...]:
    ct = plan.consumption_tax
    return (f"consumption tax {percent(ct.rate)} ({ct.citation})",) if ct else ()


def _postal_words(
    plan: ChinaPlan, charges: ChinaCharges, parcel: Decimal
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    postal, tier = plan.rules.postal, plan.tier
    applied = [f"{tier.text}: {percent(tier.rate)} of the goods' value ({tier.citation})"]
    if charges.limit == "postal-exemption":
        applied.append(
            f"tax of CNY {_plain(charges.assessed)} is at most CNY {postal.exemption.amount}: "
            f"not collected ({postal.exemption.citation})"
        )
    warnings = ()
    if parcel > postal.parcel_limit.amount:
        warnings = (
            f"parcel over the CNY {postal.parcel_limit.amount} limit for personal articles: "
            "customs may return it unless it holds one indivisible item",
        )
    return tuple(applied), warnings


def _plain(value: Decimal) -> str:
    """An amount for rule texts, to the fen: 32.5 → 32.50."""
    return f"{value.quantize(Decimal('0.01')):f}"
