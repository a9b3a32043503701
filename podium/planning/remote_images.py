"""Images downloaded from a web address (the CSV import's image columns).

Held to compose's rules: the picture goes through `podium.lib.images.intake()` (type from its
bytes, decoded and written again under a pixel limit, stored under a random name); its size is
checked against each network's limit by the caller. Every download goes through
`podium.lib.http` (timeout, no private addresses unless `PODIUM_HTTP_ALLOW_PRIVATE` is set) and
stops reading past `max_bytes`.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import wait as futures_wait
from dataclasses import dataclass
from urllib.parse import urlsplit

from podium.channels import limits
from podium.lib import http, images

TIMEOUT_SECONDS = 10.0  # one image
BUDGET_SECONDS = 20.0  # all of a file's images: within gunicorn's default 30 s request timeout
PARALLEL_DOWNLOADS = 6
# A page, a redirect or an error page is not an image; a server that labels every file
# "application/octet-stream" (some object stores do) is judged by the bytes alone.
_UNLABELLED = {"", "application/octet-stream", "binary/octet-stream"}


@dataclass(frozen=True)
class Downloaded:
    """The image at an address, as Podium checked and wrote it again (what is stored and sent)."""

    url: str
    image: images.CheckedImage

    @property
    def mime_type(self) -> str:
        return self.image.mime_type

    @property
    def size(self) -> int:
        return self.image.size


@dataclass(frozen=True)
class Failed:
    """Why an address gave no usable image, in words that say what to do."""

    url: str
    reason: str


def largest_allowed(networks: Iterable[str]) -> int:
    """The most bytes any of these networks takes: nothing larger is worth downloading."""
    return max(limits.LIMITS[n].largest_image_bytes for n in networks)


def megabytes(size: int) -> str:
    """ "0.95 MB", "1.2 MB", "16 MB": enough digits to tell an image from a limit just above it."""
    digits = 2 if size < limits.MB else 1
    return f"{size / limits.MB:.{digits}f}".rstrip("0").rstrip(".") + " MB"


def download(url: str, max_bytes: int) -> Downloaded | Failed:
    """Fetch one image; a failure says why and how to fix it (never raises for the network)."""
    host = urlsplit(url).hostname or url
    try:
        response = http.request(
            "GET",
            url,
            timeout=TIMEOUT_SECONDS,
            max_bytes=max_bytes,
            headers={"Accept": "image/jpeg, image/png, image/gif, image/webp"},
        )
    except http.BlockedAddressError:
        return Failed(
            url,
            f"{host} is a private or local address, which Podium does not download from: "
            "put the image on a public web server",
        )
    except http.TooLargeError:
        return Failed(
            url,
            f"the image is larger than {megabytes(max_bytes)}, the most the row's networks "
            "take: use a smaller image",
        )
    except http.StatusError as error:
        return Failed(
            url, f"{host} answered {error.status_code}: try again later or host the image elsewhere"
        )
    except http.NoAnswerError:
        return Failed(url, f"{host} did not answer in time: try again or host the image elsewhere")
    except http.HttpError as error:  # not sent: no such host, refused connection, bad address
        return Failed(url, f"{error.message}: check the address")
    if response.status_code != 200:
        return Failed(
            url,
            f"{host} answered {response.status_code} {response.reason_phrase} instead of the "
            "image: check the address, and that the image is public",
        )
    declared = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if declared not in limits.IMAGE_TYPES and declared not in _UNLABELLED:
        page = " (a web page)" if declared in {"text/html", "application/xhtml+xml"} else ""
        return Failed(
            url,
            f"the address gives {declared}{page}, not a JPEG, PNG, GIF or WebP image: "
            "link to the image file itself",
        )
    if images.sniff(response.content[:16]) is None:
        return Failed(
            url,
            "the file at this address is not a JPEG, PNG, GIF or WebP picture: link to one that is",
        )
    try:
        return Downloaded(url, images.intake(response.content, max_bytes=max_bytes))
    except images.ImageRefusedError as error:
        return Failed(url, _lowercase_first(" ".join(error.messages)).rstrip("."))


def download_all(
    wanted: dict[str, int], budget_seconds: float | None = None
) -> dict[str, Downloaded | Failed]:
    """Each address once (a file may use one image on many rows), several at a time.

    `wanted` maps each address to the most bytes to read from it. The import runs while the
    person waits (and within the web server's request timeout), so all downloads together get
    `budget_seconds`; an image still arriving then is reported, not waited for.
    """
    if not wanted:
        return {}
    budget_seconds = BUDGET_SECONDS if budget_seconds is None else budget_seconds
    pool = ThreadPoolExecutor(max_workers=min(PARALLEL_DOWNLOADS, len(wanted)))
    futures = {url: pool.submit(download, url, most) for url, most in wanted.items()}
    futures_wait(futures.values(), timeout=budget_seconds)
    pool.shutdown(wait=False, cancel_futures=True)  # late ones stop at their own timeout
    return {
        url: future.result()
        if future.done() and not future.cancelled()
        else Failed(
            url,
            f"the image did not arrive within {budget_seconds:g} s, the time a file's images "
            "have together: try again, put it on a faster server, or split the file",
        )
        for url, future in futures.items()
    }


def _lowercase_first(message: str) -> str:
    """ "This image is …" as it reads after "image_url_1: "."""
    return message[:1].lower() + message[1:]
