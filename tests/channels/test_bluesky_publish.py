"""The Bluesky connector against a real local network (PLC + PDS): read back what it posted."""

from __future__ import annotations

import io
import itertools
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from atproto import Client, models
from PIL import Image

from podium.channels.actions import do_connect_account
from podium.channels.base import (
    AuthExpired,
    Expected,
    InvalidContent,
    Media,
    OutcomeUnknown,
    Part,
    Transient,
    Variant,
)
from podium.channels.bluesky import session as session_module
from podium.channels.bluesky import tid
from podium.channels.bluesky.connector import POST, BlueskyConnector
from podium.channels.bluesky.session import create_session
from podium.channels.models import ChannelAccount, Network

pytestmark = [pytest.mark.servers, pytest.mark.django_db]


@pytest.fixture
def remote(bluesky_network):
    return bluesky_network.create_account()


@pytest.fixture
def account(bluesky_network, remote, local_servers, erin) -> ChannelAccount:
    """erin's account on the local network, connected with an app password "Podium"."""
    tokens = create_session(
        bluesky_network.pds_url, remote.handle, bluesky_network.create_app_password(remote)
    )
    return do_connect_account(
        erin,
        erin.person,
        Network.BLUESKY,
        handle=tokens.handle,
        instance_url=tokens.pds_url,
        remote_account_id=tokens.did,
        access_token=tokens.access_jwt,
        refresh_token=tokens.refresh_jwt,
        token_expires_at=tokens.expires_at,
        scopes=tokens.scope,
    )


def reader(network) -> Client:
    return Client(base_url=network.pds_url)


def stored(network, uri: str):
    did, collection, rkey = uri.removeprefix("at://").split("/")
    return reader(network).com.atproto.repo.get_record(
        models.ComAtprotoRepoGetRecord.Params(repo=did, collection=collection, rkey=rkey)
    )


def list_posts(network, did: str) -> list[str]:
    listed = reader(network).com.atproto.repo.list_records(
        models.ComAtprotoRepoListRecords.Params(repo=did, collection=POST)
    )
    return [record.uri for record in listed.records]


def key() -> str:
    return f"pub-{secrets.token_hex(6)}"


def test_it_posts_text_with_facets_at_the_right_bytes(bluesky_network, account) -> None:
    friend = bluesky_network.create_account()
    text = (
        f"Résumé 🎉 of our year: https://example.com/year?ref=podium. "
        f"Thanks @{friend.handle} and @nobody.test! #results"
    )
    publication_key = key()

    remote = BlueskyConnector(account).publish(Variant(parts=(Part(text),)), publication_key)

    rkey = tid.for_part(publication_key, 0, last=True)
    assert remote.remote_id == f"at://{account.remote_account_id}/{POST}/{rkey}"
    assert remote.url == f"https://bsky.app/profile/{account.remote_account_id}/post/{rkey}"
    record = stored(bluesky_network, remote.remote_id).value
    raw = record.text.encode()
    found = [
        (f.features[0].py_type.rsplit("#", 1)[1], raw[f.index.byte_start : f.index.byte_end])
        for f in record.facets
    ]
    assert record.text == text
    assert found == [
        ("link", b"https://example.com/year?ref=podium"),
        ("mention", f"@{friend.handle}".encode()),
        ("tag", b"#results"),
    ]
    assert record.facets[1].features[0].did == friend.did  # @nobody.test stays plain text


def png_file(tmp_path) -> tuple[str, bytes]:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 200)).save(buffer, format="PNG")
    path = tmp_path / "office.png"
    path.write_bytes(buffer.getvalue())
    return str(path), buffer.getvalue()


def test_it_posts_an_image_with_its_alt_text(bluesky_network, account, tmp_path) -> None:
    path, data = png_file(tmp_path)
    media = Media(path=path, mime_type="image/png", size=len(data), alt_text="Our new office")

    remote = BlueskyConnector(account).publish(Variant(parts=(Part("Moved!", (media,)),)), key())

    image = stored(bluesky_network, remote.remote_id).value.embed.images[0]
    blob = reader(bluesky_network).com.atproto.sync.get_blob(
        models.ComAtprotoSyncGetBlob.Params(did=account.remote_account_id, cid=str(image.image.cid))
    )
    assert image.alt == "Our new office"
    assert (image.aspect_ratio.width, image.aspect_ratio.height) == (64, 48)
    assert blob == data


PAGE = b"""<!doctype html><html><head><title>Plain title</title>
<meta property="og:title" content="Annual report 2026 &amp; outlook">
<meta name="description" content="What we did,
and what comes next.">
</head><body>Hello</body></html>"""


@pytest.fixture
def page_url() -> Iterator[str]:
    """A web page on loopback with its own title and description."""

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(PAGE)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/report"
    server.shutdown()
    server.server_close()


def test_it_posts_a_link_card_with_the_pages_title(bluesky_network, account, page_url) -> None:
    variant = Variant(parts=(Part("Our annual report"),), link=page_url)

    remote = BlueskyConnector(account).publish(variant, key())

    external = stored(bluesky_network, remote.remote_id).value.embed.external
    assert external.uri == page_url
    assert external.title == "Annual report 2026 & outlook"
    assert external.description == "What we did, and what comes next."


def test_it_posts_a_link_card_with_the_address_when_the_page_cannot_be_read(
    bluesky_network, account
) -> None:
    link = "http://127.0.0.1:9/closed"
    remote = BlueskyConnector(account).publish(Variant(parts=(Part("See"),), link=link), key())

    external = stored(bluesky_network, remote.remote_id).value.embed.external
    assert (external.uri, external.title, external.description) == (link, link, "")


def test_it_posts_a_thread_with_reply_refs(bluesky_network, account) -> None:
    variant = Variant(parts=(Part("1/ What we learned"), Part("2/ Customers"), Part("3/ People")))

    remote = BlueskyConnector(account).publish(variant, key())

    records = [stored(bluesky_network, uri) for uri in remote.part_ids]
    assert [r.value.text for r in records] == ["1/ What we learned", "2/ Customers", "3/ People"]
    assert records[0].value.reply is None
    root = (records[0].uri, records[0].cid)
    for previous, current in itertools.pairwise(records):
        reply = current.value.reply
        assert (reply.root.uri, reply.root.cid) == root
        assert (reply.parent.uri, reply.parent.cid) == (previous.uri, previous.cid)


def test_it_posts_once_for_one_key_and_finds_it(bluesky_network, account) -> None:
    publication_key = key()
    variant = Variant(parts=(Part("Once only"), Part("and its reply")))
    connector = BlueskyConnector(account)

    first = connector.publish(variant, publication_key)
    again = BlueskyConnector(account).publish(variant, publication_key)

    assert again == first
    assert sorted(list_posts(bluesky_network, account.remote_account_id)) == sorted(first.part_ids)
    assert connector.find(Expected(key=publication_key, texts=())) == first
    assert connector.find(Expected(key=key(), texts=())) is None


def test_it_continues_a_thread_that_was_cut_short(bluesky_network, account, monkeypatch) -> None:
    publication_key = key()
    variant = Variant(parts=(Part("1/ Start"), Part("2/ Middle"), Part("3/ End")))
    connector = BlueskyConnector(account)
    create = connector._create
    made: list[str] = []

    def create_two_then_fail(rkey, record):
        if len(made) == 2:
            raise Transient("the network went away")
        made.append(rkey)
        return create(rkey, record)

    monkeypatch.setattr(connector, "_create", create_two_then_fail)
    with pytest.raises(Transient):
        connector.publish(variant, publication_key)
    parts, complete = connector.find_parts(publication_key)
    assert ([p.text for p in parts], complete) == (["1/ Start", "2/ Middle"], False)
    # Not all sent: the outbox sends it again.
    assert connector.find(Expected(key=publication_key, texts=())) is None

    whole = BlueskyConnector(account).publish(variant, publication_key)

    assert whole.part_ids[:2] == tuple(p.uri for p in parts)
    assert len(list_posts(bluesky_network, account.remote_account_id)) == 3
    assert connector.find(Expected(key=publication_key, texts=())) == whole
    third = stored(bluesky_network, whole.part_ids[2]).value.reply
    assert (third.root.uri, third.parent.uri) == (parts[0].uri, parts[1].uri)


def test_it_treats_a_repeated_create_as_the_post_already_there(bluesky_network, account) -> None:
    """The PDS answers 500 to a second createRecord with the same key; getRecord settles it."""
    connector = BlueskyConnector(account)
    rkey = tid.for_part(key(), 0)
    record = {"$type": POST, "text": "Hello", "createdAt": "2026-01-01T00:00:00.000Z"}
    first = connector._create(rkey, record)

    again = connector._create(rkey, record)

    assert again == first


def test_it_refreshes_an_expired_access_token_and_keeps_the_new_pair(account) -> None:
    old_refresh = account.refresh_token
    account.access_token = "not-a-jwt"  # unreadable, as good as expired
    account.save()

    BlueskyConnector(account).publish(Variant(parts=(Part("Still here"),)), key())

    account.refresh_from_db()
    assert account.refresh_token != old_refresh
    assert account.access_token.count(".") == 2


def test_it_answers_auth_expired_when_the_session_cannot_be_refreshed(account) -> None:
    account.access_token = "not-a-jwt"
    account.refresh_token = "not-a-jwt-either"
    account.save()

    with pytest.raises(AuthExpired):
        BlueskyConnector(account).publish(Variant(parts=(Part("Hello"),)), key())


def test_it_answers_auth_expired_when_the_app_password_is_revoked(
    bluesky_network, remote, account
) -> None:
    owner = reader(bluesky_network)
    owner.login(remote.handle, remote.password, fetch_bsky_profile=False)
    owner.com.atproto.server.revoke_app_password(
        models.ComAtprotoServerRevokeAppPassword.Data(name="Podium")
    )
    account.access_token = "not-a-jwt"  # make the connector refresh: the refresh is refused
    account.save()

    with pytest.raises(AuthExpired):
        BlueskyConnector(account).find(Expected(key=key(), texts=()))


def test_it_says_the_network_refused_content_it_will_not_take(account) -> None:
    too_long = Variant(parts=(Part("x" * 301),))  # validate() would have said so first

    with pytest.raises(InvalidContent, match="Bluesky refused the post"):
        BlueskyConnector(account).publish(too_long, key())


class StallingProxy:
    """Forwards every call to the PDS; with `stall` on, createRecord reaches the PDS (the post
    is made) but the answer comes back only after the client has given up."""

    def __init__(self, upstream: str) -> None:
        proxy = self
        self.stall = False
        self.upstream = upstream.rstrip("/")

        class Forward(BaseHTTPRequestHandler):
            def _forward(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {
                    k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")
                }
                answer = httpx.request(
                    self.command, proxy.upstream + self.path, headers=headers, content=body
                )
                if proxy.stall and "createRecord" in self.path:
                    time.sleep(2.5)
                self.send_response(answer.status_code)
                for name, value in answer.headers.items():
                    if name.lower() not in ("content-length", "transfer-encoding", "connection"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer.content)))
                self.end_headers()
                with suppress(OSError):
                    self.wfile.write(answer.content)

            do_GET = do_POST = _forward  # noqa: N815 - the names http.server calls

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Forward)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_it_says_the_outcome_is_unknown_after_a_timeout_and_find_settles_it(
    bluesky_network, account, monkeypatch
) -> None:
    proxy = StallingProxy(bluesky_network.pds_url)
    account.instance_url = proxy.url
    account.save()
    monkeypatch.setattr(session_module, "TIMEOUT", httpx.Timeout(1.0))
    publication_key = key()
    variant = Variant(parts=(Part("Sent, but did it arrive?"),))
    try:
        proxy.stall = True
        with pytest.raises(OutcomeUnknown):
            BlueskyConnector(account).publish(variant, publication_key)
        proxy.stall = False

        found = BlueskyConnector(account).find(Expected(key=publication_key, texts=()))
        again = BlueskyConnector(account).publish(variant, publication_key)
    finally:
        proxy.close()

    assert found is not None
    assert again == found
    assert list_posts(bluesky_network, account.remote_account_id) == [found.remote_id]
