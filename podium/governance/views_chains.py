"""Approval chains, edited by administrators and communications managers."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from podium.accounts.permissions import SignedInRequest, role_required
from podium.governance import approvals
from podium.governance.chain_forms import ChainForm
from podium.governance.chains import Chain
from podium.lib.forms import show_errors


@role_required(approvals.CHAIN_EDITORS)
def list_chains(request: SignedInRequest) -> HttpResponse:
    chains = Chain.objects.prefetch_related("people", "steps__users", "steps__backup")
    return render(
        request, "governance/list_chains.html", {"title": "Approval chains", "chains": chains}
    )


def _edit(request: SignedInRequest, chain: Chain | None) -> HttpResponse:
    form = ChainForm(request.POST or None, chain=chain)
    if request.method == "POST" and form.is_valid():
        try:
            saved = approvals.do_save_chain(request.user, form.chain_input(), chain)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, f"Saved the chain “{saved.name}”.")
            return redirect("governance-list-chains")
    return render(
        request,
        "governance/edit_chain.html",
        {
            "title": "Edit approval chain" if chain else "New approval chain",
            "form": form,
            "chain": chain,
        },
    )


@role_required(approvals.CHAIN_EDITORS)
def create_chain(request: SignedInRequest) -> HttpResponse:
    return _edit(request, None)


@role_required(approvals.CHAIN_EDITORS)
def edit_chain(request: SignedInRequest, pk: int) -> HttpResponse:
    return _edit(request, get_object_or_404(Chain, pk=pk))


@require_POST
@role_required(approvals.CHAIN_EDITORS)
def delete_chain(request: SignedInRequest, pk: int) -> HttpResponse:
    chain = get_object_or_404(Chain, pk=pk)
    approvals.do_delete_chain(request.user, chain)
    messages.success(request, f"Deleted the chain “{chain.name}”: drafts already waiting keep it.")
    return redirect("governance-list-chains")
