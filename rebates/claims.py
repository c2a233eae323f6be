"""Missing-cashback claims: matched against the affiliate's clicks, decided by an operator."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from core.errors import HaitaoError
from core.tables import utcnow
from pricing.landed.words import Words, words_in
from pricing.money import Money
from rebates.conversions import ConversionReport, build_conversion, insert_conversion
from rebates.programs import commission_for
from rebates.tables import Claim, Click, Program, User


class ClaimError(HaitaoError):
    """A claim that cannot be filed or decided."""


# Why a claim was refused at once, as the claims table stores it (English text).
NO_CLICK = (
    "no click of yours on %(store)s in the %(days)s days up to %(date)s (the store's cookie window)"
)


def reason_words(reason: str) -> str:
    """A claim's stored reason as the `Words` it was written from, for a page to translate;
    an operator's own words (a rejection) stay as they were typed."""
    return words_in(reason, (NO_CLICK,))


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
        raise ClaimError(Words("order %(order)s has already been claimed", order=order_id))
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
        day = order_date.isoformat()
        claim.reason = Words(NO_CLICK, store=program.store.name, days=program.cookie_days, date=day)
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
    """Reject an open claim; refused when another decision got there first."""
    _decide(session, claim_id, "rejected", reason=reason)
    return session.get(Claim, claim_id, populate_existing=True)


def approve_claim(sessions: sessionmaker[Session], claim_id: int) -> Claim:
    """Approve a claim: it becomes a pending conversion on the matched click.

    The claim leaves `open` by one conditional update in the same transaction as the
    conversion and its ledger entry, so an approval racing a rejection (or another approval)
    either wins whole or changes nothing.
    """
    with sessions.begin() as session:
        _decide(session, claim_id, "approved")
        claim = session.get(Claim, claim_id, populate_existing=True)
        conversion = build_conversion(session, _report(claim), source="claim")
        try:
            insert_conversion(session, conversion)
        except IntegrityError as exc:
            raise ClaimError(f"order {claim.order_id} is already a conversion") from exc
        claim.conversion_id = conversion.id
    return claim


def _report(claim: Claim) -> ConversionReport:
    program = claim.program
    commission = commission_for(program, Money(claim.amount, claim.currency), claim.category)
    return ConversionReport(
        network=program.network,
        transaction_id=f"claim:{program.store_id}:{claim.order_id}",
        click_id=claim.click_id,
        order_amount=claim.amount,
        commission=commission.amount,
        currency=claim.currency,
        occurred_at=datetime.combine(claim.order_date, time(12)),
    )


def _decide(session: Session, claim_id: int, state: str, **values: object) -> None:
    """Move an open claim to `state` with one conditional update that only one caller wins."""
    moved = session.execute(
        update(Claim)
        .where(Claim.id == claim_id, Claim.state == "open")
        .values(state=state, decided_at=utcnow(), **values)
    )
    if moved.rowcount == 0:
        current = session.scalar(select(Claim.state).where(Claim.id == claim_id))
        if current is None:
            raise ClaimError(f"no claim {claim_id}")
        raise ClaimError(f"claim {claim_id} is {current}, not open")
