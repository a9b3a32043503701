"""The security suite's world: the shared personas (tests/conftest.py) around one executive, erin,
with something of every kind to attack: channel accounts, a draft waiting for her approval, a
scheduled post, a failed post, a draft and a published article, a comment waiting, a notification
and an API token. Fixtures here are general: every file of tests/security/ may use them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.utils import timezone

from podium.accounts.actions import do_create_token
from podium.accounts.models import ApiToken, User
from podium.blog.actions import do_save_article
from podium.blog.models import Article, Comment
from podium.channels.models import ChannelAccount
from podium.notifications.models import Nudge
from podium.org.models import Person
from podium.outbox.models import Publication
from podium.publishing.actions import do_schedule
from podium.publishing.models import Post
from tests.blog.helpers import article, comment
from tests.planning.cadence_builders import sent_post
from tests.publishing.composing import account, draft, later

# The roles every check runs as; "other_executive" is an executive acting on erin's things.
ROLES = (
    "admin",
    "comms",
    "approver",
    "executive",
    "assistant",
    "other_executive",
    "anonymous",
)


@dataclass
class World:
    users: dict[str, User | None]
    person: Person
    channel: ChannelAccount
    waiting_post: Post
    scheduled_post: Post
    failed_post: Post
    failed_publication: Publication
    draft_article: Article
    published_article: Article
    comment: Comment
    notification: Nudge
    token: ApiToken
    extra: dict[str, object] = field(default_factory=dict)

    def user(self, role: str) -> User | None:
        return self.users[role]


@pytest.fixture
def world(alice, carol, arthur, erin, ian, frank) -> World:
    person = erin.person
    channel = account(person, "mastodon")
    account(person, "bluesky")
    waiting = draft(ian, person, "Drafted by Ian for Erin to approve.")
    scheduled = draft(erin, person, "Erin's own post, scheduled.")
    do_schedule(erin, scheduled, when=later(48))
    failed = sent_post(
        person, timezone.now() - dt.timedelta(hours=2), networks=("mastodon",), state="failed"
    )
    draft_article = do_save_article(
        ian, person, {"title": "A draft for Erin", "body": "Waiting for **Erin**."}
    )
    published = article(person, "Why we listen first")
    return World(
        users={
            "admin": alice,
            "comms": carol,
            "approver": arthur,
            "executive": erin,
            "assistant": ian,
            "other_executive": frank,
            "anonymous": None,
        },
        person=person,
        channel=channel,
        waiting_post=waiting,
        scheduled_post=scheduled,
        failed_post=failed,
        failed_publication=failed.publications.get(),
        draft_article=draft_article,
        published_article=published,
        comment=comment(published),
        notification=Nudge.objects.filter(user=erin).order_by("pk").first(),
        token=do_create_token(erin, "CRM")[0],
    )
