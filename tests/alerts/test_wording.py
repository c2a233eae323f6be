"""Alert messages in the shopper's language: every text listed for extraction and translated,
amounts and countries written as the language writes them."""

from __future__ import annotations

from decimal import Decimal

from babel.messages.pofile import read_po

from alerts.wording import AT_TARGET_WAS, DROPPED, SUBJECT, TEXTS, wording
from core.catalogs import TRANSLATIONS
from pricing.landed.words import Country


def test_every_text_is_listed_for_extraction_and_translated_to_chinese():
    listed = (TRANSLATIONS / "alert_words.py").read_text(encoding="utf-8")
    with (TRANSLATIONS / "zh" / "LC_MESSAGES" / "messages.po").open("rb") as po_file:
        catalog = read_po(po_file)
    for text in TEXTS:
        assert f'"{text}"' in listed, f"add to web/translations/alert_words.py: {text!r}"
        message = catalog.get(text)
        assert message and message.string and not message.fuzzy, f"translate {text!r}"


def test_chinese_writes_the_amounts_countries_and_template_its_way():
    say = wording("zh")
    cost, was = say.money(Decimal("85.27"), "CNY"), say.money(Decimal("90"), "CNY")
    text = say(AT_TARGET_WAS, title="Cream", country=Country("DE"), cost=cost, was=was,
               target=say.money(Decimal("86"), "CNY"))  # fmt: skip
    assert (
        text == "Cream：寄往德国的返利后到手价现为 ¥85.27（原为 ¥90.00），不高于您的目标价 ¥86.00。"
    )
    assert say(DROPPED, title="X", country=Country("CN"), cost="¥1", percent="5",
               baseline="¥2").endswith("比 ¥2 低至少 5%。")  # fmt: skip


def test_english_and_unknown_languages_read_the_texts_as_they_are():
    for language in ("en", "fr", ""):
        say = wording(language)
        assert say.language == "en"
        assert say(SUBJECT, title="50% off cream") == "Price alert: 50% off cream"
        assert say.money(Decimal("85.27"), "CNY") == "CN¥85.27"
        assert say.country("CN") == "China"
