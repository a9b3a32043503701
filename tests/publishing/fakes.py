"""A fake network for the outbox's own tests (the connectors are tested against real servers).

`FakeNetwork` holds what was "posted" and what the next calls should do; every connector the
outbox asks for while the `fake_network` fixture is active talks to it. Tell it what happens:

    net.next_publish(RateLimited("slow down", retry_after=120))  # raise this
    net.next_publish(ACCEPT_THEN_TIME_OUT)  # keep the post, then raise OutcomeUnknown
    net.next_find(Transient("503"))

Calls without an instruction succeed.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import pytest

from podium.channels import base

ACCEPT_THEN_TIME_OUT = "accept then time out"


@dataclass
class Call:
    method: str
    key: str
    variant: base.Variant | None
    account_id: int | None


@dataclass
class FakeNetwork:
    posts: dict[str, base.RemotePost] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    publish_script: list[object] = field(default_factory=list)
    find_script: list[object] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next_publish(self, *outcomes: object) -> None:
        self.publish_script.extend(outcomes)

    def next_find(self, *outcomes: object) -> None:
        self.find_script.extend(outcomes)

    def publish_calls(self, key: str | None = None) -> list[Call]:
        return [c for c in self.calls if c.method == "publish" and key in (None, c.key)]

    def find_calls(self) -> list[Call]:
        return [c for c in self.calls if c.method == "find"]

    def _post(self, key: str, variant: base.Variant) -> base.RemotePost:
        number = len(self.posts) + 1
        ids = tuple(f"{number}-{index}" for index in range(len(variant.parts)))
        remote = base.RemotePost(
            remote_id=ids[0], url=f"https://social.example/@erin/{ids[0]}", part_ids=ids
        )
        self.posts[key] = remote
        return remote

    def publish(self, account_id: int | None, variant: base.Variant, key: str) -> base.RemotePost:
        with self.lock:
            self.calls.append(Call("publish", key, variant, account_id))
            outcome = self.publish_script.pop(0) if self.publish_script else None
            if outcome == ACCEPT_THEN_TIME_OUT:
                self._post(key, variant)
                raise base.OutcomeUnknown("Read timed out after the request was sent.")
            if isinstance(outcome, BaseException):
                raise outcome
            return self.posts.get(key) or self._post(key, variant)

    def find(self, account_id: int | None, key: str) -> base.RemotePost | None:
        with self.lock:
            self.calls.append(Call("find", key, None, account_id))
            outcome = self.find_script.pop(0) if self.find_script else None
            if isinstance(outcome, BaseException):
                raise outcome
            return self.posts.get(key)


class FakeConnector:
    network = "mastodon"
    limits = base.Limits(max_chars=500, max_images=4, max_image_bytes=8_000_000, threads=True)

    def __init__(self, net: FakeNetwork, account: object | None) -> None:
        self.net = net
        self.account_id = getattr(account, "pk", None)

    def count(self, text: str) -> int:
        return len(text)

    def validate(self, variant: base.Variant) -> list[base.Problem]:
        return []

    def publish(self, variant: base.Variant, key: str) -> base.RemotePost:
        return self.net.publish(self.account_id, variant, key)

    def find(self, expected: base.Expected) -> base.RemotePost | None:
        return self.net.find(self.account_id, expected.key)


@pytest.fixture(name="fake_network")
def fake_network_fixture(monkeypatch) -> FakeNetwork:
    """Import this into a test module; tests then take `fake_network`."""
    net = FakeNetwork()
    monkeypatch.setattr(
        "podium.channels.registry.connector_for", lambda account: FakeConnector(net, account)
    )
    return net


def make_publication(
    person,
    *,
    author=None,
    network: str = "mastodon",
    text: str = "Our new hotel opens today.",
    thread: tuple[str, ...] = (),
    state: str = "scheduled",
    due_in_seconds: float = -1,
    account=None,
    **fields,
):
    """A post with one revision and variant, and its publication on `person`'s account."""
    import datetime as dt

    from django.utils import timezone

    from podium.channels.models import ChannelAccount
    from podium.outbox.models import Publication
    from podium.publishing.models import Post, Revision, Variant

    author = author or person.user
    if account is None:
        account, _ = ChannelAccount.objects.get_or_create(
            person=person,
            network=network,
            handle=f"@{person.slug}@social.example",
            defaults={"status": ChannelAccount.Status.CONNECTED, "access_token": "secret"},
        )
    post = Post.objects.create(person=person, created_by=author)
    revision = Revision.objects.create(post=post, number=1, text=text, created_by=author)
    variant = Variant.objects.create(
        revision=revision, network=account.network, text=text, thread=list(thread)
    )
    due = timezone.now() + dt.timedelta(seconds=due_in_seconds)
    post.scheduled_for = due
    post.save(update_fields=["scheduled_for"])
    return Publication.objects.create(
        post=post,
        revision=revision,
        variant=variant,
        channel_account=account,
        state=state,
        due_at=due,
        **fields,
    )
