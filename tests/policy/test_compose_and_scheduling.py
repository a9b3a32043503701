"""Policy in compose and at scheduling: the live check shows the words, the reason and the
effect; a block stops scheduling with its reason; findings are stored with each revision; the
roster refuses a draft for someone off it on that network or topic; scheduling past a warning
is audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from podium.governance.models import AuditEntry
from podium.policy.models import Finding
from podium.publishing.actions import do_approve_revision, do_create_post, do_schedule
from podium.publishing.models import Post
from tests.conftest import PASSWORD
from tests.policy.building import on_roster, quiet, rule, topic
from tests.publishing.composing import erin_accounts, later  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("erin_accounts")]


def signed_in(client, user):
    assert client.login(email=user.email, password=PASSWORD)
    return client


def compose(person, text="Our results are in.", **extra):
    return {
        "person": person.pk,
        "text": text,
        "networks": ["mastodon", "x"],
        "when": "draft",
        **extra,
    }


def test_the_live_check_shows_the_words_the_reason_and_the_effect(client, carol, erin):
    rule(carol, patterns="guaranteed", effect="block", reason="We never promise results.")
    response = signed_in(client, erin).post(
        reverse("publishing-check"), compose(erin.person, "Returns are guaranteed, truly.")
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "We never promise results." in body and "Blocks scheduling" in body
    assert "Returns are <mark>guaranteed</mark>, truly." in body


def test_the_live_check_says_when_nothing_is_found(client, erin):
    body = signed_in(client, erin).post(reverse("publishing-check"), compose(erin.person))
    assert "No policy or roster findings." in body.content.decode()


def test_compose_tags_a_post_with_topics_and_stores_its_findings(client, carol, erin):
    partnerships = topic(carol)
    rule(carol, patterns="acme", effect="warn", reason="Name partners only once signed.")
    client = signed_in(client, erin)
    assert 'value="partnerships"' in client.get(reverse("publishing-compose")).content.decode()
    response = client.post(
        reverse("publishing-compose"),
        compose(erin.person, "With Acme today.", topics=["partnerships"]),
    )
    assert response.status_code == 302
    post = Post.objects.get()
    assert list(post.topics.all()) == [partnerships]
    (finding,) = Finding.objects.filter(revision=post.latest_revision)
    assert (finding.words, finding.effect, finding.network) == ("Acme", "warn", "")
    edit = client.get(reverse("publishing-edit-post", args=[post.pk])).content.decode()
    assert "Name partners only once signed." in edit and "<mark>Acme</mark>" in edit


def test_a_block_stops_scheduling_from_compose_with_the_reason(client, carol, erin):
    rule(carol, patterns="guaranteed", effect="block", reason="We never promise results.")
    at = (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = signed_in(client, erin).post(
        reverse("publishing-compose"), compose(erin.person, "Guaranteed!", when="at", at=at)
    )
    assert response.status_code == 200
    assert "We never promise results." in response.content.decode()
    assert not Post.objects.exists()  # nothing half saved


def test_a_quiet_period_blocks_scheduling_on_its_days_only(carol, erin):
    today = timezone.localdate()
    quiet(carol, today + dt.timedelta(days=3), today + dt.timedelta(days=10), effect="block")
    post = do_create_post(erin, erin.person, "Hello", {"mastodon": {"text": ""}})
    with pytest.raises(ValidationError, match="quiet period"):
        do_schedule(erin, post, timezone.now() + dt.timedelta(days=5))
    assert not post.publications.exists()
    do_schedule(erin, post, timezone.now() + dt.timedelta(days=12))
    assert post.publications.count() == 1


def test_scheduling_past_a_warning_is_audited_as_an_override(carol, erin):
    rule(carol, patterns="acme", effect="warn", reason="Name partners only once signed.")
    post = do_create_post(erin, erin.person, "With Acme.", {"mastodon": {"text": ""}})
    do_schedule(erin, post, later())
    finding = Finding.objects.get(revision=post.latest_revision)
    assert finding.overridden_by == erin and finding.overridden_at is not None
    entry = AuditEntry.objects.get(action="policy.findings_overridden")
    assert entry.after["findings"][0]["words"] == "Acme"


def test_someone_off_the_roster_for_a_network_cannot_be_scheduled(client, carol, erin, frank):
    on_roster(carol, frank.person)  # the roster is in force once it has an entry
    on_roster(carol, erin.person, networks=["mastodon"])
    post = do_create_post(erin, erin.person, "Hello", {"mastodon": {"text": ""}, "x": {"text": ""}})
    with pytest.raises(ValidationError, match="not on the roster for X"):
        do_schedule(erin, post, later())
    body = signed_in(client, erin).post(reverse("publishing-check"), compose(erin.person))
    assert "Erin Executive is not on the roster for X" in body.content.decode()


def test_someone_off_the_roster_for_a_topic_cannot_be_approved_or_scheduled(carol, erin, ian):
    results, culture = topic(carol, "Results"), topic(carol, "Culture")
    on_roster(carol, erin.person, networks=["mastodon", "x"], topics=[culture])
    post = do_create_post(
        ian,
        erin.person,
        "Our numbers",
        {"mastodon": {"text": ""}},
        values={"topics": {"topics": [results]}},
    )
    with pytest.raises(ValidationError, match="not on the roster for the topic Results"):
        do_approve_revision(erin, post.latest_revision)
    with pytest.raises(ValidationError, match="topic Results"):
        do_schedule(ian, post, later())


def test_an_empty_roster_restricts_no_one(erin):
    post = do_create_post(erin, erin.person, "Hello", {"mastodon": {"text": ""}})
    assert len(do_schedule(erin, post, later())) == 1


def test_findings_found_again_keep_their_override_and_stale_ones_go(carol, arthur, erin):
    from podium.policy.actions import do_override_finding

    rule(carol, kind="legal", patterns="we expect", effect="step", reason="Legal reads it.")
    today = timezone.localdate()
    quiet(carol, today + dt.timedelta(days=3), today + dt.timedelta(days=4), effect="step")
    post = do_create_post(erin, erin.person, "We expect more.", {"mastodon": {"text": ""}})
    revision = post.latest_revision
    (claim,) = Finding.objects.filter(revision=revision)
    do_override_finding(arthur, claim)
    assert AuditEntry.objects.filter(action="policy.finding_overridden").exists()
    do_schedule(erin, post, timezone.now() + dt.timedelta(days=3, hours=12))
    found = {f.key: f for f in Finding.objects.filter(revision=revision)}
    assert found[claim.key].pk == claim.pk and found[claim.key].overridden_by == arthur
    assert len(found) == 2  # the quiet period, on the day it is now due
    do_schedule(erin, post, timezone.now() + dt.timedelta(days=8))
    assert list(Finding.objects.filter(revision=revision)) == [claim]


def test_a_post_cannot_be_moved_into_a_quiet_period(carol, erin):
    from podium.publishing.actions import do_move

    today = timezone.localdate()
    quiet(carol, today + dt.timedelta(days=5), today + dt.timedelta(days=6), effect="block")
    post = do_create_post(erin, erin.person, "Hello", {"mastodon": {"text": ""}})
    do_schedule(erin, post, timezone.now() + dt.timedelta(days=2))
    with pytest.raises(ValidationError, match="cannot be moved there: Nothing is said"):
        do_move(erin, post, timezone.now() + dt.timedelta(days=5, hours=12))
    post.refresh_from_db()
    assert post.scheduled_for.date() == (timezone.now() + dt.timedelta(days=2)).date()
