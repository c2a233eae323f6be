"""Items 2 and 7: every state change of a claim, a conversion or a payout is won by exactly
one of several concurrent requests, and the loser changes nothing."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from pricing.money import Money
from rebates.accounts import create_user
from rebates.claims import ClaimError, approve_claim, file_claim, reject_claim
from rebates.clicks import record_click
from rebates.conversions import ConversionReport, record
from rebates.ledger import PayoutError, create_payout
from rebates.links import create_link
from rebates.tables import Claim, Conversion, LedgerEntry, Payout, PayoutItem, Program, User
from tests.security.conftest import csrf_token

TRIALS = 8


def run_together(*actions) -> list[object]:
    """Start every action at the same moment in its own thread; their results or errors."""
    results: list[object] = [None] * len(actions)
    barrier = threading.Barrier(len(actions))

    def run(index: int, action) -> None:
        barrier.wait()
        try:
            results[index] = action()
        except Exception as exc:
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.fixture
def clicked(sessions) -> tuple[int, int, str]:
    """(user id, us-vitashop program id, click id) for a confirmed affiliate."""
    with sessions.begin() as session:
        user = create_user(session, "racer@example.com", "a long passphrase here")
        program = session.scalar(select(Program).where(Program.store_id == "us-vitashop"))
        link = create_link(session, user, program)
        click, _ = record_click(session, link, ip_hash="h", user_agent="Mozilla/5.0", referrer="")
        return user.id, program.id, click.click_id


def file(sessions, user_id: int, program_id: int, order: str) -> int:
    with sessions.begin() as session:
        user, program = session.get(User, user_id), session.get(Program, program_id)
        claim = file_claim(session, user, program, order, date.today(), Money.parse("80", "USD"))
        assert claim.state == "open"
        return claim.id


def reject(sessions, claim_id: int):
    with sessions.begin() as session:
        return reject_claim(session, claim_id, "no order found")


def test_approve_and_reject_at_once_leave_one_decision_and_matching_money(sessions, clicked):
    user_id, program_id, _click = clicked
    for trial in range(TRIALS):
        claim_id = file(sessions, user_id, program_id, f"O-{trial}")
        results = run_together(
            lambda c=claim_id: approve_claim(sessions, c), lambda c=claim_id: reject(sessions, c)
        )
        assert sum(isinstance(r, ClaimError) for r in results) == 1, results
        with sessions() as session:
            claim = session.get(Claim, claim_id)
            conversions = session.scalar(
                select(func.count(Conversion.id)).where(
                    Conversion.transaction_id == f"claim:us-vitashop:O-{trial}"
                )
            )
            assert claim.state in ("approved", "rejected")
            assert conversions == (1 if claim.state == "approved" else 0)
            assert (claim.conversion_id is not None) == (claim.state == "approved")


def test_two_approvals_at_once_make_one_conversion(sessions, clicked):
    user_id, program_id, _click = clicked
    claim_id = file(sessions, user_id, program_id, "O-twice")
    results = run_together(*[lambda: approve_claim(sessions, claim_id)] * 4)
    assert sum(isinstance(r, ClaimError) for r in results) == 3
    with sessions() as session:
        assert session.scalar(select(func.count(Conversion.id))) == 1
        assert session.scalar(select(func.count(LedgerEntry.id))) == 1


def owe(sessions, click_id: str, count: int = 2) -> None:
    for n in range(count):
        report = ConversionReport("linkhub", f"T-{n}", click_id, Decimal("100"), Decimal("8"),
                                  "USD", status="approved")  # fmt: skip
        assert record(sessions, report, "postback") == "created"


def batch(sessions, currency: str = "USD", minimum: str = "1"):
    with sessions.begin() as session:
        return create_payout(session, currency, Decimal(minimum)).id


def test_eight_concurrent_payouts_make_one_batch_and_no_empty_ones(sessions, clicked):
    owe(sessions, clicked[2])
    results = run_together(*[lambda: batch(sessions)] * 8)
    assert sum(isinstance(r, int) for r in results) == 1, results
    assert all(isinstance(r, (int, PayoutError)) for r in results), results
    with sessions() as session:
        assert session.scalar(select(func.count(Payout.id))) == 1
        assert session.scalar(select(func.count(PayoutItem.id))) == 1
        assert session.scalar(select(PayoutItem.amount)) == Decimal("12.00")  # 2 × 8 × 0.75


def test_a_second_open_batch_and_an_empty_batch_are_refused(sessions, clicked):
    with pytest.raises(PayoutError, match="nobody is owed"):
        batch(sessions)
    owe(sessions, clicked[2])
    first = batch(sessions)
    with pytest.raises(PayoutError, match=f"batch {first} in USD is still open"):
        batch(sessions)
    with sessions() as session:
        assert session.scalar(select(func.count(Payout.id))) == 1


@pytest.mark.parametrize(
    ("currency", "minimum", "message"),
    [("ZZZ", "10", "unknown currency"), ("USD", "Infinity", "finite"),
     ("USD", "NaN", "finite"), ("USD", "1e400", "at most"), ("USD", "0", "above 0")],
)  # fmt: skip
def test_payout_inputs_are_validated(sessions, currency, minimum, message):
    with pytest.raises(PayoutError, match=message):
        batch(sessions, currency, minimum)


@pytest.mark.parametrize(
    ("currency", "minimum"), [("ZZZ", "10"), ("USD", "Infinity"), ("USD", "1e400"),
                              ("USD", "NaN")],
)  # fmt: skip
def test_the_ops_payout_form_refuses_bad_input_with_a_400(operator, sessions, currency, minimum):
    token = csrf_token(operator, "/ops/")
    response = operator.post(
        "/ops/payouts", data={"csrf_token": token, "currency": currency, "minimum": minimum}
    )
    assert response.status_code == 400
    with sessions() as session:
        assert session.scalar(select(func.count(Payout.id))) == 0


def test_eight_concurrent_paid_marks_pay_once(sessions, clicked):
    from rebates.ledger import mark_paid

    owe(sessions, clicked[2])
    payout_id = batch(sessions)

    def pay():
        with sessions.begin() as session:
            return mark_paid(session, payout_id).id

    results = run_together(*[pay] * 8)
    assert results.count(payout_id) == 1, results
    with sessions() as session:
        paid = session.scalars(select(LedgerEntry.amount).where(LedgerEntry.kind == "paid")).all()
    assert sorted(paid) == [Decimal("-12.00"), Decimal("12.00")]


def test_four_approvals_of_one_conversion_at_once_move_it_once(sessions, clicked):
    from rebates.conversions import transition

    report = ConversionReport("linkhub", "T-race", clicked[2], Decimal("100"), Decimal("8"), "USD")
    assert record(sessions, report, "postback") == "created"
    results = run_together(*[lambda: transition(sessions, "linkhub", "T-race", "approved")] * 4)
    assert results.count(True) == 1, results
    with sessions() as session:
        kinds = session.scalars(select(LedgerEntry.kind).order_by(LedgerEntry.id)).all()
    assert kinds == ["earn", "approve", "approve"]  # one move: pending −, payable +
