"""`POST /postback/<network>`: a network tells us about an order, signed with its secret."""

from __future__ import annotations

from flask import current_app, jsonify, request
from pydantic import ValidationError

from rebates.conversions import ConversionConflict, ConversionError, record
from rebates.postback import PostbackBody, SignatureError, verify
from rebates.tables import Network
from web.go import bp

MAX_BODY_BYTES = 16 * 1024  # one order's JSON is a few hundred bytes


@bp.post("/postback/<network>")
def postback(network: str):
    """Verify, then record; any refusal is a 4xx and leaves the ledger untouched."""
    sessions = current_app.extensions["haitao.sessions"]
    with sessions() as session:
        row = session.get(Network, network)
        secret = row.postback_secret if row else None
    if secret is None:
        return _refuse(404, "unknown network")
    if (request.content_length or 0) > MAX_BODY_BYTES:
        return _refuse(413, f"body over {MAX_BODY_BYTES} bytes")
    body = request.get_data(cache=False)
    try:
        verify(secret, request.headers.get("X-Haitao-Signature"), body)
    except SignatureError as exc:
        return _refuse(401, str(exc))
    try:
        report = PostbackBody.model_validate_json(body).report(network)
    except ValidationError as exc:
        return _refuse(400, f"malformed body: {exc.error_count()} problem(s)", exc.errors())
    try:
        outcome = record(sessions, report, source="postback")
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
