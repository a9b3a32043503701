"""What apps above publishing add to a post, without publishing importing them.

Publishing sits below policy, governance, ROI and the rest, so it cannot ask them. Instead an
app registers an `Extension` when Django starts (its `AppConfig.ready`), which may:

- add a **section of fields** to compose (`fields()`, `initial(post)`), cleaned by the same
  fields when the values come from the API or a CSV row (`clean_values()`), and saved by
  `save()` inside the action's transaction, after the revision and its variants are written;
- **check** what is about to be saved or scheduled (`check(subject)`), returning `Finding`s
  that point at the words (network, part, start/end offsets), say why, and have an effect:
  block (scheduling is refused with the reason), warn (shown, allowed) or step (an approval
  step is required: for the chains);
- **record** the findings of a revision (`recorded()`): when it is created and again when it
  is scheduled, in the same transaction.

Every hook has a default that does nothing, so an extension implements only what it needs.
`topics` (policy) is the first; objectives and UTM fields come the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

if TYPE_CHECKING:
    from podium.accounts.models import User
    from podium.org.models import Person
    from podium.publishing.models import Post, Revision


class Effect(models.TextChoices):
    BLOCK = "block", "Blocks scheduling"
    WARN = "warn", "Warning"
    STEP = "step", "Needs an approval step"


@dataclass(frozen=True)
class Finding:
    """What a check found, pointing at the words: `text` of `network` (empty: the post's
    base text), thread part `part` (0 is the first post), characters [start, end)."""

    key: str  # the checker's own identifier of the rule, e.g. "policy.rule:12"
    effect: str  # an Effect value
    reason: str  # the sentence shown to people
    network: str = ""
    part: int = 0
    start: int = 0
    end: int = 0
    words: str = ""  # the words matched, as written

    @property
    def blocking(self) -> bool:
        return self.effect == Effect.BLOCK


@dataclass(frozen=True)
class Text:
    """One piece of text a check reads."""

    network: str  # "" for the post's base text
    part: int
    text: str


@dataclass(frozen=True)
class Subject:
    """What is checked: a saved revision or what is being typed in compose."""

    person: Person
    texts: tuple[Text, ...]
    networks: tuple[str, ...]
    links: Mapping[str, str]  # network → its link
    # Each extension's values by its key (what its fields cleaned to), e.g. {"topics": [...]}.
    values: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    when: dt.datetime | None = None  # when it would go out; None: not scheduled (now)
    post: Post | None = None
    revision: Revision | None = None


class Extension:
    """One app's part in a post. Subclass and override what you need; register at start-up."""

    key: str = ""  # unique; also the prefix nothing else uses in compose's field names
    title: str = ""  # compose's card title for the section; empty: no section
    template: str = "publishing/compose/_extension.html"
    nothing_to_choose: str = "Nothing to choose from yet."  # a field of checkboxes, empty
    # Whether changing the section's values changes what the post says (a new revision, to
    # be approved again: topics do, since rules read them). False: saved on the post as it is
    # (objectives, which only say what the post is for).
    revises: bool = True

    def fields(self, user: User) -> dict[str, forms.Field]:
        """The section's form fields by name (names unique across extensions)."""
        return {}

    def initial(self, post: Post | None) -> dict[str, Any]:
        """The fields' values for `post` (None: a new post), in their cleaned form."""
        return {}

    def as_raw(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Cleaned values back to what the fields accept (for checks of a saved post)."""
        return dict(values)

    def save(
        self, actor: User, post: Post, revision: Revision, values: Mapping[str, Any], *, via: str
    ) -> None:
        """Store the section's values; runs inside the create/edit action's transaction."""

    def check(self, subject: Subject) -> list[Finding]:
        return []

    def recorded(
        self,
        actor: User | None,
        revision: Revision,
        findings: Sequence[Finding],
        *,
        scheduling: bool,
        via: str,
    ) -> None:
        """Store this extension's findings of `revision` (its own table, its own audit)."""


_extensions: dict[str, Extension] = {}


def register(extension: Extension) -> None:
    """Called from an AppConfig.ready(); registering the same key again replaces it."""
    if not extension.key:
        raise ValueError("An extension needs a key.")
    _extensions[extension.key] = extension


def unregister(key: str) -> None:
    _extensions.pop(key, None)


def registered() -> list[Extension]:
    return list(_extensions.values())


def not_revising(user: User) -> set[str]:
    """The names of the fields whose change alone makes no new revision."""
    return {name for ext in registered() if not ext.revises for name in ext.fields(user)}


# ---------------------------------------------------------------------------- values


@dataclass
class Section:
    """An extension's fields on one form, for the template (`fields` are bound fields).
    `extension` is an Extension, or anything with the same `key`, `title`, `template`,
    `nothing_to_choose`, `fields(user)` and `initial(thing)` (blog/sections.py's for articles)."""

    extension: Any
    names: list[str]
    fields: list[forms.BoundField] = field(default_factory=list)


def add_fields(
    form: forms.Form, user: User, thing: Any, among: Iterable[Any] | None = None
) -> list[Section]:
    """Add every extension's fields (or those `among`) to a form, with their values for
    `thing` (a post, or None for a new one)."""
    sections = []
    for ext in registered() if among is None else among:
        own = ext.fields(user)
        if not own:
            continue
        initial = ext.initial(thing)
        for name, form_field in own.items():
            form.fields[name] = form_field
            if name in initial and name not in form.initial:
                form.initial[name] = initial[name]
        sections.append(Section(ext, list(own), [form[name] for name in own]))
    return sections


def values_from_form(form: forms.Form, sections: Iterable[Section]) -> dict[str, dict[str, Any]]:
    """The cleaned values of each extension's fields on a valid form."""
    return {
        s.extension.key: {name: form.cleaned_data.get(name) for name in s.names} for s in sections
    }


def clean_values(
    user: User, raw: Mapping[str, Any], among: Iterable[Any] | None = None
) -> dict[str, dict[str, Any]]:
    """Values typed outside compose (the API's fields, a CSV row's columns) cleaned by the
    extensions' own fields. Only the names present are cleaned (absent: left as they are).
    Raises one ValidationError keyed by each field's name, saying what is wrong."""
    result: dict[str, dict[str, Any]] = {}
    problems: dict[str, list[str]] = {}
    for ext in registered() if among is None else among:
        own = {name: f for name, f in ext.fields(user).items() if name in raw}
        if not own:
            continue
        form = forms.Form(data=_as_form_data(raw, own))
        form.fields.update(own)
        if form.is_valid():
            result[ext.key] = {name: form.cleaned_data[name] for name in own}
        else:
            for name, errors in form.errors.items():
                problems.setdefault(name, []).extend(str(e) for e in errors)
    if problems:
        raise ValidationError(problems)
    return result


def raw_values(thing: Any, among: Iterable[Any] | None = None) -> dict[str, Any]:
    """Each extension field's value for `thing` (a post) as the API and CSV write it."""
    result: dict[str, Any] = {}
    for ext in registered() if among is None else among:
        result.update(ext.as_raw(ext.initial(thing)))
    return result


def _as_form_data(raw: Mapping[str, Any], own: Mapping[str, forms.Field]) -> Any:
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    for name in own:
        value = raw[name]
        if isinstance(value, list | tuple):
            data.setlist(name, [str(v) for v in value])
        elif value is not None:
            data[name] = str(value)
    return data


def saved_values(post: Post | None) -> dict[str, dict[str, Any]]:
    return {ext.key: ext.initial(post) for ext in registered()}


def save_values(
    actor: User,
    post: Post,
    revision: Revision,
    values: Mapping[str, Mapping[str, Any]] | None,
    *,
    via: str,
) -> None:
    """Each extension saves its own values (those given; absent ones are left as they are)."""
    if not values:
        return
    for ext in registered():
        if ext.key in values:
            ext.save(actor, post, revision, values[ext.key], via=via)


# ---------------------------------------------------------------------------- checks


def check(subject: Subject) -> list[Finding]:
    return [finding for ext in registered() for finding in ext.check(subject)]


def subject_of(revision: Revision, when: dt.datetime | None = None) -> Subject:
    post = revision.post
    variants = list(revision.variants.all())
    texts = [Text("", 0, revision.text)]
    for v in variants:
        texts.extend(Text(v.network, index, part) for index, part in enumerate(v.parts))
    return Subject(
        person=post.person,
        texts=tuple(texts),
        networks=tuple(v.network for v in variants),
        links={v.network: v.link for v in variants if v.link},
        values=saved_values(post),
        when=when if when is not None else post.scheduled_for,
        post=post,
        revision=revision,
    )


def subject_of_inputs(
    person: Person,
    text: str,
    variants: Mapping[str, Any],
    values: Mapping[str, Mapping[str, Any]] | None = None,
    *,
    when: dt.datetime | None = None,
    post: Post | None = None,
) -> Subject:
    """What is being typed (VariantInput-like: text, thread, link), not yet saved."""
    texts = [Text("", 0, text)]
    links = {}
    for network, v in variants.items():
        parts = [v.text, *v.thread]
        texts.extend(Text(network, index, part) for index, part in enumerate(parts))
        if v.link:
            links[network] = v.link
    return Subject(
        person=person,
        texts=tuple(texts),
        networks=tuple(variants),
        links=links,
        values=dict(values or saved_values(post)),
        when=when,
        post=post,
    )


def record(
    actor: User | None,
    revision: Revision,
    when: dt.datetime | None = None,
    *,
    scheduling: bool = False,
    via: str = "web",
) -> list[Finding]:
    """Check a saved revision and let each extension store what it found; returns them all."""
    subject = subject_of(revision, when)
    found: list[Finding] = []
    for ext in registered():
        own = ext.check(subject)
        ext.recorded(actor, revision, own, scheduling=scheduling, via=via)
        found.extend(own)
    return found


def refuse_blocking(findings: Iterable[Finding], doing: str = "scheduled") -> None:
    """Raise the reasons of blocking findings, each once, naming the words."""
    reasons: list[str] = []
    for f in findings:
        if not f.blocking:
            continue
        reason = f"This post cannot be {doing}: {f.reason}" + (f" (“{f.words}”)" if f.words else "")
        if reason not in reasons:
            reasons.append(reason)
    if reasons:
        raise ValidationError(reasons)
