"""Small SVG charts rendered on the server: no script, colours from the stylesheet, labels escaped."""

from __future__ import annotations

from collections import Counter
from datetime import date

from markupsafe import Markup, escape

from core.categories import CATEGORIES

WIDTH, HEIGHT, PAD_LEFT, PAD_BOTTOM, PAD_TOP = 720, 200, 36, 34, 10


def _frame(title: str, body: list[str], peak: int) -> Markup:
    plot_h = HEIGHT - PAD_BOTTOM - PAD_TOP
    axis = [
        f'<line class="axis" x1="{PAD_LEFT}" y1="{HEIGHT - PAD_BOTTOM}" x2="{WIDTH}" y2="{HEIGHT - PAD_BOTTOM}"/>',
        f'<text class="tick" x="{PAD_LEFT - 6}" y="{PAD_TOP + 4}" text-anchor="end">{peak}</text>',
        f'<text class="tick" x="{PAD_LEFT - 6}" y="{PAD_TOP + plot_h}" text-anchor="end">0</text>',
    ]
    svg = (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>{"".join(axis + body)}</svg>'
    )
    return Markup(svg)


def category_day_chart(data: dict[str, Counter], days: list[date]) -> Markup:
    """Stacked bars: signals per category per day."""
    totals = [sum(data.get(c, Counter())[d] for c in CATEGORIES) for d in days]
    peak = max(totals + [1])
    plot_h = HEIGHT - PAD_BOTTOM - PAD_TOP
    step = (WIDTH - PAD_LEFT) / max(len(days), 1)
    body: list[str] = []
    for i, day in enumerate(days):
        x, base = PAD_LEFT + i * step + 1, HEIGHT - PAD_BOTTOM
        for category in CATEGORIES:
            count = data.get(category, Counter())[day]
            if not count:
                continue
            h = count / peak * plot_h
            base -= h
            body.append(
                f'<rect class="c-{category}" x="{x:.1f}" y="{base:.1f}" width="{step - 2:.1f}" '
                f'height="{h:.1f}"><title>{day.isoformat()} {category}: {count}</title></rect>'
            )
        last = len(days) - 1
        if i % 7 == 0 or (i == last and last % 7 >= 3):  # the last day, unless it would overlap a weekly label
            body.append(
                f'<text class="tick" x="{x + step / 2:.1f}" y="{HEIGHT - PAD_BOTTOM + 14}" '
                f'text-anchor="middle">{day.strftime("%b %d")}</text>'
            )
    for j, category in enumerate(CATEGORIES):
        lx = PAD_LEFT + j * 130
        body.append(
            f'<rect class="c-{category}" x="{lx}" y="{HEIGHT - 12}" width="10" height="10"/>'
            f'<text class="legend" x="{lx + 14}" y="{HEIGHT - 3}">{category}</text>'
        )
    return _frame("Signals per category per day", body, peak)


def month_bar_chart(months: Counter, *, limit: int = 36) -> Markup:
    """Bars: documents per month, the last `limit` months that have any, gaps filled with zero."""
    if not months:
        return Markup("")
    keys = _month_range(min(months), max(months))[-limit:]
    peak = max([months[k] for k in keys] + [1])
    plot_h = HEIGHT - PAD_BOTTOM - PAD_TOP
    step = (WIDTH - PAD_LEFT) / len(keys)
    body = []
    for i, month in enumerate(keys):
        h = months[month] / peak * plot_h
        x = PAD_LEFT + i * step + 1
        body.append(
            f'<rect class="bar" x="{x:.1f}" y="{HEIGHT - PAD_BOTTOM - h:.1f}" width="{max(step - 2, 1):.1f}" '
            f'height="{h:.1f}"><title>{month:%Y-%m}: {months[month]}</title></rect>'
        )
        if i % max(1, len(keys) // 8) == 0:
            body.append(
                f'<text class="tick" x="{x + step / 2:.1f}" y="{HEIGHT - PAD_BOTTOM + 14}" '
                f'text-anchor="middle">{month:%b %Y}</text>'
            )
    return _frame("Mentions per month", body, peak)


def _month_range(first: date, last: date) -> list[date]:
    months, current = [], first.replace(day=1)
    while current <= last:
        months.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months
