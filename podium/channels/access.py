"""Permission-checked reads of channel accounts: what a user may not see is a 404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from podium.accounts.models import User
from podium.channels.models import ChannelAccount
from podium.org.access import can_edit_person, visible_people


def visible_accounts(user: User) -> QuerySet[ChannelAccount]:
    """Accounts of the people `user` may see."""
    return ChannelAccount.objects.filter(person__in=visible_people(user))


def access_channel_account(user: User, pk: int, *, for_edit: bool = False) -> ChannelAccount:
    """The account `pk` if `user` may see it (and, with for_edit, manage it); else 404."""
    account = visible_accounts(user).select_related("person").filter(pk=pk).first()
    if account is None or (for_edit and not can_edit_person(user, account.person)):
        raise Http404("No such channel account, or not one you may see.")
    return account
