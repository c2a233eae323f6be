"""`haitao landed-cost`, run as the real command."""

from __future__ import annotations

import json

import pytest

from tests.conftest import haitao_env, run_haitao


def test_landed_cost_prints_every_route_with_the_cheapest_marked(env):
    result = run_haitao(
        "landed-cost",
        "--to",
        "CN",
        "--price",
        "59.99 USD",
        "--category",
        "skincare",
        "--store",
        "us-vitashop",
        "--weight-kg",
        "0.4",
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert "CN by direct, cbec ← cheapest" in result.stdout
    assert "CN by forwarder (oregon-express), postal" in result.stdout
    assert "rule: direct mail from the store, cleared as cross-border e-commerce" in result.stdout
    assert "rates: bundled snapshot, 2026-11-20" in result.stdout


def test_landed_cost_json_has_decimal_strings(env):
    """100 USD + 8 USD shipping to DE at the snapshot (1 EUR = 1.1580 USD): €86.3558 + €6.9085;
    €3 duty; VAT 19% × 93.2642 = 17.7202; exact total 113.9845 → 113.98. (The lines rounded
    one by one, 86.36 + 6.91 + 3 + 17.72, would make 113.99: rounding happens only at the end.)"""
    result = run_haitao(
        "landed-cost",
        "--to",
        "DE",
        "--price",
        "100 USD",
        "--category",
        "Hautpflege & Kosmetik",
        "--from",
        "US",
        "--shipping",
        "8 USD",
        "--route",
        "direct",
        "--json",
        env=env,
    )
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    assert body["cheapest"] == {"route": "direct", "forwarder": None, "total": "113.98"}
    assert body["rates"] == {"source": "bundled snapshot", "as_of": "2026-11-20"}
    assert body["routes"][0]["subtotals"]["tax"] == "17.72"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--to", "XX", "--price", "1 USD", "--from", "US"), "field 'to': unknown country 'XX'"),
        (("--to", "NZ", "--price", "1 USD", "--from", "US"), "unknown destination 'NZ'"),
        (("--to", "CN", "--price", "-1 USD", "--from", "US"), "must be more than zero"),
        (("--to", "CN", "--price", "1 XYZ", "--from", "US"), "unknown currency 'XYZ'"),
        (("--to", "CN", "--price", "1 USD"), "give either 'from'"),
        (("--to", "CN", "--price", "1 USD", "--store", "nope"), "unknown store 'nope'"),
    ],
)
def test_landed_cost_bad_input_is_one_line(env, args, message):
    result = run_haitao("landed-cost", "--category", "skincare", *args, env=env)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr


def test_landed_cost_of_an_offer_uses_its_feed_shipping(crawled, sample_stores):
    """The command prices an offer as the API does: jp-denki's feed mails this one to China
    (its store's table does not), the cheaper way for 1200 JPY."""
    from tests.web.api.test_landed_cost import feed_offer

    offer, body = feed_offer(sample_stores, 0)
    env = haitao_env(crawled.home, crawled.stores_file)
    args = [f"--{key.replace('_', '-')}={value}" for key, value in body.items()]
    result = run_haitao("landed-cost", *args, f"--offer={offer}", "--json", env=env)
    assert result.returncode == 0, result.stderr
    (direct,) = json.loads(result.stdout)["routes"]
    assert direct["subtotals"]["shipping"] == "1200"
    unknown = run_haitao("landed-cost", *args, "--offer=jp-denki:nope:nope", env=env)
    assert unknown.returncode == 1
    assert unknown.stderr.strip() == "haitao: error: no offer 'jp-denki:nope:nope' in the catalog"
