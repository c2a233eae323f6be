"""The words of landed-cost breakdowns, listed so `pybabel extract` finds them.

Pricing writes breakdowns in English as `pricing.landed.words.Words`: a template and values
(figures, citations, and texts from config/destinations/*.yaml and config/categories.yaml).
The pages translate them through `web.formatting.words`, which looks each template and each
text value up in the catalog. tests/web/test_breakdown_words.py checks that every text the
bundled rules can produce is listed here and translated; run it after changing the rules.
"""

# ruff: noqa: E501 (message ids are whole sentences: split, pybabel would not see them as one)
from flask_babel import lazy_gettext as _l

BREAKDOWN_WORDS = (
    _l("no route to %(country)s: the store has no shipping table for it"),
    _l("%(fee)s: %(amount)s %(currency)s (%(citation)s)"),
    _l("%(forwarder)s: %(kg)s kg"),
    _l("%(forwarder)s: handling"),
    _l("%(part0)s + %(part1)s"),
    _l("%(part0)s + %(part1)s + %(part2)s"),
    _l("%(route)s (%(forwarder)s; %(citation)s)"),
    _l("%(route)s, %(regime)s"),
    _l("%(tax)s %(rate)s (%(how)s)"),
    _l("%(tax)s on %(base)s (%(citation)s)"),
    _l("%(text)s (%(citation)s)"),
    _l("%(tier)s: %(rate)s of the goods' value (%(citation)s)"),
    _l("Australia"),
    _l(
        "CBEC within the limits: 0%% duty; VAT and consumption tax at 70%% of the statutory amount, on the transaction price including freight"
    ),
    _l("CUSMA: goods shipped from the US or Mexico taken as originating there, duty-free"),
    _l("Canada Post handling fee"),
    _l("France"),
    _l("French fee on low-value non-EU parcels"),
    _l("GST"),
    _l("Germany"),
    _l("Hong Kong"),
    _l("Hong Kong levies no duty and no VAT on non-dutiable goods, at any value"),
    _l("Japan"),
    _l(
        "KORUS: goods shipped from the US taken as US-originating, FTA rate (free) without a certificate up to US$1,000"
    ),
    _l("Section 301 duties on China-origin goods are not included: they depend on the HS code"),
    _l("South Korea"),
    _l("United Kingdom"),
    _l("United States"),
    _l("VAT"),
    _l("VAT %(rate)s (%(citation)s)"),
    _l("VAT %(rate)s on (CIF + duty + consumption tax) (%(citation)s)"),
    _l("an import processing charge also applies above A$1,000; its amount is not known to Haitao"),
    _l("anything else"),
    _l("business tax"),
    _l("carrier handling fee (Royal Mail)"),
    _l("charged by the seller at checkout"),
    _l("cleared as cross-border e-commerce retail import (CBEC)"),
    _l("cleared as general trade"),
    _l("cleared as personal postal articles (行邮)"),
    _l("clothing and textiles"),
    _l("consignments over £135: import VAT and duty collected by the carrier before delivery"),
    _l("consignments over €150: duty on the CIF value and import VAT on CIF + duty"),
    _l(
        "consignments up to £135: no customs duty; the seller or marketplace charges VAT at the point of sale"
    ),
    _l(
        "consignments up to €150: €3 flat duty per item (tariff subheading); VAT at the buyer's rate charged at checkout (IOSS); the €22 VAT exemption ended 2021-07-01"
    ),
    _l("consumption tax"),
    _l("consumption tax %(rate)s (%(citation)s)"),
    _l("courier from the US or Mexico C$40.01–150: duty-free, GST due"),
    _l("courier from the US or Mexico over C$150: duty and GST due"),
    _l("courier from the US or Mexico up to C$40: no duty, no taxes"),
    _l("delivery from the bonded warehouse"),
    _l("direct mail from the store"),
    _l("domestic purchase within %(country)s: no customs; the price includes tax"),
    _l("due at import"),
    _l("duty"),
    _l("duty %(rate)s (%(citation)s)"),
    _l("duty %(rate)s on the customs value with shipping (%(citation)s)"),
    _l("duty %(rate)s on the customs value without shipping (%(citation)s)"),
    _l("duty (%(rule)s)"),
    _l("duty-paid value (goods + freight) up to NT$2,000: no duty, commodity tax or business tax"),
    _l(
        "duty-paid value over NT$2,000: the whole value is taxed: duty on CIF, business tax 5%% on CIF + duty"
    ),
    _l("electronics and electrical appliances"),
    _l("exchange rates of %(date)s (%(source)s) are %(days)s days old"),
    _l("footwear"),
    _l("from the store's stock in a bonded warehouse in the destination"),
    _l(
        "general trade: duty on the CIF value, consumption tax and VAT on (CIF + duty) / (1 − CT rate)"
    ),
    _l("goods"),
    _l(
        "goods over A$1,000: import declaration; duty on the FOB value, GST on customs value + duty + transport"
    ),
    _l(
        "goods up to A$1,000: no duty at the border; 10%% GST collected at the point of sale by the vendor, platform or re-deliverer (forwarder)"
    ),
    _l("high-end cosmetics (china consumption tax applies)"),
    _l("import VAT"),
    _l("import duty"),
    _l("infant formula and baby food"),
    _l("item"),
    _l("limit: %(citation)s"),
    _l("list clearance from the US up to US$200 (KORUS): no duty, no VAT"),
    _l(
        "mail from anywhere, or courier from outside the US and Mexico, over C$20: duty and GST due"
    ),
    _l(
        "mail from anywhere, or courier from outside the US and Mexico, up to C$20: no duty, no taxes"
    ),
    _l(
        "no de minimis (suspended by EO 14324 from 2025-08-29, kept by EO 14388): duty is due on every parcel"
    ),
    _l(
        "order over the CBEC single-order limit of CNY %(limit)s: a single item may still use the channel, but duty, VAT and consumption tax are charged in full; it counts toward the CNY %(annual)s annual limit"
    ),
    _l("over the CBEC annual limit of CNY %(limit)s: cleared as general trade"),
    _l("over the threshold the whole value is taxed: duty on CIF, VAT 10%% on CIF + duty"),
    _l(
        "parcel over the CNY %(limit)s limit for personal articles: customs may return it unless it holds one indivisible item"
    ),
    _l("postal articles tax (行邮税)"),
    _l("postal articles tax tier 1 (books, IT products, food incl. health food, toys, medicines)"),
    _l(
        "postal articles tax tier 2 (textiles and clothing, electrical appliances, everything not in tiers 1 or 3)"
    ),
    _l(
        "postal articles tax tier 3 (tobacco, alcohol, jewellery, golf, high-end watches and cosmetics)"
    ),
    _l("postal customs fee"),
    _l("rule data last reviewed on %(date)s, over a year ago: check the figures"),
    _l("shipping"),
    _l("shipping (not given)"),
    _l("shipping by the store"),
    _l("shipping by the store (free over threshold)"),
    _l("shipping cost not given: not included (pass --shipping)"),
    _l("skincare and ordinary cosmetics"),
    _l("store to the forwarder's warehouse"),
    _l("tax of CNY %(tax)s is at most CNY %(limit)s: not collected (%(citation)s)"),
    _l(
        "taxable value (60%% of the retail price + shipping) up to ¥10,000: no duty and no consumption tax"
    ),
    _l(
        "taxable value over ¥10,000 (or an excluded category): simplified-tariff duty on CIF, consumption tax on CIF + duty"
    ),
    _l("the store's domestic shipping to the forwarder is unknown: not included"),
    _l(
        "the trade promotion fee (0.04%% of the value) is waived under NT$100, so it is not counted"
    ),
    _l("through a forwarder's warehouse in the store's country"),
    _l("to the forwarder (unknown)"),
    _l("toys and games"),
    _l("up to US$150 (food, supplements and medicines from the US too): no duty, no VAT"),
    _l("vitamins, supplements and health food"),
    _l("weight unknown: estimated as %(kg)s kg, typical for %(category)s"),
)

# Explained price moves on the product page (pricing.price_moves.describe_move); the currency
# names in them come from Babel in the UI's language.
PRICE_MOVE_WORDS = (
    _l("No change"),
    _l("Same price as %(days)s days ago"),
    _l("%(amount)s cheaper today"),
    _l("%(amount)s cheaper than 1 day ago"),
    _l("%(amount)s cheaper than %(days)s days ago"),
    _l("%(amount)s dearer today"),
    _l("%(amount)s dearer than 1 day ago"),
    _l("%(amount)s dearer than %(days)s days ago"),
    _l("the store cut its price by %(change)s (%(effect)s)"),
    _l("the store raised its price by %(change)s (%(effect)s)"),
    _l("the %(currency)s fell (%(effect)s)"),
    _l("the %(currency)s rose (%(effect)s)"),
    _l("%(head)s: %(part0)s"),
    _l("%(head)s: %(part0)s; %(part1)s"),
)

# Why an offer has no delivered cost, besides a missing shipping table (web.offer_pricing).
NO_ROUTE_WORDS = (
    _l(
        "unknown destination '%(code)s' (rules exist for: %(codes)s; add config/destinations/<CC>.yaml for another country)"
    ),
    _l("no exchange rate for %(currency)s to %(home)s (%(reason)s)"),
    _l("no exchange rate for %(currency)s (%(reason)s)"),
    _l("no %(pivot)s/%(currency)s rate from %(source)s"),
    _l("no %(pivot)s/%(currency)s rate stored"),
    _l("store '%(store)s' has no shipping rate to %(country)s in its shipping table"),
    _l("bonded-warehouse stock is modelled for CN (cross-border e-commerce) only"),
    _l("store '%(store)s' keeps no bonded-warehouse stock for %(country)s"),
    _l("no forwarder is needed: the item already ships from %(country)s"),
    _l(
        "no forwarder in config/forwarders.yaml has a warehouse in %(origin)s and a lane to %(country)s"
    ),
)

# Refusals from rebates that the affiliate pages show (web.affiliate).
REBATES_WORDS = (
    _l("At least %(num)s characters."),
    _l("This password is on a list of common passwords; choose another."),
    _l("The password must not be your e-mail address."),
    _l("that product is not in this store"),
    _l("a search link needs search words"),
    _l("order %(order)s has already been claimed"),
    _l(
        "no click of yours on %(store)s in the %(days)s days up to %(date)s (the store's cookie window)"
    ),
)

# Alerts in words and refusals of an alert (alerts.evaluate), as the alerts page shows them.
ALERTS_WORDS = (
    _l("net delivered cost at or below %(amount)s"),
    _l("a drop of %(percent)s %% or more"),
    _l("back in stock"),
    _l("this product cannot be priced to %(country)s"),
    _l("a webhook needs an http:// or https:// address"),
    _l("no product %(id)s"),
    _l("'%(text)s' is not an amount"),
    _l("enter the net delivered cost to be alerted at"),
    _l("enter the percentage drop to be alerted at"),
    _l("must be more than zero"),
    _l("'%(text)s' is not a percentage"),
    _l("must be between 0 and 100"),
)

# Why a page is not found, as the error page shows it (web.product_lookup, web.shop).
ERROR_WORDS = (
    _l("no product '%(product)s'"),
    _l("No store '%(store)s'."),
)

# Names and terms from the bundled data files that pages show: forwarders
# (config/forwarders.yaml), the exchange-rate snapshot's source (config/fx-snapshot.yaml) and
# the rebate programs' category names and exclusions (config/rebates.yaml). An operator's own
# later text shows as typed.
DATA_WORDS = (
    _l("Oregon Express (US → CN)"),
    _l("Koala Milk Line (AU → CN)"),
    _l("GlobalBox (US, GB, DE warehouses)"),
    _l("Nippon Tenso (JP → world)"),
    _l("bundled snapshot"),
    _l("Gift Cards"),
    _l("Electronics"),
    _l("Gift cards and subscriptions earn nothing."),
    _l("Prescription medicines are excluded."),
)
