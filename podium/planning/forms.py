"""Planning's forms: they read what was typed; the rules live in csv_import and cadence."""

from __future__ import annotations

from typing import Any

from django import forms


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="Columns: executive, networks, text, scheduled_at, link. UTF-8, up to 1 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv", "class": "form-control"}),
    )

    MAX_BYTES = 1024 * 1024

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("The file is over 1 MB: split it into smaller files.")
        return upload
