"""The public portal's pages and the comms' pages, as a visitor and as staff use them."""

from __future__ import annotations

import feedparser
import pytest
from django.test import Client
from django.urls import reverse

from podium.ideas import actions
from podium.ideas.models import Idea, Moderation, Status, Vote
from tests.ideas.helpers import board, browser_of, category, idea, identity

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal(organisation):
    guests = board("Guests")
    breakfast = category("Breakfast")
    popular = idea("Serve breakfast until noon", category=breakfast)
    for n in range(3):
        actions.do_vote(identity(f"v{n}@example.org"), popular)
    newer = idea("Oat milk in every room")
    return {"board": guests, "category": breakfast, "popular": popular, "newer": newer}


def titles(response) -> list[str]:
    return [i.title for i in response.context["page"]]


def test_the_index_sorts_by_votes_and_by_newest(client, portal):
    assert titles(client.get(reverse("ideas-index"))) == [
        "Serve breakfast until noon",
        "Oat milk in every room",
    ]
    newest = titles(client.get(reverse("ideas-index"), {"sort": "new"}))
    assert newest[0] == "Oat milk in every room"
    page = client.get(reverse("ideas-index")).content.decode()
    assert "Meridian Hotels" in page and "4 votes" in page


def test_the_index_filters_by_status_category_and_words(client, carol, portal):
    actions.do_change_status(carol, portal["newer"], Status.PLANNED)
    assert titles(client.get(reverse("ideas-index"), {"status": "planned"})) == [
        "Oat milk in every room"
    ]
    assert titles(client.get(reverse("ideas-index"), {"category": "breakfast"})) == [
        "Serve breakfast until noon"
    ]
    assert titles(client.get(reverse("ideas-index"), {"q": "oat milk"})) == [
        "Oat milk in every room"
    ]


def test_the_roadmap_shows_planned_started_and_launched(client, carol, portal):
    actions.do_change_status(carol, portal["popular"], Status.LAUNCHED)
    page = client.get(reverse("ideas-roadmap")).content.decode()
    assert "Launched" in page and "Serve breakfast until noon" in page
    assert "Oat milk" not in page


def test_a_staff_board_is_hidden_from_the_public_and_seen_by_staff(client, carol, portal):
    inside = idea("Quieter staff rota app", board=board("Staff", visibility="staff"))
    assert client.get(reverse("ideas-show-idea", args=[inside.pk])).status_code == 404
    assert "Quieter" not in client.get(reverse("ideas-index")).content.decode()
    client.force_login(carol)
    assert client.get(reverse("ideas-show-idea", args=[inside.pk])).status_code == 200


def test_an_idea_page_shows_votes_comments_and_history_not_notes(client, carol, erin, portal):
    popular = portal["popular"]
    actions.do_change_status(carol, popular, Status.UNDER_REVIEW, "Our chefs are looking.")
    actions.do_staff_comment(carol, popular, "Costs 2 cooks.", internal=True)
    actions.do_official_answer(erin, popular, erin.person, "We start in May.")
    pending = actions.do_official_answer(carol, popular, erin.person, "Draft words.")
    page = client.get(reverse("ideas-show-idea", args=[popular.pk])).content.decode()
    assert "4 votes" in page and "Our chefs are looking." in page
    assert "We start in May." in page and "Official answer" in page
    assert "Costs 2 cooks." not in page and "Draft words." not in page
    assert pending.pk


def test_voting_through_the_page_counts_once(portal):
    nora = identity()
    browser = browser_of(nora)
    url = reverse("ideas-vote-idea", args=[portal["newer"].pk])
    browser.post(url)
    browser.post(url)
    assert Vote.objects.filter(idea=portal["newer"], identity=nora).count() == 1
    page = browser.get(reverse("ideas-show-idea", args=[portal["newer"].pk])).content.decode()
    assert "You voted" in page and "2 votes" in page
    browser.post(url, {"vote": "remove"})
    assert not Vote.objects.filter(identity=nora).exists()


def test_an_unverified_identity_is_told_why_its_vote_does_not_count(portal):
    browser = browser_of(identity(verified=False))
    response = browser.post(reverse("ideas-vote-idea", args=[portal["newer"].pk]), follow=True)
    assert "Open the link we emailed you first" in response.content.decode()
    assert portal["newer"].votes.count() == 1


def test_a_merged_idea_redirects_to_the_one_it_was_merged_into(client, carol, portal):
    actions.do_merge(carol, portal["newer"], portal["popular"])
    response = client.get(reverse("ideas-show-idea", args=[portal["newer"].pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("ideas-show-idea", args=[portal["popular"].pk])
    browser = browser_of(identity())
    refused = browser.post(
        reverse("ideas-comment-idea", args=[portal["newer"].pk]), {"body": "Hello"}
    )
    assert refused.status_code == 400 and "merged into" in refused.content.decode()
    assert "Hello</textarea>" in refused.content.decode()


def test_submitting_an_idea_and_the_honeypot(portal):
    nora = identity()
    browser = browser_of(nora)
    assert b"Share my idea" in browser.get(reverse("ideas-submit-idea")).content
    data = {"title": "Late checkout on Sundays", "board": portal["board"].pk, "description": ""}
    response = browser.post(reverse("ideas-submit-idea"), data)
    made = Idea.objects.get(title="Late checkout on Sundays")
    assert response["Location"] == made.get_absolute_url()
    assert made.author == nora and made.vote_count == 1
    browser.post(reverse("ideas-submit-idea"), {**data, "title": "Bot", "website": "x"})
    assert not Idea.objects.filter(title="Bot").exists()


def test_a_refused_idea_keeps_what_was_typed(portal):
    browser = browser_of(identity())
    response = browser.post(
        reverse("ideas-submit-idea"),
        {"title": "", "description": "Keep me", "board": portal["board"].pk},
    )
    assert response.status_code == 400
    assert "Keep me" in response.content.decode()


def test_a_premoderated_board_waits_for_comms(client, carol, organisation):
    held = board("Suggestions", premoderated=True)
    waiting = idea("Rooftop yoga", board=held)
    assert waiting.moderation == Moderation.PENDING
    assert client.get(reverse("ideas-show-idea", args=[waiting.pk])).status_code == 404
    client.force_login(carol)
    assert "Rooftop yoga" in client.get(reverse("ideas-moderate-ideas")).content.decode()
    client.post(reverse("ideas-moderate-idea", args=[waiting.pk]), {"decision": "approved"})
    assert Client().get(reverse("ideas-show-idea", args=[waiting.pk])).status_code == 200


def test_similar_ideas_are_suggested_while_typing(client, portal):
    response = client.get(reverse("ideas-similar-ideas"), {"title": "breakfast later please"})
    assert "Serve breakfast until noon" in response.content.decode()
    assert client.get(reverse("ideas-similar-ideas"), {"title": "zz"}).content.strip() == b""


def test_the_feeds_per_status_and_category(client, carol, portal):
    actions.do_change_status(carol, portal["popular"], Status.LAUNCHED)
    feed = feedparser.parse(client.get(reverse("ideas-status-feed", args=["launched"])).content)
    assert [e.title for e in feed.entries] == ["Serve breakfast until noon"]
    by_category = feedparser.parse(
        client.get(reverse("ideas-category-feed", args=["breakfast"])).content
    )
    assert [e.title for e in by_category.entries] == ["Serve breakfast until noon"]
    assert client.get(reverse("ideas-status-feed", args=["nonsense"])).status_code == 404


def test_comms_change_a_status_and_merge_from_the_staff_page(client, carol, portal):
    client.force_login(carol)
    url = reverse("ideas-manage-idea", args=[portal["newer"].pk])
    assert client.get(url).status_code == 200
    refused = client.post(
        reverse("ideas-change-status", args=[portal["newer"].pk]), {"status": "declined"}
    )
    assert refused.status_code == 400 and "Write the message" in refused.content.decode()
    client.post(
        reverse("ideas-change-status", args=[portal["newer"].pk]),
        {"status": "started", "message": "Rolling out."},
    )
    portal["newer"].refresh_from_db()
    assert portal["newer"].status == Status.STARTED
    itself = client.post(
        reverse("ideas-merge-idea", args=[portal["newer"].pk]), {"into": portal["newer"].pk}
    )
    assert "cannot be merged into itself" in itself.content.decode()
    client.post(
        reverse("ideas-merge-idea", args=[portal["newer"].pk]), {"into": portal["popular"].pk}
    )
    portal["newer"].refresh_from_db()
    assert portal["newer"].merged_into == portal["popular"]


def test_an_executive_approves_an_answer_written_for_them(client, carol, erin, portal):
    answer = actions.do_official_answer(carol, portal["popular"], erin.person, "Yes, in May.")
    client.force_login(erin)
    page = client.get(reverse("ideas-manage-idea", args=[portal["popular"].pk])).content
    assert b"Approve this answer in my name" in page
    client.post(reverse("ideas-approve-answer", args=[answer.pk]))
    answer.refresh_from_db()
    assert answer.approved_by == erin


def test_the_sidebar_links_comms_and_executives_to_ideas(client, carol, erin, organisation):
    client.force_login(carol)
    assert (
        reverse("ideas-manage-ideas") in client.get(reverse("ideas-manage-ideas")).content.decode()
    )
    client.force_login(erin)
    page = client.get(reverse("ideas-manage-ideas")).content.decode()
    assert reverse("ideas-moderate-ideas") not in page
    assert client.get(reverse("ideas-moderate-ideas")).status_code == 403


@pytest.mark.parametrize(
    "params",
    [
        {"page": "9" * 40},
        {"page": "-1", "sort": "nonsense", "status": "nonsense"},
        {"q": "é" * 5000, "category": "no-such"},
        {"q": '"*) OR 1=1 --'},
    ],
)
def test_the_index_answers_any_query_string(client, portal, params):
    response = client.get(reverse("ideas-index"), params)
    assert response.status_code == 200
    assert len(response.context["query"]) <= 100
