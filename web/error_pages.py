"""Error pages that answer JSON to API clients and HTML to browsers.

Every JSON error has one shape: `{"error": {"status", "code", "message", "fields"}}`, where
`code` is a short machine word ("not_found", "invalid_input", …) and `fields` maps each bad
input to its messages ({} when no one input is at fault).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from flask import Flask, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from web.formatting import words

CODES = {
    400: "invalid_input",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    429: "too_many_requests",
}


# The error pages' headings and, where the error carries only werkzeug's English default
# description, what the page says instead, in the UI language.
NAMES = {
    400: _l("Bad request"),
    401: _l("Sign-in required"),
    403: _l("Forbidden"),
    404: _l("Not found"),
    405: _l("Method not allowed"),
    413: _l("Request too large"),
    429: _l("Too many requests"),
    500: _l("Server error"),
}
DEFAULT_MESSAGES = {
    400: _l("The request could not be understood."),
    401: _l("Sign in to see this page."),
    403: _l("You may not open this page."),
    404: _l("There is no page at this address."),
    405: _l("This page cannot be used this way."),
    413: _l("The request is too large."),
    429: _l("Too many requests from your address; try again later."),
    500: _l("Something went wrong on our side; try again later."),
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
    code = error.code or 500
    name = NAMES.get(code, error.name)
    default = error.description == type(error).description
    message = DEFAULT_MESSAGES.get(code, error.description) if default else error.description
    return render_template("error.html", error=error, name=name, message=words(message)), code


def register(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_error)
