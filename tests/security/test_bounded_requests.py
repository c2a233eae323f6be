"""Item 1: no request can ask for unbounded work: every date range is capped whichever bounds
are given, and every list a page shows has a limit."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from rebates.accounts import issue_token
from rebates.tables import Link, User
from web.affiliate.views import LIST_LIMIT

YEAR_AGO = date.today() - timedelta(days=367)
BEYOND = date.today() + timedelta(days=367)


@pytest.mark.parametrize(
    "query",
    [f"start={YEAR_AGO}", "start=2000-01-01", f"end={date.today()}&start=2000-01-01",
     "start=2001-01-01&end=2002-06-01", f"start={date.today()}&end={BEYOND}"],
)  # fmt: skip
def test_a_range_over_366_days_is_refused_whichever_bounds_are_given(affiliate, sessions, query):
    page = affiliate.get(f"/affiliate/?{query}")
    assert page.status_code == 400
    assert "at most 366 days" in page.text or "at most a year" in page.text
    assert affiliate.get(f"/affiliate/conversions.csv?{query}").status_code == 400
    with sessions.begin() as session:
        token = issue_token(session.query(User).one())
    api = affiliate.get(
        f"/api/v1/affiliate/earnings?{query}", headers={"Authorization": f"Bearer {token}"}
    )
    assert api.status_code == 400


def test_a_range_of_a_year_is_served_and_its_chart_has_a_point_a_day(affiliate):
    start = date.today() - timedelta(days=366)
    page = affiliate.get(f"/affiliate/?start={start}")
    assert page.status_code == 200
    assert 'class="chart"' in page.text


def test_the_dashboard_lists_at_most_the_newest_links(affiliate, sessions):
    with sessions.begin() as session:
        user = session.query(User).one()
        from tests.security.conftest import program_id

        program = program_id(sessions, "us-vitashop")
        session.add_all(
            Link(code=f"code{i:04d}", user_id=user.id, program_id=program, kind="store")
            for i in range(LIST_LIMIT + 20)
        )
    page = affiliate.get("/affiliate/").text
    codes = re.findall(r'class="link-url">[^<]*/go/(code\d+)<', page)
    assert len(codes) == LIST_LIMIT
    assert codes[0] == f"code{LIST_LIMIT + 19:04d}"  # the newest first
    assert f"Your newest {LIST_LIMIT} links" in page
