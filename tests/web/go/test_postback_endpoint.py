"""POST /postback/<network>: signed, idempotent, and a refusal never moves money."""

from __future__ import annotations

import threading
import time
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from rebates.ledger import balances
from rebates.postback import sign
from rebates.tables import Conversion
from tests.rebates.conftest import (
    click,
    click_id_of,
    ledger_state,
    make_link,
    post_signed,
    postback_body,
    program_id,
    secret_of,
    signup,
)


@pytest.fixture
def click_id(client, sessions) -> str:
    signup(client, "poster@example.com")
    code = make_link(client, program_id(sessions, "us-vitashop"), sub_id="yt")
    return click_id_of(click(client, code))


def conversions(sessions) -> int:
    with sessions() as session:
        return session.scalar(select(func.count(Conversion.id)))


def test_replaying_one_postback_100_times_records_one_conversion(client, sessions, click_id):
    secret, body = secret_of(sessions, "linkhub"), postback_body(click_id)
    outcomes = [post_signed(client, secret, body).get_json()["outcome"] for _ in range(100)]
    assert outcomes[0] == "created"
    assert set(outcomes[1:]) == {"unchanged"}
    assert conversions(sessions) == 1
    assert ledger_state(sessions) == (1, Decimal("7.20"))


def test_concurrent_postbacks_do_not_double_count(app, sessions, click_id):
    secret = secret_of(sessions, "linkhub")
    bodies = [postback_body(click_id), postback_body(click_id, status="approved")] * 6
    statuses: list[int] = []
    barrier = threading.Barrier(len(bodies))

    def send(body: bytes) -> None:
        client = app.test_client()
        barrier.wait()
        statuses.append(post_signed(client, secret, body).status_code)

    threads = [threading.Thread(target=send, args=(body,)) for body in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * len(bodies)
    assert conversions(sessions) == 1
    with sessions() as session:
        assert session.scalar(select(Conversion.status)) == "approved"
        usd = balances(session)["USD"]
    assert (usd["pending"], usd["payable"]) == (0, Decimal("7.20"))


def test_status_moves_forward_only_each_move_a_new_entry(client, sessions, click_id):
    secret = secret_of(sessions, "linkhub")

    def send(status: str) -> str:
        return post_signed(client, secret, postback_body(click_id, status=status)).get_json()[
            "outcome"
        ]

    assert [send(s) for s in ("pending", "approved", "approved", "pending", "reversed")] == [
        "created", "updated", "unchanged", "unchanged", "updated",
    ]  # fmt: skip
    assert send("approved") == "unchanged"  # reversed is final
    with sessions() as session:
        usd = balances(session)["USD"]
    assert all(amount == 0 for amount in usd.values())
    assert ledger_state(sessions)[0] == 1 + 2 + 1  # earn, approve (two legs), reverse


def bad_requests(click_id: str, secret: str):
    good = postback_body(click_id)
    now = int(time.time())
    return {
        "bad signature": (good, sign("not-the-secret", good, now)),
        "stale timestamp": (good, sign(secret, good, now - 310)),
        "future timestamp": (good, sign(secret, good, now + 310)),
        "body changed after signing": (
            postback_body(click_id, commission="960.00"),
            sign(secret, good, now),
        ),
        "no header": (good, None),
        "garbled header": (good, "v1=abc"),
        "malformed json": (
            b'{"transaction_id": "T-1", ',
            sign(secret, b'{"transaction_id": "T-1", ', now),
        ),
        "float amount": (
            good.replace(b'"9.60"', b"9.6"),
            sign(secret, good.replace(b'"9.60"', b"9.6"), now),
        ),
        "missing click id": (
            b'{"transaction_id": "T-9"}',
            sign(secret, b'{"transaction_id": "T-9"}', now),
        ),
        "unknown click": (postback_body("nope"), sign(secret, postback_body("nope"), now)),
        "unknown currency": (
            postback_body(click_id, currency="XXQ"),
            sign(secret, postback_body(click_id, currency="XXQ"), now),
        ),
        "unknown status": (
            postback_body(click_id, status="paid"),
            sign(secret, postback_body(click_id, status="paid"), now),
        ),
    }


@pytest.mark.parametrize(
    "case",
    [
        "bad signature", "stale timestamp", "future timestamp", "body changed after signing",
        "no header", "garbled header", "malformed json", "float amount", "missing click id",
        "unknown click", "unknown currency", "unknown status",
    ],
)  # fmt: skip
def test_a_bad_postback_gets_4xx_and_moves_no_money(client, sessions, click_id, case):
    body, header = bad_requests(click_id, secret_of(sessions, "linkhub"))[case]
    before = ledger_state(sessions)
    headers = {"Content-Type": "application/json"}
    if header is not None:
        headers["X-Haitao-Signature"] = header
    response = client.post("/postback/linkhub", data=body, headers=headers)
    assert 400 <= response.status_code < 500
    assert response.get_json()["error"]["message"]
    assert ledger_state(sessions) == before
    assert conversions(sessions) == 0


def test_a_click_from_another_network_is_refused(client, sessions, click_id):
    secret = secret_of(sessions, "asiaclick")
    response = post_signed(client, secret, postback_body(click_id), network="asiaclick")
    assert response.status_code == 422
    assert conversions(sessions) == 0


def test_unknown_network_is_404(client, click_id):
    assert post_signed(client, "x", postback_body(click_id), network="nobody").status_code == 404


def test_an_oversized_body_is_refused_before_it_is_read(client, sessions, click_id):
    body = postback_body(click_id, note="x" * 20_000)
    response = post_signed(client, secret_of(sessions, "linkhub"), body)
    assert response.status_code == 413
    assert conversions(sessions) == 0
