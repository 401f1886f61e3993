"""Template filters of the evaluation's record pages."""

from __future__ import annotations

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def peluang(value: float | None) -> str:
    """A probability as a percentage with one decimal in the reader's locale ("56,6%"); "–" for None."""
    if value is None:
        return "–"
    return f"{formats.number_format(round(float(value) * 100, 1), 1)}%"  # number_format cuts, not rounds
