"""What the outbox tells people, through `podium.notifications.notify()`: a publication failed.

Called by the outbox inside its own transaction: it runs a handful of small queries, never
raises on a duplicate (the insert ignores conflicts) and sends nothing before commit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from podium.lib.text import first_line
from podium.notifications.actions import Kind, notify
from podium.notifications.models import Nudge
from podium.outbox.models import Publication

if TYPE_CHECKING:
    from podium.accounts.models import User


def notify_publication_failed(publication: Publication) -> list[Nudge]:
    """Tell the executive, whoever acts for them and the post's writer that a publication
    failed, with the network's reason; the link opens the post's status page (Retry).

    Safe inside the outbox's transaction: a few small queries, an insert that ignores a
    duplicate, and email only after commit. One notification per failure, however often it
    is called; failing again after a Retry is a new failure.
    """
    publication = Publication.objects.select_related(
        "post__person__user", "post__created_by", "variant", "channel_account"
    ).get(pk=publication.pk)
    post, person = publication.post, publication.post.person
    network = publication.variant.get_network_display()
    handle = publication.channel_account.handle
    reason = publication.last_error.strip() or "The network gave no reason"
    if not reason.endswith((".", "!", "?")):
        reason += "."
    text = first_line(publication.variant.text)

    def whose(user: User) -> str:
        return "Your" if user.pk == person.user_id else f"{person.name}'s"

    return notify(
        [*person.people_acting(), post.created_by],
        Kind.PUBLICATION_FAILED,
        # One notification per failure: the same failure reported twice is told once, a
        # failure after a Retry is told again (the row's updated_at marks the failure).
        f"publication:{publication.pk}:{publication.updated_at.timestamp():.6f}",
        lambda user: (
            f"{whose(user)} post could not be published to {network} ({handle}). {reason} "
            f"Open the post to retry it: “{text}”"
        ),
        reverse("publishing-show-post", args=[post.pk]),
        person=person,
        subject=f"{person.name}'s post failed on {network}",
    )
