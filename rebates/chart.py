"""Earnings over time as a small server-rendered SVG (no JavaScript, no CDN)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from html import escape

WIDTH, HEIGHT, PAD = 640, 200, 36
COLOURS = ("#c8102e", "#1f6feb", "#2da44e", "#bf8700", "#8250df")


def _plain(amount: Decimal, currency: str) -> str:
    return f"{currency} {amount}"


def earnings_svg(
    daily: dict[str, dict[date, Decimal]],
    start: date,
    end: date,
    title: str = "Cumulative earnings per day",
    money: Callable[[Decimal, str], str] = _plain,
) -> str:
    """A polyline per currency, one point per day of the range, cumulative earnings; the page
    gives the `title` and writes the totals (`money`) in its own language."""
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="chart" role="img" aria-label="{escape(title)}">',
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - 8}" y2="{HEIGHT - PAD}" '
        'stroke="#c5cbd3"/>',
        f'<text x="{PAD}" y="{HEIGHT - 12}" font-size="11">{start.isoformat()}</text>',
        f'<text x="{WIDTH - 8}" y="{HEIGHT - 12}" font-size="11" text-anchor="end">'
        f"{end.isoformat()}</text>",
    ]
    for index, (currency, per_day) in enumerate(sorted(daily.items())):
        colour = COLOURS[index % len(COLOURS)]
        parts.extend(_series(currency, per_day, days, colour, index, money))
    parts.append("</svg>")
    return "".join(parts)


def _series(currency, per_day: dict[date, Decimal], days: list[date], colour, row: int, money):
    running, points = Decimal(0), []
    for day in days:
        running += per_day.get(day, Decimal(0))
        points.append(running)
    top = max(points) or Decimal(1)
    step = (WIDTH - PAD - 8) / max(len(days) - 1, 1)
    coords = " ".join(
        f"{PAD + i * step:.1f},{HEIGHT - PAD - float(v / top) * (HEIGHT - 2 * PAD):.1f}"
        for i, v in enumerate(points)
    )
    label = escape(money(points[-1], currency))
    return [
        f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{coords}"/>',
        f'<text x="{PAD}" y="{14 + 14 * row}" font-size="12" fill="{colour}">{label}</text>',
    ]
