"""Every destination but China, worked by hand from its rule file.

Rates: 1 USD = 0.64 GBP = 0.8 EUR = 128 JPY = 1,200 KRW = 1.28 AUD = 1.2 CAD.
"""

from __future__ import annotations

import pytest

from core.stores import Seller, StoreConfig
from tests.pricing.landed.examples import shown


def courier_store(country: str, currency: str) -> Seller:
    store = StoreConfig.model_validate(
        {
            "id": "courier-shop",
            "name": "Courier Shop",
            "platform": "shopify",
            "url": "https://shop.example",
            "country": country,
            "currency": currency,
            "language": "en",
            "shipping": {"mode": "courier", "destinations": {"*": {"flat": "0"}}},
        }
    )
    return store.seller()


# --- US: no de minimis (EO 14324), duty on the FOB value, no VAT -----------------------------


def test_us_clothing_pays_duty_on_the_price_without_freight(quote):
    """100 USD T-shirt from GB, shipping 10: duty 16.5% × 100 = 16.50; total 126.50."""
    assert shown(quote("US", "100 USD", "clothing", "GB", shipping="10 USD")) == {
        "item": "100.00",
        "shipping": "10.00",
        "duty": "16.50",
        "total": "126.50",
    }


def test_us_cosmetics_are_duty_free_but_still_entered(quote):
    """¥12,800 = 100 USD, ¥1,280 shipping = 10 USD; cosmetics 0%: total 110.00."""
    breakdown = quote("US", "12800 JPY", "cosmetics", "JP", shipping="1280 JPY")
    assert shown(breakdown) == {"item": "100.00", "shipping": "10.00", "total": "110.00"}
    assert "no de minimis" in breakdown.rules[1]


def test_us_china_origin_warns_about_section_301(quote):
    """50 USD vitamins from CN, shipping 5: duty 6.4% × 50 = 3.20; total 58.20; §301 warned."""
    breakdown = quote("US", "50 USD", "vitamins", "CN", shipping="5 USD")
    assert shown(breakdown)["total"] == "58.20"
    assert any("Section 301" in w for w in breakdown.warnings)


def test_us_even_one_cent_pays_duty(quote):
    """No de minimis: a $0.01 T-shirt still owes 16.5% = $0.00165 (rounds to 0.00)."""
    breakdown = quote("US", "0.01 USD", "clothing", "GB")
    assert str(breakdown.sum_of("duty").amount) == "0.00165"  # exact until shown
    assert shown(breakdown) == {"item": "0.01", "total": "0.01"}


def test_us_domestic_purchase_has_no_customs(quote):
    breakdown = quote("US", "50 USD", "vitamins", "US", shipping="5 USD")
    assert shown(breakdown) == {"item": "50.00", "shipping": "5.00", "total": "55.00"}


# --- GB: ≤ £135 VAT at the point of sale; over it duty + import VAT + carrier fee ------------


def test_gb_low_value_vat_at_checkout(quote):
    """£100 + £10 shipping, ≤ £135: no duty; VAT 20% × 110 = 22; total 132."""
    assert shown(quote("GB", "100 GBP", "cosmetics", "US", shipping="10 GBP")) == {
        "item": "100.00",
        "shipping": "10.00",
        "tax": "22.00",
        "total": "132.00",
    }


@pytest.mark.parametrize(
    ("price", "expected"),
    [
        # £135.00: low value. VAT 20% × 145 = 29; total 174.
        ("135.00 GBP", {"item": "135.00", "shipping": "10.00", "tax": "29.00", "total": "174.00"}),
        # £135.01: duty 12% × 145.01 = 17.4012; VAT 20% × 162.4112 = 32.48224; fee £8;
        # total 202.89344.
        (
            "135.01 GBP",
            {
                "item": "135.01",
                "shipping": "10.00",
                "duty": "17.40",
                "tax": "32.48",
                "fee": "8.00",
                "total": "202.89",
            },
        ),
    ],
)
def test_gb_135_pound_edge(quote, price, expected):
    """The £135 limit is on the goods, inclusive (gov.uk goods-sent-from-abroad)."""
    assert shown(quote("GB", price, "clothing", "US", shipping="10 GBP")) == expected


def test_gb_over_135_electronics(quote):
    """250 USD = £160: electronics 0% duty; VAT 32; Royal Mail fee £8 (uncertain); 200."""
    breakdown = quote("GB", "250 USD", "electronics", "US")
    assert shown(breakdown) == {"item": "160.00", "tax": "32.00", "fee": "8.00", "total": "200.00"}


# --- EU (DE 19%, FR 20%): ≤ €150 €3 per item + VAT at checkout; over it CIF duty + VAT ------


def test_de_low_value_pays_three_euro_duty_and_vat(quote):
    """100 USD = €80, shipping €8: €3 duty; VAT 19% × 88 = 16.72; total 107.72."""
    assert shown(quote("DE", "100 USD", "cosmetics", "US", shipping="10 USD")) == {
        "item": "80.00",
        "shipping": "8.00",
        "duty": "3.00",
        "tax": "16.72",
        "total": "107.72",
    }


def test_fr_low_value_adds_its_parcel_fee(quote):
    """Same parcel to FR: VAT 20% × 88 = 17.60; €3 duty; French €2 fee; total 110.60."""
    assert shown(quote("FR", "100 USD", "cosmetics", "US", shipping="10 USD")) == {
        "item": "80.00",
        "shipping": "8.00",
        "duty": "3.00",
        "tax": "17.60",
        "fee": "2.00",
        "total": "110.60",
    }


def test_fr_over_150_pays_duty_and_import_vat_without_the_parcel_fee(quote):
    """250 USD = €200 clothing, shipping €8: duty 12% × 208 = 24.96; VAT 20% × 232.96 = 46.592;
    the French €2 fee is for low-value parcels only. Total 279.552 → 279.55."""
    assert shown(quote("FR", "250 USD", "clothing", "US", shipping="10 USD")) == {
        "item": "200.00",
        "shipping": "8.00",
        "duty": "24.96",
        "tax": "46.59",
        "total": "279.55",
    }


@pytest.mark.parametrize(("price", "total"), [("150.00 EUR", "185.00"), ("150.01 EUR", "180.01")])
def test_fr_150_euro_edge(quote, price, total):
    """€150.00: €3 + 20% × 150 + €2 fee = 185.00. €150.01 (cosmetics 0%): VAT 30.002 →
    180.012 → 180.01."""
    assert shown(quote("FR", price, "cosmetics", "JP", shipping="0 EUR"))["total"] == total


def test_de_over_150_clothing(quote):
    """250 USD = €200, shipping €8: duty 12% × 208 = 24.96; VAT 19% × 232.96 = 44.2624;
    total 277.2224 → 277.22."""
    assert shown(quote("DE", "250 USD", "clothing", "US", shipping="10 USD"))["total"] == "277.22"


@pytest.mark.parametrize(
    ("price", "total"),
    [("150.00 EUR", "181.50"), ("150.01 EUR", "178.51")],
)
def test_de_150_euro_edge(quote, price, total):
    """€150.00: €3 + 19% × 150 = 28.50 → 181.50. €150.01: cosmetics 0% duty, VAT 28.5019 →
    178.5119 → 178.51 (the €3 flat duty only applies up to €150)."""
    assert shown(quote("DE", price, "cosmetics", "US", shipping="0 EUR"))["total"] == total


def test_intra_eu_purchase_has_no_customs(quote):
    breakdown = quote("DE", "40 EUR", "cosmetics", "FR", shipping="5 EUR")
    assert shown(breakdown) == {"item": "40.00", "shipping": "5.00", "total": "45.00"}


# --- CA: the band depends on post vs courier and the place of direct shipment ------------------


def test_ca_mail_from_us_over_20_pays_gst_and_the_post_fee(quote):
    """C$30 by post from the US (> C$20): CUSMA 0% duty; GST 5% × 30 = 1.50; Canada Post
    C$9.95; total 41.45."""
    assert shown(quote("CA", "30 CAD", "cosmetics", "US")) == {
        "item": "30.00",
        "tax": "1.50",
        "fee": "9.95",
        "total": "41.45",
    }


def test_ca_courier_from_us_between_40_and_150_pays_gst_only(quote):
    """C$100 by courier from the US: duty-free, GST 5.00; total 105.00."""
    store = courier_store("US", "CAD")
    breakdown = quote("CA", "100 CAD", "clothing", "US", shipping=None, seller=store)
    assert shown(breakdown) == {"item": "100.00", "tax": "5.00", "total": "105.00"}


def test_ca_mail_from_japan_clothing(quote):
    """C$120 clothing by post from JP: duty 18% = 21.60; GST 5% × 141.60 = 7.08; fee 9.95;
    total 158.63."""
    assert shown(quote("CA", "120 CAD", "clothing", "JP"))["total"] == "158.63"


@pytest.mark.parametrize(("price", "total"), [("20.00 CAD", "20.00"), ("20.01 CAD", "32.33")])
def test_ca_20_dollar_edge(quote, price, total):
    """C$20.01 by post from JP: duty 6.5% = 1.30065; GST 5% × 21.31065 = 1.0655325;
    fee 9.95; total 32.3261825 → 32.33."""
    assert shown(quote("CA", price, "general", "JP", shipping="0 CAD"))["total"] == total


@pytest.mark.parametrize(("price", "total"), [("40.00 CAD", "40.00"), ("40.01 CAD", "42.01")])
def test_ca_40_dollar_courier_edge(quote, price, total):
    """Courier from the US: free up to C$40; C$40.01 pays GST 2.0005 → 42.0105 → 42.01."""
    store = courier_store("US", "CAD")
    assert shown(quote("CA", price, "general", "US", shipping=None, seller=store))["total"] == total


# --- AU: ≤ A$1,000 GST at the point of sale; over it duty on FOB, GST on VoTI --------------------


def test_au_low_value_gst_at_checkout(quote):
    """A$100 + A$20 shipping: GST 10% × 120 = 12; total 132."""
    assert shown(quote("AU", "100 AUD", "vitamins", "US", shipping="20 AUD"))["total"] == "132.00"


@pytest.mark.parametrize(
    ("price", "total"), [("1000.00 AUD", "1100.00"), ("1000.01 AUD", "1155.01")]
)
def test_au_1000_dollar_edge(quote, price, total):
    """A$1,000.01: duty 5% = 50.0005; GST 10% × 1,050.0105 = 105.00105; total 1,155.01155."""
    breakdown = quote("AU", price, "general", "US", shipping="0 AUD")
    assert shown(breakdown)["total"] == total
    assert any("processing charge" in w for w in breakdown.warnings) is (price != "1000.00 AUD")


def test_au_over_1000_shipping_in_gst_not_in_duty(quote):
    """A$2,000 + A$100 shipping: duty 5% × 2,000 (FOB) = 100; GST 10% × (2,000 + 100 + 100)
    = 220; total 2,420."""
    assert shown(quote("AU", "2000 AUD", "general", "US", shipping="100 AUD")) == {
        "item": "2000.00",
        "shipping": "100.00",
        "duty": "100.00",
        "tax": "220.00",
        "total": "2420.00",
    }


# --- JP: taxable value = 60% of the price + shipping; ≤ ¥10,000 free -----------------------------


@pytest.mark.parametrize(("price", "total"), [("15000 JPY", "16000"), ("15001 JPY", "17201")])
def test_jp_10000_yen_edge(quote, price, total):
    """¥15,000 × 0.6 + ¥1,000 = ¥10,000: free. ¥15,001: 10,000.6 > 10,000, cosmetics 0% duty,
    consumption tax 1,000.06, postal fee ¥200: 15,001 + 1,000 + 1,000.06 + 200 = 17,201.06."""
    assert shown(quote("JP", price, "cosmetics", "US", shipping="1000 JPY"))["total"] == total


def test_jp_footwear_is_always_taxed(quote):
    """¥5,000 shoes: taxable 3,000; duty 6.7% = 201; tax 10% × 3,201 = 320.1; fee 200;
    total 5,721.1 → 5,721."""
    assert shown(quote("JP", "5000 JPY", "footwear", "US", shipping="0 JPY")) == {
        "item": "5000",
        "duty": "201",
        "tax": "320",
        "fee": "200",
        "total": "5721",
    }


def test_jp_vitamins_over_the_limit(quote):
    """¥50,000 + ¥2,000: taxable 32,000; duty 15% = 4,800; tax 10% × 36,800 = 3,680; fee 200;
    total 60,680."""
    assert shown(quote("JP", "50000 JPY", "vitamins", "US", shipping="2000 JPY"))["total"] == (
        "60680"
    )


# --- KR: US$150 (US$200 list clearance from the US), then duty on CIF + VAT 10% ------------------


def test_kr_list_clearance_from_the_us_up_to_200_dollars(quote):
    """$180 cosmetics from the US = ₩216,000 ≤ ₩240,000: free; + ₩12,000 shipping."""
    breakdown = quote("KR", "180 USD", "cosmetics", "US", shipping="10 USD")
    assert shown(breakdown) == {"item": "216000", "shipping": "12000", "total": "228000"}


def test_kr_supplements_from_the_us_use_the_150_dollar_limit(quote):
    """$180 vitamins from the US > $150: KORUS 0% duty; VAT 10% × 228,000 = 22,800;
    total 250,800."""
    assert shown(quote("KR", "180 USD", "vitamins", "US", shipping="10 USD")) == {
        "item": "216000",
        "shipping": "12000",
        "tax": "22800",
        "total": "250800",
    }


def test_kr_cosmetics_from_japan_over_the_limit(quote):
    """₩300,000 + ₩20,000: duty 6.5% × 320,000 = 20,800; VAT 10% × 340,800 = 34,080;
    total 374,880."""
    assert shown(quote("KR", "300000 KRW", "cosmetics", "JP", shipping="20000 KRW")) == {
        "item": "300000",
        "shipping": "20000",
        "duty": "20800",
        "tax": "34080",
        "total": "374880",
    }


@pytest.mark.parametrize(("price", "total"), [("180000 KRW", "180000"), ("180001 KRW", "213841")])
def test_kr_150_dollar_edge(quote, price, total):
    """$150 = ₩180,000. ₩180,001 from JP: duty 8% = 14,400.08; VAT 10% × 194,401.08 =
    19,440.108; total 213,841.188 → 213,841."""
    assert shown(quote("KR", price, "general", "JP", shipping="0 KRW"))["total"] == total
