"""Demo step: each executive's accounts on the networks, marked DEMO so nothing contacts them.

Handles live on reserved example domains (RFC 2606), so even a copied link leads nowhere real.
Everyone is on LinkedIn; the CEO is on every network; the others on a random few.
"""

from __future__ import annotations

from podium.channels.models import ChannelAccount, Network
from podium.lib.demo import BATCH, DemoContext, ascii_slug

LABEL = "channel accounts"

REASON = "Demo account: Podium never contacts it."
# How likely an executive other than the CEO is to have an account on each network.
LIKELIHOOD = {
    Network.LINKEDIN: 1.0,
    Network.MASTODON: 0.45,
    Network.BLUESKY: 0.55,
    Network.X: 0.5,
    Network.BLOG: 0.35,
}
X_HANDLE_MAX = 15  # X allows at most 15 characters in a handle


def populate(ctx: DemoContext) -> None:
    taken: dict[str, set[str]] = {network: set() for network in Network.values}
    accounts: list[ChannelAccount] = []
    for index, person in enumerate(ctx.people):
        first, last = person.name.split()[0], person.name.split()[-1]
        joined = ascii_slug(f"{first} {last}")
        dashed = ascii_slug(f"{first} {last}", separator="-")
        for network, chance in LIKELIHOOD.items():
            if index > 0 and ctx.rng.random() >= chance:
                continue
            base = joined[:X_HANDLE_MAX] if network == Network.X else dashed
            name = _unique(base, taken[network], limit=X_HANDLE_MAX if network == Network.X else 0)
            handle, url = _address(network, name, person.slug, ctx.email_domain)
            accounts.append(
                ChannelAccount(
                    person=person,
                    network=network,
                    handle=handle,
                    profile_url=url,
                    status=ChannelAccount.Status.DEMO,
                    status_reason=REASON,
                )
            )
        ctx.progress("channel accounts", index + 1, len(ctx.people))
    ChannelAccount.objects.bulk_create(accounts, batch_size=BATCH)


def _unique(base: str, taken: set[str], *, limit: int) -> str:
    name, n = base, 2
    while name in taken:
        suffix = str(n)
        name = (base[: limit - len(suffix)] if limit else base) + suffix
        n += 1
    taken.add(name)
    return name


def _address(network: str, name: str, slug: str, domain: str) -> tuple[str, str]:
    """(handle, profile URL) of a demo account on `network`."""
    if network == Network.MASTODON:
        local = name.replace("-", "_")
        return f"@{local}@social.example", f"https://social.example/@{local}"
    if network == Network.BLUESKY:
        handle = f"{name}.bsky.example"
        return handle, f"https://bsky.example/profile/{handle}"
    if network == Network.LINKEDIN:
        return name, f"https://linkedin.example/in/{name}"
    if network == Network.X:
        return f"@{name}", f"https://x.example/{name}"
    return slug, f"https://blog.{domain}/{slug}/"
