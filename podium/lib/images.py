"""Every picture a person gives Podium comes in through `intake()`: compose, the CSV import,
the organisation's logo and people's photos.

Nothing is kept as it came. The type is read from the file's first bytes (what the browser or
the file name claims is not trusted), the picture is decoded by Pillow's decoder for that type
only, under a pixel limit checked before decoding (a 1.5 MB PNG can claim 40,000 by 40,000
pixels), and written out again: JPEG, PNG, WebP, or GIF keeping its animation. Writing it again
drops EXIF (GPS positions, camera serials), XMP, comments and anything appended after the
picture (a PNG followed by an HTML page). The result gets a random name with the extension of
the type Podium decided, so an upload can never choose its own name or type. SVG, HTML,
scripts, PDFs and everything else are refused with one message, before anything is stored.
"""

from __future__ import annotations

import io
import posixpath
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import Storage
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from PIL import (
    GifImagePlugin,
    Image,
    ImageFile,
    ImageOps,
    JpegImagePlugin,
    PngImagePlugin,
    WebPImagePlugin,
)

MB = 1024 * 1024
MAX_MEGAPIXELS = 40  # a 48 MP phone photo is saved at 12 or 24 MP; decoding 40 MP takes ~160 MB
MAX_PIXELS = MAX_MEGAPIXELS * 1_000_000
# All frames of an animated GIF together (480 by 270 pixels for 770 frames, 1280 by 720 for 108).
MAX_ANIMATION_MEGAPIXELS = 100
MAX_UPLOAD_BYTES = 20 * MB  # more than any network takes (Mastodon: 16 MB)
JPEG_QUALITY = 90
BY = "\N{MULTIPLICATION SIGN}"  # as people write sizes: 4,000 by 3,000 pixels

# Each type Podium keeps: its name for people, the extension it is stored under, and the one
# Pillow decoder that may read it (chosen by the magic bytes, never by Pillow's guessing).
JPEG, PNG, GIF, WEBP = "image/jpeg", "image/png", "image/gif", "image/webp"
IMAGE_TYPES = (JPEG, PNG, GIF, WEBP)
TYPE_NAMES = {JPEG: "JPEG", PNG: "PNG", GIF: "GIF", WEBP: "WebP"}
EXTENSIONS = {JPEG: ".jpg", PNG: ".png", GIF: ".gif", WEBP: ".webp"}
MIME_BY_EXTENSION = {extension: mime for mime, extension in EXTENSIONS.items()}
_DECODERS: dict[str, type[ImageFile.ImageFile]] = {
    JPEG: JpegImagePlugin.JpegImageFile,
    PNG: PngImagePlugin.PngImageFile,
    GIF: GifImagePlugin.GifImageFile,
    WEBP: WebPImagePlugin.WebPImageFile,
}


class ImageRefusedError(ValidationError):
    """An upload Podium will not keep; the message says why and what to do instead."""


@dataclass(frozen=True)
class CheckedImage:
    """A picture decoded and written again by Podium: these bytes are what is stored and sent."""

    content: bytes
    mime_type: str
    width: int
    height: int

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.mime_type]

    def as_file(self) -> ContentFile:
        """A new file under a random name (each attachment, logo or photo stores its own)."""
        return ContentFile(self.content, name=self.random_name())

    def random_name(self) -> str:
        return f"{uuid.uuid4().hex}{self.extension}"


def names(types: Iterable[str]) -> str:
    """("image/jpeg", "image/png", "image/webp") -> "JPEG, PNG or WebP"."""
    words = [TYPE_NAMES[t] for t in types]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def sniff(head: bytes) -> str | None:
    """The image type the first bytes announce, or None when they are not one Podium takes."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    return None


# A picture that is also a page or a script (a polyglot: a PNG with HTML after it, a JPEG
# comment holding a <script>) is refused, though writing it again would drop the rest: what
# it was made for is not a picture. XMP metadata (`<x:xmpmeta`, `<rdf:`) matches none of these.
_MARKUP = re.compile(rb"<(?:script|html|svg|iframe|object|embed|body|!doctype|\?php)\b", re.I)

# Other pictures people often have, named so that the refusal says what the file is.
_OTHER_PICTURES = ((b"BM", "BMP"), (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"))
_OTHER_BRANDS = {b"heic": "HEIC", b"heix": "HEIC", b"mif1": "HEIF", b"avif": "AVIF"}


def other_picture(head: bytes) -> str | None:
    """The name of a picture format Podium does not take (BMP, TIFF, HEIC...), if it is one."""
    for magic, name in _OTHER_PICTURES:
        if head.startswith(magic):
            return name
    return _OTHER_BRANDS.get(head[8:12]) if head[4:8] == b"ftyp" else None


def intake(
    source: bytes | File | IO[bytes],
    *,
    accept: Iterable[str] = IMAGE_TYPES,
    max_bytes: int = MAX_UPLOAD_BYTES,
) -> CheckedImage:
    """The picture in `source`, checked and written again, or `ImageRefusedError` saying why."""
    accept = tuple(accept)
    data = source if isinstance(source, bytes) else _read(source, max_bytes)
    if len(data) > max_bytes:
        raise ImageRefusedError(
            f"This file is {len(data) / MB:.1f} MB; Podium takes images up to "
            f"{max_bytes / MB:.0f} MB: use a smaller image."
        )
    kind = sniff(data[:16])
    named = TYPE_NAMES[kind] if kind else other_picture(data[:16])
    if named and kind not in accept:
        raise ImageRefusedError(
            f"This is a {named} image; Podium takes {names(accept)}. "
            "Save it in one of those formats and choose it again."
        )
    if kind is None or _MARKUP.search(data):
        raise ImageRefusedError(f"This file is not a {names(accept)} image: choose one that is.")
    try:
        image = _DECODERS[kind](io.BytesIO(data))
        _check_pixels(*image.size)
        content = _animation(image) if kind == GIF and _frames(image) > 1 else _still(image, kind)
    except ImageRefusedError:
        raise
    except Image.DecompressionBombError as error:
        raise ImageRefusedError(
            f"This image is larger than the {MAX_MEGAPIXELS} megapixels Podium takes: "
            "make it smaller and choose it again."
        ) from error
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, KeyError) as error:
        # Pillow's decoders say "broken data stream", "truncated", "not a PNG file"...
        raise ImageRefusedError(
            f"This file is not a {names(accept)} image Podium can read (it may be damaged): "
            "open it in an image editor, save it again and choose the new file."
        ) from error
    return CheckedImage(content, kind, *image.size)


def _read(source: File | IO[bytes], max_bytes: int) -> bytes:
    source.seek(0)
    try:
        return source.read(max_bytes + 1)
    finally:
        source.seek(0)


def _check_pixels(width: int, height: int) -> None:
    if width * height > MAX_PIXELS:
        raise ImageRefusedError(
            f"This image is {width:,} {BY} {height:,} pixels; Podium takes up to {MAX_MEGAPIXELS} "
            "megapixels: make it smaller and choose it again."
        )


def _frames(image: ImageFile.ImageFile) -> int:
    return getattr(image, "n_frames", 1)


def _still(image: ImageFile.ImageFile, kind: str) -> bytes:
    """One picture written again; an animated PNG or WebP keeps its first frame."""
    image.load()
    if kind == JPEG:
        upright = ImageOps.exif_transpose(image)  # EXIF goes, so its orientation is applied
        picture = upright.convert("RGB") if upright.mode not in ("L", "RGB") else upright
    else:
        picture = image.copy()
    keep: dict[str | tuple[int, int], Any] = {}
    if "transparency" in image.info:
        keep["transparency"] = image.info["transparency"]
    if kind != GIF and "icc_profile" in image.info:  # colours, not a description of anyone
        keep["icc_profile"] = image.info["icc_profile"]
    picture.info = keep
    out = io.BytesIO()
    if kind == JPEG:
        picture.save(out, format="JPEG", quality=JPEG_QUALITY)
    elif kind == WEBP:
        picture.save(out, format="WEBP", quality=JPEG_QUALITY)
    else:
        picture.save(out, format=kind.removeprefix("image/").upper())
    return out.getvalue()


def _animation(image: ImageFile.ImageFile) -> bytes:
    """An animated GIF written again frame by frame (the networks that take GIFs animate them)."""
    frames = _frames(image)
    if frames * image.size[0] * image.size[1] > MAX_ANIMATION_MEGAPIXELS * 1_000_000:
        raise ImageRefusedError(
            f"This animation has {frames:,} frames of {image.size[0]:,} {BY} {image.size[1]:,} "
            f"pixels; Podium takes up to {MAX_ANIMATION_MEGAPIXELS} megapixels over all frames: "
            "make it shorter or smaller and choose it again."
        )
    pictures: list[Image.Image] = []
    durations: list[int] = []
    for index in range(frames):
        image.seek(index)
        image.load()
        durations.append(int(image.info.get("duration") or 100))
        picture = image.convert("RGBA")
        picture.info = {}
        pictures.append(picture)
    out = io.BytesIO()
    pictures[0].save(
        out,
        format="GIF",
        save_all=True,
        append_images=pictures[1:],
        duration=durations,
        loop=int(image.info.get("loop", 0)),
        disposal=2,
    )
    return out.getvalue()


def is_random_name(name: str) -> bool:
    """Whether a stored name is one `intake()` or `RandomName` gave (`people/<32 hex>.png`)."""
    stem, extension = posixpath.splitext(posixpath.basename(name))
    return extension in MIME_BY_EXTENSION and len(stem) == 32 and stem.isalnum() and stem.islower()


def store_again(
    storage: Storage, name: str, *, accept: Iterable[str] = IMAGE_TYPES
) -> tuple[str, CheckedImage] | None:
    """For files stored before `intake()` existed (the migrations): the file `name` checked and
    saved again under a random name beside it, or None when it is not an image Podium takes.
    The old file stays: the caller deletes it once its rows point at the new one.
    FileNotFoundError when it is missing."""
    with storage.open(name, "rb") as stored:
        data = stored.read(MAX_UPLOAD_BYTES + 1)
    try:
        checked = intake(data, accept=accept)
    except ImageRefusedError:
        return None
    new_name = posixpath.join(posixpath.dirname(name), checked.random_name())
    return storage.save(new_name, ContentFile(checked.content)), checked


@deconstructible
class RandomName:
    """`upload_to` for user files: `<folder>/<random>.<extension>`, whatever name came in.

    `intake()` already names files this way; this keeps any other path from storing a name a
    person chose. The folder may hold strftime codes (`posts/%Y/%m`).
    """

    def __init__(self, folder: str) -> None:
        self.folder = folder

    def __call__(self, instance: object, filename: str) -> str:
        extension = posixpath.splitext(filename)[1].lower()
        extension = extension if extension in MIME_BY_EXTENSION else ""
        folder = timezone.now().strftime(self.folder)
        return posixpath.join(folder, f"{uuid.uuid4().hex}{extension}")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RandomName) and other.folder == self.folder

    def __hash__(self) -> int:
        return hash(self.folder)
