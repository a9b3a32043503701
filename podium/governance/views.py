"""The approver's home and the audit log: browse, filter, expand, export."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from podium.accounts.models import User
from podium.accounts.permissions import SignedInRequest, role_required
from podium.accounts.roles import AUDIT_READERS, USER_ADMINS
from podium.governance import audit_chain
from podium.governance.export import FORMATS, export_filename
from podium.governance.filters import AuditFilterForm, filter_entries
from podium.governance.models import AuditEntry

PER_PAGE = 50


@role_required(AUDIT_READERS)
def list_audit(request: SignedInRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        entries = AuditEntry.objects.none()
        filters = None
    else:
        filters = form.filters() if form.is_bound else None
        entries = filter_entries(filters) if filters else AuditEntry.objects.all()
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "governance/list_audit.html",
        {
            "title": "Audit log",
            "form": form,
            "page": page,
            "filtered": bool(filters and not filters.is_empty),
            "query": query.urlencode(),
            "actors": User.objects.order_by("email").values_list("email", flat=True)[:500],
            "actions": _known(AuditEntry, "action"),
            "target_types": _known(AuditEntry, "target_type"),
        },
    )


@role_required(AUDIT_READERS)
def export_audit(request: SignedInRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    if fmt not in FORMATS:
        raise Http404("Export as .csv or .json.")
    try:
        entries = filter_entries(request.GET)
    except ValidationError as error:
        problems = "; ".join(
            f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items()
        )
        return HttpResponse(
            f"The filters could not be used, so nothing was exported. {problems}",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    content_type, stream = FORMATS[fmt]
    response = StreamingHttpResponse(stream(entries), content_type=content_type)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="{export_filename(fmt, stamp)}"'
    return response


@role_required(USER_ADMINS)
def verify_audit(request: SignedInRequest) -> HttpResponse:
    """The hash chain checked from the first entry to the last, as `podium audit verify` does."""
    return render(
        request,
        "governance/verify_audit.html",
        {"title": "Verify the audit log", "verdict": audit_chain.verify()},
    )


def _known(model: type[AuditEntry], field: str) -> list[str]:
    """The distinct values of an indexed column, to suggest in the filter form."""
    return list(model.objects.order_by(field).values_list(field, flat=True).distinct()[:200])
