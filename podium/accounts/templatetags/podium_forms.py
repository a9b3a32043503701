"""Render Django form fields with Tabler's classes, so templates need no widget plumbing.

`{{ field|tabler }}` renders the field's widget with `form-control`, `form-select` or
`form-check-input`, marks it invalid when it has errors and links it to its error and help
text for screen readers. `{% include "accounts/partials/field.html" %}` renders the whole
field (label, widget, errors, help).
"""

from __future__ import annotations

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.safestring import SafeString

from podium.accounts import organisation

register = template.Library()

CHECKS = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)


def widget_css(field: BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, CHECKS):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


@register.filter
def is_checkbox(field: BoundField) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.filter
def tabler(field: BoundField, extra: str = "") -> SafeString:
    widget = field.field.widget
    classes = [widget_css(field), widget.attrs.get("class", ""), extra]
    attrs: dict[str, str | bool] = {}
    described_by = []
    if field.errors:
        classes.append("is-invalid")
        attrs["aria-invalid"] = "true"
        described_by.append(f"{field.auto_id}_error")
    if field.help_text:
        described_by.append(f"{field.auto_id}_help")
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    attrs["class"] = " ".join(c for c in classes if c)
    return field.as_widget(attrs=attrs)


@register.simple_tag
def organisation_name() -> str:
    """For emails, which are rendered without a request (so without context processors)."""
    return organisation.name()
