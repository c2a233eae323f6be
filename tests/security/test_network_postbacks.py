"""Networks' own postbacks: GET with parameters from the network's macros, its status words,
authenticated by a URL token (constant-time), a source-address allow-list or an HMAC header,
combinable; the same idempotency, validation and ledger rules as the signed JSON."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from sqlalchemy import select

from rebates.ledger import balances
from rebates.postback import sign
from rebates.postback_formats import url_token
from rebates.tables import Conversion, Network
from tests.browser import served
from tests.conftest import haitao_env, run_haitao
from tests.rebates.conftest import ledger_state, secret_of
from tests.security.conftest import click, click_id_of, make_link, program_id

ALLOWED, OUTSIDER = "203.0.113.5", "198.51.100.7"


DEFAULT = object()


def linkhub_query(sessions, click_id: str, token: object = DEFAULT, **changes) -> str:
    """linkhub's GET parameters; `token=None` leaves the token out."""
    token = url_token(secret_of(sessions, "linkhub")) if token is DEFAULT else token
    params = {"token": token, "order_id": "N-1",
              "sub": click_id, "sale": "120.00", "commission": "9.60", "currency": "USD",
              "status": "Pending", "time": "2026-11-24T10:00:00Z"}  # fmt: skip
    params.update(changes)
    return urlencode({k: v for k, v in params.items() if v is not None})


def set_format(sessions, network: str, **changes) -> None:
    with sessions.begin() as session:
        row = session.get(Network, network)
        row.postback_format = {**row.postback_format, **changes}


def test_a_token_get_postback_records_once_and_moves_status_forward(client, sessions, click_id):
    first = client.get(f"/postback/linkhub?{linkhub_query(sessions, click_id)}")
    assert first.status_code == 200 and first.get_json()["outcome"] == "created"
    replays = {client.get(f"/postback/linkhub?{linkhub_query(sessions, click_id)}").get_json()[
        "outcome"] for _ in range(20)}  # fmt: skip
    assert replays == {"unchanged"}
    approved = client.get(
        f"/postback/linkhub?{linkhub_query(sessions, click_id, status='APPROVED')}"
    )
    assert approved.get_json()["outcome"] == "updated"
    declined = client.get(
        f"/postback/linkhub?{linkhub_query(sessions, click_id, status='declined')}"
    )
    assert declined.get_json()["outcome"] == "updated"
    with sessions() as session:
        conversion = session.scalar(select(Conversion))
        assert (conversion.status, conversion.share) == ("reversed", Decimal("7.20"))
        assert balances(session, conversion.user_id)["USD"]["payable"] == Decimal("0.00")


@pytest.mark.parametrize(
    "token",
    ["", "0" * 40, "wrong", "ÿ" * 40, None],
    ids=["empty", "zeros", "short", "latin", "none"],
)
def test_a_missing_or_wrong_token_is_a_401_and_changes_nothing(client, sessions, click_id, token):
    before = ledger_state(sessions)
    response = client.get(f"/postback/linkhub?{linkhub_query(sessions, click_id, token=token)}")
    assert response.status_code == 401
    assert ledger_state(sessions) == before


def test_the_token_of_one_network_does_not_open_another(client, sessions, click_id):
    set_format(sessions, "asiaclick", auth=["token"])
    token = url_token(secret_of(sessions, "linkhub"))
    response = client.get(
        f"/postback/asiaclick?token={token}&txn=X&subid=y&amount=1&payout=1&ccy=JPY"
    )
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("changes", "message"),
    [({"order_id": None}, "order_id: missing"), ({"sale": "{sale_amount}"}, "sale"),
     ({"commission": "9e999"}, "commission"), ({"status": "paid-ish"}, "unknown status"),
     ({"currency": "US"}, "currency"), ({"sub": "{click_id}"}, "unfilled macro"),
     ({"time": "yesterday"}, "ISO 8601")],
)  # fmt: skip
def test_malformed_parameters_are_a_400_naming_them(client, sessions, click_id, changes, message):
    before = ledger_state(sessions)
    response = client.get(f"/postback/linkhub?{linkhub_query(sessions, click_id, **changes)}")
    assert response.status_code == 400
    assert message in response.get_json()["error"]["message"]
    assert ledger_state(sessions) == before


@pytest.fixture
def jp_click(affiliate, sessions) -> str:
    code = make_link(affiliate, program_id(sessions, "jp-rakuichi"), sub_id="jp")
    return click_id_of(click(affiliate, code))


def asiaclick_query(click_id: str, **changes) -> str:
    params = {"txn": "J-1", "subid": click_id, "amount": "24000", "payout": "960", "ccy": "JPY",
              "state": "open", "date": "2026-11-24 10:00:00"}  # fmt: skip
    return urlencode(params | changes)


@pytest.mark.parametrize(("address", "status"), [(ALLOWED, 200), ("2001:db8::7", 200),
                                                 (OUTSIDER, 403), ("127.0.0.1", 403)])  # fmt: skip
def test_an_allow_list_network_is_heard_only_from_its_addresses(
    client, sessions, jp_click, address, status
):
    response = client.get(
        f"/postback/asiaclick?{asiaclick_query(jp_click)}", environ_base={"REMOTE_ADDR": address}
    )
    assert response.status_code == status
    with sessions() as session:
        assert len(session.scalars(select(Conversion)).all()) == (1 if status == 200 else 0)


def test_token_and_allow_list_combined_need_both(client, sessions, click_id):
    set_format(sessions, "linkhub", auth=["token", "allow_list"], allow_from=["203.0.113.0/24"])
    good = linkhub_query(sessions, click_id)
    assert client.get(f"/postback/linkhub?{good}", environ_base={"REMOTE_ADDR": OUTSIDER}
                      ).status_code == 403  # fmt: skip
    bad_token = linkhub_query(sessions, click_id, token="x" * 40)
    assert client.get(f"/postback/linkhub?{bad_token}", environ_base={"REMOTE_ADDR": ALLOWED}
                      ).status_code == 401  # fmt: skip
    assert client.get(f"/postback/linkhub?{good}", environ_base={"REMOTE_ADDR": ALLOWED}
                      ).status_code == 200  # fmt: skip


def test_an_hmac_get_postback_signs_the_query_string(client, sessions, click_id):
    set_format(sessions, "linkhub", auth=["hmac"])
    query = linkhub_query(sessions, click_id, token=None)
    secret = secret_of(sessions, "linkhub")
    unsigned = client.get(f"/postback/linkhub?{query}")
    assert unsigned.status_code == 401
    signed = client.get(
        f"/postback/linkhub?{query}", headers={"X-Haitao-Signature": sign(secret, query.encode())}
    )
    assert signed.status_code == 200
    tampered = query.replace("commission=9.60", "commission=99.60")
    forged = client.get(
        f"/postback/linkhub?{tampered}",
        headers={"X-Haitao-Signature": sign(secret, query.encode())},
    )
    assert forged.status_code == 401


def test_the_signed_json_post_still_works_for_a_network_with_a_get_format(
    client, sessions, click_id
):
    from tests.rebates.conftest import post_signed, postback_body

    response = post_signed(client, secret_of(sessions, "linkhub"), postback_body(click_id))
    assert response.status_code == 200


def fetch(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, json.load(answer)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def test_end_to_end_over_http_with_the_url_the_cli_prints(
    app, settings, sessions, click_id, jp_click
):
    printed = run_haitao("rebates", "postback-url", "linkhub", "--site", "https://h.example",
                         env=haitao_env(settings.home))  # fmt: skip
    assert printed.returncode == 0, printed.stderr
    method, url = printed.stdout.split()
    assert method == "GET" and url.startswith("https://h.example/postback/linkhub?token=")
    macros = {"<transaction_id>": "HTTP-1", "<click_id>": click_id, "<order_amount>": "50.00",
              "<commission>": "4.00", "<currency>": "USD", "<status>": "approved",
              "<occurred_at>": "2026-11-24T10:00:00"}  # fmt: skip
    for placeholder, value in macros.items():
        url = url.replace(placeholder, value)
    set_format(sessions, "asiaclick", allow_from=["127.0.0.0/8"])
    with served(app) as site:
        path = url.removeprefix("https://h.example")
        assert fetch(site + path) == (200, {"outcome": "created", "transaction_id": "HTTP-1"})
        assert fetch(site + path)[1]["outcome"] == "unchanged"
        status, _ = fetch(site + path.replace("token=", "token=x"))
        assert status == 401
        jp = f"{site}/postback/asiaclick?{asiaclick_query(jp_click)}"
        assert fetch(jp) == (200, {"outcome": "created", "transaction_id": "J-1"})
    set_format(sessions, "asiaclick", allow_from=["203.0.113.0/24"])
    with served(app) as site:
        status, body = fetch(f"{site}/postback/asiaclick?{asiaclick_query(jp_click, txn='J-2')}")
        assert status == 403 and "allow-list" in body["error"]["message"]
