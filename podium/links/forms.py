from __future__ import annotations

from django import forms

from podium.links.actions import LABEL_MAX
from podium.links.models import DESTINATION_MAX


class LinkForm(forms.Form):
    destination = forms.CharField(
        max_length=DESTINATION_MAX,
        label="Destination",
        help_text="The web address the short link leads to (http:// or https://).",
        widget=forms.URLInput(attrs={"placeholder": "https://example.com/page"}),
    )
    label = forms.CharField(
        max_length=LABEL_MAX,
        required=False,
        label="Label",
        help_text="What the link is for, as the list shows it (a talk, a newsletter).",
    )
    active = forms.BooleanField(
        required=False, initial=True, label="Answers", help_text="Off, the short link is a 404."
    )
