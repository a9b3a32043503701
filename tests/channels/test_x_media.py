"""X images by X's own limits: still images up to 5 MB by the simple upload, GIFs up to 15 MB by
the chunked upload (initialize, append, finalize, then wait while X processes it)."""

from __future__ import annotations

import json
import re

import pytest

from podium.channels.base import InvalidContent, Media, Part, Transient, Variant
from podium.channels.limits import MB
from podium.channels.x import connector as x_connector
from podium.channels.x.connector import XConnector
from tests.channels.recordings import replay
from tests.channels.test_x_connector import account, x  # noqa: F401 - fixtures

UPLOAD = "https://api.x.com/2/media/upload"
INITIALIZE = f"{UPLOAD}/initialize"
MEDIA_ID = "1880028106020515841"
APPEND = f"{UPLOAD}/{MEDIA_ID}/append"
FINALIZE = f"{UPLOAD}/{MEDIA_ID}/finalize"
METADATA = "https://api.x.com/2/media/metadata"
TWEETS = "https://api.x.com/2/tweets"


def with_image(mime_type: str, size: int, path: str = "unused") -> Variant:
    media = Media(path=path, mime_type=mime_type, size=size, alt_text="The lobby at night")
    return Variant(parts=(Part(text="Our new lobby", media=(media,)),))


def blocking(variant: Variant) -> list[str]:
    return [p.message for p in XConnector().validate(variant) if p.blocking]


def test_compose_names_xs_limit_for_a_still_image_too_large():
    assert blocking(with_image("image/jpeg", 5 * MB)) == []
    (message,) = blocking(with_image("image/jpeg", 6 * MB))
    assert message == (
        "The image 1 is 6.0 MB; X takes images up to 5.0 MB (GIFs up to 15.0 MB): "
        "use a smaller image."
    )


def test_compose_takes_gifs_up_to_15_mb_on_x_only():
    assert blocking(with_image("image/gif", 12 * MB)) == []
    (message,) = blocking(with_image("image/gif", 16 * MB))
    assert message == "The image 1 is 16.0 MB; X takes GIFs up to 15.0 MB: use a smaller image."


@pytest.fixture
def pauses(monkeypatch) -> list[float]:
    """The waits for X's processing, recorded instead of slept."""
    waited: list[float] = []
    monkeypatch.setattr(x_connector, "sleep", waited.append)
    return waited


@pytest.fixture
def gif(tmp_path):
    path = tmp_path / "lobby.gif"
    path.write_bytes(b"GIF89a" + bytes(range(256)) * (9 * MB // 256))  # about 9 MB
    return path


def test_a_gif_goes_up_in_chunks_and_waits_for_processing(account, x, gif, pauses):  # noqa: F811
    initialize = x.post(INITIALIZE).mock(return_value=replay("x/media_upload_initialized"))
    append = x.post(APPEND).mock(return_value=replay("x/media_upload_appended"))
    finalize = x.post(FINALIZE).mock(return_value=replay("x/media_upload_finalized_pending"))
    status = x.get(UPLOAD).mock(
        side_effect=[
            replay("x/media_upload_status_in_progress"),
            replay("x/media_upload_status_succeeded"),
        ]
    )
    simple = x.post(UPLOAD).mock(return_value=replay("x/media_uploaded"))
    x.post(METADATA).mock(return_value=replay("x/media_metadata"))
    create = x.post(TWEETS).mock(return_value=replay("x/tweet_created"))
    content = gif.read_bytes()

    XConnector(account).publish(with_image("image/gif", len(content), str(gif)), "key-1")

    assert json.loads(initialize.calls.last.request.content) == {
        "media_type": "image/gif",
        "total_bytes": len(content),
        "media_category": "tweet_gif",
    }
    chunks = [call.request.content for call in append.calls]
    assert len(chunks) == 3  # 4 MB, 4 MB and the rest: X takes up to 5 MB a chunk
    for index, body in enumerate(chunks):
        assert re.search(rb'name="segment_index"\r\n\r\n' + str(index).encode(), body)
    sent = b"".join(
        body.split(b'filename="lobby.gif"', 1)[1].split(b"\r\n\r\n", 1)[1].rsplit(b"\r\n--", 1)[0]
        for body in chunks
    )
    assert sent == content
    assert finalize.called
    assert [dict(call.request.url.params) for call in status.calls] == [
        {"command": "STATUS", "media_id": MEDIA_ID}
    ] * 2
    assert pauses == [1.0, 2.0]  # as X asked: check_after_secs
    assert not simple.called
    assert json.loads(create.calls.last.request.content)["media"] == {"media_ids": [MEDIA_ID]}


def test_a_gif_x_cannot_process_is_refused_with_xs_reason(account, x, gif, pauses):  # noqa: F811
    x.post(INITIALIZE).mock(return_value=replay("x/media_upload_initialized"))
    x.post(APPEND).mock(return_value=replay("x/media_upload_appended"))
    x.post(FINALIZE).mock(return_value=replay("x/media_upload_finalized_pending"))
    x.get(UPLOAD).mock(return_value=replay("x/media_upload_status_failed"))
    create = x.post(TWEETS).mock(return_value=replay("x/tweet_created"))

    with pytest.raises(InvalidContent, match="X could not process the GIF: Unsupported GIF format"):
        XConnector(account).publish(with_image("image/gif", 1000, str(gif)), "key-1")

    assert not create.called


def test_a_gif_still_processing_is_tried_again_later(account, x, gif, pauses):  # noqa: F811
    x.post(INITIALIZE).mock(return_value=replay("x/media_upload_initialized"))
    x.post(APPEND).mock(return_value=replay("x/media_upload_appended"))
    x.post(FINALIZE).mock(return_value=replay("x/media_upload_finalized_pending"))
    x.get(UPLOAD).mock(return_value=replay("x/media_upload_status_in_progress"))
    create = x.post(TWEETS).mock(return_value=replay("x/tweet_created"))

    with pytest.raises(Transient, match="still processing the GIF"):
        XConnector(account).publish(with_image("image/gif", 1000, str(gif)), "key-1")

    assert not create.called
    assert sum(pauses) <= x_connector.PROCESSING_WAIT
