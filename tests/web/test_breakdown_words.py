"""Breakdown texts from pricing, translated on the pages: every text the bundled rules can
write is in the catalog and translated, and the `words` filter fills translated values in."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

from babel import Locale
from babel.messages.pofile import read_po
from flask import Flask

from config import CONFIG_DIR
from core.catalogs import compile_catalogs
from core.stores import load_stores
from pricing.exchange_rates.rate_table import RateTable, UnknownRate
from pricing.landed.breakdown import Purchase
from pricing.landed.quote import REGIME_TEXT, ROUTE_TEXT
from pricing.landed.routes import NoRoute
from pricing.landed.rulebook import UnknownDestination, bundled_rulebook
from pricing.landed.words import Country, Words
from pricing.money import Money
from pricing.price_moves import PriceMove, describe_move
from tests.pricing.landed.test_words import breakdown_templates, templates_of
from web.formatting import TRANSLATIONS, words
from web.offer_pricing import why_not
from web.translations.breakdown_words import (
    BREAKDOWN_WORDS,
    DATA_WORDS,
    NO_ROUTE_WORDS,
    PRICE_MOVE_WORDS,
    REBATES_WORDS,
)

ZH = TRANSLATIONS / "zh" / "LC_MESSAGES" / "messages.po"


def test_every_text_the_bundled_rules_write_is_listed_and_translated():
    with ZH.open("rb") as po:
        catalog = read_po(po)
    listed = {lazy._args[0] for lazy in BREAKDOWN_WORDS}
    missing = breakdown_templates() - listed
    assert not missing, f"add to web/translations/breakdown_words.py: {sorted(missing)}"
    for message_id in listed:
        message = catalog.get(message_id)
        assert message is not None and message.string and not message.fuzzy, message_id


def in_language(lang: str, text: str) -> str:
    from web import formatting

    app = Flask(__name__)
    formatting.register(app)
    compile_catalogs()
    with app.test_request_context(f"/?lang={lang}"):
        return words(text)


def test_words_come_out_in_english_as_pricing_wrote_them():
    rule = Words("%(route)s, %(regime)s", route=ROUTE_TEXT["direct"], regime=REGIME_TEXT["cbec"])
    assert in_language("en", rule) == str(rule)
    assert in_language("en", Words("0% duty")) == "0% duty"


def test_words_and_their_values_come_out_in_chinese():
    rule = Words("%(route)s, %(regime)s", route=ROUTE_TEXT["direct"], regime=REGIME_TEXT["cbec"])
    assert in_language("zh", rule) == "商城直邮，按跨境电商零售进口清关"
    tax = Words("VAT %(rate)s (%(citation)s)", rate="13%", citation="GACC, eff. 2026-01-01")
    assert in_language("zh", tax) == "增值税 13%（GACC, eff. 2026-01-01）"
    over = "over the threshold the whole value is taxed: duty on CIF, VAT 10% on CIF + duty"
    assert in_language("zh", Words(over)).endswith("征收 10% 增值税")
    assert in_language("zh", "a text no catalog holds") == "a text no catalog holds"


def test_why_an_offer_has_no_route_is_translated_too():
    why = "no route to %(country)s: the store has no shipping table for it"
    reason = why_not(NoRoute(Words(why, country="TW")))
    assert reason == "no route to TW: the store has no shipping table for it"
    assert in_language("zh", reason) == "无法寄往 TW：该商城没有运费表"
    assert why_not(ValueError("plain")) == "plain"


def price_moves() -> list[PriceMove]:
    """Moves of every kind: cheaper, dearer and unchanged, by the store, the rate, or both."""
    day = date(2026, 3, 31)
    found = []
    for store, effect, fx in ((-150, -1160, -40), (150, 1160, 40), (0, 0, 0), (0, 0, -40),
                              (-150, -1160, 0), (150, 1160, -1300)):  # fmt: skip
        total = effect + fx
        for since in (day, day - timedelta(days=1), day - timedelta(days=30)):
            found.append(PriceMove(since, day, Money(Decimal(100), "CNY"),
                                   Money(Decimal(100) + Decimal(total) / 100, "CNY"),
                                   Money(Decimal(store) / 100, "EUR"),
                                   Money(Decimal(effect) / 100, "CNY"),
                                   Money(Decimal(fx) / 100, "CNY")))  # fmt: skip
    return found


def test_every_text_of_an_explained_price_move_is_listed_and_translated():
    with ZH.open("rb") as po:
        catalog = read_po(po)
    listed = {lazy._args[0] for lazy in (*PRICE_MOVE_WORDS, *NO_ROUTE_WORDS, *REBATES_WORDS)}
    seen = set()
    for move in price_moves():
        seen.update(templates_of(describe_move(move, move.until)))
    assert not seen - listed, sorted(seen - listed)
    for message_id in listed:
        message = catalog.get(message_id)
        assert message is not None and message.string and not message.fuzzy, message_id


def test_a_price_move_comes_out_in_chinese():
    day = date(2026, 3, 31)
    move = PriceMove(day - timedelta(days=30), day, Money(Decimal(100), "CNY"),
                     Money(Decimal("88"), "CNY"), Money(Decimal("-1.50"), "EUR"),
                     Money(Decimal("-11.60"), "CNY"), Money(Decimal("-0.40"), "CNY"))  # fmt: skip
    english = "CN¥12.00 cheaper than 30 days ago: the store cut its price by €1.50 (CN¥11.60); "
    assert describe_move(move, day) == english + "the euro fell (CN¥0.40)"
    chinese = in_language("zh", describe_move(move, day, locale="zh_Hans_CN"))
    assert chinese == "比 30 天前便宜 ¥12.00：商城降价 €1.50（¥11.60）；欧元贬值（¥0.40）"


def test_the_rarer_reasons_for_no_route_are_translated_too():
    book = bundled_rulebook()
    try:
        book.require("ZZ")
    except UnknownDestination as exc:
        unknown = why_not(exc)
    assert unknown.startswith("unknown destination 'ZZ' (rules exist for: ")
    assert in_language("zh", unknown).startswith("没有寄往 ZZ 的税费规则（已有规则：")
    rates = RateTable("ecb", date(2026, 3, 31), {"USD": Decimal("1.1")})
    try:
        rates.convert(Money(Decimal(1), "GBP"), "USD")
    except UnknownRate as exc:
        no_rate = why_not(exc)
    assert no_rate == "no EUR/GBP rate from ecb"
    assert in_language("zh", no_rate) == "ecb 没有 EUR/GBP 汇率"


def test_why_a_route_cannot_be_taken_is_listed_translated_and_names_the_country():
    from pricing.landed.routes import ROUTES, ways

    book = bundled_rulebook()
    stores = load_stores(CONFIG_DIR / "stores.yaml")
    reasons = {}
    for store in stores.values():
        for to in book.codes:
            purchase = Purchase(Money(Decimal(40), store.currency), "skincare", store.country,
                                Decimal("0.4"), seller=store.seller())  # fmt: skip
            for route in ROUTES:
                try:
                    ways(purchase, to, Decimal("0.4"), book.forwarders, route)
                except NoRoute as exc:
                    reasons.setdefault(why_not(exc).template, why_not(exc))
    listed = {lazy._args[0] for lazy in NO_ROUTE_WORDS}
    assert len(reasons) >= 3 and not set(reasons) - listed, sorted(set(reasons) - listed)
    for reason in reasons.values():
        names = {k: Locale("en").territories[v] if isinstance(v, Country) else v
                 for k, v in reason.values.items()}  # fmt: skip
        assert in_language("en", reason) == reason.template % names  # "for China", not "for CN"
        chinese = in_language("zh", reason)
        rest = chinese.replace("config/forwarders.yaml", "")
        for name, value in reason.values.items():  # store ids stay; countries get their names
            rest = rest.replace(str(value), "") if name == "store" else rest
        assert not re.search(r"[A-Za-z]{2,}", rest), chinese
    no_route = why_not(NoRoute(Words("no route to %(country)s: the store has no shipping table "
                                     "for it", country=Country("TW"))))  # fmt: skip
    assert str(no_route) == "no route to TW: the store has no shipping table for it"
    assert in_language("zh", no_route) == "无法寄往 台湾：该商城没有运费表"


def test_the_bundled_data_files_names_and_terms_are_listed_and_translated():
    from pricing.exchange_rates.rate_table import load_snapshot
    from rebates.programs import read_rebates_file

    with ZH.open("rb") as po:
        catalog = read_po(po)
    programs = read_rebates_file().programs
    shown = {f.name for f in bundled_rulebook().forwarders} | {
        load_snapshot(CONFIG_DIR / "fx-snapshot.yaml").source
    }
    shown |= {p.exclusions for p in programs if p.exclusions}
    shown |= {category for p in programs for category in p.categories}
    listed = {lazy._args[0] for lazy in DATA_WORDS}
    assert not shown - listed, f"add to DATA_WORDS: {sorted(shown - listed)}"
    for message_id in listed:
        message = catalog.get(message_id)
        assert message is not None and message.string and not message.fuzzy, message_id
    assert (
        in_language("zh", "GlobalBox (US, GB, DE warehouses)")
        == "GlobalBox（美国、英国、德国仓库）"
    )
