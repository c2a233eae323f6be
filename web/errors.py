"""Error pages that answer JSON to API clients and HTML to browsers."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException


def wants_json() -> bool:
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "application/json"


def handle_http_error(error: HTTPException):
    if wants_json():
        return jsonify(error={"status": error.code, "message": error.description}), error.code
    return render_template("error.html", error=error), error.code


def register(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_error)
