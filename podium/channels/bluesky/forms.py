from __future__ import annotations

from django import forms

from podium.channels.bluesky.session import DEFAULT_SERVICE


class ConnectForm(forms.Form):
    handle = forms.CharField(
        label="Handle",
        max_length=253,
        help_text="The account's handle, such as erin.bsky.social, or its email address.",
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    app_password = forms.CharField(
        label="App password",
        max_length=100,
        strip=True,
        help_text=(
            "Create one in Bluesky under Settings → Privacy and security → App passwords. "
            "Not the account's own password."
        ),
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )
    service_url = forms.URLField(
        label="Server (PDS)",
        initial=DEFAULT_SERVICE,
        assume_scheme="https",
        help_text="Leave as is for accounts hosted by Bluesky; change it for a self-hosted PDS.",
    )

    def clean_handle(self) -> str:
        return self.cleaned_data["handle"].strip().removeprefix("@")

    def clean_service_url(self) -> str:
        return self.cleaned_data["service_url"].rstrip("/")
