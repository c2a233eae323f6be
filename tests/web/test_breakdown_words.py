"""Breakdown texts from pricing, translated on the pages: every text the bundled rules can
write is in the catalog and translated, and the `words` filter fills translated values in."""

from __future__ import annotations

from babel.messages.pofile import read_po
from flask import Flask

from pricing.landed.quote import REGIME_TEXT, ROUTE_TEXT
from pricing.landed.routes import NoRoute
from pricing.landed.words import Words
from tests.pricing.landed.test_words import breakdown_templates
from web.formatting import TRANSLATIONS, words
from web.offer_pricing import why_not
from web.translations.breakdown_words import BREAKDOWN_WORDS

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
    formatting.compile_catalogs()
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
