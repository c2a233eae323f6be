"""Unsubscribe tokens: signed for one alert under the site's secret, refused otherwise."""

from __future__ import annotations

import pytest

from alerts.tokens import BadToken, alert_for_token, unsubscribe_token


def test_a_token_names_its_alert_and_carries_no_secret():
    token = unsubscribe_token(42, "site secret")
    assert token.startswith("42.")
    assert "site secret" not in token and "=" not in token  # URL-safe, unpadded
    assert unsubscribe_token(42, "site secret") == token  # stable: old e-mails keep working


def test_a_token_that_is_too_long_to_be_an_id_is_refused():
    with pytest.raises(BadToken, match="not an unsubscribe token"):
        alert_for_token("1" * 19 + ".x", "site secret")


@pytest.mark.parametrize(
    "token",
    ["", "abc", "7", "7.", "8." + unsubscribe_token(7, "site secret").split(".")[1]],
)
def test_a_token_not_signed_for_that_alert_is_refused(token):
    assert alert_for_token(unsubscribe_token(7, "site secret"), "site secret") == 7
    with pytest.raises(BadToken):
        alert_for_token(token, "site secret")
    with pytest.raises(BadToken):
        alert_for_token(unsubscribe_token(7, "another secret"), "site secret")
