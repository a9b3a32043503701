"""The policy API: topics, the roster and rules per role, a check of a text, and a post's
topics through the posts API and the CSV import."""

from __future__ import annotations

import csv
import io

import pytest
from django.utils import timezone

from podium.governance.models import AuditEntry
from podium.planning import csv_import
from podium.policy.models import RosterEntry, Rule, Topic
from podium.publishing.models import Post
from tests.policy.building import rule, topic
from tests.publishing.composing import erin_accounts  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("erin_accounts")]
YEAR = timezone.now().year + 1


def test_communications_keep_topics_and_others_read_them(api, carol, arthur, erin):
    made = api(carol).post("/api/topics", {"name": "Results"})
    assert made.status_code == 201 and made.json()["slug"] == "results"
    assert api(erin).post("/api/topics", {"name": "Mine"}).status_code == 403
    listed = api(arthur).get("/api/topics").json()
    assert [t["slug"] for t in listed["items"]] == ["results"]
    topic_id = made.json()["id"]
    assert (
        api(carol)
        .patch(f"/api/topics/{topic_id}", {"description": "Numbers"})
        .json()["description"]
        == "Numbers"
    )
    assert api(carol).delete(f"/api/topics/{topic_id}").status_code == 204
    assert not Topic.objects.exists()


def test_a_broken_expression_is_refused_over_the_api_with_its_position(api, carol):
    response = api(carol).post(
        "/api/policy/rules",
        {
            "name": "Claims",
            "kind": "legal",
            "match": "regex",
            "patterns": ["will (grow"],
            "effect": "step",
            "reason": "Legal reads it.",
        },
    )
    body = response.json()
    assert response.status_code == 422, body
    assert "position 5" in body["errors"]["patterns"]
    assert not Rule.objects.exists()


def test_rules_are_read_by_approvers_and_written_by_communications(api, carol, arthur, erin):
    made = api(carol).post(
        "/api/policy/rules",
        {
            "name": "No promises",
            "kind": "banned",
            "patterns": ["guaranteed"],
            "effect": "block",
            "reason": "We never promise.",
        },
    )
    assert made.status_code == 201, made.json()
    assert made.json()["patterns"] == ["guaranteed"]
    assert api(arthur).get("/api/policy/rules").json()["count"] == 1
    assert api(erin).get("/api/policy/rules").status_code == 403
    assert (
        api(arthur).patch(f"/api/policy/rules/{made.json()['id']}", {"reason": "x"}).status_code
        == 403
    )
    assert AuditEntry.objects.filter(action="policy_rule.created", via="api").exists()


def test_the_roster_over_the_api_refuses_an_end_before_the_start(api, carol, erin):
    refused = api(carol).post(
        "/api/roster",
        {
            "person": erin.person.slug,
            "networks": ["x"],
            "starts_on": "2027-02-01",
            "ends_on": "2027-01-01",
        },
    )
    assert refused.status_code == 422
    assert "before the start" in refused.json()["errors"]["ends_on"]
    assert not RosterEntry.objects.exists()
    made = api(carol).post(
        "/api/roster", {"person": erin.person.slug, "networks": ["x"], "starts_on": "2027-01-01"}
    )
    assert made.status_code == 201 and made.json()["ends_on"] is None
    assert api(erin).get("/api/roster").json()["items"][0]["person"] == erin.person.slug


def test_checking_a_text_gives_the_findings_with_offsets(api, carol, erin):
    rule(carol, kind="legal", patterns="we expect", effect="step", reason="Legal reads it.")
    response = api(erin).post(
        "/api/policy/check", {"person": erin.person.slug, "text": "This year we expect more."}
    )
    assert response.status_code == 200
    (finding,) = response.json()["findings"]
    assert (finding["start"], finding["end"], finding["effect"]) == (10, 19, "step")
    assert response.json()["blocking"] is False


def test_a_post_is_tagged_over_the_api_and_an_unknown_slug_is_named(api, carol, erin):
    topic(carol, "Partnerships")
    refused = api(erin).post(
        "/api/posts",
        {"person": erin.person.slug, "text": "Hi", "variants": {"x": {}}, "topics": ["nope"]},
    )
    assert refused.status_code == 422 and "nope" in str(refused.json()["errors"])
    assert not Post.objects.exists()
    made = api(erin).post(
        "/api/posts",
        {
            "person": erin.person.slug,
            "text": "Hi",
            "variants": {"x": {}},
            "topics": ["partnerships"],
        },
    )
    assert made.status_code == 201 and made.json()["topics"] == ["partnerships"]
    post_id = made.json()["id"]
    edited = api(erin).patch(f"/api/posts/{post_id}", {"topics": []})
    assert edited.json()["topics"] == []


def _csv(*rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(
        [["executive", "networks", "text", "scheduled_at", "topics"], *rows]
    )
    return buffer.getvalue().encode()


def test_the_csv_import_reads_topics_and_names_an_unknown_one(carol, erin):
    topic(carol, "Partnerships")
    topic(carol, "Hiring")
    bad = csv_import.do_import(
        carol, _csv(["erin-executive", "x", "Hi", f"{YEAR}-05-04 09:00", "hiring; culture"])
    )
    assert bad.errors[0].problems == [
        "topics: unknown topic culture: use a slug listed under Topics."
    ]
    assert not Post.objects.exists()
    good = csv_import.do_import(
        carol, _csv(["erin-executive", "x", "Hi", f"{YEAR}-05-04 09:00", "hiring,partnerships"])
    )
    assert not good.errors
    (post,) = good.posts
    assert sorted(post.topics.values_list("slug", flat=True)) == ["hiring", "partnerships"]
