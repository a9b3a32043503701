"""The approval chain form: up to MAX_STEPS rows of steps; it parses what was typed, and
`approvals.check_chain` (in the action) decides whether the chain can work."""

from __future__ import annotations

from typing import Any

from django import forms

from podium.accounts.models import User
from podium.accounts.roles import Role
from podium.channels.limits import NETWORK_NAMES
from podium.governance.approvals import MAX_HOURS, ChainInput, StepInput
from podium.governance.chains import Chain, ChainStep
from podium.org.models import Person

STEP_ROWS = 4
NETWORKS = [(key, NETWORK_NAMES.get(key, key)) for key in ("mastodon", "bluesky", "linkedin", "x")]


def _words(value: str) -> list[str]:
    return [w.strip() for w in value.split(",") if w.strip()]


class UserChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name} ({obj.email})" if obj.full_name else obj.email


class ChainForm(forms.Form):
    name = forms.CharField(max_length=120)
    position = forms.IntegerField(
        min_value=0, max_value=10_000, initial=100, help_text="Lower is tried first."
    )
    is_active = forms.BooleanField(required=False, initial=True, label="Active")
    networks = forms.MultipleChoiceField(
        choices=NETWORKS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: every channel.",
    )
    topics = forms.CharField(
        required=False, max_length=500, help_text="Topic names, separated by commas; empty: any."
    )
    people = forms.ModelMultipleChoiceField(
        queryset=Person.objects.none(), required=False, help_text="None chosen: everyone."
    )
    on_step_findings = forms.BooleanField(
        required=False, label="When a policy finding requires an approval step"
    )
    finding_rules = forms.CharField(
        required=False,
        max_length=500,
        label="When one of these policy rules finds",
        help_text="Finding keys such as rule:12, separated by commas.",
    )

    def __init__(self, *args: Any, chain: Chain | None = None, **kwargs: Any) -> None:
        if chain is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_of(chain)
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = Person.objects.filter(is_active=True)  # type: ignore[attr-defined]
        users = User.objects.filter(is_active=True).order_by("full_name", "email")
        for i in range(STEP_ROWS):
            self.fields[f"step{i}_name"] = forms.CharField(
                required=False, max_length=120, label=f"Step {i + 2}: name"
            )
            self.fields[f"step{i}_kind"] = forms.ChoiceField(
                choices=ChainStep.Kind.choices, initial=ChainStep.Kind.ANY, label="Who must approve"
            )
            self.fields[f"step{i}_role"] = forms.ChoiceField(
                choices=[("", "No role"), *Role.choices],
                required=False,
                label="Everyone with the role",
            )
            self.fields[f"step{i}_users"] = UserChoices(
                queryset=users, required=False, label="These people"
            )
            self.fields[f"step{i}_hours"] = forms.IntegerField(
                min_value=1, max_value=MAX_HOURS, initial=48, label="Time limit (hours)"
            )
            self.fields[f"step{i}_remind"] = forms.IntegerField(
                min_value=1, max_value=MAX_HOURS, required=False, label="Remind after (hours)"
            )
            self.fields[f"step{i}_backup"] = forms.ModelChoiceField(
                queryset=users, required=False, label="Then escalate to"
            )

    @staticmethod
    def initial_of(chain: Chain) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "name": chain.name,
            "position": chain.position,
            "is_active": chain.is_active,
            "networks": chain.networks,
            "topics": ", ".join(chain.topics),
            "people": list(chain.people.all()),
            "on_step_findings": chain.on_step_findings,
            "finding_rules": ", ".join(chain.finding_rules),
        }
        for i, step in enumerate(chain.steps.all()[:STEP_ROWS]):
            initial.update(
                {
                    f"step{i}_name": step.name,
                    f"step{i}_kind": step.kind,
                    f"step{i}_role": step.role,
                    f"step{i}_users": list(step.users.all()),
                    f"step{i}_hours": step.hours,
                    f"step{i}_remind": step.remind_after_hours,
                    f"step{i}_backup": step.backup,
                }
            )
        return initial

    def step_rows(self) -> list[list[forms.BoundField]]:
        keys = ("name", "kind", "role", "users", "hours", "remind", "backup")
        return [[self[f"step{i}_{key}"] for key in keys] for i in range(STEP_ROWS)]

    def chain_input(self) -> ChainInput:
        data = self.cleaned_data
        steps = []
        for i in range(STEP_ROWS):
            name = data.get(f"step{i}_name", "")
            users = list(data.get(f"step{i}_users") or [])
            role = data.get(f"step{i}_role", "")
            if not (name or users or role):
                continue  # an empty row
            steps.append(
                StepInput(
                    name=name,
                    kind=data.get(f"step{i}_kind") or ChainStep.Kind.ANY,
                    role=role,
                    users=users,
                    hours=data.get(f"step{i}_hours") or 48,
                    remind_after_hours=data.get(f"step{i}_remind"),
                    backup=data.get(f"step{i}_backup"),
                )
            )
        return ChainInput(
            name=data["name"],
            position=data["position"],
            is_active=data["is_active"],
            networks=list(data["networks"]),
            topics=_words(data["topics"]),
            people=list(data["people"]),
            on_step_findings=data["on_step_findings"],
            finding_rules=_words(data["finding_rules"]),
            steps=steps,
        )
