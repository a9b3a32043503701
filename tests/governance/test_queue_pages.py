"""The approver's queue at /approvals/ and the chain pages: deciding in place, per role."""

from __future__ import annotations

from django.urls import reverse

from podium.accounts.roles import Role
from podium.governance import approvals
from podium.governance.chains import ApprovalRun, Chain
from podium.governance.models import AuditEntry
from podium.outbox.models import Publication
from podium.publishing.actions import do_edit_post
from tests.governance.chaining import chain, scheduled_post

QUEUE = reverse("governance-approver-home")


def test_the_queue_shows_what_waits_for_this_approver_and_approves_in_place(
    client, erin, carol, arthur
):
    chain(carol)
    post = scheduled_post(erin, erin.person, text="Our results are in.")
    run = approvals.run_of(post.latest_revision)
    client.force_login(arthur)

    html = client.get(QUEUE).content.decode()
    assert 'data-testid="my-queue-count">1<' in html
    assert "Legal review" in html
    assert "Our results are in." in html

    response = client.post(
        reverse("governance-approve-run", args=[run.pk]), {"content_hash": run.content_hash}
    )
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.state == ApprovalRun.State.APPROVED
    assert {p.state for p in Publication.objects.filter(post=post)} == {"scheduled"}
    html = client.get(response.url).content.decode()
    assert "Approved this exact text" in html
    assert 'data-testid="my-queue-count">0<' in html


def test_approving_what_changed_since_it_was_opened_is_refused(client, erin, carol, arthur):
    chain(carol)
    post = scheduled_post(erin, erin.person)
    seen = approvals.run_of(post.latest_revision)
    do_edit_post(erin, post, "New words.", {"mastodon": {"text": "New words."}})
    client.force_login(arthur)

    response = client.post(
        reverse("governance-approve-run", args=[seen.pk]),
        {"content_hash": seen.content_hash},
    )

    assert response.status_code == 404  # the old run is void: nothing waits there any more
    assert not AuditEntry.objects.filter(action="approval.approved").exists()


def test_send_back_in_place_keeps_the_comment_and_its_words(client, erin, carol, arthur):
    chain(carol)
    post = scheduled_post(erin, erin.person, text="We will grow 40% next year.")
    run = approvals.run_of(post.latest_revision)
    client.force_login(arthur)

    response = client.post(
        reverse("governance-send-back-run", args=[run.pk]),
        {"comment": "Forward-looking", "network": "mastodon", "start": "3", "end": "12"},
        follow=True,
    )

    assert "Sent back to the writer" in response.content.decode()
    run.refresh_from_db()
    assert run.state == ApprovalRun.State.SENT_BACK
    assert run.approvals.get().comment == "Forward-looking"


def test_a_refused_decision_says_why(client, erin, carol, arthur):
    chain(carol)
    post = scheduled_post(erin, erin.person)
    run = approvals.run_of(post.latest_revision)
    client.force_login(arthur)

    response = client.post(
        reverse("governance-reject-run", args=[run.pk]), {"comment": " "}, follow=True
    )

    assert "Say why" in response.content.decode()
    run.refresh_from_db()
    assert run.state == ApprovalRun.State.WAITING


def test_comms_fast_tracks_from_the_queue_and_someone_else_closes_the_review(
    client, erin, carol, alice, arthur
):
    chain(carol)
    post = scheduled_post(erin, erin.person, text="Correction.")
    client.force_login(carol)
    html = client.get(QUEUE).content.decode()
    assert f'data-testid="fast-track-{post.pk}"' in html

    client.post(reverse("governance-fast-track-post", args=[post.pk]), {"reason": "A false report"})

    run = approvals.run_of(post.latest_revision)
    assert run.state == ApprovalRun.State.FAST_TRACKED
    assert 'data-testid="reviews"' not in client.get(QUEUE).content.decode()
    client.force_login(arthur)
    assert client.post(reverse("governance-fast-track-post", args=[post.pk])).status_code == 403
    html = client.get(QUEUE).content.decode()
    assert 'data-testid="reviews"' in html
    client.post(reverse("governance-close-review", args=[run.review.pk]), {"note": "Right call."})
    run.review.refresh_from_db()
    assert run.review.closed_by == arthur


def test_chains_are_edited_on_their_pages_and_a_step_without_approvers_is_named(
    client, carol, arthur
):
    client.force_login(carol)
    assert client.get(reverse("governance-list-chains")).status_code == 200
    data = {
        "name": "Legal",
        "position": "10",
        "is_active": "on",
        "topics": "Results, Partnerships",
        "step0_name": "Legal review",
        "step0_kind": "any",
        "step0_role": "",
        "step0_hours": "48",
        "step1_name": "Nobody",
        "step1_kind": "all",
        "step1_role": "",
        "step1_hours": "48",
    }
    for i in (2, 3):
        data |= {f"step{i}_kind": "any", f"step{i}_hours": "48"}

    response = client.post(reverse("governance-create-chain"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Step 2 “Legal review” has no eligible approver" in html
    assert "Step 3 “Nobody” has no eligible approver" in html
    assert 'value="Results, Partnerships"' in html
    assert not Chain.objects.exists()

    data |= {"step0_role": Role.APPROVER, "step1_users": [arthur.pk]}
    response = client.post(reverse("governance-create-chain"), data)
    assert response.status_code == 302
    saved = Chain.objects.get()
    assert saved.topics == ["Partnerships", "Results"]
    assert [s.name for s in saved.steps.all()] == ["Legal review", "Nobody"]
    assert client.get(reverse("governance-edit-chain", args=[saved.pk])).status_code == 200

    client.force_login(arthur)
    assert client.get(reverse("governance-list-chains")).status_code == 403
