"""What the posts API reads and returns: typed, documented shapes around publishing's models.

Inputs are checked here only for form (a URL that is a URL, a known time zone, a time a
computer can hold); every business rule stays in publishing.actions, whose ValidationError
the API returns as a 422.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Annotated, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from ninja import Field, Schema
from pydantic import ConfigDict, field_validator, model_validator

from podium.lib.api import (
    SLUG_PATTERN,
    Day,
    FiltersIn,
    InSchema,
    Instant,
    Page,
    PatchSchema,
    patch_field,
)

NetworkName = Literal["mastodon", "bluesky", "x", "linkedin"]
Visibility = Literal["public", "unlisted", "private"]
PostState = Literal["drafts", "approval", "scheduled", "sent", "failed"]
MAX_TEXT = 20_000
MAX_PARTS = 50
MAX_TOPICS = 20
TopicSlug = Annotated[str, Field(max_length=50, pattern=SLUG_PATTERN)]
MAX_OBJECTIVES = 20
# The posts API's fields that extensions clean and save (topics: policy; objectives: governance).
EXTENSION_FIELDS = ("topics", "objectives")
ObjectiveId = Annotated[int, Field(ge=1, le=2**31 - 1)]


def _no_nul_in(values: list[str]) -> list[str]:
    if any("\x00" in value for value in values):
        raise ValueError("Remove the NUL character (\\0) from this text.")
    return values


def _url(value: str) -> str:
    if value:
        try:
            URLValidator(schemes=["http", "https"])(value)
        except DjangoValidationError:
            raise ValueError("Send a full web address such as https://example.com/news.") from None
    return value


def _zone(value: str | None) -> str | None:
    if value is not None and value not in zoneinfo.available_timezones():
        raise ValueError("Send an IANA time zone name such as Europe/London or America/New_York.")
    return value


# --- input -----------------------------------------------------------------------------------


class VariantIn(InSchema):
    """One network's version of the post. Every field may be left out."""

    # Defaults by name: ninja's Schema is a dataclass_transform, which mypy reads that way only.
    text: str = Field(
        default="",
        max_length=MAX_TEXT,
        description="This network's text; empty or left out: the post's.",
    )
    thread: list[str] = Field(
        default_factory=list,
        max_length=MAX_PARTS,
        description="Texts of further parts of a thread (Mastodon, Bluesky, X).",
    )
    link: str = Field(default="", max_length=2000, description="A link to attach, https://…")
    content_warning: str = Field(
        default="",
        max_length=500,
        description="Mastodon only: the content warning shown before the text.",
    )
    visibility: Visibility = Field(
        default="public", description="Mastodon only: who sees the post."
    )

    check_thread = field_validator("thread")(_no_nul_in)
    check_link = field_validator("link")(_url)


class PostCreateIn(InSchema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "person": "erin-executive",
                    "text": "Our Lisbon hotel opens today: 120 rooms on the river.",
                    "variants": {
                        "mastodon": {"content_warning": "", "visibility": "public"},
                        "linkedin": {"link": "https://example.com/lisbon"},
                        "x": {"text": "Lisbon, today: 120 rooms on the river."},
                    },
                }
            ]
        }
    )

    person: str = Field(
        max_length=120, pattern=SLUG_PATTERN, description="The executive's slug, e.g. erin."
    )
    text: str = Field(min_length=1, max_length=MAX_TEXT, description="The post's text.")
    variants: dict[NetworkName, VariantIn] = Field(
        min_length=1,
        description="The networks to post to, each with its own version: "
        '`{"mastodon": {}, "x": {"text": "A shorter text for X"}}`.',
    )
    topics: list[TopicSlug] = Field(
        default_factory=list,
        max_length=MAX_TOPICS,
        description="The topics the post is about, by slug (GET /api/topics lists them).",
    )
    objectives: list[ObjectiveId] = Field(
        default_factory=list,
        max_length=MAX_OBJECTIVES,
        description="The objectives the post serves, by id (GET /api/objectives lists them).",
    )


class PostEditIn(PatchSchema):
    """An edit makes a new revision (which the executive approves again if someone else
    wrote it)."""

    text: str = patch_field(min_length=1, max_length=MAX_TEXT, description="The post's text.")
    variants: dict[NetworkName, VariantIn] = patch_field(
        min_length=1,
        description="The networks to post to from now on. For a network the post already has, "
        "fields left out keep their value (and its images stay). Left out altogether: every "
        "network stays as it is, and a version that had the post's text takes the new text.",
    )
    topics: list[TopicSlug] = patch_field(
        max_length=MAX_TOPICS,
        description="The post's topics from now on, by slug; left out: they stay as they are.",
    )
    objectives: list[ObjectiveId] = patch_field(
        max_length=MAX_OBJECTIVES,
        description="The objectives the post serves from now on, by id; left out: they stay "
        "as they are. Changing only these makes no new revision (nothing to approve again).",
    )


class ScheduleIn(InSchema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"when": "at", "at": "2026-12-01T09:30:00", "timezone": "Europe/Lisbon"}]
        }
    )

    when: Literal["now", "at", "slot"] = Field(
        description="`now`, `at` a time, or the executive's next free posting `slot`."
    )
    at: Instant | None = Field(
        None,
        description="With `when: at`: an ISO 8601 time, e.g. 2026-12-01T09:30:00+01:00. "
        "Without an offset it is read in `timezone`.",
    )
    timezone: str | None = Field(
        None,
        max_length=64,
        description="The time zone of an `at` without offset; default the executive's own.",
    )

    check_zone = field_validator("timezone")(_zone)

    @model_validator(mode="after")
    def _at_goes_with_when(self) -> ScheduleIn:
        if self.when == "at" and self.at is None:
            raise ValueError("With when: at, send the time in at (e.g. 2026-12-01T09:30:00Z).")
        if self.when != "at" and self.at is not None:
            raise ValueError(f"With when: {self.when}, leave at out (or send when: at).")
        return self


class MoveIn(InSchema):
    model_config = ConfigDict(json_schema_extra={"examples": [{"at": "2026-12-02T08:00:00+00:00"}]})

    at: Instant = Field(
        description="The new time, ISO 8601; without an offset it is read in `timezone`."
    )
    timezone: str | None = Field(
        None,
        max_length=64,
        description="The time zone of an `at` without offset; default the executive's own.",
    )

    check_zone = field_validator("timezone")(_zone)


class ApproveIn(InSchema):
    revision: int = Field(
        ge=1,
        le=1_000_000,
        description="The number of the revision you read and approve: approval covers that "
        "exact text, so an edit made meanwhile is not approved by mistake.",
    )


class PostFilters(FiltersIn):
    person: str = Field("", max_length=120, description="Only this executive's posts (slug).")
    state: PostState | None = Field(
        None,
        description="drafts (not scheduled), approval (waiting for the executive), scheduled "
        "(waiting or due), sent (sent to at least one network), failed (failed on one).",
    )
    date_from: Day | None = Field(None, description="Scheduled on or after this day (UTC).")
    date_to: Day | None = Field(None, description="Scheduled on or before this day (UTC).")


# --- output ----------------------------------------------------------------------------------


class ProblemOut(Schema):
    message: str = Field(description="What is wrong and how to fix it.")
    part: int | None = Field(description="Which part of the thread, from 0; null: the whole post.")
    blocking: bool = Field(description="Blocking problems stop scheduling; warnings do not.")


class ImageOut(Schema):
    id: int
    part: int = Field(description="The thread part it belongs to, from 0.")
    url: str
    mime_type: str
    alt_text: str


class VariantOut(Schema):
    network: NetworkName
    text: str
    thread: list[str]
    link: str
    content_warning: str
    visibility: Visibility
    counts: list[int] = Field(description="Each part's length as this network counts it.")
    max_chars: int = Field(description="This network's limit per part (the instance's own).")
    problems: list[ProblemOut]
    images: list[ImageOut] = Field(description="Images are added in compose, not by the API.")


class RevisionOut(Schema):
    number: int
    text: str
    created_by: str = Field(description="Who wrote this text.")
    created_at: dt.datetime
    written_by_executive: bool
    needs_approval: bool = Field(description="Written for the executive, not approved yet.")
    approved_by: str | None
    approved_at: dt.datetime | None


class PublicationOut(Schema):
    id: int
    network: str
    account: str = Field(description="The handle it goes to.")
    state: Literal["held", "scheduled", "claimed", "sent", "unknown", "failed", "cancelled"]
    label: str = Field(description="The state as the status page says it, e.g. Waiting.")
    reason: str = Field(description="Why it waits, when it goes, why it failed, when it went.")
    due_at: dt.datetime
    sent_at: dt.datetime | None
    remote_url: str = Field(description="The post on the network, once sent.")
    attempts: int
    can_retry: bool = Field(description="Failed, and you may send it again (POST …/retry).")


class PostSummaryOut(Schema):
    id: int
    person: str = Field(description="The executive's slug.")
    person_name: str
    text: str = Field(description="The latest revision's text.")
    revision: int = Field(description="The latest revision's number.")
    needs_approval: bool
    networks: list[NetworkName]
    states: list[str] = Field(description="The states of the post's publications.")
    scheduled_for: dt.datetime | None = Field(description="null while a draft.")
    created_by: str
    created_at: dt.datetime


class FindingOut(Schema):
    effect: str = Field(description="block (scheduling refused), warn, or step (an approver).")
    reason: str
    network: str = Field(description="Empty for the post's own text.")
    part: int = Field(description="The thread part, 0 for the first post.")
    start: int = Field(description="Offset of the first character of the words found.")
    end: int = Field(description="Offset just after them (start = end: the whole post).")
    words: str


class PostOut(PostSummaryOut):
    timezone: str = Field(description="The executive's time zone, where times are meant.")
    topics: list[str] = Field(description="The post's topics, by slug.")
    objectives: list[int] = Field(description="The objectives the post serves, by id.")
    findings: list[FindingOut] = Field(
        description="What the policy rules and the roster find in the latest revision."
    )
    editable: bool = Field(description="Not claimed for sending yet, and you may edit it.")
    current_revision: RevisionOut
    variants: list[VariantOut]
    publications: list[PublicationOut] = Field(description="Unscheduled ones included.")


class PostPage(Page[PostSummaryOut]):
    pass


class ChannelAccountOut(Schema):
    id: int
    network: str
    handle: str
    profile_url: str
    status: str = Field(description="connected, needs_reconnect, disconnected or demo.")
    status_reason: str
    can_publish: bool
    max_chars: int | None = Field(description="The instance's own length limit, if any.")
    connected_at: dt.datetime | None
