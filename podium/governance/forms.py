"""The objective form: it parses and checks what was typed; the actions write."""

from __future__ import annotations

from typing import Any

from django import forms

from podium.accounts.models import User
from podium.governance.kpis import choices
from podium.governance.objectives import Objective

NUMBER_HINT = "Enter a number such as 40 or 12.5."


class OwnerField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name} ({obj.email})" if obj.full_name else obj.email


class ObjectiveForm(forms.Form):
    name = forms.CharField(max_length=200, help_text="What the program wants, in a few words.")
    owner = OwnerField(
        queryset=User.objects.none(),
        help_text="Who answers for this objective.",
        error_messages={"invalid_choice": "Choose an active user from the list."},
    )
    kpi = forms.ChoiceField(
        label="KPI",
        help_text="What Podium measures to follow this objective.",
        error_messages={"invalid_choice": "Podium measures no such KPI: choose one from the list."},
    )
    starts_on = forms.DateField(label="Start", widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label="End", widget=forms.DateInput(attrs={"type": "date"}))
    baseline = forms.DecimalField(
        max_digits=12,
        decimal_places=2,
        help_text="Where the program stands when the objective starts.",
        error_messages={"invalid": NUMBER_HINT},
    )
    target = forms.DecimalField(
        max_digits=12,
        decimal_places=2,
        help_text="Where it should be by the end.",
        error_messages={"invalid": NUMBER_HINT},
    )

    def __init__(self, *args: Any, objective: Objective | None = None, **kwargs: Any) -> None:
        if objective is not None:
            kwargs.setdefault(
                "initial", {name: getattr(objective, name) for name in self.base_fields}
            )
        super().__init__(*args, **kwargs)
        owners = User.objects.filter(is_active=True)
        if objective is not None:  # a deactivated owner stays shown until changed
            owners = owners | User.objects.filter(pk=objective.owner_id)
        # self.fields holds them as Field: these two are a ModelChoiceField and a ChoiceField.
        self.fields["owner"].queryset = owners.order_by("full_name", "email")  # type: ignore[attr-defined]
        self.fields["kpi"].choices = [("", "Choose a KPI"), *choices()]  # type: ignore[attr-defined]

    def objective_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)
