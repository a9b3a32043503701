"""Forms for people and the organisation: they parse and check input; the actions write."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.utils.html import format_html

from podium.accounts.models import User
from podium.accounts.roles import Role
from podium.lib import images
from podium.org.models import TIMEZONE_CHOICES, Delegation, Person, hex_colour

MAX_IMAGE_BYTES = 5 * 1024 * 1024
# A logo or a photo is shown as it is on pages: no animation.
PICTURE_TYPES = (images.PNG, images.JPEG, images.WEBP)


def check_image(upload: UploadedFile | bool | None) -> ContentFile | bool | None:
    """The picture as Podium keeps it (checked, written again, a random name), or a refusal.

    `None` (nothing chosen) and `False` (the "clear" box) pass through unchanged.
    """
    if not isinstance(upload, UploadedFile):
        return upload
    if upload.size is not None and upload.size > MAX_IMAGE_BYTES:
        megabytes = upload.size / (1024 * 1024)
        raise ValidationError(
            f"This image is {megabytes:.1f} MB; the limit is 5 MB. "
            "Export it smaller (1000 pixels across is plenty) and choose it again."
        )
    return images.intake(upload, accept=PICTURE_TYPES, max_bytes=MAX_IMAGE_BYTES).as_file()


class ImageInput(forms.ClearableFileInput):
    """Templates render it by hand (preview, file input, "remove" box named `<name>-clear`)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"accept": "image/png,image/jpeg,image/webp", **(attrs or {})})


def image_field(label: str, help_text: str) -> forms.FileField:
    """A file field, not Django's ImageField: `check_image()` reads the picture, and its refusals
    are Podium's own words (ImageField's lists a hundred file extensions)."""
    return forms.FileField(
        label=label,
        required=False,
        widget=ImageInput(),
        help_text=help_text,
        error_messages={"empty": "This file is empty: choose the picture again."},
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.get_full_name()} <{obj.email}>"


class DelegateChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: User) -> str:
        return format_html(
            '{} <span class="text-secondary small">{}</span>', obj.get_full_name(), obj.email
        )


class StyledForm(forms.Form):
    """Marks fields with errors for Tabler (red border) and for screen readers."""

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                if "is-invalid" not in attrs.get("class", ""):
                    attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"


class PersonForm(StyledForm):
    """A person's profile. `editable` names the profile fields this user may change;
    `with_delegates` adds who acts for the person (communications managers and admins).
    """

    name = forms.CharField(
        max_length=120,
        error_messages={"required": "Enter the executive's name as it appears in public."},
    )
    title = forms.CharField(
        max_length=120,
        error_messages={"required": "Enter their job title, e.g. Chief Executive Officer."},
    )
    bio = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="A few sentences about them, shown on their profile.",
    )
    timezone = forms.ChoiceField(
        label="Time zone",
        choices=TIMEZONE_CHOICES,
        initial="UTC",
        help_text="Where they usually are: posts are suggested for their working hours.",
    )
    photo = image_field("Photo", "PNG, JPEG or WebP, up to 5 MB. Square pictures look best.")
    user = UserChoiceField(
        queryset=User.objects.none(),
        required=False,
        label="Their own sign-in",
        empty_label="No sign-in (the program posts for them)",
        help_text="The executive-role user who is this person. Create the user first if needed.",
    )
    is_active = forms.BooleanField(
        required=False,
        initial=True,
        label="On the roster",
        help_text="Untick to take them off the roster without losing their history.",
    )
    assistants = DelegateChoiceField(
        queryset=User.objects.none(),
        required=False,
        label="Assistants",
        help_text="People who draft and manage posts on their behalf.",
    )
    comms_delegates = DelegateChoiceField(
        queryset=User.objects.none(),
        required=False,
        label="Communications team",
        help_text="Communications managers who look after this person's voice.",
    )

    def __init__(
        self,
        *args: Any,
        person: Person | None = None,
        editable: tuple[str, ...],
        with_delegates: bool,
        **kwargs: Any,
    ) -> None:
        if person is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_for(person)
        super().__init__(*args, **kwargs)
        self.person = person
        for name in list(self.fields):
            if name in {"assistants", "comms_delegates"}:
                if not with_delegates:
                    del self.fields[name]
            elif name not in editable:
                del self.fields[name]
        if "user" in self.fields:
            taken = Person.objects.filter(user__isnull=False)
            if person is not None:
                taken = taken.exclude(pk=person.pk)
            cast(forms.ModelChoiceField, self.fields["user"]).queryset = User.objects.filter(
                is_active=True, role=Role.EXECUTIVE
            ).exclude(pk__in=taken.values("user_id"))
        if with_delegates:
            self._limit_delegate_choices(person)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")

    def _limit_delegate_choices(self, person: Person | None) -> None:
        """Assistants are executive-role users with no profile of their own; the communications
        team is communications managers and administrators. Current delegates stay choosable.
        """
        current = person.delegations.values("user_id") if person is not None else []
        active = User.objects.filter(is_active=True)
        if person is not None and person.user_id:
            active = active.exclude(pk=person.user_id)
        roster = Person.objects.filter(user__isnull=False).values("user_id")
        cast(forms.ModelChoiceField, self.fields["assistants"]).queryset = active.filter(
            Q(role=Role.EXECUTIVE) & ~Q(pk__in=roster) | Q(pk__in=current)
        )
        cast(forms.ModelChoiceField, self.fields["comms_delegates"]).queryset = active.filter(
            Q(role__in=[Role.COMMS, Role.ADMIN]) | Q(pk__in=current)
        )

    def clean_photo(self) -> Any:
        return check_image(self.cleaned_data.get("photo"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        both = set(cleaned.get("assistants") or []) & set(cleaned.get("comms_delegates") or [])
        if both:
            names = ", ".join(sorted(u.get_full_name() for u in both))
            self.add_error(
                "comms_delegates",
                f"{names} cannot be both an assistant and on the communications team: choose one.",
            )
        return cleaned

    def profile_data(self) -> dict[str, Any]:
        """What to hand to the actions: changed photo only, a cleared photo as empty."""
        data = {
            k: v for k, v in self.cleaned_data.items() if k not in {"assistants", "comms_delegates"}
        }
        if "photo" in data:
            if data["photo"] is None:
                del data["photo"]  # nothing chosen: keep the current photo
            elif data["photo"] is False:
                data["photo"] = ""
        for key in ("name", "title", "bio"):
            if key in data:
                data[key] = data[key].strip()
        return data

    def delegates(self) -> list[tuple[User, str]] | None:
        """[(user, kind)] when this form sets delegates, else None (leave them as they are)."""
        if "assistants" not in self.fields:
            return None
        return [(u, Delegation.Kind.ASSISTANT) for u in self.cleaned_data["assistants"]] + [
            (u, Delegation.Kind.COMMS) for u in self.cleaned_data["comms_delegates"]
        ]


def initial_for(person: Person) -> dict[str, Any]:
    kinds: dict[str, list[int]] = {Delegation.Kind.ASSISTANT: [], Delegation.Kind.COMMS: []}
    for delegation in person.delegations.all():
        kinds.setdefault(delegation.kind, []).append(delegation.user_id)
    return {
        "name": person.name,
        "title": person.title,
        "bio": person.bio,
        "timezone": person.timezone,
        "photo": person.photo,
        "user": person.user_id,
        "is_active": person.is_active,
        "assistants": kinds[Delegation.Kind.ASSISTANT],
        "comms_delegates": kinds[Delegation.Kind.COMMS],
    }


class OrganisationForm(StyledForm):
    name = forms.CharField(
        max_length=120,
        error_messages={"required": "Enter the organisation's name as staff know it."},
    )
    logo = image_field(
        "Logo", "PNG, JPEG or WebP, up to 5 MB. Shown in the navigation on a dark background."
    )
    timezone = forms.ChoiceField(
        label="Time zone",
        choices=TIMEZONE_CHOICES,
        help_text="Used for schedules and reports when a person has no time zone of their own.",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    brand_colour = forms.CharField(
        max_length=7,
        validators=[hex_colour],
        label="Brand colour",
        help_text="A # followed by six hex digits, e.g. #1f6feb. Used for buttons and links.",
        widget=forms.TextInput(
            attrs={
                "class": "form-control",
                "pattern": "#[0-9a-fA-F]{6}",
                "spellcheck": "false",
                "data-colour-text": "",
            }
        ),
    )
    require_two_factor = forms.BooleanField(
        required=False,
        label="Require two-factor sign-in for everyone",
        help_text=(
            "Everyone, you included, must enrol an authenticator app before they can continue."
        ),
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs.setdefault("class", "form-control")

    def clean_logo(self) -> Any:
        return check_image(self.cleaned_data.get("logo"))

    def clean_brand_colour(self) -> str:
        return self.cleaned_data["brand_colour"].strip().lower()

    def organisation_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["name"] = data["name"].strip()
        if data.get("logo") is None:
            data.pop("logo", None)
        elif data["logo"] is False:
            data["logo"] = ""
        return data
