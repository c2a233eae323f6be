"""The ledger stays balanced whatever happens: property tests over random event sequences."""

from __future__ import annotations

import uuid
from collections import defaultdict
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sqlalchemy import select

from pricing.money import Money
from rebates.accounts import create_user
from rebates.clicks import record_click
from rebates.conversions import ConversionReport, record, transition
from rebates.ledger import PayoutError, balances, create_payout, mark_paid
from rebates.links import create_link
from rebates.tables import Conversion, LedgerEntry, Payout, PayoutItem, Program

STORES = {"USD": ("us-vitashop", "linkhub"), "JPY": ("jp-rakuichi", "asiaclick")}


@pytest.fixture
def click_ids(sessions) -> dict[tuple[int, str], str]:
    """One click per (affiliate, currency) for two affiliates."""
    ids = {}
    with sessions.begin() as session:
        for n in range(2):
            user = create_user(session, f"p{n}@example.com", "a long password")
            for currency, (store_id, _network) in STORES.items():
                program = session.scalar(select(Program).where(Program.store_id == store_id))
                link = create_link(session, user, program)
                click, _ = record_click(session, link, ip_hash="h", user_agent="Mozilla/5.0",
                                        referrer="")  # fmt: skip
                ids[(n, currency)] = click.click_id
    return ids


events = st.lists(
    st.one_of(
        st.tuples(st.just("convert"), st.integers(0, 1), st.sampled_from(list(STORES)),
                  st.decimals(min_value=0, max_value=5000, places=2)),
        st.tuples(st.just("approve"), st.integers(0, 30)),
        st.tuples(st.just("reverse"), st.integers(0, 30)),
        st.tuples(st.just("replay"), st.integers(0, 30)),
        st.tuples(st.just("payout"), st.sampled_from(list(STORES)),
                  st.decimals(min_value=1, max_value=500, places=0)),
        st.tuples(st.just("pay"), st.integers(0, 5)),
    ),
    max_size=25,
)  # fmt: skip


@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(events=events)
def test_random_sequences_keep_the_ledger_balanced(sessions, click_ids, events):
    run = uuid.uuid4().hex[:8]
    reports: list[ConversionReport] = []
    payouts: list[int] = []
    for event in events:
        apply(sessions, click_ids, run, reports, payouts, event)
        check_invariants(sessions)


def apply(sessions, click_ids, run, reports, payouts, event) -> None:
    kind = event[0]
    if kind == "convert":
        _, user, currency, commission = event
        commission = Money(commission, currency).rounded().amount  # JPY has no decimals
        _store, network = STORES[currency]
        report = ConversionReport(network, f"{run}-{len(reports)}", click_ids[(user, currency)],
                                  Decimal(100) * commission, commission, currency)  # fmt: skip
        assert record(sessions, report, "postback") == "created"
        reports.append(report)
    elif kind in ("approve", "reverse") and reports:
        report = reports[event[1] % len(reports)]
        status = "approved" if kind == "approve" else "reversed"
        transition(sessions, report.network, report.transaction_id, status)
    elif kind == "replay" and reports:
        assert record(sessions, reports[event[1] % len(reports)], "import") == "unchanged"
    elif kind == "payout":
        try:
            with sessions.begin() as session:
                payouts.append(create_payout(session, event[1], event[2]).id)
        except PayoutError:
            pass  # nobody owed enough, or a batch still open: refused, nothing written
    elif kind == "pay" and payouts:
        try:
            with sessions.begin() as session:
                mark_paid(session, payouts[event[1] % len(payouts)])
        except PayoutError:
            pass  # already paid: refused, and nothing was written


def check_invariants(sessions) -> None:
    with sessions() as session:
        expected: dict[tuple[int, str], dict[str, Decimal]] = defaultdict(
            lambda: defaultdict(Decimal)
        )
        for c in session.scalars(select(Conversion)):
            if c.status != "reversed":
                expected[(c.user_id, c.currency)][c.status] += c.share
        items = session.execute(select(PayoutItem, Payout).join(Payout)).all()
        for item, payout in items:
            account = "paid" if payout.state == "paid" else "processing"
            expected[(item.user_id, payout.currency)][account] += item.amount
        for (user_id, currency), want in expected.items():
            got = balances(session, user_id).get(currency)
            assert got["pending"] == want["pending"]
            assert got["payable"] + got["processing"] + got["paid"] == want["approved"]
            assert got["processing"] == want["processing"]
            assert got["paid"] == want["paid"]
        for amount, currency in session.execute(select(LedgerEntry.amount, LedgerEntry.currency)):
            assert Money(amount, currency).rounded().amount == amount


def test_a_payout_needs_a_positive_minimum_and_pays_once(sessions, click_ids):
    report = ConversionReport("linkhub", "once", click_ids[(0, "USD")], Decimal(100),
                              Decimal("10.00"), "USD", "approved")  # fmt: skip
    record(sessions, report, "postback")
    with sessions.begin() as session, pytest.raises(PayoutError):
        create_payout(session, "USD", Decimal(0))
    with sessions.begin() as session:
        payout = create_payout(session, "USD", Decimal(5))
        assert [item.amount for item in payout.items] == [Decimal("7.50")]
    with sessions.begin() as session:
        mark_paid(session, payout.id)
    with sessions.begin() as session, pytest.raises(PayoutError, match="already paid"):
        mark_paid(session, payout.id)
    with sessions() as session:
        assert balances(session)["USD"]["paid"] == Decimal("7.50")
