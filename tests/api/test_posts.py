"""Posts over the API: who sees and changes whose posts, and draft → approve → schedule → sent."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, settings
from playwright.sync_api import expect

from podium.governance.models import AuditEntry
from podium.outbox.models import Publication
from podium.publishing.actions import do_create_post, do_schedule
from podium.publishing.models import Post
from tests.api.conftest import call_with_ids, deep_fuzz
from tests.browser.support import SCREENSHOTS, shoot, sign_in
from tests.conftest import PASSWORD
from tests.publishing.composing import account, draft, erin_accounts  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("erin_accounts")]

ERIN = "erin-executive"


def ids(response) -> list[int]:
    assert response.status_code == 200, response.json()
    return [p["id"] for p in response.json()["items"]]


def in_two_days(zone: str = "Europe/Paris") -> dt.datetime:
    """A local wall-clock time two days ahead in `zone`, naive (as a person types it)."""
    local = timezone.now().astimezone(zoneinfo.ZoneInfo(zone)) + dt.timedelta(days=2)
    return local.replace(hour=9, minute=30, second=0, microsecond=0, tzinfo=None)


def new_post(client, text="We open in Lisbon today.", person=ERIN, **variants):
    body = {"person": person, "text": text, "variants": variants or {"mastodon": {}, "x": {}}}
    return client.post("/api/posts", body)


# --- who sees what ---------------------------------------------------------------------------


def test_it_lists_an_executive_only_their_own_posts(api, erin, frank):
    hers = draft(erin, erin.person)
    his = draft(frank, frank.person)

    assert ids(api(erin).get("/api/posts")) == [hers.pk]
    assert ids(api(frank).get("/api/posts")) == [his.pk]


def test_it_lists_an_assistant_the_posts_of_whom_they_act_for(api, erin, ian, frank):
    hers = draft(erin, erin.person)
    draft(frank, frank.person)

    assert ids(api(ian).get("/api/posts")) == [hers.pk]


@pytest.mark.parametrize("persona", ["carol", "alice", "arthur"])
def test_it_lists_every_executives_posts_for_the_program_roles(api, request, persona, erin, frank):
    hers = draft(erin, erin.person)
    his = draft(frank, frank.person)

    assert sorted(ids(api(request.getfixturevalue(persona)).get("/api/posts"))) == sorted(
        [hers.pk, his.pk]
    )


def test_it_does_not_show_another_executives_post_even_by_its_id(api, erin, frank):
    post = draft(erin, erin.person)

    response = api(frank).get(f"/api/posts/{post.pk}")

    assert response.status_code == 404
    assert "Erin" not in response.content.decode()
    for action in ("schedule", "unschedule", "approve", "move"):
        assert api(frank).post(f"/api/posts/{post.pk}/{action}", {}).status_code in (404, 422)
    assert api(frank).patch(f"/api/posts/{post.pk}", {"text": "Mine now"}).status_code == 404
    assert Post.objects.get(pk=post.pk).latest_revision.text == "Our new hotel opens today."


def test_it_lets_an_approver_read_a_post_but_not_change_it(api, erin, arthur):
    post = draft(erin, erin.person)

    assert api(arthur).get(f"/api/posts/{post.pk}").status_code == 200
    response = api(arthur).post(f"/api/posts/{post.pk}/schedule", {"when": "now"})

    assert response.status_code == 403
    assert response.json()["detail"].startswith("Scheduling posts needs the")
    assert not post.publications.exists()


def test_it_filters_posts_by_person_state_and_day(api, carol, erin, frank):
    draft_post = draft(erin, erin.person)
    scheduled = draft(erin, erin.person, "Booked for Thursday.")
    client = api(carol)
    when = in_two_days()
    client.post(f"/api/posts/{scheduled.pk}/schedule", {"when": "at", "at": when.isoformat()})
    frank_post = draft(frank, frank.person)

    assert ids(client.get("/api/posts?person=frank-finance")) == [frank_post.pk]
    assert sorted(ids(client.get("/api/posts?state=drafts"))) == sorted(
        [draft_post.pk, frank_post.pk]
    )
    assert ids(client.get("/api/posts?state=scheduled")) == [scheduled.pk]
    day = scheduled_day(scheduled)
    assert ids(client.get(f"/api/posts?date_from={day}&date_to={day}")) == [scheduled.pk]
    assert ids(client.get(f"/api/posts?date_from={day + dt.timedelta(days=1)}")) == []
    response = client.get("/api/posts?state=everything")
    assert response.status_code == 422
    assert "state" in response.json()["errors"]


def scheduled_day(post: Post) -> dt.date:
    post.refresh_from_db()
    return post.scheduled_for.astimezone(dt.UTC).date()


def test_it_pages_the_list(api, carol, erin):
    for n in range(3):
        draft(erin, erin.person, f"Post {n}")

    body = api(carol).get("/api/posts?page=2&page_size=2").json()

    assert (body["count"], body["page"], body["pages"], len(body["items"])) == (3, 2, 2, 1)


def test_it_lists_posts_in_the_same_number_of_queries_however_many(
    api, carol, erin, django_assert_max_num_queries
):
    client = api(carol)
    draft(erin, erin.person, "First")
    with django_assert_max_num_queries(50) as few:
        client.get("/api/posts")
    queries = len(few.captured_queries)  # read now: the next request resets Django's log
    for n in range(10):
        post = draft(erin, erin.person, f"Post {n}")
        client.post(f"/api/posts/{post.pk}/schedule", {"when": "slot"})

    with django_assert_max_num_queries(queries):
        assert len(ids(client.get("/api/posts"))) == 11


# --- writing ---------------------------------------------------------------------------------


def test_it_creates_a_draft_with_a_version_per_network(api, ian, erin):
    response = new_post(
        api(ian),
        mastodon={"content_warning": "Travel", "visibility": "unlisted", "thread": ["Part two"]},
        x={"text": "Lisbon, today.", "link": "https://meridian.example/lisbon"},
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["person"] == ERIN
    assert body["scheduled_for"] is None
    assert body["needs_approval"] is True  # ian wrote it for erin
    assert body["current_revision"]["created_by"] == "ian@example.com"
    variants = {v["network"]: v for v in body["variants"]}
    assert variants["mastodon"]["text"] == "We open in Lisbon today."
    assert variants["mastodon"]["thread"] == ["Part two"]
    assert variants["mastodon"]["content_warning"] == "Travel"
    assert variants["mastodon"]["counts"] == [24, 8]
    assert variants["x"] | {"problems": [], "images": []} == variants["x"]
    assert variants["x"]["link"] == "https://meridian.example/lisbon"
    assert variants["x"]["max_chars"] == 280
    entry = AuditEntry.objects.get(action="post.created")
    assert (entry.via, entry.actor_id) == ("api", ian.pk)


def test_it_refuses_to_write_for_an_executive_one_may_not(api, erin, frank, arthur):
    response = new_post(api(frank))
    assert response.status_code == 422
    assert "erin-executive" in response.json()["errors"]["person"]

    response = new_post(api(arthur))
    assert response.status_code == 403
    assert "Writing posts needs the" in response.json()["detail"]
    assert not Post.objects.exists()


def test_it_says_which_field_of_which_network_is_wrong(api, erin):
    response = new_post(api(erin), x={"link": "not a link"}, mastodon={"visibility": "secret"})

    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["variants.x.link"] == "Send a full web address such as https://example.com/news."
    assert "public" in errors["variants.mastodon.visibility"]
    assert not Post.objects.exists()


def test_an_edit_makes_a_new_revision_and_keeps_what_was_not_sent(api, erin):
    client = api(erin)
    post = new_post(client, mastodon={}, x={"text": "Lisbon, today."}).json()

    response = client.patch(f"/api/posts/{post['id']}", {"text": "We open in Porto today."})

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["revision"] == 2
    variants = {v["network"]: v["text"] for v in body["variants"]}
    # mastodon followed the post's text; x had its own and keeps it
    assert variants == {"mastodon": "We open in Porto today.", "x": "Lisbon, today."}
    assert AuditEntry.objects.get(action="post.edited").via == "api"

    body = client.patch(f"/api/posts/{post['id']}", {"variants": {"bluesky": {}}}).json()
    assert [v["network"] for v in body["variants"]] == ["bluesky"]
    assert body["variants"][0]["text"] == "We open in Porto today."


# --- the flow: draft, approve, schedule, status ------------------------------------------------


def test_a_draft_for_the_executive_is_approved_scheduled_and_sent(api, ian, erin):
    assistant, executive = api(ian), api(erin)
    post = new_post(assistant).json()
    url = f"/api/posts/{post['id']}"

    when = in_two_days("Europe/Paris")
    response = assistant.post(
        f"{url}/schedule", {"when": "at", "at": when.isoformat(), "timezone": "Europe/Paris"}
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    expected = when.replace(tzinfo=zoneinfo.ZoneInfo("Europe/Paris"))
    assert dt.datetime.fromisoformat(body["scheduled_for"]) == expected
    assert {p["state"] for p in body["publications"]} == {"held"}
    assert body["publications"][0]["reason"] == "Waiting for Erin Executive's approval"

    response = executive.post(f"{url}/approve", {"revision": 1})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["needs_approval"] is False
    assert body["current_revision"]["approved_by"] == "erin@example.com"
    assert {p["state"] for p in body["publications"]} == {"scheduled"}
    assert all(p["reason"].startswith("Scheduled for ") for p in body["publications"])

    # The outbox sends it: the status shows where it went.
    mastodon = Publication.objects.get(post_id=post["id"], channel_account__network="mastodon")
    mastodon.state, mastodon.sent_at = Publication.State.SENT, timezone.now()
    mastodon.remote_url = "https://mastodon.example/@erin/1"
    mastodon.save()
    body = executive.get(url).json()
    sent = next(p for p in body["publications"] if p["network"] == "mastodon")
    assert (sent["state"], sent["label"]) == ("sent", "Sent")
    assert sent["remote_url"] == "https://mastodon.example/@erin/1"
    assert body["editable"] is False
    assert body["states"] == ["scheduled", "sent"]

    actions = AuditEntry.objects.filter(via="api").order_by("pk").values_list("action", flat=True)
    assert list(actions.filter(action__startswith="post.")) == [
        "post.created",
        "post.scheduled",
        "post.approved",
    ]
    # Each publication's own changes are the outbox's entries: held, then released.
    assert sorted(actions.filter(action__startswith="publication.")) == [
        "publication.held",
        "publication.held",
        "publication.released",
        "publication.released",
    ]


def test_only_the_executive_approves_and_only_the_text_they_read(api, ian, erin, carol):
    post = new_post(api(ian)).json()
    url = f"/api/posts/{post['id']}/approve"

    response = api(ian).post(url, {"revision": 1})
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Only Erin Executive can approve what is written in their name."
    )
    response = api(carol).post(url, {"revision": 1})
    assert response.status_code == 403
    assert "Approving posts needs the Executive role" in response.json()["detail"]

    api(ian).patch(f"/api/posts/{post['id']}", {"text": "Changed after she read it."})
    response = api(erin).post(url, {"revision": 1})
    assert response.status_code == 422
    assert response.json()["detail"] == (
        "This text has been edited since: approve the latest revision."
    )
    response = api(erin).post(url, {"revision": 7})
    assert response.json()["errors"] == {
        "revision": "This post has no revision 7; its latest is 2."
    }
    assert api(erin).post(url, {"revision": 2}).json()["needs_approval"] is False


def test_a_post_too_long_for_x_is_refused_naming_x_and_the_fix(api, erin):
    client = api(erin)
    post = new_post(client, mastodon={}, x={"text": "Lisbon " * 50}).json()
    problems = next(v for v in post["variants"] if v["network"] == "x")["problems"]
    assert problems[0]["blocking"] is True  # a draft may have problems: it is only saved

    response = client.post(f"/api/posts/{post['id']}/schedule", {"when": "now"})

    assert response.status_code == 422
    body = response.json()
    assert list(body["errors"]) == ["variants.x"]
    assert body["errors"]["variants.x"] == (
        "X: The post is 349 characters as X counts them, 69 over X's limit of 280: "
        "shorten it or split it into a thread."
    )
    assert body["detail"].startswith("Fix these before scheduling: X: The post is 349")
    assert not Publication.objects.exists()


def test_it_schedules_now_or_at_the_next_slot(api, erin):
    client = api(erin)
    first = new_post(client).json()
    second = new_post(client, "Second post.").json()

    now = client.post(f"/api/posts/{first['id']}/schedule", {"when": "now"}).json()
    slot = client.post(f"/api/posts/{second['id']}/schedule", {"when": "slot"}).json()

    assert dt.datetime.fromisoformat(now["scheduled_for"]) <= timezone.now()
    local = dt.datetime.fromisoformat(slot["scheduled_for"]).astimezone(zoneinfo.ZoneInfo("UTC"))
    assert local > timezone.now()
    assert local.strftime("%H:%M") in {"09:00", "12:30", "17:00"}


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"when": "at"}, "body", "With when: at, send the time in at"),
        ({"when": "now", "at": "2030-01-01T09:00:00Z"}, "body", "With when: now, leave at out"),
        ({"when": "at", "at": "2030-01-01T09:00", "timezone": "Mars/Olympus"}, "timezone", "IANA"),
        ({"when": "at", "at": "9999-12-31T23:59:59-12:00"}, "at", "from 1900-01-01 to 2200-12-31"),
        ({"when": "later"}, "when", "Choose one of"),
    ],
)
def test_it_explains_a_schedule_it_cannot_read(api, erin, body, field, message):
    post = draft(erin, erin.person)

    response = api(erin).post(f"/api/posts/{post.pk}/schedule", body)

    assert response.status_code == 422
    assert message in response.json()["errors"][field]


def test_it_refuses_a_time_in_the_past_in_the_executives_words(api, erin):
    post = draft(erin, erin.person)

    response = api(erin).post(
        f"/api/posts/{post.pk}/schedule", {"when": "at", "at": "2020-01-01T09:00:00+00:00"}
    )

    assert response.status_code == 422
    assert "is in the past for Erin Executive" in response.json()["detail"]


def test_it_moves_and_unschedules_until_sending_starts(api, carol, erin):
    client = api(carol)
    post = draft(erin, erin.person)
    url = f"/api/posts/{post.pk}"
    client.post(f"{url}/schedule", {"when": "at", "at": in_two_days().isoformat()})

    later = in_two_days() + dt.timedelta(days=1)
    body = client.post(f"{url}/move", {"at": later.isoformat(), "timezone": "Asia/Tokyo"}).json()
    expected = later.replace(tzinfo=zoneinfo.ZoneInfo("Asia/Tokyo"))
    assert dt.datetime.fromisoformat(body["scheduled_for"]) == expected
    assert {dt.datetime.fromisoformat(p["due_at"]) for p in body["publications"]} == {expected}

    body = client.post(f"{url}/unschedule").json()
    assert body["scheduled_for"] is None
    assert {p["state"] for p in body["publications"]} == {"cancelled"}

    client.post(f"{url}/schedule", {"when": "now"})
    post.publications.filter(state="scheduled").update(state=Publication.State.CLAIMED)
    for response in (
        client.post(f"{url}/unschedule"),
        client.patch(url, {"text": "Too late"}),
        client.post(f"{url}/move", {"at": later.isoformat()}),
    ):
        assert response.status_code == 422
        assert "already been claimed for sending" in response.json()["detail"]
    actions = set(AuditEntry.objects.filter(via="api").values_list("action", flat=True))
    assert {"post.moved", "post.unscheduled", "post.scheduled"} <= actions


def test_it_takes_any_iso_offset_even_one_postgresql_refuses(api, erin):
    """ISO 8601 allows +19:54; PostgreSQL stores offsets up to ±15:59 only (once a 500)."""
    post = draft(erin, erin.person)
    client = api(erin)
    client.post(f"/api/posts/{post.pk}/schedule", {"when": "at", "at": in_two_days().isoformat()})
    far = (in_two_days() + dt.timedelta(days=1)).replace(microsecond=0, tzinfo=None)
    odd = dt.timezone(dt.timedelta(hours=19, minutes=54))

    response = client.post(f"/api/posts/{post.pk}/move", {"at": f"{far.isoformat()}+19:54"})

    assert response.status_code == 200
    expected = far.replace(tzinfo=odd)
    assert dt.datetime.fromisoformat(response.json()["scheduled_for"]) == expected
    post.refresh_from_db()
    assert post.scheduled_for == expected


def test_it_retries_a_failed_publication(api, erin, ian, arthur, frank):
    post = draft(erin, erin.person)
    api(erin).post(f"/api/posts/{post.pk}/schedule", {"when": "now"})
    failed = post.publications.get(channel_account__network="x")
    failed.state, failed.last_error = Publication.State.FAILED, "X refused the post."
    failed.save()
    url = f"/api/posts/{post.pk}/publications/{failed.pk}/retry"

    shown = api(erin).get(f"/api/posts/{post.pk}").json()["publications"]
    assert next(p for p in shown if p["id"] == failed.pk)["reason"] == "X refused the post."
    assert next(p for p in shown if p["id"] == failed.pk)["can_retry"] is True
    assert api(frank).post(url).status_code == 404
    assert api(arthur).post(url).status_code == 403
    response = api(ian).post(url)

    assert response.status_code == 200, response.json()
    failed.refresh_from_db()
    assert failed.state == Publication.State.SCHEDULED
    assert AuditEntry.objects.filter(
        via="api", actor_id=ian.pk, action__contains="retried"
    ).exists()
    again = api(ian).post(url)
    assert again.status_code == 422
    assert again.json()["detail"] == "Only a failed publication can be retried."


def test_it_lists_an_executives_channel_accounts_without_secrets(api, erin, ian, frank):
    account(erin.person, "mastodon", handle="@erin@second.example", access_token="s3cret")

    response = api(ian).get(f"/api/people/{ERIN}/channels")

    assert response.status_code == 200
    body = response.json()
    assert [a["network"] for a in body] == ["bluesky", "linkedin", "mastodon", "mastodon", "x"]
    assert body[0]["status"] == "connected" and body[0]["can_publish"] is True
    assert "s3cret" not in response.content.decode()
    assert "access_token" not in body[0]
    assert api(frank).get(f"/api/people/{ERIN}/channels").status_code == 404


def test_it_does_not_lose_approval_state_when_nothing_changes(api, ian, erin):
    post = do_create_post(erin, erin.person, "Mine.", {"mastodon": {"text": "Mine."}})

    body = api(ian).patch(f"/api/posts/{post.pk}", {}).json()

    assert body["revision"] == 1
    assert body["needs_approval"] is False


# --- generated requests against a real post --------------------------------------------------

posts_operations = deep_fuzz("Posts")
channel_operations = deep_fuzz("Channels")
FUZZ = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def fuzz_posts(keep_connection_for_wsgi, ian, erin) -> tuple[Post, Publication]:
    """A post ian wrote for erin, scheduled (held for her approval); and another whose X
    publication failed (for retry: a started post refuses the other changes)."""
    post = draft(ian, erin.person, networks=("mastodon", "x", "bluesky"))
    do_schedule(ian, post, timezone.now() + dt.timedelta(days=3))
    failed_post = draft(erin, erin.person, networks=("x",))
    (failed,) = do_schedule(erin, failed_post, None)
    failed.state, failed.last_error = Publication.State.FAILED, "X refused it."
    failed.save()
    return post, failed


@posts_operations.parametrize()
@FUZZ
def test_it_answers_generated_requests_on_real_posts(case, fuzz_posts, carol):
    """No 5xx, and every answer as documented, when the bodies reach the actions."""
    post, failed = fuzz_posts
    if "publication_id" in case.operation.path:
        failed.refresh_from_db()
        if failed.state != Publication.State.FAILED:  # retried by an earlier example
            Publication.objects.filter(pk=failed.pk).update(state=Publication.State.FAILED)
        call_with_ids(case, carol, post_id=failed.post_id, publication_id=failed.pk)
    else:
        call_with_ids(case, carol, post_id=post.pk)


@channel_operations.parametrize()
@FUZZ
def test_it_answers_generated_requests_on_real_accounts(case, keep_connection_for_wsgi, erin):
    call_with_ids(case, erin, slug=ERIN)


# --- the interactive docs ------------------------------------------------------------------


@pytest.mark.browser
def test_the_docs_describe_the_post_operations_and_run_them(page, carol, erin):
    draft(erin, erin.person, "Lisbon opens its doors today.")
    sign_in(page, carol.email, PASSWORD)
    page.goto("/api/docs")
    page.wait_for_selector(".opblock")

    paths = set(page.locator(".opblock-summary-path").all_inner_texts())
    assert {
        "/api/posts",
        "/api/posts/{post_id}/schedule",
        "/api/posts/{post_id}/publications/{publication_id}/retry",
        "/api/people/{slug}/channels",
        "/api/articles/{article_id}/announce",
        "/api/comments/{comment_id}/moderate",
    } <= paths
    schedule = page.locator("#operations-Posts-schedule_post")
    schedule.locator(".opblock-summary").click()
    expect(schedule.locator(".opblock-description")).to_contain_text("next free posting")
    shoot(page, "api-docs-posts")

    listing = page.locator("#operations-Posts-list_posts")
    listing.locator(".opblock-summary").click()
    listing.get_by_role("button", name="Try it out").click()
    listing.get_by_role("button", name="Execute").click()
    status = listing.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for()
    expect(listing.locator(".live-responses-table")).to_contain_text("Lisbon opens its doors")
    listing.screenshot(path=str(SCREENSHOTS / "api-docs-list-posts.png"))
    assert status.inner_text().strip() == "200"
