"""China's charges in words, for the explained breakdown: the rules applied and the warnings."""

from __future__ import annotations

from decimal import Decimal

from pricing.landed.charges import ChinaCharges
from pricing.landed.resolve import ChinaPlan
from pricing.landed.sourced import percent
from pricing.landed.words import Words

CITED = "%(text)s (%(citation)s)"


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
    if charges.limit == "cbec-annual":
        over = "over the CBEC annual limit of CNY %(limit)s: cleared as general trade"
        warning = Words(over, limit=limit.amount)
    else:
        over = (
            "order over the CBEC single-order limit of CNY %(limit)s: a single item may still "
            "use the channel, but duty, VAT and consumption tax are charged in full; it counts "
            "toward the CNY %(annual)s annual limit"
        )
        warning = Words(over, limit=limit.amount, annual=rules.cbec.annual_limit.amount)
    limit_rule = Words("limit: %(citation)s", citation=limit.citation)
    return (*_general_words(plan), limit_rule), (warning,)


def _cbec_words(plan: ChinaPlan) -> tuple[str, ...]:
    cbec, vat = plan.rules.cbec, plan.vat
    return (
        Words(CITED, text=Words(cbec.text), citation=cbec.citation),
        Words("VAT %(rate)s (%(citation)s)", rate=percent(vat.rate), citation=vat.citation),
        *_ct_words(plan),
    )


def _general_words(plan: ChinaPlan) -> tuple[str, ...]:
    general, duty, vat = plan.rules.general, plan.duty, plan.vat
    vat_rule = "VAT %(rate)s on (CIF + duty + consumption tax) (%(citation)s)"
    return (
        Words(CITED, text=Words(general.text), citation=general.citation),
        Words("duty %(rate)s (%(citation)s)", rate=percent(duty.rate), citation=duty.citation),
        Words(vat_rule, rate=percent(vat.rate), citation=vat.citation),
        *_ct_words(plan),
    )


def _ct_words(plan: ChinaPlan) -> tuple[str, ...]:
    ct = plan.consumption_tax
    if not ct:
        return ()
    return (Words("consumption tax %(rate)s (%(citation)s)", rate=percent(ct.rate),
                  citation=ct.citation),)  # fmt: skip


def _postal_words(
    plan: ChinaPlan, charges: ChinaCharges, parcel: Decimal
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    postal, tier = plan.rules.postal, plan.tier
    tier_rule = "%(tier)s: %(rate)s of the goods' value (%(citation)s)"
    applied = [
        Words(tier_rule, tier=Words(tier.text), rate=percent(tier.rate), citation=tier.citation)
    ]
    if charges.limit == "postal-exemption":
        exempt = "tax of CNY %(tax)s is at most CNY %(limit)s: not collected (%(citation)s)"
        exemption = postal.exemption
        applied.append(Words(exempt, tax=_plain(charges.assessed), limit=exemption.amount,
                             citation=exemption.citation))  # fmt: skip
    warnings: tuple[str, ...] = ()
    if parcel > postal.parcel_limit.amount:
        over = (
            "parcel over the CNY %(limit)s limit for personal articles: customs may return it "
            "unless it holds one indivisible item"
        )
        warnings = (Words(over, limit=postal.parcel_limit.amount),)
    return tuple(applied), warnings


def _plain(value: Decimal) -> str:
    """An amount for rule texts, to the fen: 32.5 → 32.50."""
    return f"{value.quantize(Decimal('0.01')):f}"
