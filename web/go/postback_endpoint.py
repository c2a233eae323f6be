"""`POST /postback/<network>`: a network tells us about an order, signed with its secret."""

from __future__ import annotations

from flask import current_app, jsonify, request
from pydantic import ValidationError

from rebates.conversions import ConversionConflict, ConversionError, ConversionReport, record
from rebates.postback import PostbackBody, SignatureError, verify
from rebates.postback_config import PostbackFormat
from rebates.postback_formats import authenticate, report_from_params
from rebates.tables import Network
from web.go import bp

MAX_BODY_BYTES = 16 * 1024  # one order's JSON is a few hundred bytes


@bp.route("/postback/<network>", methods=["GET", "POST"])
def postback(network: str):
    """Verify, then record; any refusal is a 4xx and leaves the ledger untouched.

    A JSON POST is Haitao's own signed contract, open to every network; a GET (or a form
    POST) is the network's own format from config/rebates.yaml (`postback:`).
    """
    sessions = current_app.extensions["haitao.sessions"]
    with sessions() as session:
        row = session.get(Network, network)
        found = (row.postback_secret, row.postback_format, dict(row.statuses)) if row else None
    if found is None:
        return _refuse(404, "unknown network")
    if (request.content_length or 0) > MAX_BODY_BYTES:
        return _refuse(413, f"body over {MAX_BODY_BYTES} bytes")
    secret, format_json, statuses = found
    fmt = PostbackFormat.model_validate(format_json) if format_json else None
    form_post = fmt is not None and fmt.method == "POST" and request.mimetype != "application/json"
    if request.method == "POST" and not form_post:
        return _signed_json(network, secret)
    if fmt is None:
        return _refuse(405, f"{network} posts signed JSON; it has no `postback:` format")
    return _network_format(network, secret, fmt, statuses)


def _network_format(network: str, secret: str, fmt: PostbackFormat, statuses: dict):
    if request.method != fmt.method:
        return _refuse(405, f"{network} calls with {fmt.method}")
    raw = request.query_string if fmt.method == "GET" else request.get_data()
    params = request.args if fmt.method == "GET" else request.form
    try:
        authenticate(fmt, secret, raw=raw, params=params, address=request.remote_addr or "",
                     signature=request.headers.get("X-Haitao-Signature"))  # fmt: skip
    except SignatureError as exc:
        return _refuse(401, str(exc))
    except PermissionError as exc:
        return _refuse(403, str(exc))
    try:
        report = report_from_params(network, fmt, params, statuses)
    except ConversionError as exc:
        return _refuse(400, f"malformed postback: {exc}")
    return _record(report)


def _signed_json(network: str, secret: str):
    body = request.get_data(cache=False)
    try:
        verify(secret, request.headers.get("X-Haitao-Signature"), body)
    except SignatureError as exc:
        return _refuse(401, str(exc))
    try:
        report = PostbackBody.model_validate_json(body).report(network)
    except ValidationError as exc:
        return _refuse(400, f"malformed body: {exc.error_count()} problem(s)", exc.errors())
    return _record(report)


def _record(report: ConversionReport):
    try:
        outcome = record(current_app.extensions["haitao.sessions"], report, source="postback")
    except ConversionConflict as exc:
        return _refuse(409, str(exc))
    except ConversionError as exc:
        return _refuse(422, str(exc))
    return jsonify(outcome=outcome, transaction_id=report.transaction_id), 200


def _refuse(status: int, message: str, details: list | None = None):
    payload = {"error": {"status": status, "message": message}}
    if details:
        payload["error"]["details"] = [
            {"loc": list(map(str, d["loc"])), "msg": d["msg"]} for d in details
        ]
    return jsonify(payload), status
