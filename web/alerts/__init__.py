"""A signed-in shopper's price alerts: list them with their last trigger, add one, stop one;
and the one-click unsubscribe link every alert e-mail carries (no sign-in needed)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("alerts", __name__, template_folder="templates")
