"""Forms of the Advocates pages: only their shape; the rules are in actions.py."""

from __future__ import annotations

from django import forms


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV or NDJSON file",
        help_text="The columns are listed beside this form. UTF-8.",
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.ndjson,.jsonl,text/csv,application/x-ndjson",
                "class": "form-control",
            }
        ),
    )


class MergeForm(forms.Form):
    other = forms.CharField(
        label="Merge in",
        max_length=300,
        help_text="Another advocate's number (shown on their page) or one of their handles.",
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
    )
