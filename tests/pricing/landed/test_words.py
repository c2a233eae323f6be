"""Breakdown words keep their template and values, and read as the English text they were."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from config import CONFIG_DIR
from core.stores import load_stores
from pricing.landed.breakdown import Breakdown, Purchase
from pricing.landed.quote import landed_costs
from pricing.landed.routes import NoRoute
from pricing.landed.rulebook import bundled_rulebook
from pricing.landed.words import Words, message_id, words_in
from pricing.money import Money
from tests.pricing.landed.examples import ROUND_RATES


def test_words_read_as_their_english_text_and_keep_the_template():
    inner = Words("import VAT")
    text = Words("%(tax)s on %(base)s", tax=inner, base="goods")
    assert text == "import VAT on goods" and isinstance(text, str)
    assert text.template == "%(tax)s on %(base)s" and text.values["tax"] is inner


def test_words_without_values_may_hold_a_percent_sign():
    assert Words("0% duty") == "0% duty" and Words("0% duty").values == {}
    assert message_id(Words("0% duty")) == message_id("0% duty") == "0%% duty"
    assert message_id(Words("%(rate)s duty", rate="5%")) == "%(rate)s duty"


def breakdowns() -> Iterator[Breakdown]:
    """Breakdowns of the bundled stores' goods to every destination, by every route and CN
    regime, at prices from small to over every limit, with stale rates (staleness notes)."""
    book = bundled_rulebook()
    stores = load_stores(CONFIG_DIR / "stores.yaml")
    late = ROUND_RATES.as_of + timedelta(days=800)
    for store in stores.values():
        seller = store.seller()
        for category in book.categories.categories:
            for amount, weight in (("4", None), ("40", Decimal("0.4")), ("700", Decimal("2")),
                                   ("6000", Decimal("1"))):  # fmt: skip
                price = Money(Decimal(amount), store.currency)
                purchase = Purchase(price, category, store.country, weight, seller=seller)
                yield from _every_destination(purchase, book, late)


def _every_destination(purchase: Purchase, book, today) -> Iterator[Breakdown]:
    for to in book.codes:
        for regime in ("cbec", "postal", "general", None) if to == "CN" else (None,):
            try:
                yield from landed_costs(purchase, to, book, ROUND_RATES, regime=regime, today=today)
            except NoRoute:
                continue


def templates_of(text: object) -> Iterator[str]:
    """The message ids of a text: its own and its `Words` values' (`message_id`)."""
    yield message_id(text)
    for value in text.values.values() if isinstance(text, Words) else ():
        if isinstance(value, Words):  # plain values (figures, citations) are not looked up
            yield from templates_of(value)


def breakdown_templates() -> set[str]:
    found = set()
    for breakdown in breakdowns():
        for text in (*(line.label for line in breakdown.lines), *breakdown.rules,
                     *breakdown.warnings):  # fmt: skip
            assert isinstance(text, Words), text
            found.update(templates_of(text))
    return found


@pytest.mark.parametrize("kind", ["lines", "rules", "warnings"])
def test_every_breakdown_text_is_words(kind):
    seen = 0
    for breakdown in breakdowns():
        texts = (
            [line.label for line in breakdown.lines]
            if kind == "lines"
            else getattr(breakdown, kind)
        )
        for text in texts:
            assert isinstance(text, Words), text
            seen += 1
    assert seen > 50


CLAIM = "no click on %(store)s in the %(days)s days up to %(date)s (100%% sure)"


def test_a_stored_text_is_read_back_as_the_words_it_was_written_from():
    stored = str(Words(CLAIM, store="UK (Chemist)", days=14, date="2026-02-03"))
    found = words_in(stored, ("%(x)s is unrelated", CLAIM))
    assert isinstance(found, Words) and found.template == CLAIM and found == stored
    assert found.values == {"store": "UK (Chemist)", "days": "14", "date": "2026-02-03"}
    assert words_in("typed by an operator", (CLAIM,)) == "typed by an operator"
    assert not isinstance(words_in("typed by an operator", (CLAIM,)), Words)
    kept = Words(CLAIM, store="a", days=1, date="b")
    assert words_in(kept, ()) is kept


@given(
    store=st.text(min_size=1, max_size=40),
    days=st.integers(0, 10_000),
    date=st.text(alphabet="0123456789-", min_size=1, max_size=12),
)
def test_any_stored_reason_reads_back_as_the_same_text(store, days, date):
    stored = str(Words(CLAIM, store=store, days=days, date=date))
    found = words_in(stored, (CLAIM,))
    assert isinstance(found, Words) and found == stored and found.template == CLAIM
    assert found.template % found.values == stored
    if " in the " not in store:
        assert found.values == {"store": store, "days": str(days), "date": date}
