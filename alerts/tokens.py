"""Signed one-click unsubscribe tokens: the alert id and an HMAC of it under the site's secret.

Anyone holding the link can switch that one alert off (that is what one click means), and no
one can forge a link for another alert without the secret.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

PURPOSE = b"haitao alert unsubscribe:"


class BadToken(ValueError):
    """A token that was not signed by this site for an alert."""


def unsubscribe_token(alert_id: int, secret: str) -> str:
    return f"{alert_id}.{_signature(alert_id, secret)}"


def alert_for_token(token: str, secret: str) -> int:
    """The alert id a token was signed for; BadToken otherwise."""
    alert_id, _, signature = token.partition(".")
    if not alert_id.isdigit() or len(alert_id) > 18:
        raise BadToken("not an unsubscribe token")
    if not hmac.compare_digest(signature, _signature(int(alert_id), secret)):
        raise BadToken("the token's signature does not match")
    return int(alert_id)


def _signature(alert_id: int, secret: str) -> str:
    digest = hmac.new(secret.encode(), PURPOSE + str(alert_id).encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:24]).decode().rstrip("=")
