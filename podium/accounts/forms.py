"""Forms for the user admin and API tokens: they parse input; the actions check and write."""

from __future__ import annotations

from django import forms

from podium.accounts.roles import Role

ROLE_DESCRIPTIONS = {
    Role.ADMIN: "Manages users, the organisation and the system. Sees everything.",
    Role.COMMS: "Runs the program: people, drafts, schedules and reports.",
    Role.APPROVER: "Reviews posts before they go out and browses the audit log.",
    Role.EXECUTIVE: "An executive or their assistant: their own voice and approvals.",
}


class UserForm(forms.Form):
    full_name = forms.CharField(
        label="Name",
        max_length=150,
        error_messages={"required": "Enter the person's name as colleagues know it."},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    email = forms.EmailField(
        label="Email",
        max_length=254,
        help_text="They sign in with this address, and the invitation goes to it.",
        error_messages={
            "required": "Enter the email address they will sign in with, e.g. ana@example.com.",
            "invalid": "Enter an email address such as ana@example.com.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label="Role",
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a role: it decides what this person sees and may do.",
            "invalid_choice": "Choose one of the roles listed.",
        },
    )
    require_two_factor = forms.BooleanField(
        label="Require two-factor sign-in",
        required=False,
        help_text="They must set up an authenticator app before they can use Podium.",
    )

    def role_options(self) -> list[dict[str, object]]:
        """The roles with their descriptions, for the radio cards."""
        current = self["role"].value()
        return [
            {
                "value": value,
                "label": label,
                "description": ROLE_DESCRIPTIONS[Role(value)],
                "checked": current == value,
            }
            for value, label in Role.choices
        ]


class EditUserForm(UserForm):
    is_active = forms.BooleanField(
        label="Active",
        required=False,
        help_text="Untick to stop this person signing in. Their history stays in the audit log.",
    )


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Token name",
        max_length=80,
        help_text="What will use it, so you recognise it later: e.g. 'CRM sync'.",
        error_messages={
            "required": "Name the token after what will use it, e.g. 'CRM sync'.",
            "max_length": "Keep the name under 80 characters.",
        },
        widget=forms.TextInput(attrs={"placeholder": "e.g. CRM sync", "autocomplete": "off"}),
    )
