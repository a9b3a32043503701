"""Policy's forms: they parse what was typed; actions.py checks and writes."""

from __future__ import annotations

from typing import Any

from django import forms

from podium.channels.limits import NETWORK_NAMES
from podium.lib import bounds
from podium.org.models import Person
from podium.policy.models import RosterEntry, Rule, Topic

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TopicForm(forms.ModelForm):
    class Meta:
        model = Topic
        fields = ["name", "slug", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"slug": "Used in the API and the CSV import; made from the name if empty."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False

    def _post_clean(self) -> None:
        """The action validates (full_clean, once the slug is made from the name), and the
        topic is left as it was until then, so that its audit entry has the right before."""


class RosterForm(forms.Form):
    person = forms.ModelChoiceField(
        queryset=Person.objects.filter(is_active=True),
        error_messages={"invalid_choice": "Choose a person from the list."},
    )
    networks = forms.MultipleChoiceField(
        choices=list(NETWORK_NAMES.items()),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one network they may speak on."},
    )
    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None chosen: any topic.",
    )
    starts_on = forms.DateField(
        label="From", widget=DATE, validators=[bounds.day_validator("The start")]
    )
    ends_on = forms.DateField(
        label="Until",
        required=False,
        widget=DATE,
        help_text="Empty: until further notice.",
        validators=[bounds.day_validator("The end")],
    )
    is_mentor = forms.BooleanField(label="Mentor: others may ask them for help", required=False)
    mentor_help = forms.CharField(label="What they can help with", required=False, max_length=300)

    def __init__(self, *args: Any, entry: RosterEntry | None = None, **kwargs: Any) -> None:
        if entry is not None:
            kwargs.setdefault(
                "initial",
                {
                    "person": entry.person,
                    "networks": entry.networks,
                    "topics": list(entry.topics.all()),
                    "starts_on": entry.starts_on,
                    "ends_on": entry.ends_on,
                    "is_mentor": entry.is_mentor,
                    "mentor_help": entry.mentor_help,
                },
            )
        super().__init__(*args, **kwargs)


class RuleForm(forms.ModelForm):
    class Meta:
        model = Rule
        fields = [
            "name",
            "kind",
            "match",
            "patterns",
            "effect",
            "reason",
            "topic",
            "person",
            "starts_on",
            "ends_on",
            "is_active",
        ]
        widgets = {
            "patterns": forms.Textarea(attrs={"rows": 5}),
            "starts_on": DATE,
            "ends_on": DATE,
        }
        labels = {"person": "Person (quiet periods)", "is_active": "Active"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("starts_on", "ends_on"):
            self.fields[name].validators.append(bounds.day_validator("The date"))
        # ModelChoiceFields (declared by the model): people who are still active.
        self.fields["person"].queryset = Person.objects.filter(is_active=True)  # type: ignore[attr-defined]

    def _post_clean(self) -> None:
        """The action validates the rule (actions.check_rule): not the form a second time."""
