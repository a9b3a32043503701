from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def is_light(colour: str) -> bool:
    """True when `colour` (#rrggbb) is light enough that white text on it would be hard to read.

    Uses the WCAG relative luminance: white text keeps at least 3:1 contrast below ~0.3.
    """
    value = (colour or "").lstrip("#")
    if len(value) != 6:
        return False
    try:
        channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    except ValueError:
        return False
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return luminance > 0.3
