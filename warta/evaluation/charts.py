"""Bar charts drawn on the server as SVG (no JavaScript), each inside a <figure> with the table of its
numbers: the SVG is a picture for the eye (hidden from screen readers), the table says the same to
everyone else. Each row's label sits above its bars, so a chart stays legible on a 360-pixel phone."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# One colour per series (the chosen month, the month before, a year before), dark enough for text.
COLORS = ("#0b5394", "#8a6d00", "#5b6470", "#1e7d32")


@dataclass(frozen=True)
class Row:
    label: str
    values: Sequence[float | int | None]


def _fmt(value: float | int | None, places: int) -> str:
    if value is None:
        return "–"
    return str(number_format(value, decimal_pos=places if isinstance(value, float) else 0, use_l10n=True))


def bar_chart(
    key: str,
    title: str,
    series: Sequence[str],
    rows: Sequence[Row],
    *,
    unit: str = "",
    places: int = 0,
) -> SafeString:
    """A horizontal bar chart of `rows` (one bar per series in each row) and its table."""
    width, left, right, top = 360, 2, 58, 8
    bar_h, gap = 12, 3
    legend_h = 18 * len(series) if len(series) > 1 else 0
    row_h = 18 + len(series) * (bar_h + gap) + 6
    height = top + legend_h + row_h * len(rows) + 4
    peak = max((float(v) for row in rows for v in row.values if v is not None), default=0.0) or 1.0
    span = width - left - right
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" class="eval-chart" aria-hidden="true" focusable="false" '
        f'font-family="DejaVu Sans, sans-serif" font-size="12">'
    ]
    y = top
    if len(series) > 1:
        for i, name in enumerate(series):
            parts.append(f'<rect x="{left}" y="{y + 3}" width="10" height="10" fill="{COLORS[i % len(COLORS)]}"/>')
            parts.append(f'<text x="{left + 15}" y="{y + 12}" fill="#1b1f24">{escape(name)}</text>')
            y += 18
    for row in rows:
        parts.append(f'<text x="{left}" y="{y + 13}" fill="#1b1f24">{escape(row.label)}</text>')
        y += 18
        for i, value in enumerate(row.values):
            if value is not None:
                bar = max(float(value) / peak * span, 1.5 if value else 0)
                parts.append(
                    f'<rect class="bar" x="{left}" y="{y}" width="{bar:.1f}" height="{bar_h}" rx="2" '
                    f'fill="{COLORS[i % len(COLORS)]}"/>'
                )
                parts.append(
                    f'<text x="{left + bar + 4:.1f}" y="{y + bar_h - 2}" fill="#1b1f24">{escape(_fmt(value, places))}</text>'
                )
            else:
                parts.append(f'<text x="{left}" y="{y + bar_h - 2}" fill="#5b6470">–</text>')
            y += bar_h + gap
        y += 6
    parts.append("</svg>")
    caption = f"{title} ({unit})" if unit else title
    head = "".join(f'<th scope="col">{escape(name)}</th>' for name in series)
    body = "".join(
        f'<tr><th scope="row">{escape(row.label)}</th>'
        + "".join(f"<td>{escape(_fmt(v, places))}</td>" for v in row.values)
        + "</tr>"
        for row in rows
    )
    table = (
        f'<div class="table-scroll"><table class="chart-table" id="{escape(key)}-table">'
        f"<caption>{escape(caption)}</caption><thead><tr><td></td>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table></div>"
    )
    return mark_safe(  # every text above is escaped
        f'<figure class="eval-figure" id="{escape(key)}"><figcaption>{escape(caption)}</figcaption>'
        f"{''.join(parts)}{table}</figure>"
    )
