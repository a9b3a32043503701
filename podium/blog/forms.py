"""Forms for the blog: they parse and check input; the actions write."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from podium.org.models import Person


class ArticleForm(forms.Form):
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(), label="Author", empty_label=None
    )
    title = forms.CharField(max_length=200)
    slug = forms.SlugField(
        max_length=120,
        required=False,
        label="Address",
        help_text="The last part of the article's address; made from the title when empty.",
    )
    summary = forms.CharField(
        max_length=300,
        required=False,
        help_text="One or two sentences for the index, the feed and link previews.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    body = forms.CharField(
        label="Text",
        help_text="Markdown: **bold**, *italic*, [links](https://…), ## headings, > quotes, lists.",
        widget=forms.Textarea(attrs={"rows": 18, "class": "font-monospace"}),
    )

    def __init__(self, *args: Any, people: QuerySet[Person] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.own_fields = set(self.fields)  # the article's own; sections add theirs after
        if people is None:
            del self.fields["person"]
        else:
            cast(forms.ModelChoiceField, self.fields["person"]).queryset = people


class CommentForm(forms.Form):
    name = forms.CharField(max_length=80, label="Your name")
    email = forms.EmailField(label="Your email", help_text="Never shown; only we see it.")
    text = forms.CharField(
        max_length=4000, label="Your comment", widget=forms.Textarea(attrs={"rows": 5})
    )
    # The honeypot: hidden from people by CSS, left empty by them, filled by bots.
    website = forms.CharField(
        required=False,
        label="Leave this empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
