"""Server-drawn SVG charts: no chart library, no JavaScript, readable by screen readers.

Each chart is role="img" with a title and a description that states the numbers,
and the page shows the same numbers as text as well.
"""

from __future__ import annotations

from datetime import date

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

CELL = 11
GAP = 2


def _svg(width: int, height: int, title: str, desc: str, body: SafeString, chart_id: str):
    return format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        'aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{t}</title><desc id="{id}-desc">{d}</desc>{b}</svg>',
        w=width,
        h=height,
        id=chart_id,
        t=title,
        d=desc,
        b=body,
    )


def _level(count: int, peak: int) -> int:
    if count == 0 or peak == 0:
        return 0
    return min(4, 1 + (4 * count - 1) // peak)


def heatmap(per_day: dict[date, int]) -> SafeString:
    """A calendar: one column per week, Monday at the top."""
    days = list(per_day)
    if not days:
        return mark_safe("")
    first = days[0]
    offset = first.weekday()
    peak = max(per_day.values())
    cells = []
    for day, count in per_day.items():
        index = (day - first).days + offset
        x, y = (index // 7) * (CELL + GAP), (index % 7) * (CELL + GAP)
        cells.append(
            (x, y, _level(count, peak), f"{day:%Y-%m-%d}: {count} review{'s' * (count != 1)}")
        )
    body = format_html_join(
        "",
        '<rect x="{}" y="{}" width="'
        + str(CELL)
        + '" height="'
        + str(CELL)
        + '" rx="2" class="heat-{}"><title>{}</title></rect>',
        cells,
    )
    weeks = (len(days) + offset + 6) // 7
    active = sum(1 for n in per_day.values() if n)
    desc = f"{sum(per_day.values())} reviews on {active} of the last {len(days)} days; busiest day {peak}."
    return _svg(weeks * (CELL + GAP), 7 * (CELL + GAP), "Reviews per day", desc, body, "heatmap")


def bars(
    values: list[tuple[str, float, str]],
    *,
    title: str,
    desc: str,
    chart_id: str,
    maximum: float | None = None,
    height: int = 120,
    bar_width: int = 18,
) -> SafeString:
    """Vertical bars: (label, value, tooltip) each."""
    top = maximum if maximum is not None else max([v for _, v, _ in values] + [1])
    rows = []
    for i, (_label, value, tip) in enumerate(values):
        h = 0 if top == 0 else round((height - 4) * value / top)
        rows.append((i * (bar_width + 4), height - h, bar_width, h, tip))
    body = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" class="bar"><title>{}</title></rect>',
        rows,
    )
    baseline = format_html(
        '<line x1="0" y1="{h}" x2="{w}" y2="{h}" class="axis"/>',
        h=height,
        w=len(values) * (bar_width + 4),
    )
    return _svg(len(values) * (bar_width + 4), height + 1, title, desc, body + baseline, chart_id)
