"""LinkedIn connector against recorded responses: publish, images, errors, find, refresh."""

from __future__ import annotations

import datetime as dt
import json

import httpx
import pytest
import respx
import time_machine
from django.utils import timezone

from podium.channels.base import (
    AuthExpired,
    InvalidContent,
    Media,
    OutcomeUnknown,
    Part,
    RateLimited,
    Transient,
    Variant,
)
from podium.channels.linkedin.client import API_VERSION
from podium.channels.linkedin.connector import LinkedInConnector, little_text, plain_text
from podium.channels.models import ChannelAccount
from podium.channels.registry import connector_for
from podium.outbox.reconciling import expected_of
from tests.channels.conftest import publication_for
from tests.channels.recordings import load, replay

NOW = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
POSTS = "https://api.linkedin.com/rest/posts"
IMAGES = "https://api.linkedin.com/rest/images"
TOKEN = "https://www.linkedin.com/oauth/v2/accessToken"
TEXT = "Our new hotel in Porto opens today (finally)! #hospitality"
URN = "urn:li:share:7265440125393698816"


@pytest.fixture
def account(erin) -> ChannelAccount:
    return ChannelAccount.objects.create(
        person=erin.person,
        network="linkedin",
        handle="Erin Executive",
        status=ChannelAccount.Status.CONNECTED,
        remote_account_id="782bbtaQ",
        access_token="AQX-current-token",
        token_expires_at=timezone.now() + dt.timedelta(days=30),
        scopes="openid profile w_member_social",
    )


@pytest.fixture
def linkedin(settings):
    settings.LINKEDIN_CLIENT_ID = "86abcdefgh1234"
    settings.LINKEDIN_CLIENT_SECRET = "linkedin-secret"
    with respx.mock(assert_all_mocked=True, assert_all_called=False) as mock:
        yield mock


def post(text: str = TEXT, **kwargs) -> Variant:
    return Variant(parts=(Part(text=text, **kwargs),))


def test_it_is_the_registered_linkedin_connector(account) -> None:
    assert isinstance(connector_for(account), LinkedInConnector)


def test_it_counts_and_validates_without_an_account() -> None:
    connector = LinkedInConnector(None)
    assert connector.count("é" * 10) == 10
    assert connector.validate(post("x" * 3000)) == []
    [too_long] = connector.validate(post("x" * 3001))
    assert "3000" in too_long.message
    thread = Variant(parts=(Part(text="one"), Part(text="two")))
    [problem] = connector.validate(thread)
    assert problem.blocking
    assert "LinkedIn has no threads" in problem.message


def test_it_escapes_linkedin_reserved_characters_but_keeps_hashtags() -> None:
    escaped = little_text("Hello (world) @you [x] *bold* #tag")
    assert escaped == r"Hello \(world\) \@you \[x\] \*bold\* #tag"
    assert plain_text(escaped) == "Hello (world) @you [x] *bold* #tag"


def test_it_publishes_a_post(account, linkedin) -> None:
    route = linkedin.post(POSTS).mock(return_value=replay("linkedin/post_created"))
    remote = LinkedInConnector(account).publish(post(), "key-1")
    assert remote.remote_id == URN
    assert remote.url == f"https://www.linkedin.com/feed/update/{URN}/"
    assert remote.part_ids == (URN,)
    sent = route.calls.last.request
    assert sent.headers["LinkedIn-Version"] == API_VERSION
    assert sent.headers["X-Restli-Protocol-Version"] == "2.0.0"
    assert sent.headers["Authorization"] == "Bearer AQX-current-token"
    body = json.loads(sent.content)
    assert body == {
        "author": "urn:li:person:782bbtaQ",
        "commentary": r"Our new hotel in Porto opens today \(finally\)! #hospitality",
        "visibility": "PUBLIC",
        "distribution": {
            "feedDistribution": "MAIN_FEED",
            "targetEntities": [],
            "thirdPartyDistributionChannels": [],
        },
        "lifecycleState": "PUBLISHED",
        "isReshareDisabledByAuthor": False,
    }


def test_a_link_becomes_a_card_with_the_pages_own_title(account, linkedin) -> None:
    page = (
        '<html><head><title>Porto</title><meta property="og:title" content="Harbour &amp; Pine '
        'Porto opens"><meta property="og:description" content="Rooms from March."></head></html>'
    )
    linkedin.get("https://example.com/a").mock(
        return_value=httpx.Response(200, html=page, headers={"Content-Type": "text/html"})
    )
    route = linkedin.post(POSTS).mock(return_value=replay("linkedin/post_created"))
    variant = Variant(parts=(Part(text="Read this"),), link="https://example.com/a")
    LinkedInConnector(account).publish(variant, "key-1")
    body = json.loads(route.calls.last.request.content)
    assert body["commentary"] == "Read this"
    assert body["content"] == {
        "article": {
            "source": "https://example.com/a",
            "title": "Harbour & Pine Porto opens",
            "description": "Rooms from March.",
        }
    }


def test_with_images_the_link_goes_at_the_end_of_the_text(account, linkedin, tmp_path) -> None:
    image = tmp_path / "rooftop.png"
    image.write_bytes(b"png")
    started = load("linkedin/images_initialize")["body"]["value"]
    linkedin.post(f"{IMAGES}?action=initializeUpload").mock(
        return_value=replay("linkedin/images_initialize")
    )
    linkedin.put(started["uploadUrl"]).mock(return_value=replay("linkedin/image_uploaded"))
    route = linkedin.post(POSTS).mock(return_value=replay("linkedin/post_created"))
    media = Media(path=str(image), mime_type="image/png", size=3, alt_text="Rooftop")
    variant = Variant(parts=(Part(text="Read this", media=(media,)),), link="https://example.com/a")
    LinkedInConnector(account).publish(variant, "key-1")
    body = json.loads(route.calls.last.request.content)
    assert body["commentary"] == "Read this\n\nhttps://example.com/a"
    assert "media" in body["content"]


def test_it_publishes_an_image_with_alt_text(account, linkedin, tmp_path) -> None:
    image = tmp_path / "rooftop.png"
    image.write_bytes(b"\x89PNG fake image bytes")
    started = load("linkedin/images_initialize")["body"]["value"]
    init = linkedin.post(f"{IMAGES}?action=initializeUpload").mock(
        return_value=replay("linkedin/images_initialize")
    )
    upload = linkedin.put(started["uploadUrl"]).mock(return_value=replay("linkedin/image_uploaded"))
    create = linkedin.post(POSTS).mock(return_value=replay("linkedin/post_created"))
    media = Media(path=str(image), mime_type="image/png", size=22, alt_text="The rooftop at dusk")
    LinkedInConnector(account).publish(post(media=(media,)), "key-1")
    assert json.loads(init.calls.last.request.content) == {
        "initializeUploadRequest": {"owner": "urn:li:person:782bbtaQ"}
    }
    assert upload.calls.last.request.content == b"\x89PNG fake image bytes"
    assert json.loads(create.calls.last.request.content)["content"] == {
        "media": {"id": "urn:li:image:D4E10AQFoyyAjHPMQuQ", "altText": "The rooftop at dusk"}
    }


def test_it_refuses_a_blocking_problem_before_calling(account, linkedin) -> None:
    with pytest.raises(InvalidContent, match="no threads"):
        LinkedInConnector(account).publish(
            Variant(parts=(Part(text="one"), Part(text="two"))), "key-1"
        )
    assert not linkedin.calls


def test_a_401_without_a_refresh_token_is_auth_expired(account, linkedin) -> None:
    linkedin.post(POSTS).mock(return_value=replay("linkedin/post_401"))
    with pytest.raises(AuthExpired, match="reconnect LinkedIn") as caught:
        LinkedInConnector(account).publish(post(), "key-1")
    assert "revoked" in caught.value.message
    assert "AQX-current-token" not in caught.value.message


def test_a_401_with_a_refresh_token_refreshes_once_and_retries(account, linkedin) -> None:
    account.refresh_token = "AQW-refresh"
    account.save()
    linkedin.post(POSTS).mock(
        side_effect=[replay("linkedin/post_401"), replay("linkedin/post_created")]
    )
    refresh = linkedin.post(TOKEN).mock(return_value=replay("linkedin/token_refreshed"))
    remote = LinkedInConnector(account).publish(post(), "key-1")
    assert remote.remote_id == URN
    form = dict(httpx.QueryParams(refresh.calls.last.request.content.decode()))
    assert form["grant_type"] == "refresh_token"
    assert form["refresh_token"] == "AQW-refresh"
    account.refresh_from_db()
    assert account.access_token == "AQUvlL_DYEzvT2wz1QJiEPeLioeA-refreshed"
    assert account.refresh_token.startswith("AQWAft_")
    assert account.token_expires_at > timezone.now() + dt.timedelta(days=59)


def test_an_expired_token_without_refresh_is_auth_expired_before_any_call(
    account, linkedin
) -> None:
    account.token_expires_at = timezone.now() - dt.timedelta(minutes=1)
    account.save()
    with pytest.raises(AuthExpired, match="60-day access"):
        LinkedInConnector(account).publish(post(), "key-1")
    assert not linkedin.calls


def test_a_token_about_to_expire_is_refreshed_first(account, linkedin) -> None:
    account.refresh_token = "AQW-refresh"
    account.token_expires_at = timezone.now() + dt.timedelta(minutes=2)
    account.save()
    linkedin.post(TOKEN).mock(return_value=replay("linkedin/token_refreshed"))
    route = linkedin.post(POSTS).mock(return_value=replay("linkedin/post_created"))
    LinkedInConnector(account).publish(post(), "key-1")
    assert route.calls.last.request.headers["Authorization"].endswith("-refreshed")


def test_a_refused_refresh_is_auth_expired(account, linkedin) -> None:
    account.refresh_token = "AQW-revoked"
    account.token_expires_at = timezone.now() - dt.timedelta(minutes=2)
    account.save()
    linkedin.post(TOKEN).mock(return_value=replay("linkedin/token_invalid_grant"))
    with pytest.raises(AuthExpired, match="invalid_grant"):
        LinkedInConnector(account).publish(post(), "key-1")


def test_a_403_for_a_missing_permission_names_it(account, linkedin) -> None:
    linkedin.post(POSTS).mock(return_value=replay("linkedin/post_403_permission"))
    with pytest.raises(AuthExpired, match="w_member_social"):
        LinkedInConnector(account).publish(post(), "key-1")


def test_a_422_duplicate_is_the_post_already_published(account, linkedin) -> None:
    linkedin.post(POSTS).mock(return_value=replay("linkedin/post_422_duplicate"))
    remote = LinkedInConnector(account).publish(post(), "key-1")
    assert remote.remote_id == URN
    assert remote.url.endswith(f"{URN}/")


def test_another_422_is_invalid_content_with_linkedins_message(account, linkedin) -> None:
    linkedin.post(POSTS).mock(return_value=replay("linkedin/post_422_invalid"))
    with pytest.raises(InvalidContent, match="exceeds the maximum allowed 3000"):
        LinkedInConnector(account).publish(post(), "key-1")


@time_machine.travel(NOW, tick=False)
def test_a_429_waits_until_linkedins_daily_reset(account, linkedin) -> None:
    linkedin.post(POSTS).mock(return_value=replay("linkedin/post_429"))
    with pytest.raises(RateLimited, match="DAY limit") as caught:
        LinkedInConnector(account).publish(post(), "key-1")
    assert caught.value.retry_after == 15 * 3600  # 09:00 UTC to midnight UTC


def test_a_429_with_retry_after_uses_it(account, linkedin) -> None:
    limited = replay("linkedin/post_429")
    limited.headers["Retry-After"] = "120"
    linkedin.post(POSTS).mock(return_value=limited)
    with pytest.raises(RateLimited) as caught:
        LinkedInConnector(account).publish(post(), "key-1")
    assert caught.value.retry_after == 120


def test_a_5xx_is_transient(account, linkedin) -> None:
    linkedin.post(POSTS).mock(return_value=replay("linkedin/post_500"))
    with pytest.raises(Transient, match="500"):
        LinkedInConnector(account).publish(post(), "key-1")


def test_a_timeout_after_sending_is_an_unknown_outcome(account, linkedin) -> None:
    linkedin.post(POSTS).mock(side_effect=httpx.ReadTimeout("timed out"))
    with pytest.raises(OutcomeUnknown):
        LinkedInConnector(account).publish(post(), "key-1")


def test_a_refused_connection_is_transient(account, linkedin) -> None:
    linkedin.post(POSTS).mock(side_effect=httpx.ConnectError("refused"))
    with pytest.raises(Transient):
        LinkedInConnector(account).publish(post(), "key-1")


@time_machine.travel(NOW, tick=False)
def test_find_recognises_our_post_by_text_and_time(account, linkedin) -> None:
    publication = publication_for(account, state="unknown", text=TEXT)
    route = linkedin.get(POSTS).mock(return_value=replay("linkedin/posts_by_author"))
    remote = LinkedInConnector(account).find(expected_of(publication))
    assert remote is not None
    assert remote.remote_id == URN
    query = route.calls.last.request.url.query.decode()
    assert "author=urn%3Ali%3Aperson%3A782bbtaQ" in query
    assert "q=author" in query


@time_machine.travel(NOW, tick=False)
def test_find_ignores_the_same_text_posted_before_the_publication_was_due(
    account, linkedin
) -> None:
    # "Thank you to every team..." is on the profile, but from a week before.
    publication = publication_for(
        account, state="unknown", text="Thank you to every team that made this quarter count."
    )
    linkedin.get(POSTS).mock(return_value=replay("linkedin/posts_by_author"))
    assert LinkedInConnector(account).find(expected_of(publication)) is None


@time_machine.travel(NOW, tick=False)
def test_find_says_none_when_it_never_went_out(account, linkedin) -> None:
    publication = publication_for(account, state="unknown", text="Never sent")
    linkedin.get(POSTS).mock(return_value=replay("linkedin/posts_by_author"))
    assert LinkedInConnector(account).find(expected_of(publication)) is None


@time_machine.travel(NOW, tick=False)
def test_find_without_the_read_permission_cannot_confirm(account, linkedin) -> None:
    publication = publication_for(account, state="unknown", text=TEXT)
    linkedin.get(POSTS).mock(return_value=replay("linkedin/posts_403"))
    with pytest.raises(OutcomeUnknown, match="r_member_social"):
        LinkedInConnector(account).find(expected_of(publication))


def test_publish_needs_an_account() -> None:
    with pytest.raises(AuthExpired, match="connect LinkedIn"):
        LinkedInConnector(None).publish(post(), "key-1")


def test_tokens_never_show_in_reprs(account) -> None:
    from podium.channels.linkedin.client import LinkedInClient

    assert "AQX" not in repr(LinkedInClient(account.access_token))


def test_followers_only_becomes_connections_on_linkedin(account, linkedin) -> None:
    route = linkedin.post(POSTS).mock(return_value=replay("linkedin/post_created"))
    variant = Variant(parts=(Part(text="For my network"),), visibility="private")
    LinkedInConnector(account).publish(variant, "key-1")
    assert json.loads(route.calls.last.request.content)["visibility"] == "CONNECTIONS"
