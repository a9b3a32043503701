"""What Podium's forms share: an action's refusal shown on the form that asked for it, and a
date field that says how to write a date."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from podium.lib import bounds

DATE_HELP = "Use a date like 2025-03-31 (year-month-day)."


def show_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put each message of an action's ValidationError next to the field it names; messages
    for no field, or for a field the form does not have, go above the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def day_field(label: str, what: str, *, required: bool = False) -> forms.DateField:
    """A day written year-month-day (a date picker in browsers), from 1900 to 2200; its errors
    name `what` it is ("The start date") and say how to write one."""
    return forms.DateField(
        required=required,
        label=label,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": f"{what} is not a date. {DATE_HELP}"},
        validators=[bounds.day_validator(what)],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
