from __future__ import annotations

from django.http import HttpRequest

from podium.org.models import Organisation


def organisation(request: HttpRequest) -> dict[str, object]:
    """The organisation's name, logo and colour for every page (cached on the request)."""
    # Kept on this request object (not an attribute HttpRequest declares, hence the ignores).
    if not hasattr(request, "_podium_org"):
        request._podium_org = Organisation.objects.order_by("pk").first()  # type: ignore[attr-defined]
    return {"organisation": request._podium_org}  # type: ignore[attr-defined]
