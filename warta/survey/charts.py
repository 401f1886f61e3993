"""SVG drawn by the project itself: the bar chart of the nine elements, and the QR code of the open link."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from warta.survey.elements import ELEMENTS
from warta.survey.index import CONVERSION, grade_of

BAR_COLORS = {"A": "#1e7d32", "B": "#0b5394", "C": "#a15c00", "D": "#b3261e"}


def _color_for(nrr: Decimal) -> str:
    """The colour of the quality band that the element's NRR would earn alone."""
    grade, _label = grade_of(nrr * CONVERSION)
    return BAR_COLORS[grade]


def _num(value: Decimal, places: int = 2) -> str:
    return f"{value:.{places}f}".replace(".", ",")


def elements_chart(nrr: dict[str, Decimal], title: str = "") -> SafeString:
    """Nine bars, NRR on a 1–4 scale, each coloured by the quality band it would earn alone.

    Each element's name sits above its bar, so the chart stays legible on a 360-pixel phone.
    """
    width, left, right, top, row_h = 420, 4, 52, 30, 44
    bar_w = width - left - right
    grid_bottom = top + row_h * len(ELEMENTS)
    height = grid_bottom + 24
    title = title or _("Nilai rata-rata (NRR) per unsur pelayanan")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-labelledby="skm-chart-title skm-chart-desc" class="skm-chart" '
        f'font-family="DejaVu Sans, sans-serif" font-size="13">',
        f'<title id="skm-chart-title">{escape(title)}</title>',
    ]
    desc = "; ".join(f"{e.short} {e.name}: {_num(nrr[e.code]) if e.code in nrr else '-'}" for e in ELEMENTS)
    parts.append(f'<desc id="skm-chart-desc">{escape(desc)}</desc>')
    parts.append(f'<text x="0" y="16" font-weight="bold" font-size="14">{escape(title)}</text>')

    def x_of(value: Decimal) -> float:
        return left + float((value - 1) / 3) * bar_w

    for tick in (1, 2, 3, 4):
        x = x_of(Decimal(tick))
        parts.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{grid_bottom}" stroke="#d9dde3"/>')
        anchor = "start" if tick == 1 else ("end" if tick == 4 else "middle")
        parts.append(f'<text x="{x:.1f}" y="{grid_bottom + 16}" text-anchor="{anchor}" fill="#5b6470">{tick}</text>')
    for i, element in enumerate(ELEMENTS):
        y = top + i * row_h
        parts.append(f'<text x="{left}" y="{y + 15}" fill="#1b1f24">{escape(f"{element.short} {element.name}")}</text>')
        value = nrr.get(element.code)
        if value is None:
            parts.append(f'<text x="{left}" y="{y + 36}" fill="#5b6470">–</text>')
            continue
        x_end = x_of(value)
        bar = max(x_end - left, 2.0)
        parts.append(
            f'<rect class="bar" data-element="{element.code}" x="{left}" y="{y + 21}" width="{bar:.1f}" '
            f'height="16" rx="2" fill="{_color_for(value)}"/>'
        )
        parts.append(f'<text x="{x_end + 5:.1f}" y="{y + 34}" font-weight="bold">{_num(value)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text above is escaped


def qr_svg(data: str, scale: int = 8) -> SafeString:
    """The QR code (byte mode, error correction M) of `data` as inline SVG."""
    import segno

    qr = segno.make(data, error="m", micro=False, boost_error=False)
    svg = qr.svg_inline(scale=scale, border=4, dark="#000", light="#fff", title=data)
    return mark_safe(svg)  # segno escapes the title
