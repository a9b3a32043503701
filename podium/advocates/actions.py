"""What people do in Advocates: import a file, merge accounts into one advocate, split one off
again, confirm or dismiss a suggested match. Each is checked first and audited in the same
transaction as the change."""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from podium.accounts.models import User
from podium.advocates import importing
from podium.advocates.models import (
    Advocate,
    EngagementEvent,
    ImportJob,
    MatchSuggestion,
    RemoteAccount,
)
from podium.governance import audit
from podium.governance.models import AuditEntry

# --- importing ------------------------------------------------------------------------------


def _digest(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def check_import(upload: UploadedFile) -> tuple[str, str]:
    """The file's format and digest, or a ValidationError on `file` saying what to change."""
    name = upload.name or ""
    kind = importing.format_of(name)
    if kind is None:
        raise ValidationError(
            {"file": f"{name!r} is neither .csv nor .ndjson: export the file in one of these."}
        )
    size = upload.size or 0
    if size > importing.max_bytes():
        raise ValidationError(
            {
                "file": f"The file is {size / 1024**2:,.0f} MB; Podium imports files up to "
                f"{importing.max_bytes() // 1024**2:,} MB: split it into smaller files."
            }
        )
    if size == 0:
        raise ValidationError({"file": "The file is empty."})
    digest = _digest(upload)
    earlier = (
        ImportJob.objects.filter(sha256=digest)
        .exclude(state=ImportJob.State.REFUSED)
        .order_by("created_at")
        .first()
    )
    if earlier is not None:
        raise ValidationError(
            {
                "file": f"This file was already imported on {earlier.created_at:%Y-%m-%d %H:%M} "
                f"(“{earlier.filename}”): importing it again would add nothing."
            }
        )
    return kind, digest


def do_start_import(
    actor: User, upload: UploadedFile, *, via: str = AuditEntry.Via.WEB
) -> ImportJob:
    """Keep the file and queue its checking and import (a worker does both)."""
    kind, digest = check_import(upload)
    with transaction.atomic():
        job = ImportJob(
            filename=(upload.name or "")[:255],
            format=kind,
            sha256=digest,
            size=upload.size or 0,
            created_by=actor,
        )
        job.file.save(f"{digest[:16]}.{kind}", upload, save=False)
        job.save()
        audit.record(
            actor=actor,
            action="advocates.import_started",
            target=job,
            after={"filename": job.filename, "size": job.size, "format": kind},
            via=via,
        )
        transaction.on_commit(lambda: _queue(job.pk))
    return job


def _queue(job_id: int) -> None:
    from podium.advocates.tasks import run_import

    run_import(job_id)


# --- people, not accounts -------------------------------------------------------------------


def _refresh(advocate: Advocate) -> None:
    """An advocate's name and first engagement, from the accounts they now have."""
    accounts = list(advocate.accounts.order_by("first_seen_at", "pk"))
    if accounts:
        advocate.name = (accounts[0].display_name or accounts[0].label)[:200]
    first = EngagementEvent.objects.filter(account__advocate=advocate).aggregate(
        first=Min("occurred_at")
    )["first"]
    advocate.first_engaged_at = first
    advocate.save(update_fields=["name", "first_engaged_at"])


def check_merge(into: Advocate, others: list[Advocate]) -> None:
    if not others:
        raise ValidationError({"other": "Choose the advocate to merge into this one."})
    if any(other.pk == into.pk for other in others):
        raise ValidationError(
            {"other": "That is this advocate: choose another person to merge into them."}
        )


def do_merge(
    actor: User, into: Advocate, others: list[Advocate], *, via: str = AuditEntry.Via.WEB
) -> Advocate:
    """Make the accounts of `others` this one person's; the emptied advocates are removed."""
    check_merge(into, others)
    with transaction.atomic():
        into = Advocate.objects.select_for_update().get(pk=into.pk)
        moved: list[str] = []
        for other in others:
            other = Advocate.objects.select_for_update().get(pk=other.pk)
            accounts = list(other.accounts.all())
            moved += [str(account) for account in accounts]
            RemoteAccount.objects.filter(advocate=other).update(advocate=into)
            audit.record(
                actor=actor,
                action="advocates.advocate_merged",
                target=into,
                before={"advocate": other.pk, "name": other.name},
                after={"advocate": into.pk, "accounts": [str(a) for a in accounts]},
                via=via,
            )
            other.delete()
        _refresh(into)
        MatchSuggestion.objects.filter(
            state=MatchSuggestion.State.OPEN,
            first__advocate=into,
            second__advocate=into,
        ).update(state=MatchSuggestion.State.CONFIRMED, decided_by=actor, decided_at=timezone.now())
    return into


def check_split(account: RemoteAccount) -> None:
    if account.advocate.accounts.count() < 2:
        raise ValidationError(
            {"account": f"{account} is this advocate's only account: there is nothing to split."}
        )


def do_split(actor: User, account: RemoteAccount, *, via: str = AuditEntry.Via.WEB) -> Advocate:
    """Make `account` a person of its own again; returns the new advocate."""
    check_split(account)
    with transaction.atomic():
        account = RemoteAccount.objects.select_for_update().get(pk=account.pk)
        before = account.advocate
        advocate = Advocate.objects.create(name=(account.display_name or account.label)[:200])
        account.advocate = advocate
        account.save(update_fields=["advocate"])
        _refresh(advocate)
        _refresh(before)
        audit.record(
            actor=actor,
            action="advocates.account_split",
            target=account,
            before={"advocate": before.pk},
            after={"advocate": advocate.pk},
            via=via,
        )
    return advocate


def do_decide_suggestion(
    actor: User, suggestion: MatchSuggestion, *, confirm: bool, via: str = AuditEntry.Via.WEB
) -> MatchSuggestion:
    """Confirm (merge the two accounts' advocates) or dismiss a suggested match."""
    if suggestion.state != MatchSuggestion.State.OPEN:
        raise ValidationError(
            f"This suggestion was already {suggestion.get_state_display().lower()}."
        )
    with transaction.atomic():
        first, second = suggestion.first.advocate, suggestion.second.advocate
        if confirm and first.pk != second.pk:
            do_merge(actor, first, [second], via=via)
        suggestion.state = (
            MatchSuggestion.State.CONFIRMED if confirm else MatchSuggestion.State.DISMISSED
        )
        suggestion.decided_by = actor
        suggestion.decided_at = timezone.now()
        suggestion.save(update_fields=["state", "decided_by", "decided_at"])
        audit.record(
            actor=actor,
            action="advocates.match_confirmed" if confirm else "advocates.match_dismissed",
            target=suggestion,
            after={"first": str(suggestion.first), "second": str(suggestion.second)},
            via=via,
        )
    return suggestion
