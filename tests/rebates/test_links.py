"""Tracked links: where a link may send a shopper (the store's and its network's hosts only)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from rebates.links import is_allowed
from rebates.tables import Program


@pytest.mark.parametrize(
    "url",
    [
        "//evil.example/",
        "https://evil.example/",
        "HTTPS://EVIL.EXAMPLE/",
        "https://www.vitashop.example@evil.example/",
        "https://user:pw@www.vitashop.example/",
        "https://evil.example\\@www.vitashop.example/",
        "https:\\\\evil.example",
        "https:/\\evil.example",
        "javascript:alert(1)//www.vitashop.example",
        "data:text/html,hi",
        "https://www.vitashop.example.evil.example/",
        "https://evil.example/?https://www.vitashop.example",
        " https://www.vitashop.example/",
        "https://www.vitashop.example\r\nLocation: https://evil.example/",
        "ftp://www.vitashop.example/",
        "https://www.vitashop.example:8443/",
    ],
)
def test_is_allowed_refuses_foreign_and_tricky_urls(sessions, url):
    with sessions() as session:
        program = session.scalar(select(Program).where(Program.store_id == "us-vitashop"))
        assert not is_allowed(url, program)
        assert is_allowed("https://www.vitashop.example/products/d3?x=1", program)
        assert is_allowed("https://track.linkhub.example/c?sub=1", program)
