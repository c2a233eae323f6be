"""Error pages that answer JSON to API clients and HTML to browsers.

Every JSON error has one shape: `{"error": {"status", "code", "message", "fields"}}`, where
`code` is a short machine word ("not_found", "invalid_input", …) and `fields` maps each bad
input to its messages ({} when no one input is at fault).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

CODES = {
    400: "invalid_input",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    429: "too_many_requests",
}


def wants_json() -> bool:
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "application/json"


def json_error(
    status: int,
    message: str,
    fields: Mapping[str, Sequence[str]] | None = None,
    code: str | None = None,
):
    """The one JSON error answer, as a (response, status) pair."""
    body = {
        "status": status,
        "code": code or CODES.get(status, "error"),
        "message": message,
        "fields": {name: [str(m) for m in messages] for name, messages in (fields or {}).items()},
    }
    return jsonify(error=body), status


def field_errors(status: int, fields: Mapping[str, Sequence[str]]):
    """400 (or `status`) naming the inputs at fault."""
    names = ", ".join(sorted(fields))
    return json_error(status, f"check these inputs: {names}", fields)


def handle_http_error(error: HTTPException):
    if wants_json():
        return json_error(error.code or 500, error.description or error.name)
    return render_template("error.html", error=error), error.code


def register(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_error)
