"""An action's refusal shown on the form that asked for it."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def show_errors(form: forms.Form, error: ValidationError) -> None:
    """Put each message of an action's ValidationError next to the field it names; messages
    for no field, or for a field the form does not have, go above the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
