"""Suggested matches: two accounts that look like one person, for a person to confirm.

Three signs, the strongest first:
- a verified link: one account's profile links to the other's profile, and the network
  checked that the linked page links back (Mastodon's profile fields verified with rel=me);
- the same verified site: both accounts showed the network they hold one website (a
  Mastodon link verified with rel=me, a Bluesky handle on the person's own domain);
- the same display name and a shared link (both profiles point at the same website).

Nothing is merged here: a communications manager confirms or dismisses each suggestion
(actions.do_decide_suggestion). A pair suggested once is not suggested again, whatever was
decided.
"""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlsplit

from django.db import transaction

from podium.advocates.models import MatchSuggestion, RemoteAccount
from podium.governance import audit
from podium.governance.models import AuditEntry


def normal_link(url: str) -> str:
    """A link as compared: no scheme, no www., no trailing slash, lower case host."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}" if host else ""


def normal_name(name: str) -> str:
    return " ".join(name.casefold().split())


def candidates(accounts: list[RemoteAccount]) -> dict[tuple[int, int], tuple[str, str]]:
    """(lower account id, higher) → (reason, evidence) for accounts of different advocates."""
    by_profile: dict[str, list[RemoteAccount]] = defaultdict(list)
    by_name_and_link: dict[tuple[str, str], list[RemoteAccount]] = defaultdict(list)
    by_verified_site: dict[str, list[RemoteAccount]] = defaultdict(list)
    for account in accounts:
        for site in {normal_link(url) for url in account.verified_links()} - {""}:
            by_verified_site[site].append(account)
        if account.profile_url:
            by_profile[normal_link(account.profile_url)].append(account)
        name = normal_name(account.display_name)
        if name:
            for link in {normal_link(url) for url in account.all_links()} - {""}:
                by_name_and_link[(name, link)].append(account)
    found: dict[tuple[int, int], tuple[str, str]] = {}

    def add(a: RemoteAccount, b: RemoteAccount, reason: str, evidence: str) -> None:
        if a.advocate_id == b.advocate_id:
            return
        pair = (min(a.pk, b.pk), max(a.pk, b.pk))
        found.setdefault(pair, (reason, evidence))

    for account in accounts:
        for url in account.verified_links():
            for other in by_profile.get(normal_link(url), []):
                add(account, other, MatchSuggestion.Reason.VERIFIED_LINK, url)
    for site, group in by_verified_site.items():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                add(a, b, MatchSuggestion.Reason.VERIFIED_LINK, site)
    for (_, link), group in by_name_and_link.items():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                add(a, b, MatchSuggestion.Reason.SAME_NAME_AND_LINK, link)
    return found


def suggest() -> int:
    """Store the new suggestions; returns how many."""
    accounts = list(
        RemoteAccount.objects.only("pk", "advocate_id", "display_name", "profile_url", "links")
    )
    found = candidates(accounts)
    known = set(MatchSuggestion.objects.values_list("first_id", "second_id"))
    new = [
        MatchSuggestion(first_id=a, second_id=b, reason=reason, evidence=evidence[:500])
        for (a, b), (reason, evidence) in found.items()
        if (a, b) not in known
    ]
    if not new:
        return 0
    with transaction.atomic():
        MatchSuggestion.objects.bulk_create(new, ignore_conflicts=True)
        audit.record(
            actor=None,
            action="advocates.matches_suggested",
            target_type="advocates.matchsuggestion",
            target_label=f"{len(new)} suggested matches",
            after={"suggested": len(new)},
            via=AuditEntry.Via.WORKER,
        )
    return len(new)
