"""Uploaded files (post images, the logo, people's photos), served so that none can run as
Podium: only files a row points at, only to those who may see them (`access_media`), with the
type Podium decided when it checked the picture, never one guessed from the name; and headers
that stop a browser from treating one as a page even if it tried (nosniff, a sandbox policy
that allows nothing, a download for anything that is not an image)."""

from __future__ import annotations

import posixpath

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_safe

from podium.lib import images
from podium.publishing.access import access_media

PUBLIC_CACHE = "public, max-age=86400"  # a new picture gets a new name, so this never goes stale
PRIVATE_CACHE = "private, max-age=300"  # a draft's image: not kept by proxies, re-checked soon


@require_safe
def serve_media(request: HttpRequest, path: str) -> FileResponse:
    if posixpath.normpath(path) != path or path.startswith(("/", "../")):
        raise Http404("No such file.")
    media = access_media(request.user, path)
    try:
        stored = default_storage.open(media.name, "rb")
    except FileNotFoundError as error:
        raise Http404("No such file.") from error
    is_image = media.mime_type in images.IMAGE_TYPES
    response = FileResponse(
        stored,
        content_type=media.mime_type if is_image else "application/octet-stream",
        as_attachment=not is_image,
        filename=posixpath.basename(media.name),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = PUBLIC_CACHE if media.public else PRIVATE_CACHE
    if not media.public:
        response["Vary"] = "Cookie"
    return response
