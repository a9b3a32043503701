"""Small builders for the org tests: images as a browser would upload them, a roster of people."""

from __future__ import annotations

import io
import os

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from podium.channels.models import ChannelAccount
from podium.org.models import Delegation, Person


def image_upload(
    fmt: str = "PNG", size: tuple[int, int] = (64, 64), name: str = ""
) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (31, 111, 235)).save(buffer, format=fmt)
    extension = {"JPEG": "jpg"}.get(fmt, fmt.lower())
    return SimpleUploadedFile(
        name or f"photo.{extension}", buffer.getvalue(), content_type=f"image/{extension}"
    )


def large_png(megabytes: float = 5.5) -> SimpleUploadedFile:
    """A real PNG over the size limit: random pixels do not compress."""
    side = int((megabytes * 1024 * 1024 / 3) ** 0.5) + 1
    image = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=0)
    return SimpleUploadedFile("huge.png", buffer.getvalue(), content_type="image/png")


def add_people(count: int, *, start: int = 0, delegate=None) -> list[Person]:
    """`count` executives, each with two channel accounts and (optionally) a delegate."""
    people = []
    for n in range(start, start + count):
        person = Person.objects.create(name=f"Executive {n:03d}", title="Vice President")
        ChannelAccount.objects.create(
            person=person,
            network="mastodon",
            handle=f"@exec{n}@social.example",
            status=ChannelAccount.Status.CONNECTED,
        )
        ChannelAccount.objects.create(
            person=person,
            network="linkedin",
            handle=f"exec-{n}",
            status=ChannelAccount.Status.NEEDS_RECONNECT,
        )
        if delegate is not None:
            Delegation.objects.create(person=person, user=delegate, kind=Delegation.Kind.COMMS)
        people.append(person)
    return people
