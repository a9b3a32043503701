"""API for topics, the roster and policy rules, and a check of a text: the same permissions
as the pages (administrators and communications managers write; approvers read rules and
topics; everyone signed in reads the roster). Every write is an action of policy.actions,
audited with via="api"."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Schema, Status

from podium.accounts.api_auth import actor, require_role
from podium.accounts.roles import COMPOSERS
from podium.lib.api import (
    MAX_ID,
    SLUG_PATTERN,
    Day,
    InSchema,
    Instant,
    Page,
    PageIn,
    PatchSchema,
    error_responses,
    paginate,
    patch_field,
)
from podium.org.models import Person
from podium.policy import actions
from podium.policy.models import RosterEntry, Rule, Topic
from podium.publishing import extensions
from podium.publishing.access import people_to_write_for
from podium.publishing.actions import VariantInput, as_aware
from podium.publishing.api_schemas import MAX_TEXT, FindingOut, NetworkName, TopicSlug

router = Router(tags=["Policy"])
Id = Path(..., ge=1, le=MAX_ID)
Kind = Literal["banned", "disclosure", "links", "confidential", "quiet", "legal"]
EffectName = Literal["block", "warn", "step"]
MatchName = Literal["words", "regex"]


# --- topics ----------------------------------------------------------------------------------


class TopicOut(Schema):
    id: int
    name: str
    slug: str
    description: str


class TopicIn(InSchema):
    name: str = Field(min_length=1, max_length=80)
    slug: str = Field("", max_length=50, pattern=r"^[-a-zA-Z0-9_]*$")
    description: str = Field("", max_length=2000)


class TopicPatchIn(PatchSchema):
    name: str = patch_field(min_length=1, max_length=80)
    slug: str = patch_field(max_length=50, pattern=SLUG_PATTERN)
    description: str = patch_field(max_length=2000)


class TopicPage(Page[TopicOut]):
    pass


def _topic(t: Topic) -> dict[str, Any]:
    return {"id": t.pk, "name": t.name, "slug": t.slug, "description": t.description}


@router.get("/topics", response={200: TopicPage, **error_responses(403, 422)})
def list_topics(request: HttpRequest, page: Query[PageIn]) -> dict[str, Any]:
    """The organisation's topics, which posts are tagged with (by slug)."""
    require_role(actor(request), actions.POLICY_READERS | COMPOSERS, "Reading topics")
    found = paginate(Topic.objects.all(), page)
    found["items"] = [_topic(t) for t in found["items"]]
    return found


@router.post("/topics", response={201: TopicOut, **error_responses(400, 403, 422)})
def create_topic(request: HttpRequest, payload: TopicIn) -> Status[dict[str, Any]]:
    """Add a topic; the slug is made from the name when left out. Administrators and
    communications managers only."""
    user = actor(request)
    require_role(user, actions.POLICY_EDITORS, "Adding topics")
    return Status(201, _topic(actions.do_save_topic(user, None, payload.model_dump(), via="api")))


@router.patch("/topics/{topic_id}", response={200: TopicOut, **error_responses(400, 403, 404, 422)})
def update_topic(request: HttpRequest, payload: TopicPatchIn, topic_id: int = Id) -> dict[str, Any]:
    """Change a topic's name, slug or description."""
    user = actor(request)
    require_role(user, actions.POLICY_EDITORS, "Changing topics")
    topic = get_object_or_404(Topic, pk=topic_id)
    return _topic(actions.do_save_topic(user, topic, payload.changes(), via="api"))


@router.delete("/topics/{topic_id}", response={204: None, **error_responses(400, 403, 404, 422)})
def delete_topic(request: HttpRequest, topic_id: int = Id) -> Status[None]:
    """Delete a topic (refused while a rule names it); posts and articles lose the tag."""
    user = actor(request)
    require_role(user, actions.POLICY_EDITORS, "Deleting topics")
    actions.do_delete_topic(user, get_object_or_404(Topic, pk=topic_id), via="api")
    return Status(204, None)


# --- roster ----------------------------------------------------------------------------------


class RosterOut(Schema):
    id: int
    person: str = Field(description="The person's slug.")
    networks: list[str]
    topics: list[str] = Field(description="Topic slugs; empty: any topic.")
    starts_on: dt.date
    ends_on: dt.date | None = Field(description="null: until further notice.")
    is_mentor: bool
    mentor_help: str


class RosterIn(InSchema):
    person: str = Field(max_length=120, pattern=SLUG_PATTERN)
    networks: list[NetworkName] = Field(min_length=1, max_length=4)
    topics: list[TopicSlug] = Field(default_factory=list, max_length=50)
    starts_on: Day
    ends_on: Day | None = None
    is_mentor: bool = False
    mentor_help: str = Field("", max_length=300)


class RosterPatchIn(PatchSchema):
    networks: list[NetworkName] = patch_field(min_length=1, max_length=4)
    topics: list[TopicSlug] = patch_field(max_length=50)
    starts_on: Day = patch_field()
    ends_on: Day | None = patch_field()
    is_mentor: bool = patch_field()
    mentor_help: str = patch_field(max_length=300)


class RosterPage(Page[RosterOut]):
    pass


def _entry(e: RosterEntry) -> dict[str, Any]:
    return {
        "id": e.pk,
        "person": e.person.slug,
        "networks": e.networks,
        "topics": [t.slug for t in e.topics.all()],
        "starts_on": e.starts_on,
        "ends_on": e.ends_on,
        "is_mentor": e.is_mentor,
        "mentor_help": e.mentor_help,
    }


def _topics(slugs: list[str]) -> list[Topic]:
    found = {t.slug: t for t in Topic.objects.filter(slug__in=slugs)}
    unknown = [s for s in slugs if s not in found]
    if unknown:
        raise ValidationError(
            {"topics": f"Unknown topic {', '.join(unknown)}: GET /api/topics lists them."}
        )
    return [found[s] for s in slugs]


def _roster_data(changes: dict[str, Any]) -> dict[str, Any]:
    data = dict(changes)
    if "person" in data:
        slug = data.pop("person")
        data["person"] = Person.objects.filter(slug=slug).first()
        if data["person"] is None:
            raise ValidationError({"person": f"No person has the slug {slug!r}."})
    if "topics" in data:
        data["topics"] = _topics(data["topics"])
    return data


@router.get("/roster", response={200: RosterPage, **error_responses(403, 422)})
def list_roster(request: HttpRequest, page: Query[PageIn]) -> dict[str, Any]:
    """Who may speak for the organisation, where, on what and when; mentors marked."""
    entries = RosterEntry.objects.select_related("person").prefetch_related("topics")
    found = paginate(entries, page)
    found["items"] = [_entry(e) for e in found["items"]]
    return found


@router.post("/roster", response={201: RosterOut, **error_responses(400, 403, 422)})
def create_roster_entry(request: HttpRequest, payload: RosterIn) -> Status[dict[str, Any]]:
    """Put someone on the roster: networks, topics (none: any), from and until when (an end
    before the start is refused), mentor or not and what they help with."""
    user = actor(request)
    require_role(user, actions.POLICY_EDITORS, "Changing the roster")
    data = _roster_data(payload.model_dump())
    return Status(201, _entry(actions.do_save_roster_entry(user, None, data, via="api")))


@router.patch(
    "/roster/{entry_id}", response={200: RosterOut, **error_responses(400, 403, 404, 422)}
)
def update_roster_entry(
    request: HttpRequest, payload: RosterPatchIn, entry_id: int = Id
) -> dict[str, Any]:
    """Change a roster entry: only the fields sent."""
    user = actor(request)
    require_role(user, actions.POLICY_EDITORS, "Changing the roster")
    entry = get_object_or_404(RosterEntry, pk=entry_id)
    data = _roster_data(payload.changes())
    return _entry(actions.do_save_roster_entry(user, entry, data, via="api"))


@router.delete("/roster/{entry_id}", response={204: None, **error_responses(403, 404, 422)})
def delete_roster_entry(request: HttpRequest, entry_id: int = Id) -> Status[None]:
    """Take an entry off the roster."""
    user = actor(request)
    require_role(user, actions.POLICY_EDITORS, "Changing the roster")
    actions.do_delete_roster_entry(user, get_object_or_404(RosterEntry, pk=entry_id), via="api")
    return Status(204, None)


# --- rules -----------------------------------------------------------------------------------


class RuleOut(Schema):
    id: int
    name: str
    kind: Kind
    match: MatchName
    patterns: list[str] = Field(description="Words, phrases, expressions, disclosures or domains.")
    effect: EffectName
    reason: str
    topic: str | None = Field(description="Only posts on this topic (slug).")
    person: str | None = Field(description="A quiet period for this person only (slug).")
    starts_on: dt.date | None
    ends_on: dt.date | None
    is_active: bool


class RuleIn(InSchema):
    name: str = Field(min_length=1, max_length=120)
    kind: Kind
    match: MatchName = "words"
    patterns: list[str] = Field(default_factory=list, max_length=200)
    effect: EffectName = "warn"
    reason: str = Field(min_length=1, max_length=300)
    topic: TopicSlug | None = None
    person: str | None = Field(None, max_length=120, pattern=SLUG_PATTERN)
    starts_on: Day | None = None
    ends_on: Day | None = None
    is_active: bool = True


class RulePatchIn(PatchSchema):
    name: str = patch_field(min_length=1, max_length=120)
    match: MatchName = patch_field()
    patterns: list[str] = patch_field(max_length=200)
    effect: EffectName = patch_field()
    reason: str = patch_field(min_length=1, max_length=300)
    topic: TopicSlug | None = patch_field()
    person: str | None = patch_field(max_length=120, pattern=SLUG_PATTERN)
    starts_on: Day | None = patch_field()
    ends_on: Day | None = patch_field()
    is_active: bool = patch_field()


class RulePage(Page[RuleOut]):
    pass


def _rule(r: Rule) -> dict[str, Any]:
    return {
        "id": r.pk,
        "name": r.name,
        "kind": r.kind,
        "match": r.match,
        "patterns": r.lines,
        "effect": r.effect,
        "reason": r.reason,
        "topic": r.topic.slug if r.topic else None,
        "person": r.person.slug if r.person else None,
        "starts_on": r.starts_on,
        "ends_on": r.ends_on,
        "is_active": r.is_active,
    }


def _rule_data(changes: dict[str, Any]) -> dict[str, Any]:
    data = dict(changes)
    if "patterns" in data:
        data["patterns"] = "\n".join(p.replace("\n", " ") for p in data["patterns"])
    if "topic" in data:
        data["topic"] = _topics([data["topic"]])[0] if data["topic"] else None
    if data.get("person"):
        slug = data["person"]
        data["person"] = Person.objects.filter(slug=slug).first()
        if data["person"] is None:
            raise ValidationError({"person": f"No person has the slug {slug!r}."})
    return data


@router.get("/policy/rules", response={200: RulePage, **error_responses(403, 422)})
def list_rules(request: HttpRequest, page: Query[PageIn]) -> dict[str, Any]:
    """The policy rules, each with its words, effect and reason. Approvers read them too."""
    require_role(actor(request), actions.POLICY_READERS, "Reading policy rules")
    found = paginate(Rule.objects.select_related("topic", "person"), page)
    found["items"] = [_rule(r) for r in found["items"]]
    return found


@router.post("/policy/rules", response={201: RuleOut, **error_responses(400, 403, 422)})
def create_rule(request: HttpRequest, payload: RuleIn) -> Status[dict[str, Any]]:
    """A rule; a broken regular expression is refused naming the line, the reason and the
    position, and a quiet period overlapping another for the same scope names that one."""
    user = actor(request)
    require_role(user, actions.POLICY_EDITORS, "Writing policy rules")
    rule = actions.do_save_rule(user, None, _rule_data(payload.model_dump()), via="api")
    return Status(201, _rule(rule))


@router.patch(
    "/policy/rules/{rule_id}", response={200: RuleOut, **error_responses(400, 403, 404, 422)}
)
def update_rule(request: HttpRequest, payload: RulePatchIn, rule_id: int = Id) -> dict[str, Any]:
    """Change a rule; validated as when it is written."""
    user = actor(request)
    require_role(user, actions.POLICY_EDITORS, "Changing policy rules")
    rule = get_object_or_404(Rule, pk=rule_id)
    return _rule(actions.do_save_rule(user, rule, _rule_data(payload.changes()), via="api"))


@router.delete("/policy/rules/{rule_id}", response={204: None, **error_responses(403, 404, 422)})
def delete_rule(request: HttpRequest, rule_id: int = Id) -> Status[None]:
    """Delete a rule: findings it made stay with their revisions, without the rule."""
    user = actor(request)
    require_role(user, actions.POLICY_EDITORS, "Deleting policy rules")
    actions.do_delete_rule(user, get_object_or_404(Rule, pk=rule_id), via="api")
    return Status(204, None)


# --- checking a text -------------------------------------------------------------------------


class CheckIn(InSchema):
    person: str = Field(max_length=120, pattern=SLUG_PATTERN, description="The executive's slug.")
    text: str = Field(max_length=MAX_TEXT)
    networks: list[NetworkName] = Field(default_factory=list, max_length=4)
    topics: list[TopicSlug] = Field(default_factory=list, max_length=20)
    at: Instant | None = Field(None, description="When it would go out (default: now).")


class CheckOut(Schema):
    findings: list[FindingOut]
    blocking: bool = Field(description="true: it could not be scheduled as it is.")


@router.post("/policy/check", response={200: CheckOut, **error_responses(400, 403, 422)})
def check_text(request: HttpRequest, payload: CheckIn) -> dict[str, Any]:
    """What the rules and the roster find in a text for an executive, as compose shows it."""
    user = actor(request)
    require_role(user, COMPOSERS, "Checking posts")
    person = people_to_write_for(user).filter(slug=payload.person).first()
    if person is None:
        raise ValidationError(
            {"person": f"You may not write for an executive with the slug {payload.person!r}."}
        )
    values = extensions.clean_values(user, {"topics": payload.topics})
    variants: dict[str, VariantInput] = {
        n: VariantInput(text=payload.text) for n in payload.networks
    }
    when = as_aware(payload.at, person) if payload.at else None
    found = extensions.check(
        extensions.subject_of_inputs(person, payload.text, variants, values, when=when)
    )
    return {
        "findings": [
            {
                "effect": f.effect,
                "reason": f.reason,
                "network": f.network,
                "part": f.part,
                "start": f.start,
                "end": f.end,
                "words": f.words,
            }
            for f in found
        ],
        "blocking": any(f.blocking for f in found),
    }
