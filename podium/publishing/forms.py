"""Compose and posting-slot forms: they read what was typed; publishing.actions has the rules."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from podium.channels.limits import LIMITS, NETWORK_NAMES
from podium.lib import bounds, images
from podium.org.models import Person
from podium.publishing.actions import COMPOSE_NETWORKS, VariantInput
from podium.publishing.models import PostingSlot, Variant

MAX_IMAGE_SLOTS = max(limit.max_images for limit in LIMITS.values())


class ComposeForm(forms.Form):
    WHEN_CHOICES = [
        ("draft", "Keep as a draft"),
        ("now", "Publish now"),
        ("at", "At a date and time"),
        ("slot", "Next free time slot"),
    ]

    person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        label="Executive",
        empty_label=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    text = forms.CharField(
        label="Post",
        widget=forms.Textarea(attrs={"rows": 5, "data-compose-base": "", "class": "form-control"}),
    )
    networks = forms.MultipleChoiceField(
        choices=[(n, NETWORK_NAMES[n]) for n in COMPOSE_NETWORKS],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"required": "Choose at least one network."},
    )
    when = forms.ChoiceField(
        choices=WHEN_CHOICES,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        initial="draft",
    )
    at = forms.DateTimeField(
        required=False,
        label="Date and time",
        help_text="In the executive's own timezone.",
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        validators=[bounds.day_validator("The date and time")],
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "class": "form-control"}, format="%Y-%m-%dT%H:%M"
        ),
    )

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["person"]).queryset = people

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("when") == "at" and not data.get("at"):
            self.add_error("at", "Choose the date and time to publish, or another option.")
        return data

    def when_value(self) -> dt.datetime | None:
        """What the schedule action takes: a (naive, local) time, or None for "now"."""
        if self.cleaned_data["when"] != "at":
            return None
        # Django made the typed time aware in the server's zone: take back the wall-clock time,
        # which the action reads in the executive's own zone.
        return timezone.make_naive(self.cleaned_data["at"])


def variants_from(
    data: QueryDict, files: MultiValueDict, networks: list[str], base_text: str
) -> dict[str, VariantInput]:
    """Each chosen network's variant from the compose fields named `<network>-<field>`.

    Every uploaded image is checked and written again here (`images.intake()`); any refusal
    raises one ValidationError naming each image, so that nothing is saved.
    """
    variants = {}
    refused: list[str] = []
    for network in networks:
        checked = []
        for slot in range(MAX_IMAGE_SLOTS):
            upload = files.get(f"{network}-image-{slot}")
            if upload:
                try:
                    image = images.intake(upload)
                except images.ImageRefusedError as error:
                    where = f"{NETWORK_NAMES[network]}, image {slot + 1}"
                    refused.extend(f"{where}: {message}" for message in error.messages)
                    continue
                checked.append(
                    {
                        "file": image,
                        "alt_text": data.get(f"{network}-alt-{slot}", "").strip(),
                        "part": _part_index(data.get(f"{network}-part-{slot}", "")),
                    }
                )
        keep = {
            int(pk): data.get(f"{network}-keep-alt-{pk}", "").strip()
            for pk in data.getlist(f"{network}-keep")
            if pk.isdigit()
        }
        visibility = data.get(f"{network}-visibility", Variant.Visibility.PUBLIC)
        if visibility not in Variant.Visibility.values:
            visibility = Variant.Visibility.PUBLIC
        variants[network] = VariantInput(
            text=data.get(f"{network}-text", "").strip() or base_text,
            thread=[p for p in data.getlist(f"{network}-thread") if p.strip()],
            link=data.get(f"{network}-link", "").strip(),
            content_warning=data.get(f"{network}-content_warning", "").strip(),
            visibility=visibility,
            images=checked,
            keep=keep,
        )
    if refused:
        raise ValidationError(refused)
    return variants


def _part_index(value: str) -> int:
    """The image's part as typed (1 is the first post) -> its index from 0."""
    return max(int(value) - 1, 0) if value.strip().isdigit() else 0


class SlotForm(forms.Form):
    weekday = forms.TypedChoiceField(
        choices=PostingSlot.Weekday.choices,
        coerce=int,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    time = forms.TimeField(
        widget=forms.TimeInput(attrs={"type": "time", "class": "form-control"}, format="%H:%M"),
        help_text="In the executive's own timezone.",
    )
