"""Missing-cashback claims: matched against the affiliate's clicks, decided by an operator."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from core.errors import HaitaoError
from core.tables import utcnow
from pricing.money import Money
from rebates.conversions import ConversionReport, record
from rebates.programs import commission_for
from rebates.tables import Claim, Click, Conversion, Program, User


class ClaimError(HaitaoError):
    """A claim that cannot be filed or decided."""


def file_claim(
    session: Session,
    user: User,
    program: Program,
    order_id: str,
    order_date: date,
    amount: Money,
    category: str | None = None,
) -> Claim:
    """File a claim; it is refused at once, with the reason, when no click can explain it."""
    if session.scalar(
        select(Claim).where(Claim.program_id == program.id, Claim.order_id == order_id)
    ):
        raise ClaimError(f"order {order_id} has already been claimed")
    claim = Claim(
        user_id=user.id,
        program_id=program.id,
        order_id=order_id,
        order_date=order_date,
        amount=amount.amount,
        currency=amount.currency,
        category=category or None,
    )
    click = matching_click(session, user, program, order_date)
    if click is None:
        claim.state = "refused"
        claim.reason = (
            f"no click of yours on {program.store.name} in the {program.cookie_days} days "
            f"up to {order_date.isoformat()} (the store's cookie window)"
        )
        claim.decided_at = utcnow()
    else:
        claim.click_id = click.click_id
    session.add(claim)
    session.flush()
    return claim


def matching_click(session: Session, user: User, program: Program, order_date: date):
    """The latest click of this user on this store within the cookie window before the order."""
    end = datetime.combine(order_date, time.max)
    start = end - timedelta(days=program.cookie_days)
    return session.scalar(
        select(Click)
        .where(
            Click.user_id == user.id,
            Click.program_id == program.id,
            Click.at.between(start, end),
        )
        .order_by(Click.at.desc())
        .limit(1)
    )


def expected_payable(claim: Claim) -> date:
    return claim.order_date + timedelta(days=claim.program.approval_days)


def reject_claim(session: Session, claim_id: int, reason: str) -> Claim:
    claim = _open_claim(session, claim_id)
    claim.state, claim.reason, claim.decided_at = "rejected", reason, utcnow()
    return claim


def approve_claim(sessions: sessionmaker[Session], claim_id: int) -> Claim:
    """Approve a claim: it becomes a pending conversion on the matched click."""
    with sessions() as session:
        claim = _open_claim(session, claim_id)
        program = claim.program
        commission = commission_for(program, Money(claim.amount, claim.currency), claim.category)
        report = ConversionReport(
            network=program.network,
            transaction_id=f"claim:{program.store_id}:{claim.order_id}",
            click_id=claim.click_id,
            order_amount=claim.amount,
            commission=commission.amount,
            currency=claim.currency,
            occurred_at=datetime.combine(claim.order_date, time(12)),
        )
    record(sessions, report, source="claim")
    with sessions.begin() as session:
        claim = session.get(Claim, claim_id)
        claim.conversion_id = session.scalar(
            select(Conversion.id).where(
                Conversion.network == report.network,
                Conversion.transaction_id == report.transaction_id,
            )
        )
        claim.state, claim.decided_at = "approved", utcnow()
    return claim


def _open_claim(session: Session, claim_id: int) -> Claim:
    claim = session.get(Claim, claim_id)
    if claim is None:
        raise ClaimError(f"no claim {claim_id}")
    if claim.state != "open":
        raise ClaimError(f"claim {claim_id} is {claim.state}, not open")
    return claim
