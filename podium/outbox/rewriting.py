"""What a publication sends, after the apps above the outbox have had their say.

The outbox sends what `Variant.for_channels()` says; an app above it (links: each link becomes
a short link of the publication's own) may rewrite that just before sending. It registers
itself at start-up (`LinksConfig.ready`), since the outbox does not import it. A rewriter must
give the same result every time it is asked about the same publication, so that a retry and
reconciliation's find() see the text that went out.
"""

from __future__ import annotations

from typing import Protocol

from podium.channels import base
from podium.outbox.models import Publication


class VariantRewriter(Protocol):
    def rewrite(self, publication: Publication, variant: base.Variant) -> base.Variant: ...


_rewriter: VariantRewriter | None = None


def register_rewriter(rewriter: VariantRewriter | None) -> None:
    global _rewriter  # set once at start-up, by the links app
    _rewriter = rewriter


def prepared(publication: Publication) -> base.Variant:
    """The variant to send for `publication`: its stored variant, rewritten if an app asks."""
    variant = publication.variant.for_channels()
    return _rewriter.rewrite(publication, variant) if _rewriter is not None else variant
