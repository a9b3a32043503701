"""The local servers the connectors are tested against, driven by the SDKs Podium uses.

These tests check the servers and the SDKs together, before any connector exists: what
signs in, what a repeated write does, what a fault looks like from the client's side.
"""

from __future__ import annotations

import io
import secrets
import time

import httpx
import pytest
from atproto import Client, models
from atproto.exceptions import AtProtocolError, BadRequestError, NetworkError
from mastodon import Mastodon
from mastodon.errors import MastodonNetworkError, MastodonRatelimitError, MastodonServerError
from PIL import Image

from tests.servers.bluesky import BlueskyAccount, BlueskyNetwork
from tests.servers.mastodon import MastodonMock

pytestmark = pytest.mark.servers

POST = "app.bsky.feed.post"
REDIRECT_URI = "http://127.0.0.1:8123/channels/mastodon/callback"
_TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"


def new_tid() -> str:
    """A record key as the AT Protocol defines it: microseconds and a clock id, base32."""
    value = (time.time_ns() // 1000) << 10 | secrets.randbelow(1024)
    return "".join(_TID_ALPHABET[(value >> (5 * i)) & 31] for i in reversed(range(13)))


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


def signed_in(network: BlueskyNetwork, account: BlueskyAccount, password: str) -> Client:
    client = Client(base_url=network.pds_url)
    client.login(account.handle, password, fetch_bsky_profile=network.has_appview)
    return client


def post_record(client: Client, text: str, **extra: object) -> dict[str, object]:
    return {"$type": POST, "text": text, "createdAt": client.get_current_time_iso(), **extra}


def create_post(client: Client, did: str, rkey: str, record: dict[str, object]) -> object:
    return client.com.atproto.repo.create_record(
        models.ComAtprotoRepoCreateRecord.Data(repo=did, collection=POST, rkey=rkey, record=record)
    )


def get_post(client: Client, did: str, rkey: str) -> models.ComAtprotoRepoGetRecord.Response:
    return client.com.atproto.repo.get_record(
        models.ComAtprotoRepoGetRecord.Params(repo=did, collection=POST, rkey=rkey)
    )


# --- Bluesky: PLC + PDS ---------------------------------------------------------------


def test_it_signs_in_with_an_app_password_on_a_pds_without_appview(
    bluesky_network: BlueskyNetwork,
) -> None:
    account = bluesky_network.create_account()
    app_password = bluesky_network.create_app_password(account)

    client = Client(base_url=bluesky_network.pds_url)
    profile = client.login(account.handle, app_password, fetch_bsky_profile=False)

    assert profile is None
    assert client.me is None
    session_did = client.com.atproto.server.get_session().did
    assert session_did == account.did
    # The profile lookup the SDK does by default needs an AppView: without one it fails.
    with pytest.raises(NetworkError):
        Client(base_url=bluesky_network.pds_url).login(account.handle, app_password)


def test_it_posts_with_the_record_key_the_client_chose_and_reads_it_back(
    bluesky_network: BlueskyNetwork,
) -> None:
    account = bluesky_network.create_account()
    client = signed_in(bluesky_network, account, account.password)
    rkey = new_tid()

    created = create_post(client, account.did, rkey, post_record(client, "Our results are out"))
    stored = get_post(client, account.did, rkey)

    assert created.uri == f"at://{account.did}/{POST}/{rkey}"
    assert stored.uri == created.uri
    assert stored.cid == created.cid
    assert stored.value.text == "Our results are out"


def test_it_refuses_a_second_post_with_the_same_record_key(
    bluesky_network: BlueskyNetwork,
) -> None:
    account = bluesky_network.create_account()
    client = signed_in(bluesky_network, account, account.password)
    rkey = new_tid()
    create_post(client, account.did, rkey, post_record(client, "Once"))

    # The PDS (0.5.x) answers a repeated key with a 500, not a clean conflict: a retry
    # cannot duplicate the post, and getRecord tells what happened.
    with pytest.raises(AtProtocolError):
        create_post(client, account.did, rkey, post_record(client, "Once"))

    listed = client.com.atproto.repo.list_records(
        models.ComAtprotoRepoListRecords.Params(repo=account.did, collection=POST)
    )
    assert [r.uri.rsplit("/", 1)[1] for r in listed.records] == [rkey]


def test_it_answers_record_not_found_for_a_key_that_was_never_posted(
    bluesky_network: BlueskyNetwork,
) -> None:
    account = bluesky_network.create_account()
    client = signed_in(bluesky_network, account, account.password)

    with pytest.raises(BadRequestError) as raised:
        get_post(client, account.did, new_tid())

    assert raised.value.response.content.error == "RecordNotFound"


def test_it_stores_an_image_with_its_alt_text(bluesky_network: BlueskyNetwork) -> None:
    account = bluesky_network.create_account()
    client = signed_in(bluesky_network, account, account.password)
    image = png_bytes()
    blob = client.upload_blob(image).blob
    rkey = new_tid()
    embed = models.AppBskyEmbedImages.Main(
        images=[models.AppBskyEmbedImages.Image(alt="Our new office", image=blob)]
    )

    create_post(
        client,
        account.did,
        rkey,
        post_record(client, "Moved!", embed=embed.model_dump(by_alias=True, exclude_none=True)),
    )
    stored = get_post(client, account.did, rkey)
    fetched = client.com.atproto.sync.get_blob(
        models.ComAtprotoSyncGetBlob.Params(did=account.did, cid=str(blob.cid))
    )

    assert stored.value.embed.images[0].alt == "Our new office"
    assert fetched == image


# --- Bluesky: PLC + PDS + AppView -----------------------------------------------------


def test_it_shows_replies_likes_and_reposts_once_the_appview_has_indexed_them(
    bluesky_appview_network: BlueskyNetwork,
) -> None:
    net = bluesky_appview_network
    author = net.create_account()
    reader = net.create_account()
    author_client = signed_in(net, author, author.password)
    reader_client = signed_in(net, reader, reader.password)
    root = author_client.send_post("Thread: what we learned this year")
    ref = models.create_strong_ref(root)
    author_client.send_post(
        "1/ Customers first.", reply_to=models.AppBskyFeedPost.ReplyRef(parent=ref, root=ref)
    )
    reader_client.like(root.uri, root.cid)
    reader_client.repost(root.uri, root.cid)

    net.process_all()
    thread = author_client.get_post_thread(root.uri).thread
    likes = author_client.get_likes(root.uri).likes
    reposted_by = author_client.get_reposted_by(root.uri).reposted_by

    assert [reply.post.record.text for reply in thread.replies] == ["1/ Customers first."]
    assert thread.post.like_count == 1
    assert thread.post.repost_count == 1
    assert [like.actor.handle for like in likes] == [reader.handle]
    assert [profile.handle for profile in reposted_by] == [reader.handle]


# --- Mastodon: mastodon-mock ----------------------------------------------------------


def signed_in_mastodon(server: MastodonMock, **options: object) -> tuple[Mastodon, str]:
    user = server.create_user()
    return Mastodon(access_token=user.access_token, api_base_url=server.base_url, **options), (
        user.access_token
    )


def test_it_registers_an_app_and_signs_in_with_an_authorization_code(
    mastodon_server: MastodonMock,
) -> None:
    person = mastodon_server.create_user(display_name="Erin Executive")
    client_id, client_secret = Mastodon.create_app(
        "Podium",
        api_base_url=mastodon_server.base_url,
        redirect_uris=REDIRECT_URI,
        scopes=["read", "write"],
    )
    app = Mastodon(
        client_id=client_id, client_secret=client_secret, api_base_url=mastodon_server.base_url
    )
    # Mastodon.py refuses http:// OAuth endpoints unless told; only tests use http.
    url = app.auth_request_url(
        redirect_uris=REDIRECT_URI, scopes=["read", "write"], state="s-123", allow_http=True
    )
    consent_page = httpx.get(url)
    code = mastodon_server.authorize(client_id, REDIRECT_URI, person.username, state="s-123")

    token = app.log_in(
        code=code, redirect_uri=REDIRECT_URI, scopes=["read", "write"], allow_http=True
    )
    me = Mastodon(access_token=token, api_base_url=mastodon_server.base_url)

    assert consent_page.status_code == 200
    assert person.username in consent_page.text
    assert me.account_verify_credentials()["username"] == person.username


def test_it_posts_once_when_the_same_idempotency_key_is_sent_twice(
    mastodon_server: MastodonMock,
) -> None:
    client, _ = signed_in_mastodon(mastodon_server)

    first = client.status_post("Quarterly letter is out", idempotency_key="pub-1")
    second = client.status_post("Quarterly letter is out", idempotency_key="pub-1")

    assert second["id"] == first["id"]
    assert first["url"].startswith(mastodon_server.base_url)
    assert len(client.account_statuses(first["account"]["id"])) == 1


def test_it_posts_once_when_a_503_is_retried_with_the_same_key(
    mastodon_server: MastodonMock,
) -> None:
    client, _ = signed_in_mastodon(mastodon_server)
    me = client.account_verify_credentials()

    with mastodon_server.fault(
        path="/api/v1/statuses", methods=["POST"], status=503, count=1
    ) as rule:
        with pytest.raises(MastodonServerError) as raised:
            client.status_post("Hiring in Lyon", idempotency_key="pub-2")
        assert rule.remaining() == 0
    status = client.status_post("Hiring in Lyon", idempotency_key="pub-2")

    assert raised.value.args[1] == 503
    assert [s["id"] for s in client.account_statuses(me["id"])] == [status["id"]]


def test_it_answers_a_rate_limit_with_when_to_try_again(mastodon_server: MastodonMock) -> None:
    client, _ = signed_in_mastodon(mastodon_server, ratelimit_method="throw")
    before = time.time()

    with (
        mastodon_server.fault(path="/api/v1/statuses", methods=["POST"], type="ratelimit", count=1),
        pytest.raises(MastodonRatelimitError),
    ):
        client.status_post("Too soon", idempotency_key="pub-3")

    assert client.ratelimit_remaining == 0
    assert client.ratelimit_reset > before + 60
    assert client.account_statuses(client.account_verify_credentials()["id"]) == []


def test_it_does_not_serve_a_request_the_client_gave_up_on_during_injected_latency(
    mastodon_server: MastodonMock,
) -> None:
    # What a chaos run must know: the mock's latency drops a request whose client left,
    # so "the server accepted it but the client timed out" needs a proxy in front.
    client, token = signed_in_mastodon(mastodon_server)
    impatient = Mastodon(
        access_token=token, api_base_url=mastodon_server.base_url, request_timeout=0.3
    )

    with mastodon_server.fault(
        path="/api/v1/statuses", methods=["POST"], type="latency", delay_ms=1000, count=1
    ):
        with pytest.raises(MastodonNetworkError):
            impatient.status_post("Slow network", idempotency_key="pub-4")
        time.sleep(2.0)

    assert client.account_statuses(client.account_verify_credentials()["id"]) == []


def test_it_posts_an_image_with_its_description(mastodon_server: MastodonMock) -> None:
    client, _ = signed_in_mastodon(mastodon_server)

    media = client.media_post(png_bytes(), mime_type="image/png", description="Our new office")
    status = client.status_post("Moved!", media_ids=[media["id"]], idempotency_key="pub-5")
    shown = client.status(status["id"])

    assert [m["description"] for m in shown["media_attachments"]] == ["Our new office"]
    assert httpx.get(shown["media_attachments"][0]["url"]).status_code == 200
