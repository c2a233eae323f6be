"""`haitao claims` and `haitao payouts`, run as the real command on a rebates database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from rebates.accounts import create_user
from rebates.conversions import ConversionReport, record, transition
from rebates.tables import Claim, Payout, Program
from tests.cli.conftest import assert_one_line_error
from tests.conftest import haitao_env, run_haitao
from tests.rebates.records import clicked


def haitao(settings, *args: str):
    env = haitao_env(settings.home) | {"SECRET_KEY": "test-secret", "COLUMNS": "200"}
    return run_haitao(*args, env=env, timeout=60)


def open_claim(sessions) -> int:
    with sessions.begin() as session:
        user = create_user(session, "affiliate@example.com", "a long password 1")
        program = session.scalar(select(Program).where(Program.store_id == "uk-chemist"))
        claim = Claim(
            user_id=user.id, program_id=program.id, order_id="UK-123",
            order_date=date(2026, 11, 20), amount=Decimal("42.50"), currency="GBP",
        )  # fmt: skip
        session.add(claim)
        session.flush()
        return claim.id


def test_claims_are_listed_by_state_and_rejected_with_a_reason(settings, sessions):
    claim_id = open_claim(sessions)
    listing = haitao(settings, "claims", "list").stdout
    assert "affiliate@example.com" in listing and "UK-123" in listing and "42.50 GBP" in listing
    rejected = haitao(settings, "claims", "reject", str(claim_id), "--reason", "no order found")
    assert rejected.stdout.strip() == f"claim {claim_id} rejected", rejected.stderr
    assert "UK-123" not in haitao(settings, "claims", "list").stdout
    assert "no order found" in haitao(settings, "claims", "list", "--state", "rejected").stdout
    again = haitao(settings, "claims", "approve", str(claim_id))
    assert_one_line_error(again, f"claim {claim_id} is rejected, not open")


def test_a_payout_batch_is_created_then_marked_paid_once(settings, sessions):
    nobody = haitao(settings, "payouts", "create", "usd", "--minimum", "10")
    assert_one_line_error(nobody, "nobody is owed at least 10 USD; no batch was made")
    _, click_id = clicked(sessions, "affiliate@example.com")
    report = ConversionReport("linkhub", "T-1", click_id, Decimal(400), Decimal(32), "USD")
    record(sessions, report, "postback")
    transition(sessions, "linkhub", "T-1", "approved")
    created = haitao(settings, "payouts", "create", "usd", "--minimum", "10")
    assert created.returncode == 0, created.stderr
    with sessions() as session:
        payout = session.scalar(select(Payout))
        owed = payout.items[0].amount
    assert created.stdout.strip() == f"payout {payout.id}: 1 affiliates, {owed} usd"
    assert payout.currency == "USD" and owed > 0
    paid = haitao(settings, "payouts", "paid", str(payout.id))
    assert paid.stdout.strip() == f"payout {payout.id} marked paid"
    assert_one_line_error(haitao(settings, "payouts", "paid", str(payout.id)), "already paid")
    assert_one_line_error(haitao(settings, "payouts", "paid", "999"), "no payout batch 999")
