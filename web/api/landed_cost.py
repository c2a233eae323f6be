"""POST /api/v1/landed-cost: the landed-cost breakdown by every route, as JSON."""

from __future__ import annotations

from flask import current_app, jsonify, request
from pydantic import ValidationError

from core.errors import ConfigError
from core.stores import Seller, load_stores, sellers_of
from pricing.exchange_rates.rate_table import RateTable
from pricing.landed.categories import UnknownCategory
from pricing.landed.offers import UnknownOffer, sellers_for_offer
from pricing.landed.quote import QuoteError
from pricing.landed.request import LandedCostRequest, answer, answer_json
from pricing.landed.routes import NoRoute
from pricing.landed.rulebook import UnknownDestination, bundled_rulebook
from web.api import bp
from web.error_pages import field_errors
from web.priced_search import current_rates


@bp.post("/landed-cost")
def landed_cost():
    """JSON in (`to`, `price`, `category`, `from` or `store`, …), breakdowns out; 400 with
    the one error shape, `fields` naming each bad input on bad input."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return _errors({"body": ["expected a JSON object"]})
    try:
        asked = LandedCostRequest.model_validate(body)
    except ValidationError as exc:
        return _errors(_field_errors(exc))
    rates = current_rates()
    try:
        breakdowns = answer(asked, bundled_rulebook(), rates, _sellers(asked, rates))
    except UnknownDestination as exc:
        return _errors({"to": [str(exc)]})
    except UnknownCategory as exc:
        return _errors({"category": [str(exc)]})
    except NoRoute as exc:
        return _errors({"route": [str(exc)]})
    except QuoteError as exc:
        return _errors({exc.field: [str(exc)]})
    except UnknownOffer as exc:
        return _errors({"offer": [str(exc)]})
    except ConfigError as exc:  # an unknown store id
        return _errors({"store": [str(exc)]})
    return jsonify(answer_json(breakdowns, rates))


def _sellers(asked: LandedCostRequest, rates: RateTable) -> dict[str, Seller]:
    """The stores file's stores as sellers; with `offer`, its store as it sells that offer."""
    if asked.store is None:
        return {}
    sellers = sellers_of(load_stores(current_app.extensions["haitao.settings"].stores_file))
    if asked.offer is None:
        return sellers
    with current_app.extensions["haitao.sessions"]() as session:
        return sellers_for_offer(session, sellers, asked.offer, rates)


def _field_errors(exc: ValidationError) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for error in exc.errors():
        message = error["msg"].removeprefix("Value error, ")
        field = str(error["loc"][0]) if error["loc"] else "from" if "'from'" in message else "body"
        errors.setdefault(field, []).append(message)
    return errors


def _errors(errors: dict[str, list[str]]):
    return field_errors(400, errors)
