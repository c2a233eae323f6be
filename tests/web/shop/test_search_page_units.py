"""The search page on the small site: results for a query, a 400 with the form kept for
bad choices."""

from __future__ import annotations

import re

from tests.web import small_site

small_settings = small_site.small_settings
small_app = small_site.small_app
small_client = small_site.small_client


def test_a_query_shows_its_results_priced_in_the_shoppers_currency(small_client):
    response = small_client.get("/", query_string={"q": "Milkwell", "currency": "USD"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Milkwell" in page
    assert re.search(r'<div class="net">\$\d', page)  # net costs in US dollars


def test_bad_choices_are_a_400_that_keeps_the_query(small_client):
    response = small_client.get("/", query_string={"q": "Milkwell", "sort": "random"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'value="Milkwell"' in page
