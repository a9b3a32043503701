"""Writes to links' own data, each audited in the same transaction: links made by hand and
their edits. (A publication's links are made as it goes out: shortening.py.) `check_*`
validate first and raise ValidationError naming the field and the fix, so nothing is saved
half; a changed link is dropped from the redirect's cache once the change is committed."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction

from podium.accounts.models import User
from podium.accounts.permissions import require_role
from podium.accounts.roles import Role
from podium.governance import audit
from podium.lib.text import check_one_line
from podium.links import redirect
from podium.links.models import DESTINATION_MAX, ShortLink

# Who makes, edits and reads short links.
LINK_EDITORS = frozenset({Role.ADMIN, Role.COMMS})
AUDITED_FIELDS = ("code", "destination", "label", "active")
LABEL_MAX = 200


def check_destination(value: str) -> str:
    """A destination Podium may redirect to: an absolute http or https address."""
    url = value.strip()
    if not url:
        raise ValidationError({"destination": "Give the address the link leads to."})
    if len(url) > DESTINATION_MAX:
        raise ValidationError(
            {"destination": f"The address is too long: at most {DESTINATION_MAX} characters."}
        )
    if any(ch.isspace() or ord(ch) < 32 for ch in url):
        raise ValidationError({"destination": "Remove the spaces and line breaks in the address."})
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValidationError(
            {
                "destination": "A link can lead only to a web address starting with http:// or "
                "https:// and a host name (https://example.com/page)."
            }
        )
    if "\\" in parts.netloc or "@" in parts.netloc:
        raise ValidationError(
            {"destination": "Write the address without a user name or backslash before the host."}
        )
    return url


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    check_one_line(data, ("label",))
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if "destination" in data:
        try:
            clean["destination"] = check_destination(str(data["destination"] or ""))
        except ValidationError as error:
            errors.update({k: v[0] for k, v in error.message_dict.items()})
    if "label" in data:
        label = str(data["label"] or "").strip()
        if len(label) > LABEL_MAX:
            errors["label"] = f"The label is too long: at most {LABEL_MAX} characters."
        clean["label"] = label
    if "active" in data:
        clean["active"] = bool(data["active"])
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def do_create_link(actor: User, data: dict[str, Any], *, via: str = "web") -> ShortLink:
    """A link made by hand (for a talk, a newsletter): it belongs to no post."""
    require_role(actor, LINK_EDITORS)
    if not str(data.get("destination") or "").strip():
        raise ValidationError({"destination": "Give the address the link leads to."})
    clean = _clean(data)
    link = ShortLink(created_by=actor, **clean)
    while ShortLink.objects.filter(code=link.code).exists():  # 1 in 3.5e12: made again
        link.code = ShortLink._meta.get_field("code").get_default()
    with audit.changing(link, actor=actor, action="link.created", via=via, fields=AUDITED_FIELDS):
        link.save()
    code = link.code
    transaction.on_commit(lambda: redirect.forget(code))  # asked before it existed, perhaps
    return link


@transaction.atomic
def do_update_link(
    actor: User, link: ShortLink, data: dict[str, Any], *, via: str = "web"
) -> ShortLink:
    """Change a link's destination, label or whether it answers. A publication's link keeps
    pointing where its post said unless someone changes it here, on purpose."""
    require_role(actor, LINK_EDITORS)
    clean = _clean(data)
    with audit.changing(link, actor=actor, action="link.updated", via=via, fields=AUDITED_FIELDS):
        for name, value in clean.items():
            setattr(link, name, value)
        link.save()
    code = link.code
    transaction.on_commit(lambda: redirect.forget(code))
    return link
