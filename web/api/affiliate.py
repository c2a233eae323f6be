"""`GET /api/v1/affiliate/earnings`: the dashboard's numbers as JSON, for a bearer token."""

from __future__ import annotations

from flask import abort, current_app, jsonify, request

from pricing.money import Money
from rebates.accounts import user_for_token
from rebates.reports import Breakdown, Report, build_report
from web.affiliate.forms import RangeForm
from web.api import bp, money_json
from web.error_pages import field_errors


def _token_user_id() -> int:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        abort(401, "send Authorization: Bearer <your API token>")
    with current_app.extensions["haitao.sessions"]() as session:
        user = user_for_token(session, token.strip())
        if user is None:
            abort(401, "unknown API token")
        return user.id


@bp.get("/affiliate/earnings")
def affiliate_earnings():
    user_id = _token_user_id()
    form = RangeForm(request.args, meta={"csrf": False})
    if not form.validate():
        return field_errors(400, form.errors)
    start, end = form.dates()
    with current_app.extensions["haitao.sessions"]() as session:
        report = build_report(session, user_id, start, end)
    return jsonify(report_json(report))


def _amounts(per_currency: dict) -> list[dict | None]:
    return [
        money_json(Money(amount, currency)) for currency, amount in sorted(per_currency.items())
    ]


def _breakdown(row: Breakdown) -> dict:
    return {
        "key": row.key,
        "clicks": row.clicks,
        "conversions": row.conversions,
        "earnings": _amounts(row.earnings),
    }


def report_json(report: Report) -> dict:
    return {
        "range": {"start": report.start.isoformat(), "end": report.end.isoformat()},
        "clicks": report.clicks,
        "conversions": report.conversions,
        "conversion_rate": str(report.conversion_rate) if report.conversion_rate else None,
        "epc": [money_json(m) for _, m in sorted(report.epc().items())],
        "by_status": {status: _amounts(v) for status, v in sorted(report.by_status.items())},
        "by_store": [_breakdown(row) for row in report.by_store],
        "by_sub_id": [_breakdown(row) for row in report.by_sub_id],
        "daily": {
            currency: [{"date": d.isoformat(), "amount": str(a)} for d, a in sorted(days.items())]
            for currency, days in sorted(report.daily.items())
        },
        "balances": {
            currency: {account: str(amount) for account, amount in accounts.items()}
            for currency, accounts in sorted(report.balances.items())
        },
    }
