"""POST /api/v1/landed-cost end to end: JSON in, breakdowns out, field errors on bad input."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.settings import Settings
from operations.bootstrap import prepare_database


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
    errors = response.get_json()["error"]["fields"]
    assert message in " ".join(errors[field]), errors


def test_a_body_that_is_not_json_is_400(api):
    response = api.post("/api/v1/landed-cost", data="to=CN", content_type="text/plain")
    assert response.status_code == 400
    assert response.get_json() == {
        "error": {
            "status": 400,
            "code": "invalid_input",
            "message": "check these inputs: body",
            "fields": {"body": ["expected a JSON object"]},
        }
    }


def feed_offer(sample_stores, position: int) -> tuple[str, dict]:
    """The search document id of a jp-denki product's first variant, and a request for it."""
    product = sample_stores.catalog("jp-denki")[position]
    variant = product.variants[0]
    offer = f"jp-denki:{product.id}:{variant.id}"
    body = {"to": "CN", "price": f"{variant.price} JPY", "category": product.product_type,
            "weight_kg": str(Decimal(variant.grams) / 1000), "route": "direct",
            "currency": "JPY"}  # fmt: skip
    return offer, body


def test_an_offers_feed_shipping_prices_its_direct_mail(client, sample_stores):
    """jp-denki's table mails to Japan only; its feed mails this offer to China by EMS for
    1800 JPY or by surface mail for 1200 JPY: direct mail is there, at the cheaper price."""
    offer, body = feed_offer(sample_stores, 0)
    without = client.post("/api/v1/landed-cost", json={**body, "store": "jp-denki"})
    assert without.status_code == 400
    assert "no shipping rate to CN" in without.get_json()["error"]["fields"]["route"][0]
    response = client.post("/api/v1/landed-cost", json={**body, "offer": offer})
    assert response.status_code == 200, response.get_json()
    (direct,) = response.get_json()["routes"]
    assert direct["subtotals"]["shipping"] == "1200"
    assert direct["subtotals"]["item"] == body["price"].split()[0]


def test_an_offer_without_feed_prices_is_priced_by_its_stores_table(client, sample_stores):
    offer, body = feed_offer(sample_stores, 4)
    response = client.post("/api/v1/landed-cost", json={**body, "offer": offer})
    assert response.status_code == 400
    assert "no shipping rate to CN" in response.get_json()["error"]["fields"]["route"][0]


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"offer": "jp-denki:nope:nope"}, "offer", "no offer 'jp-denki:nope:nope'"),
        ({"offer": "jp-denki:1:1", "store": "us-vitashop"}, "body", "offer of store 'jp-denki'"),
    ],
)
def test_an_unknown_or_mismatched_offer_is_a_field_error(client, sample_stores, extra, field,
                                                         message):  # fmt: skip
    _, body = feed_offer(sample_stores, 0)
    response = client.post("/api/v1/landed-cost", json={**body, **extra})
    assert response.status_code == 400
    assert any(message in text for text in response.get_json()["error"]["fields"][field])
