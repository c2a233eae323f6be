"""The earnings chart: one cumulative polyline per currency, one point per day."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from rebates.chart import HEIGHT, PAD, earnings_svg

START, END = date(2026, 3, 1), date(2026, 3, 5)


def polylines(svg: str) -> list[list[tuple[float, float]]]:
    lines = re.findall(r'<polyline [^>]*points="([^"]+)"', svg)
    return [[tuple(map(float, p.split(","))) for p in line.split()] for line in lines]


def test_each_currency_is_a_cumulative_line_labelled_with_its_total():
    daily = {
        "USD": {date(2026, 3, 2): Decimal("7.20"), date(2026, 3, 4): Decimal("2.80")},
        "JPY": {date(2026, 3, 1): Decimal(395)},
    }
    svg = earnings_svg(daily, START, END)
    jpy, usd = polylines(svg)  # currencies in name order
    assert len(usd) == len(jpy) == 5
    heights = [y for _, y in usd]
    assert heights == sorted(heights, reverse=True)  # never going down: y grows downward
    assert heights[0] == HEIGHT - PAD and heights[-1] == PAD  # from zero to the top
    assert "USD 10.00" in svg and "JPY 395" in svg
    assert "2026-03-01" in svg and "2026-03-05" in svg


def test_no_earnings_draw_a_flat_line_and_no_currency_draws_none():
    flat = polylines(earnings_svg({"EUR": {}}, START, END))[0]
    assert {y for _, y in flat} == {HEIGHT - PAD}
    assert polylines(earnings_svg({}, START, END)) == []


def test_a_one_day_range_and_markup_in_a_currency_code_are_safe():
    svg = earnings_svg({"<b>": {START: Decimal(1)}}, START, START)
    assert "<b>" not in svg and "&lt;b&gt; 1" in svg
    assert len(polylines(svg)[0]) == 1


def test_the_page_names_the_chart_and_writes_the_totals():
    daily = {"USD": {START: Decimal("7.2")}}
    svg = earnings_svg(daily, START, END, "每日累计收益", lambda amount, c: f"US${amount:.2f}")
    assert 'aria-label="每日累计收益"' in svg and ">US$7.20</text>" in svg
    assert "USD 7.2" not in svg
