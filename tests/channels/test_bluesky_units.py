"""Bluesky pieces that need no network: record keys, facets' byte ranges, counts, checks."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
from atproto_client.exceptions import (
    BadRequestError,
    InvokeTimeoutError,
    NetworkError,
    RateLimitExceededError,
    RequestException,
    UnauthorizedError,
)
from atproto_client.models.common import XrpcError
from atproto_client.request import Response
from hypothesis import given
from hypothesis import strategies as st

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
from podium.channels.bluesky import cards, facets, tid
from podium.channels.bluesky.connector import BlueskyConnector, post_url
from podium.channels.bluesky.session import classify

# --- tid.py ---------------------------------------------------------------------------


def test_it_derives_the_same_record_key_for_the_same_publication_and_part() -> None:
    assert tid.for_part("pub-42", 0) == tid.for_part("pub-42", 0)
    assert tid.for_part("pub-42", 0) != tid.for_part("pub-42", 1)
    assert tid.for_part("pub-42", 0) != tid.for_part("pub-43", 0)


def test_it_writes_record_keys_as_valid_tids() -> None:
    key = tid.for_part("pub-42", 3)
    last = tid.for_part("pub-42", 3, last=True)
    assert len(key) == len(last) == 13
    assert tid.is_valid(key) and tid.is_valid(last)
    assert tid.decode(key) & 0x3FF == 3  # the clock id holds the part index
    assert tid.decode(last) & 0x3FF == 0x200 | 3  # and marks the last part
    assert tid.decode(key) >> 10 == tid.decode(last) >> 10  # one time for the whole thread


def test_it_refuses_what_is_not_a_tid() -> None:
    assert not tid.is_valid("zzzzzzzzzzzzz")  # the top bit would be set
    assert not tid.is_valid("3jzfcijpj2z2")  # 12 characters
    assert not tid.is_valid("3jzfcijpj2z21")  # '1' is not in the alphabet
    with pytest.raises(ValueError, match="publication key"):
        tid.for_part("", 0)
    with pytest.raises(ValueError, match="parts"):
        tid.for_part("k", tid.MAX_PARTS)


@given(st.integers(min_value=0, max_value=(1 << 63) - 1))
def test_it_round_trips_any_tid_value(value: int) -> None:
    assert tid.decode(tid.encode(value)) == value


@given(
    st.integers(min_value=0, max_value=(1 << 63) - 1),
    st.integers(min_value=0, max_value=(1 << 63) - 1),
)
def test_it_keeps_numeric_order_as_string_order(a: int, b: int) -> None:
    assert (a < b) == (tid.encode(a) < tid.encode(b))


@given(st.text(min_size=1, max_size=40))
def test_it_puts_a_threads_parts_in_order(key: str) -> None:
    keys = [tid.for_part(key, index, last=index == 4) for index in range(5)]
    assert keys == sorted(keys)
    assert all(tid.is_valid(k) for k in keys)


# --- facets.py ------------------------------------------------------------------------

KNOWN = {"bob.test": "did:plc:bob"}


def resolve(handle: str) -> str | None:
    return KNOWN.get(handle)


def spans(text: str) -> list[tuple[str, str, str]]:
    raw = text.encode()
    return [
        (f.kind.rsplit("#", 1)[1], raw[f.byte_start : f.byte_end].decode(), f.value)
        for f in facets.detect(text, resolve)
    ]


def test_it_finds_links_mentions_and_hashtags_by_byte_offsets() -> None:
    text = "Café 🎉 #news: read https://example.com/r?q=1. Thanks @bob.test and @nobody.test!"

    assert spans(text) == [
        ("tag", "#news", "news"),
        ("link", "https://example.com/r?q=1", "https://example.com/r?q=1"),
        ("mention", "@bob.test", "did:plc:bob"),
    ]
    # An unresolvable mention stays plain text: no facet at all.


def test_it_writes_facets_as_the_post_record_stores_them() -> None:
    (facet,) = facets.detect("é #go", resolve)
    assert facet.as_record() == {
        "$type": "app.bsky.richtext.facet",
        "index": {"byteStart": 3, "byteEnd": 6},
        "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": "go"}],
    }


# Text around the facets: letters from several scripts, emoji (some with joiners and
# skin tones), combining marks, spaces. No '#', '@' or ':' so nothing else looks like a facet.
FILLER = st.lists(
    st.sampled_from(
        [*"aé漢字ß ", "🎉", "👩‍👩‍👧", "👍🏽", "🇫🇷", "e\u0301", "ñ", "\u200d", "Ω", "ю", "\u0627"]
    ),
    max_size=12,
).map("".join)
TOKENS = st.sampled_from(
    [
        ("tag", "#launch", "launch"),
        ("tag", "#café", "café"),
        ("link", "https://example.com/ünï?x=1", "https://example.com/ünï?x=1"),
        ("mention", "@bob.test", "did:plc:bob"),
    ]
)


@given(st.lists(st.tuples(FILLER, TOKENS), min_size=1, max_size=4), FILLER)
def test_it_keeps_byte_offsets_right_around_multibyte_text(
    pieces: list[tuple[str, tuple[str, str, str]]], tail: str
) -> None:
    text = "".join(f"{before} {token[1]} " for before, token in pieces) + tail

    assert spans(text) == [token for _, token in pieces]
    for facet in facets.detect(text, resolve):
        assert 0 <= facet.byte_start < facet.byte_end <= len(text.encode())


# --- counting and checks --------------------------------------------------------------


def test_it_counts_graphemes_not_code_points() -> None:
    connector = BlueskyConnector(None)
    assert connector.count("👩‍👩‍👧 e\u0301") == 3
    assert connector.count("x" * 300) == 300


def png(tmp_path, name: str = "a.png", size: int = 100) -> str:
    path = tmp_path / name
    path.write_bytes(b"\x89PNG" + b"0" * (size - 4))
    return str(path)


def test_it_validates_length_images_and_alt_text_without_an_account(tmp_path) -> None:
    connector = BlueskyConnector(None)
    fine = Media(png(tmp_path), "image/png", 100, "A chart")
    no_alt = Media(png(tmp_path), "image/png", 100, "")
    too_big = Media(png(tmp_path), "image/png", 1_000_001, "Big")
    long_alt = Media(png(tmp_path), "image/png", 100, "a" * 2001)
    variant = Variant(
        parts=(
            Part("👩‍👩‍👧" * 200, (fine,)),  # 200 graphemes, 3600 bytes
            Part("x" * 301, (fine,) * 5),
            Part("ok", (no_alt, too_big, long_alt)),
        )
    )

    problems = connector.validate(variant)

    blocking = [(p.part, p.message) for p in problems if p.blocking]
    warnings = [(p.part, p.message) for p in problems if not p.blocking]
    blocking.sort(key=lambda problem: problem[0])
    assert [part for part, _ in blocking] == [0, 1, 1, 2, 2]
    assert "3600 bytes" in blocking[0][1]
    assert "301 characters" in blocking[1][1]
    assert "at most 4" in blocking[2][1]
    assert "1.0 MB" in blocking[3][1]
    assert "2000" in blocking[4][1]
    assert warnings == [
        (2, "The image 1 of part 3 has no alt text: describe it for people who cannot see it.")
    ]


def test_it_warns_that_a_link_card_gives_way_to_images(tmp_path) -> None:
    media = Media(png(tmp_path), "image/png", 100, "Alt")
    problems = BlueskyConnector(None).validate(
        Variant(parts=(Part("See", (media,)),), link="https://example.com")
    )
    assert [(p.blocking, "link card" in p.message) for p in problems] == [(False, True)]


def test_it_makes_a_web_address_from_a_post_uri() -> None:
    assert (
        post_url("at://did:plc:abc/app.bsky.feed.post/3kabc")
        == "https://bsky.app/profile/did:plc:abc/post/3kabc"
    )


def test_it_never_reads_a_link_card_from_a_private_address(settings) -> None:
    settings.HTTP_ALLOW_PRIVATE_HOSTS = False
    card = cards.read_card("http://127.0.0.1:9/admin")
    assert (card.title, card.description) == ("http://127.0.0.1:9/admin", "")


# --- error sorting --------------------------------------------------------------------


def cause(error: Exception, by: Exception) -> Exception:
    error.__cause__ = by
    return error


def test_it_sorts_transport_failures_by_whether_the_request_went_out() -> None:
    refused = cause(NetworkError(), httpx.ConnectError("refused"))
    read_timeout = cause(InvokeTimeoutError(), httpx.ReadTimeout("slow"))
    connect_timeout = cause(InvokeTimeoutError(), httpx.ConnectTimeout("slow"))

    assert isinstance(classify(refused, sending=True), Transient)
    assert isinstance(classify(connect_timeout, sending=True), Transient)
    assert isinstance(classify(read_timeout, sending=True), OutcomeUnknown)
    assert isinstance(classify(read_timeout, sending=False), Transient)
    assert isinstance(classify(httpx.RemoteProtocolError("gone"), sending=True), OutcomeUnknown)


def test_it_needs_an_account_to_publish() -> None:
    with pytest.raises(ValueError, match="connected account"):
        BlueskyConnector(None).publish(Variant(parts=(Part("Hi"),)), "k")
    assert isinstance(classify(AuthExpired("x"), sending=False), AuthExpired)


def answered(error_class: type, status: int, error: str = "", headers=None) -> Exception:
    content = XrpcError(error=error, message="m") if error else None
    return error_class(Response(False, status, content, headers or {}))


def test_it_sorts_the_networks_answers(time_machine) -> None:
    time_machine.move_to("2026-06-01T12:00:00Z", tick=False)
    reset = str(int(dt.datetime(2026, 6, 1, 12, 0, 30, tzinfo=dt.UTC).timestamp()))

    limited = classify(
        answered(RateLimitExceededError, 429, "RateLimitExceeded", {"ratelimit-reset": reset}),
        sending=True,
    )
    assert isinstance(limited, RateLimited)
    assert limited.retry_after == 30
    assert isinstance(
        classify(answered(BadRequestError, 400, "InvalidRecord"), sending=True), InvalidContent
    )
    assert isinstance(
        classify(answered(BadRequestError, 400, "ExpiredToken"), sending=True), AuthExpired
    )
    assert isinstance(classify(answered(UnauthorizedError, 401), sending=True), AuthExpired)
    assert isinstance(classify(answered(RequestException, 500), sending=True), Transient)
    assert isinstance(classify(answered(NetworkError, 502), sending=True), Transient)
    assert isinstance(classify(answered(NetworkError, 413), sending=True), InvalidContent)
