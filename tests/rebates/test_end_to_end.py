"""The whole affiliate story: sign up, link, click, conversions by postback and by import,
payable, paid, statement — through the site and the real `haitao` command."""

from __future__ import annotations

import csv
import io
import re

from tests.conftest import haitao_env, run_haitao
from tests.rebates.conftest import (
    click,
    click_id_of,
    make_link,
    post_signed,
    postback_body,
    program_id,
    secret_of,
    signup,
)


def haitao(settings, *args: str) -> str:
    env = haitao_env(settings.home) | {"SECRET_KEY": "test-secret"}
    result = run_haitao(*args, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def balances(client, currency: str) -> dict[str, str]:
    page = client.get("/affiliate/").get_data(as_text=True)
    row = re.search(rf'<tr data-currency="{currency}">(.*?)</tr>', page, re.S).group(1)
    return dict(re.findall(r'class="(\w+)">([^<]+)<', row))


def write_report(path, rows: list[dict]) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_sign_up_link_click_convert_approve_pay_and_download_the_statement(
    client, sessions, settings, tmp_path
):
    signup(client, "flow@example.com")
    us_click = click_id_of(click(client, make_link(client, program_id(sessions, "us-vitashop"))))
    jp_code = make_link(client, program_id(sessions, "jp-rakuichi"), sub_id="jp-blog")
    jp_click = click_id_of(click(client, jp_code))
    assert re.search(r'class="clicks">2<', client.get("/affiliate/").get_data(as_text=True))

    # A conversion by postback, signed with the secret the CLI hands out.
    secret = haitao(settings, "rebates", "secret", "linkhub").strip()
    assert secret == secret_of(sessions, "linkhub")
    assert post_signed(client, secret, postback_body(us_click, txn="US-1")).status_code == 200

    # A conversion by report import, in the asiaclick network's own column names.
    report = tmp_path / "asiaclick.csv"
    row = {"txn": "JP-9", "subid": jp_click, "amount": "12,000", "payout": "480",
           "ccy": "JPY", "state": "open", "date": "2026-11-20T10:00:00"}  # fmt: skip
    write_report(report, [row])
    assert "1 created" in haitao(settings, "conversions", "import", "asiaclick", str(report))
    assert "1 unchanged" in haitao(settings, "conversions", "import", "asiaclick", str(report))
    assert balances(client, "JPY")["pending"] == "¥384"  # 80 % of 480 yen, as the page writes it
    assert balances(client, "USD")["pending"] == "$7.20"

    # The networks approve: the linkhub report overlaps the postback; asiaclick confirms.
    linkhub = tmp_path / "linkhub.csv"
    write_report(linkhub, [{"Order ID": "US-1", "Sub ID": us_click, "Sale Amount": "120.00",
                            "Commission": "9.60", "Currency": "USD", "Status": "Approved",
                            "Order Date": ""}])  # fmt: skip
    assert "1 updated" in haitao(settings, "conversions", "import", "linkhub", str(linkhub))
    assert "1 unchanged" in haitao(settings, "conversions", "import", "linkhub", str(linkhub))
    write_report(report, [row | {"state": "confirmed"}])
    haitao(settings, "conversions", "import", "asiaclick", str(report))
    assert balances(client, "USD") == {
        "pending": "$0.00", "payable": "$7.20", "processing": "$0.00", "paid": "$0.00",
    }  # fmt: skip

    # Operators pay out USD above a minimum; JPY stays payable.
    out = haitao(settings, "payouts", "create", "USD", "--minimum", "5")
    payout_id = re.search(r"payout (\d+): 1 affiliates, 7.20 USD", out).group(1)
    assert balances(client, "USD")["processing"] == "$7.20"
    haitao(settings, "payouts", "paid", payout_id)
    usd = balances(client, "USD")
    assert (usd["payable"], usd["processing"], usd["paid"]) == ("$0.00", "$0.00", "$7.20")
    assert balances(client, "JPY")["payable"] == "¥384"

    statement = client.get("/affiliate/statement.csv")
    assert statement.headers["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(statement.get_data(as_text=True))))
    kinds = [(r[1], r[2], r[3], r[4]) for r in rows[1:] if r[0] != "balance"]
    assert ("earn", "pending", "7.20", "USD") in kinds
    assert ("approve", "payable", "7.20", "USD") in kinds
    assert ("paid", "paid", "7.20", "USD") in kinds
    assert ["balance", "", "paid", "7.20", "USD", "", ""] in rows
    assert ["balance", "", "payable", "384", "JPY", "", ""] in rows


def test_import_reports_rows_it_cannot_use_and_keeps_the_rest(client, sessions, settings, tmp_path):
    signup(client, "import@example.com")
    jp_click = click_id_of(click(client, make_link(client, program_id(sessions, "jp-rakuichi"))))
    report = tmp_path / "mixed.csv"
    good = {"txn": "G-1", "subid": jp_click, "amount": "1000", "payout": "40", "ccy": "JPY",
            "state": "open", "date": ""}  # fmt: skip
    write_report(report, [good, good | {"txn": "B-1", "subid": "who"}, good | {"payout": "x"}])
    env = haitao_env(settings.home) | {"SECRET_KEY": "test-secret"}
    result = run_haitao("conversions", "import", "asiaclick", str(report), env=env, timeout=60)
    assert result.returncode == 0
    assert "1 created, 2 skipped" in result.stdout
    assert "line 3: unknown click id 'who'" in result.stderr
    assert "line 4: bad value" in result.stderr
    unknown = run_haitao("conversions", "import", "nonet", str(report), env=env, timeout=60)
    assert unknown.returncode == 1
    assert unknown.stderr.strip() == "haitao: error: unknown network 'nonet'"
