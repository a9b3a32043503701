"""The compose page, the live count, approval and unscheduling through the web, with refusals."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from podium.publishing.actions import do_schedule
from podium.publishing.models import Post
from tests.conftest import PASSWORD
from tests.publishing.composing import draft, erin_accounts, later  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("erin_accounts")]


def signed_in(client, user):
    assert client.login(email=user.email, password=PASSWORD)
    return client


def compose_data(person, **extra):
    data = {
        "person": person.pk,
        "text": "Our new hotel opens today.",
        "networks": ["mastodon", "x"],
        "when": "draft",
    }
    data.update(extra)
    return data


def test_it_shows_the_compose_page_with_a_tab_per_network(client, erin):
    response = signed_in(client, erin).get(reverse("publishing-compose"))
    assert response.status_code == 200
    body = response.content.decode()
    for network in ("mastodon", "bluesky", "x", "linkedin"):
        assert f'data-variant="{network}"' in body
    assert "compose.js" in body and "<script>" not in body


def test_it_saves_a_draft_and_schedules_at_a_local_time(client, erin):
    client = signed_in(client, erin)
    at = (timezone.localtime() + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("publishing-compose"),
        compose_data(erin.person, when="at", at=at, **{"x-text": "Short for X", "x-thread": ["2"]}),
    )
    post = Post.objects.get()
    assert response.status_code == 302
    variants = {v.network: v for v in post.latest_revision.variants.all()}
    assert variants["x"].text == "Short for X" and variants["x"].thread == ["2"]
    assert variants["mastodon"].text == "Our new hotel opens today."
    assert set(post.publications.values_list("state", flat=True)) == {"scheduled"}


def test_it_keeps_everything_typed_when_the_time_is_in_the_past(client, erin):
    client = signed_in(client, erin)
    response = client.post(
        reverse("publishing-compose"),
        compose_data(erin.person, when="at", at="2001-01-01T09:00", **{"x-text": "Mine"}),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "is in the past for Erin Executive" in body
    assert "Our new hotel opens today." in body and ">Mine</textarea>" in body
    assert not Post.objects.exists()


def test_it_refuses_to_schedule_with_blocking_problems_but_saves_a_draft(client, erin):
    client = signed_in(client, erin)
    data = compose_data(erin.person, when="now", text="a" * 300)
    response = client.post(reverse("publishing-compose"), data)
    assert "Fix the problems marked below before scheduling." in response.content.decode()
    assert "20 over X&#x27;s limit of 280" in response.content.decode()
    assert not Post.objects.exists()
    client.post(reverse("publishing-compose"), {**data, "when": "draft"})
    assert Post.objects.count() == 1


def test_the_count_endpoint_counts_by_each_networks_rules(client, erin):
    url = "https://example.com/" + "a" * 100
    response = signed_in(client, erin).post(
        reverse("publishing-count"),
        {
            "person": erin.person.pk,
            "text": f"hello {url}",
            "networks": ["mastodon", "bluesky", "x", "linkedin"],
            "linkedin-thread": ["two"],
        },
    )
    data = json.loads(response.content)
    nets = data["networks"]
    assert nets["mastodon"]["counts"] == [6 + 23]
    assert nets["x"]["counts"] == [6 + 23]
    assert nets["bluesky"]["counts"] == [6 + len(url)]
    assert nets["linkedin"]["counts"] == [6 + len(url), 3]
    assert data["blocking"] is True
    assert any("LinkedIn has no threads" in p["message"] for p in nets["linkedin"]["problems"])


def test_erin_approves_what_ian_scheduled(client, erin, ian):
    post = draft(ian, erin.person)
    do_schedule(ian, post, later())
    client = signed_in(client, erin)
    page = client.get(reverse("publishing-edit-post", args=[post.pk])).content.decode()
    assert "Approve this text" in page
    client.post(
        reverse("publishing-approve-revision", args=[post.pk]),
        {"revision": post.latest_revision.pk},
    )
    assert set(post.publications.values_list("state", flat=True)) == {"scheduled"}


def test_ian_cannot_approve_his_own_draft(client, erin, ian):
    post = draft(ian, erin.person)
    do_schedule(ian, post, later())
    client = signed_in(client, ian)
    assert (
        "Approve this text"
        not in client.get(reverse("publishing-edit-post", args=[post.pk])).content.decode()
    )
    client.post(
        reverse("publishing-approve-revision", args=[post.pk]),
        {"revision": post.latest_revision.pk},
    )
    assert set(post.publications.values_list("state", flat=True)) == {"held"}


def test_unschedule_through_the_page(client, erin):
    post = draft(erin, erin.person)
    do_schedule(erin, post, later())
    signed_in(client, erin).post(reverse("publishing-unschedule-post", args=[post.pk]))
    assert set(post.publications.values_list("state", flat=True)) == {"cancelled"}


def test_frank_cannot_see_edit_approve_or_unschedule_erins_post(client, erin, frank):
    post = draft(erin, erin.person)
    do_schedule(erin, post, later())
    client = signed_in(client, frank)
    assert client.get(reverse("publishing-edit-post", args=[post.pk])).status_code == 404
    for name in ("publishing-approve-revision", "publishing-unschedule-post"):
        assert client.post(reverse(name, args=[post.pk])).status_code == 404
    response = client.post(reverse("publishing-compose"), compose_data(erin.person))
    assert "Select a valid choice" in response.content.decode()
    assert Post.objects.count() == 1
    assert set(post.publications.values_list("state", flat=True)) == {"scheduled"}


def test_an_approver_may_not_compose(client, arthur, erin):
    client = signed_in(client, arthur)
    assert client.get(reverse("publishing-compose")).status_code == 403
    assert client.post(reverse("publishing-count"), {}).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client, erin):
    for name in ("publishing-compose", "publishing-calendar", "publishing-import-posts"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_images_with_alt_text_are_attached_and_a_missing_alt_text_warns(client, erin):
    from tests.org.helpers import image_upload

    client = signed_in(client, erin)
    data = compose_data(
        erin.person,
        **{
            "mastodon-image-0": image_upload(),
            "mastodon-alt-0": "The hotel's front at dawn",
            "x-image-0": image_upload(),
        },
    )
    response = client.post(reverse("publishing-compose"), data)
    assert response.status_code == 302
    variants = {v.network: v for v in Post.objects.get().latest_revision.variants.all()}
    (attachment,) = variants["mastodon"].attachments.all()
    assert (
        attachment.alt_text == "The hotel's front at dawn" and attachment.mime_type == "image/png"
    )
    page = client.get(response["Location"]).content.decode()
    assert "has no alt text" not in page  # problems show while composing, not after saving
    count = client.post(
        reverse("publishing-count"),
        {"person": erin.person.pk, "text": "Hi", "networks": ["x"], "x-image-0": image_upload()},
    )
    (problem,) = json.loads(count.content)["networks"]["x"]["problems"]
    assert "no alt text" in problem["message"] and problem["blocking"] is False


def test_editing_keeps_the_images_and_makes_a_new_revision(client, erin):
    from tests.org.helpers import image_upload

    client = signed_in(client, erin)
    data = compose_data(
        erin.person, **{"mastodon-image-0": image_upload(), "mastodon-alt-0": "A view"}
    )
    client.post(reverse("publishing-compose"), data)
    post = Post.objects.get()
    old = post.latest_revision.variants.get(network="mastodon").attachments.get()
    page = client.get(reverse("publishing-edit-post", args=[post.pk])).content.decode()
    assert f'name="mastodon-keep" value="{old.pk}"' in page
    client.post(
        reverse("publishing-edit-post", args=[post.pk]),
        compose_data(
            erin.person,
            text="Edited",
            **{"mastodon-keep": [old.pk], f"mastodon-keep-alt-{old.pk}": "A better view"},
        ),
    )
    revision = post.latest_revision
    assert revision.number == 2 and revision.text == "Edited"
    (kept,) = revision.variants.get(network="mastodon").attachments.all()
    assert kept.file.name == old.file.name and kept.alt_text == "A better view"


def test_keeping_a_scheduled_post_as_a_draft_unschedules_it(client, erin):
    post = draft(erin, erin.person)
    do_schedule(erin, post, later())
    signed_in(client, erin).post(
        reverse("publishing-edit-post", args=[post.pk]), compose_data(erin.person, text="Later")
    )
    post.refresh_from_db()
    assert post.scheduled_for is None and post.latest_revision.number == 2
    assert set(post.publications.values_list("state", flat=True)) == {"cancelled"}


@pytest.mark.parametrize("when", ["now", "draft"])
def test_a_file_that_is_not_a_picture_is_refused_whatever_its_name(client, erin, when):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from podium.publishing.models import Attachment

    fake = SimpleUploadedFile("cat.png", b"#!/bin/sh\necho hi\n", content_type="image/png")
    response = signed_in(client, erin).post(
        reverse("publishing-compose"),
        compose_data(erin.person, when=when, **{"mastodon-image-0": fake, "mastodon-alt-0": "A"}),
    )
    assert (
        "Mastodon, image 1: This file is not a JPEG, PNG, GIF or WebP image: choose one that is."
        in response.content.decode()
    )
    assert not Post.objects.exists() and not Attachment.objects.exists()


def test_an_image_goes_with_the_part_of_the_thread_chosen(client, erin):
    from tests.org.helpers import image_upload

    client = signed_in(client, erin)
    fields = {"x-thread": ["Second part"], "x-image-0": image_upload(), "x-alt-0": "A chart"}
    response = client.post(
        reverse("publishing-compose"), compose_data(erin.person, **fields, **{"x-part-0": "2"})
    )
    assert response.status_code == 302
    (attachment,) = Post.objects.get().latest_revision.variants.get(network="x").attachments.all()
    assert attachment.part == 1
    fields["x-image-0"] = image_upload()
    response = client.post(
        reverse("publishing-compose"),
        compose_data(erin.person, when="now", **fields, **{"x-part-0": "3"}),
    )
    assert "An image is set for part 3, but the thread has 2 parts" in response.content.decode()
