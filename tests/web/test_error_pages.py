"""Errors answer in the client's language: JSON under /api/ or when asked for, HTML otherwise."""

from __future__ import annotations

import pytest

from tests.web import small_site

# The small site (tests/web/small_site.py): a migrated data directory and a few documents.
small_settings = small_site.small_settings
small_app = small_site.small_app
small_client = small_site.small_client


@pytest.mark.parametrize(
    ("path", "accept", "json"),
    [
        ("/api/v1/nothing-here", "text/html", True),
        ("/nothing-here", "application/json", True),
        ("/nothing-here", "text/html,application/xhtml+xml,*/*;q=0.8", False),
        ("/nothing-here", "", False),
    ],
)
def test_a_404_in_the_clients_language(small_client, path, accept, json):
    response = small_client.get(path, headers={"Accept": accept} if accept else {})
    assert response.status_code == 404
    if json:
        assert response.get_json()["error"]["status"] == 404
        assert response.get_json()["error"]["message"]
    else:
        assert response.mimetype == "text/html" and "404" in response.text


def test_a_wrong_method_is_a_405_the_same_way(small_client):
    response = small_client.delete("/api/v1/search")
    assert response.status_code == 405
    assert response.get_json()["error"]["status"] == 405
