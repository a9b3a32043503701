from __future__ import annotations

from django import forms
from django.urls import reverse

from podium.ideas.models import COMMENT_MAX, DESCRIPTION_MAX, NAME_MAX, TITLE_MAX, Board, Category
from podium.ideas.models import Status as IdeaStatus
from podium.org.models import Person


class SignInForm(forms.Form):
    email = forms.EmailField(label="Email address", max_length=254)
    display_name = forms.CharField(
        label="Your name, as shown beside your ideas",
        max_length=NAME_MAX,
        required=False,
        help_text="Needed the first time only.",
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class IdeaForm(forms.Form):
    title = forms.CharField(
        max_length=TITLE_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text="One sentence: what would you like us to do?",
    )
    description = forms.CharField(
        required=False,
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Why it matters to you. Markdown works: **bold**, lists, links.",
    )
    board = forms.ModelChoiceField(queryset=Board.objects.none(), empty_label=None)
    category = forms.ModelChoiceField(
        queryset=Category.objects.all(), required=False, empty_label="No category"
    )
    # The honeypot: hidden from people, filled in by bots.
    website = forms.CharField(required=False, label="Leave this empty")

    def __init__(self, *args: object, staff: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["title"].widget.attrs |= {
            "hx-get": reverse("ideas-similar-ideas"),
            "hx-trigger": "input changed delay:400ms",
            "hx-target": "#similar",
        }
        boards = Board.objects.all()
        if not staff:
            boards = boards.filter(visibility=Board.Visibility.PUBLIC)
        self.fields["board"].queryset = boards  # type: ignore[attr-defined]


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Your comment",
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Markdown works.",
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=[(v, label) for v, label in IdeaStatus.choices if v != IdeaStatus.DUPLICATE]
    )
    message = forms.CharField(
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown in the idea's history. A reason is needed to decline.",
    )


class MergeForm(forms.Form):
    into = forms.IntegerField(label="Merge into idea number", min_value=1, max_value=2_000_000_000)


class NoteForm(forms.Form):
    body = forms.CharField(max_length=COMMENT_MAX, widget=forms.Textarea(attrs={"rows": 3}))
    internal = forms.BooleanField(
        required=False, initial=True, label="Internal note (only staff see it)"
    )


class AnswerForm(forms.Form):
    person: forms.ModelChoiceField[Person] = forms.ModelChoiceField(
        queryset=Person.objects.none(), label="Signed by"
    )
    body = forms.CharField(
        label="Official answer", max_length=COMMENT_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )
