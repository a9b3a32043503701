"""What publishing asks of the approval chains, which live above it (governance).

Publishing does not import governance: governance registers itself here when Django starts
(GovernanceConfig.ready), as the outbox does for channels' `PublicationHolds`. Without it (an
installation without governance, or a test that unregisters it) every post follows Voice's rule
alone: the executive's own approval of a text written for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from podium.publishing.models import Revision


@dataclass(frozen=True)
class Clearance:
    """Whether a revision must pass a chain before it goes out, and the content hash it was
    cleared for ("" while the chain is not complete)."""

    needed: bool
    content_hash: str = ""


NOT_NEEDED = Clearance(needed=False)


class ApprovalChains(Protocol):
    def revision_written(self, revision: Revision, *, actor: Any, via: str) -> None:
        """A new revision exists (a new post or an edit): start its chain, void the old one's."""

    def revision_approved(self, revision: Revision, *, actor: Any, via: str) -> None:
        """The executive approved `revision` (their step of its chain)."""

    def clearance(self, revision: Revision) -> Clearance:
        """What the outbox must know when it schedules `revision`'s publications."""


class _NoChains:
    def revision_written(self, revision: Revision, *, actor: Any, via: str) -> None:
        return None

    def revision_approved(self, revision: Revision, *, actor: Any, via: str) -> None:
        return None

    def clearance(self, revision: Revision) -> Clearance:
        return NOT_NEEDED


_chains: ApprovalChains = _NoChains()


def register_approval_chains(chains: ApprovalChains | None) -> None:
    """Set once at start-up by governance (None puts Voice's rule alone back, for tests)."""
    global _chains
    _chains = chains if chains is not None else _NoChains()


def approval_chains() -> ApprovalChains:
    return _chains
