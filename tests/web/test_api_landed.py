"""POST /api/v1/landed-cost end to end: JSON in, breakdowns out, field errors on bad input."""

from __future__ import annotations

import pytest

from haitao.bootstrap import prepare_database
from haitao.settings import Settings


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    from web import create_app

    home = tmp_path_factory.mktemp("landed-api")
    settings = Settings.from_env({"HAITAO_HOME": str(home)})
    prepare_database(settings)
    app = create_app(settings, TESTING=True)
    yield app.test_client()
    app.extensions["haitao.search"].close()


def test_every_route_with_the_cheapest_marked(api):
    """kr-beautymall to CN at the snapshot: bonded (CBEC, free delivery) beats direct (postal)."""
    response = api.post(
        "/api/v1/landed-cost",
        json={
            "to": "CN",
            "price": "59.99 USD",
            "category": "스킨케어·화장품",
            "store": "kr-beautymall",
        },
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert [(r["route"], r["regime"], r["cheapest"]) for r in body["routes"]] == [
        ("direct", "postal", False),
        ("bonded", "cbec", True),
    ]
    assert body["cheapest"]["route"] == "bonded"
    assert body["rates"] == {"source": "bundled snapshot", "as_of": "2026-11-20"}
    bonded = body["routes"][1]
    assert isinstance(bonded["total"], str)
    assert bonded["rules"] and all(isinstance(rule, str) for rule in bonded["rules"])


def test_money_can_be_an_object_and_the_answer_another_currency(api):
    """100 USD electronics to US from JP, shipped for 8 USD: 0% duty (uncertain), total 108 USD,
    answered in JPY at the snapshot (1 USD = 178.40 / 1.1580 JPY): 16,638."""
    response = api.post(
        "/api/v1/landed-cost",
        json={
            "to": "US",
            "price": {"amount": "100", "currency": "USD"},
            "shipping": "8 USD",
            "category": "electronics",
            "from": "JP",
            "route": "direct",
            "currency": "JPY",
            "weight_kg": "0.3",
        },
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["routes"][0]["total"] == "16638"


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"to": "XX"}, "to", "unknown country 'XX'"),
        ({"to": "NZ"}, "to", "unknown destination 'NZ'"),
        ({"price": "-3 USD"}, "price", "must be more than zero"),
        ({"price": "3 XXY"}, "price", "unknown currency 'XXY'"),
        ({"category": "spaceships"}, "category", "unknown category 'spaceships'"),
        ({"from": None}, "from", "give either 'from'"),
        ({"route": "bonded"}, "route", "bonded"),
        ({"regime": "cbec", "to": "GB"}, "regime", "CN only"),
        ({"colour": "red"}, "colour", "Extra inputs are not permitted"),
    ],
)
def test_bad_input_is_400_with_field_errors(api, body, field, message):
    good = {"to": "DE", "price": "30 USD", "category": "skincare", "from": "US"}
    response = api.post("/api/v1/landed-cost", json={**good, **body})
    assert response.status_code == 400
    errors = response.get_json()["errors"]
    assert message in " ".join(errors[field]), errors


def test_a_body_that_is_not_json_is_400(api):
    response = api.post("/api/v1/landed-cost", data="to=CN", content_type="text/plain")
    assert response.status_code == 400
    assert response.get_json() == {"errors": {"body": ["expected a JSON object"]}}
