"""Objectives' figures as pages show them."""

from __future__ import annotations

from decimal import Decimal

from django import template

from podium.governance.progress import shown as shown_value

register = template.Library()


@register.simple_tag
def shown(value: float | Decimal | None, unit: str) -> str:
    """'42 articles', '87.5 %', or 'no data yet' (never 0 for a value Podium lacks)."""
    return shown_value(value, unit)


@register.filter
def bar_width(percent: int) -> int:
    """A progress bar's width: 0 to 100 whatever the percentage (it may pass the target)."""
    return max(0, min(100, percent))
