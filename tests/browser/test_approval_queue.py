"""An approver works through the queue at /approvals/ in chromium: approves one draft in place,
sends another back with a comment pinned to its words, and the queue empties."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from podium.governance import approvals
from podium.governance.chains import ApprovalRun
from podium.outbox.models import Publication
from tests.browser.support import shoot, sign_in
from tests.conftest import PASSWORD
from tests.governance.chaining import chain, scheduled_post

pytestmark = pytest.mark.browser


def test_an_approver_approves_one_and_sends_one_back(
    page: Page, transactional_db, erin, carol, arthur
):
    chain(carol)
    first = scheduled_post(erin, erin.person, text="Our results are in: a record year.")
    second = scheduled_post(erin, erin.person, text="We will grow 40% next year.")
    first_run = approvals.run_of(first.latest_revision)
    second_run = approvals.run_of(second.latest_revision)

    sign_in(page, arthur.email, PASSWORD)
    page.goto("/approvals/")
    expect(page.get_by_test_id("my-queue-count")).to_have_text("2")
    item = page.get_by_test_id(f"queue-item-{first_run.pk}")
    expect(item).to_contain_text("Legal review")
    expect(item).to_contain_text("Our results are in: a record year.")
    shoot(page, "approval-queue")

    item.get_by_test_id(f"approve-run-{first_run.pk}").click()
    expect(page.locator(".alert-success")).to_contain_text("Approved this exact text")
    expect(page.get_by_test_id("my-queue-count")).to_have_text("1")

    other = page.get_by_test_id(f"queue-item-{second_run.pk}")
    other.get_by_test_id(f"send-back-open-{second_run.pk}").click()
    other.get_by_label("Comment for the writer").fill("A forward-looking claim: ask legal.")
    other.get_by_label("Pinned to the text of").select_option(label="Mastodon")
    other.get_by_label("From character").fill("3")
    other.get_by_label("To character").fill("12")
    other.get_by_test_id(f"send-back-{second_run.pk}").click()
    expect(page.locator(".alert-success")).to_contain_text("Sent back to the writer")
    expect(page.get_by_test_id("my-queue-empty")).to_be_visible()
    shoot(page, "approval-queue-empty")

    first_run.refresh_from_db()
    second_run.refresh_from_db()
    assert first_run.state == ApprovalRun.State.APPROVED
    assert set(Publication.objects.filter(post=first).values_list("state", flat=True)) == {
        "scheduled"
    }
    assert second_run.state == ApprovalRun.State.SENT_BACK
    comment = second_run.approvals.get()
    assert second.latest_revision.variants.get().text[comment.start : comment.end] == "will grow"
