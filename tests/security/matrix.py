"""Every page and every API operation, found by walking Podium itself, and who may use each.

`pages()` walks the URL conf (django.urls.get_resolver), `operations()` the API's OpenAPI
schema; the answers per role are declared once below, in PAGES and OPERATIONS. A page or an
operation that exists but is not declared fails the matrix with "declare the expected access
for <name>", so a new one joins the suite by being written. Path parameters are filled from
the security world (tests/security/conftest.py): erin's own things, which the other executive
may not touch.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from podium.governance.models import AuditEntry
from tests.security.conftest import ROLES, World

SIGNED_IN = frozenset(ROLES) - {"anonymous"}
EVERYONE = frozenset(ROLES)
NOBODY: frozenset[str] = frozenset()
ADMIN = frozenset({"admin"})
AUDIT_READERS = frozenset({"admin", "comms", "approver"})
PEOPLE_EDITORS = frozenset({"admin", "comms"})
COMPOSERS = frozenset({"admin", "comms", "executive", "assistant", "other_executive"})
# Who may act on erin's things: the people team, erin herself and her assistant.
ERINS_WRITERS = frozenset({"admin", "comms", "executive", "assistant"})
ERIN_ONLY = frozenset({"executive"})

Params = Callable[[World], dict[str, Any]]


@dataclass(frozen=True)
class Access:
    """Who may use an endpoint, with what path parameters and (for the API) which body."""

    roles: frozenset[str]
    params: Params = field(default=lambda w: {})
    body: Callable[[World], dict[str, Any]] | None = None
    # The address to try, when reverse() cannot make it (a query string, an unnamed route).
    path: Callable[[World], str] | None = None
    # Statuses that refuse here besides 401/403/404/405 and a sign-in redirect, each with its
    # reason at the declaration (a 302 back to the page with the reason, a 422 for a body
    # naming someone the caller may not write for). Nothing may change all the same.
    refused_as: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Endpoint:
    key: str  # the URL name, or the route of an unnamed pattern; the operation id for the API
    route: str
    method: str = "get"

    def url(self, access: Access, world: World) -> str:
        if access.path is not None:
            return access.path(world)
        if self.key == self.route:  # an unnamed pattern without parameters
            return "/" + self.route
        if self.route.startswith("/api/"):
            return self.route.format(**access.params(world))
        return reverse(self.key, kwargs=access.params(world) or None)


# --- walking Podium -------------------------------------------------------------------------


def _walk(patterns: list, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            ns = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            yield from _walk(pattern.url_patterns, route, ns)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield name or route, route


def openapi_schema() -> dict[str, Any]:
    from podium.api import api

    return api.get_openapi_schema()


def operations() -> list[Endpoint]:
    """Every operation of the API's schema: (operation id, path template, method)."""
    found = []
    for path, methods in openapi_schema()["paths"].items():
        for method, operation in methods.items():
            found.append(Endpoint(operation["operationId"], path, method))
    return found


def pages() -> list[Endpoint]:
    """Every pattern of the URL conf, except the API operations (they are in operations())."""
    api_routes = {
        re.sub(r"\{(\w+)\}", r"<\1>", path).lstrip("/") for path in openapi_schema()["paths"]
    }
    seen: dict[str, Endpoint] = {}
    for key, route in _walk(get_resolver().url_patterns):
        if route not in api_routes:
            seen.setdefault(key, Endpoint(key, route))
    return list(seen.values())


# --- what "refused" and "nothing changed" mean -------------------------------------------------

SIGN_IN_PATHS = ("/accounts/login/", "/django-admin/login/")


def is_refusal(response: Any, access: Access | None = None) -> bool:
    """403/404 (or 401 from the API, 405 for a method the page does not take), or a redirect to
    a sign-in page (anonymous visitors; the Django admin sends non-staff users to its own)."""
    if response.status_code in {401, 403, 404, 405} | (access.refused_as if access else set()):
        return True
    location = response.get("Location", "")
    return response.status_code == 302 and location.split("?")[0].endswith(SIGN_IN_PATHS)


def describe(response: Any) -> str:
    where = f" to {response['Location']}" if response.has_header("Location") else ""
    return f"{response.status_code}{where}"


# A visit may start a session (allauth keeps where to return after signing in): not a change.
NOT_STATE = {"django_session"}


def _tables() -> list[str]:
    """Every table of Podium's models that the database holds: a model a test defines for itself
    (tests/lib/test_crypto.py's SecretNote) is registered for the whole run but has a table only
    during its own test."""
    existing = set(connection.introspection.table_names())
    tables = []
    for model in apps.get_models():
        meta = model._meta
        wanted = meta.managed and not meta.proxy and meta.db_table not in NOT_STATE
        if wanted and meta.db_table in existing:
            tables.append(connection.ops.quote_name(meta.db_table))
    return sorted(set(tables))


def fingerprint() -> tuple[int, ...]:
    """The row count of every table (audit entries included), in one query."""
    # Table names come from the models, never from a request.
    counts = ", ".join(f"(SELECT COUNT(*) FROM {table})" for table in _tables())  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return (AuditEntry.objects.count(), *cursor.fetchone())


def changed_tables(before: tuple[int, ...], after: tuple[int, ...]) -> list[str]:
    names = ["audit entries", *_tables()]
    return [f"{n} {a}→{b}" for n, a, b in zip(names, before, after, strict=True) if a != b]


# --- the declarations -------------------------------------------------------------------------


def _erin(w: World) -> dict[str, Any]:
    return {"slug": w.person.slug}


def _pk(attribute: str) -> Params:
    return lambda w: {"pk": getattr(w, attribute).pk}


def _for_erin(name: str) -> Callable[[World], str]:
    """A connect page acting for erin (`?person=`)."""
    return lambda w: f"{reverse(name)}?person={w.person.slug}"


def _objective(w: World) -> dict[str, Any]:
    """An objective of the program, made the first time a check asks for one."""
    from podium.governance.objectives import Objective

    if "objective" not in w.extra:
        w.extra["objective"] = Objective.objects.create(
            name="Publish an article a month",
            owner=w.users["comms"],
            kpi="blog.articles_published",
            starts_on=dt.date(2026, 1, 1),
            ends_on=dt.date(2026, 12, 31),
            baseline=0,
            target=12,
        )
    return {"pk": w.extra["objective"].pk}  # type: ignore[attr-defined]


def _chain(w: World) -> dict[str, Any]:
    """An approval chain (every post, one step for the approvers), made when first asked."""
    from podium.accounts.roles import Role
    from podium.governance.approvals import ChainInput, StepInput, do_save_chain

    if "chain" not in w.extra:
        w.extra["chain"] = do_save_chain(
            w.users["comms"],
            ChainInput(name="Legal", steps=[StepInput(name="Legal", role=Role.APPROVER)]),
        )
    return {"pk": w.extra["chain"].pk}  # type: ignore[attr-defined]


def _run(w: World) -> dict[str, Any]:
    """A draft of erin's waiting at the chain's approvers' step."""
    from podium.governance.approvals import run_of
    from podium.publishing.actions import do_create_post

    if "run" not in w.extra:
        _chain(w)
        post = do_create_post(
            w.users["executive"], w.person, "Results day.", {"mastodon": {"text": "Results."}}
        )
        w.extra["run"] = run_of(post.latest_revision)
    return {"pk": w.extra["run"].pk}  # type: ignore[attr-defined]


def _review(w: World) -> dict[str, Any]:
    """An open review of a fast-tracked draft, opened by someone outside the roles tried."""
    from podium.governance.chains import ApprovalRun, Review

    if "review" not in w.extra:
        run = ApprovalRun.objects.get(pk=_run(w)["pk"])
        run.state = ApprovalRun.State.FAST_TRACKED
        run.save()
        opener = w.users["admin"].__class__.objects.create_user(
            email="opener@example.com", password=None, role="comms"
        )
        w.extra["review"] = Review.objects.create(run=run, opened_by=opener, reason="Urgent")
    return {"pk": w.extra["review"].pk}  # type: ignore[attr-defined]


def _objective_id(w: World) -> dict[str, Any]:
    return {"objective_id": _objective(w)["pk"]}


def _policy(kind: str) -> Params:
    """A topic, roster entry or policy rule, made the first time a check asks for one."""

    def make(w: World) -> dict[str, Any]:
        from podium.policy.models import RosterEntry, Rule, Topic

        key = f"policy_{kind}"
        if key not in w.extra:
            w.extra[key] = {
                "topic": lambda: Topic.objects.create(name="Results", slug="results"),
                "roster": lambda: RosterEntry.objects.create(
                    person=w.person, networks=["mastodon"], starts_on=dt.date(2026, 1, 1)
                ),
                "rule": lambda: Rule.objects.create(
                    name="Banned", kind="banned", patterns="guaranteed", reason="Never."
                ),
            }[kind]()
        return {"pk": w.extra[key].pk}  # type: ignore[attr-defined]

    return make


def _policy_id(kind: str, name: str) -> Params:
    return lambda w: {name: _policy(kind)(w)["pk"]}


def _ideas(w: World) -> dict[str, Any]:
    """An idea on the public board with an answer written for erin, made when first asked."""
    if "ideas" not in w.extra:
        from podium.ideas.actions import do_official_answer
        from tests.ideas.helpers import category, idea

        made = idea("Breakfast until noon", category=category())
        answer = do_official_answer(w.users["comms"], made, w.person, "We will try it.")
        w.extra["ideas"] = {"idea": made.pk, "category": "breakfast", "answer": answer.pk}
    return w.extra["ideas"]  # type: ignore[return-value]


def _advocate(w: World) -> dict[str, Any]:
    """An advocate with two accounts who engaged with erin only, made when first asked for."""
    if "advocate" not in w.extra:
        from podium.advocates.actions import do_merge
        from tests.advocates.helpers import actor, advocate_of, engage

        first, second = actor("Nadia Share"), actor("Nadia S.", network="x")
        engage(first, w.person, "repost")
        engage(second, w.person, "like")
        w.extra["advocate"] = do_merge(w.users["comms"], advocate_of(first), [advocate_of(second)])
    advocate = w.extra["advocate"]
    return {"pk": advocate.pk, "account": advocate.accounts.order_by("pk").last().pk}  # type: ignore[attr-defined]


def _advocate_pk(w: World) -> dict[str, Any]:
    return {"pk": _advocate(w)["pk"]}


def _advocates_made(name: str) -> Params:
    """An import job or a suggested match, made the first time a check asks for one."""

    def make(w: World) -> dict[str, Any]:
        from podium.advocates.models import ImportJob, MatchSuggestion
        from tests.advocates.helpers import actor, advocate_of, engage

        key = f"advocates_{name}"
        if key not in w.extra:
            if name == "import":
                w.extra[key] = ImportJob.objects.create(
                    filename="x.csv", format="csv", sha256="0" * 64, size=1, state="done"
                )
            else:
                one, two = actor("Mia One"), actor("Mia Two", network="bluesky")
                engage(one, w.person, "like")
                engage(two, w.person, "like")
                w.extra[key] = MatchSuggestion.objects.create(
                    first=advocate_of(one).accounts.get(),
                    second=advocate_of(two).accounts.get(),
                    reason="same_name_and_link",
                )
        return {"pk": w.extra[key].pk}  # type: ignore[attr-defined]

    return make


def _link(w: World) -> dict[str, Any]:
    """A short link made by hand, the first time a check asks for one."""
    from podium.links.models import ShortLink

    if "link" not in w.extra:
        w.extra["link"] = ShortLink.objects.create(destination="https://hotel.example/")
    return {"pk": w.extra["link"].pk}


def _link_code(w: World) -> dict[str, Any]:
    from podium.links.models import ShortLink

    return {"code": ShortLink.objects.get(pk=_link(w)["pk"]).code}


PAGES: dict[str, Access] = {
    "home": Access(SIGNED_IN),
    # allauth's sign-in pages: open to everyone (a signed-in person is sent home).
    "account_login": Access(EVERYONE),
    "account_logout": Access(SIGNED_IN),
    "account_inactive": Access(EVERYONE),
    "account_signup": Access(EVERYONE),
    "account_reauthenticate": Access(SIGNED_IN),
    "account_email": Access(SIGNED_IN),
    "account_email_verification_sent": Access(EVERYONE),
    "account_change_password": Access(SIGNED_IN),
    "account_set_password": Access(SIGNED_IN),
    "account_reset_password": Access(EVERYONE),
    "account_reset_password_done": Access(EVERYONE),
    "account_reset_password_from_key_done": Access(EVERYONE),
    "account_reset_password_from_key": Access(
        EVERYONE, lambda w: {"uidb36": "1", "key": "not-a-real-key"}
    ),
    "account_confirm_email": Access(EVERYONE, lambda w: {"key": "not-a-real-key"}),
    # Sign-in by emailed code is off: only the middle of a sign-in reaches it.
    "account_confirm_login_code": Access(SIGNED_IN),
    "mfa_index": Access(SIGNED_IN),
    "mfa_authenticate": Access(SIGNED_IN),
    "mfa_reauthenticate": Access(SIGNED_IN),
    "mfa_activate_totp": Access(SIGNED_IN),
    # Only with an authenticator app: nobody in the world has one.
    "mfa_deactivate_totp": Access(NOBODY),
    "mfa_view_recovery_codes": Access(NOBODY),
    "mfa_download_recovery_codes": Access(NOBODY),
    "mfa_generate_recovery_codes": Access(SIGNED_IN),
    "accounts-replace-totp": Access(SIGNED_IN),
    "socialaccount_login_cancelled": Access(EVERYONE),
    # An error page: 401 to everyone.
    "socialaccount_login_error": Access(NOBODY),
    "socialaccount_signup": Access(NOBODY),
    "socialaccount_connections": Access(SIGNED_IN),
    # allauth's old addresses, redirecting to the new ones.
    "accounts/social/login/cancelled/": Access(EVERYONE),
    "accounts/social/login/error/": Access(EVERYONE),
    "accounts/social/signup/": Access(EVERYONE),
    "accounts/social/connections/": Access(EVERYONE),
    # Single sign-on is off in the tests: no provider answers.
    "openid_connect_login": Access(NOBODY, lambda w: {"provider_id": "sso"}),
    "openid_connect_callback": Access(NOBODY, lambda w: {"provider_id": "sso"}),
    # The administrator's pages.
    "accounts-admin-home": Access(ADMIN),
    "accounts-list-users": Access(ADMIN),
    "accounts-create-user": Access(ADMIN),
    "accounts-edit-user": Access(ADMIN, lambda w: {"pk": w.users["executive"].pk}),
    "accounts-invite-user": Access(ADMIN, lambda w: {"pk": w.users["executive"].pk}),
    "accounts-reset-two-factor": Access(ADMIN, lambda w: {"pk": w.users["executive"].pk}),
    "org-edit-organisation": Access(ADMIN),
    "system-status": Access(ADMIN),
    "system-ping-worker": Access(ADMIN),
    # Personal settings: erin's token is hers alone.
    "accounts-list-tokens": Access(SIGNED_IN),
    "accounts-revoke-token": Access(ERIN_ONLY, _pk("token")),
    # People and homes.
    "org-program-home": Access(PEOPLE_EDITORS),
    "org-executive-home": Access(frozenset({"executive", "assistant", "other_executive"})),
    "org-list-people": Access(SIGNED_IN),
    "org-create-person": Access(PEOPLE_EDITORS),
    "org-show-person": Access(SIGNED_IN - {"other_executive"}, _erin),
    "org-edit-person": Access(ERINS_WRITERS, _erin),
    # Audit.
    "governance-approver-home": Access(AUDIT_READERS),
    "governance-list-audit": Access(AUDIT_READERS),
    "governance-export-audit": Access(AUDIT_READERS, lambda w: {"fmt": "csv"}),
    # Objectives: everyone signed in reads them; administrators and communications set them.
    "governance-list-objectives": Access(SIGNED_IN),
    "governance-show-objective": Access(SIGNED_IN, _objective),
    "governance-create-objective": Access(PEOPLE_EDITORS),
    "governance-edit-objective": Access(PEOPLE_EDITORS, _objective),
    "governance-verify-audit": Access(ADMIN),
    # Policy: administrators and communications write; approvers read; the roster is everyone's.
    "policy-list-rules": Access(AUDIT_READERS),
    "policy-create-rule": Access(PEOPLE_EDITORS),
    "policy-edit-rule": Access(PEOPLE_EDITORS, _policy("rule")),
    "policy-delete-rule": Access(PEOPLE_EDITORS, _policy("rule")),
    "policy-list-topics": Access(AUDIT_READERS),
    "policy-edit-topic": Access(PEOPLE_EDITORS, _policy("topic")),
    "policy-delete-topic": Access(PEOPLE_EDITORS, _policy("topic")),
    "policy-list-roster": Access(SIGNED_IN),
    "policy-create-roster-entry": Access(PEOPLE_EDITORS),
    "policy-edit-roster-entry": Access(PEOPLE_EDITORS, _policy("roster")),
    "policy-delete-roster-entry": Access(PEOPLE_EDITORS, _policy("roster")),
    # Channels.
    "channels-list-accounts": Access(SIGNED_IN),
    "channels-list-accounts-of": Access(SIGNED_IN - {"other_executive"}, _erin),
    "channels-disconnect-account": Access(ERINS_WRITERS, _pk("channel")),
    "channels-connect-mastodon": Access(ERINS_WRITERS, path=_for_erin("channels-connect-mastodon")),
    "channels-connect-bluesky": Access(ERINS_WRITERS, path=_for_erin("channels-connect-bluesky")),
    "channels-connect-linkedin": Access(ERINS_WRITERS, path=_for_erin("channels-connect-linkedin")),
    "channels-connect-x": Access(ERINS_WRITERS, path=_for_erin("channels-connect-x")),
    # The callbacks answer what the network sent back (nothing here: a 400 or back to channels).
    "channels-mastodon-callback": Access(SIGNED_IN),
    "channels-connect-linkedin-callback": Access(SIGNED_IN),
    "channels-connect-x-callback": Access(SIGNED_IN),
    # Posts.
    "publishing-show-post": Access(ERINS_WRITERS | {"approver"}, _pk("scheduled_post")),
    "publishing-show-post-status": Access(ERINS_WRITERS | {"approver"}, _pk("scheduled_post")),
    "publishing-retry-publication": Access(
        ERINS_WRITERS,
        lambda w: {"pk": w.failed_post.pk, "publication_pk": w.failed_publication.pk},
    ),
    "publishing-compose": Access(COMPOSERS),
    "publishing-count": Access(COMPOSERS),
    "publishing-check": Access(COMPOSERS),
    "publishing-import-posts": Access(COMPOSERS),
    "publishing-import-template": Access(COMPOSERS),
    "publishing-edit-post": Access(ERINS_WRITERS, _pk("waiting_post")),
    # Her assistant may open the post, so the button sends him back with "Only Erin can approve".
    "publishing-approve-revision": Access(
        ERIN_ONLY, _pk("waiting_post"), refused_as=frozenset({302})
    ),
    "publishing-unschedule-post": Access(ERINS_WRITERS, _pk("scheduled_post")),
    "publishing-list-posts": Access(SIGNED_IN),
    "publishing-edit-slots": Access(ERINS_WRITERS, _erin),
    "publishing-calendar": Access(SIGNED_IN),
    "publishing-move-post": Access(COMPOSERS),
    # Targets are set by the executive and the people team, not by an assistant.
    "publishing-edit-cadence": Access(frozenset({"admin", "comms", "executive"}), _erin),
    # Notifications: erin's are hers alone.
    "publishing-dismiss-nudge": Access(ERIN_ONLY, _pk("notification")),
    "notifications-list-notifications": Access(SIGNED_IN),
    "notifications-read-notification": Access(ERIN_ONLY, _pk("notification")),
    "notifications-read-all-notifications": Access(SIGNED_IN),
    "notifications-set-notification-emails": Access(SIGNED_IN),
    "governance-approve-waiting-post": Access(
        ERIN_ONLY, lambda w: {"pk": w.waiting_post.latest_revision.pk}
    ),
    "governance-approve-waiting-article": Access(ERIN_ONLY, _pk("draft_article")),
    # Approval chains: decided in the queue by its readers (one not named by the step is sent
    # back to the queue with the reason: a 302), fast-tracked and edited by the people team.
    "governance-approve-run": Access(AUDIT_READERS, _run),
    "governance-send-back-run": Access(AUDIT_READERS, _run),
    "governance-reject-run": Access(AUDIT_READERS, _run),
    "governance-close-review": Access(AUDIT_READERS, _review),
    "governance-fast-track-post": Access(PEOPLE_EDITORS, _pk("scheduled_post")),
    "governance-list-chains": Access(PEOPLE_EDITORS),
    "governance-create-chain": Access(PEOPLE_EDITORS),
    "governance-edit-chain": Access(PEOPLE_EDITORS, _chain),
    "governance-delete-chain": Access(PEOPLE_EDITORS, _chain),
    # The blog: public pages, then the writers' and moderators' pages.
    "blog-index": Access(EVERYONE),
    "blog-company-feed": Access(EVERYONE),
    "blog-person": Access(EVERYONE, lambda w: {"person_slug": w.person.slug}),
    "blog-person-feed": Access(EVERYONE, lambda w: {"person_slug": w.person.slug}),
    "blog-show-article": Access(
        EVERYONE,
        lambda w: {"person_slug": w.person.slug, "slug": w.published_article.slug},
    ),
    "blog-list-articles": Access(COMPOSERS),
    # Writers who may open the draft are sent back to it with "Only Erin can approve".
    "blog-approve-article": Access(ERIN_ONLY, _pk("draft_article"), refused_as=frozenset({302})),
    "blog-create-article": Access(COMPOSERS),
    "blog-edit-article": Access(ERINS_WRITERS, _pk("draft_article")),
    "blog-preview-article": Access(ERINS_WRITERS, _pk("draft_article")),
    "blog-publish-article": Access(ERINS_WRITERS, _pk("draft_article")),
    "blog-announce-article": Access(ERINS_WRITERS, _pk("published_article")),
    "blog-unpublish-article": Access(ERINS_WRITERS, _pk("published_article")),
    "blog-moderate": Access(frozenset({"comms", "executive", "assistant", "other_executive"})),
    "blog-moderate-comment": Access(frozenset({"comms", "executive", "assistant"}), _pk("comment")),
    # Ideas: the public portal (votes, comments and submitting need a verified public identity,
    # which no role has: they are sent to the portal's own sign-in, a 302), then the comms'.
    "ideas-index": Access(EVERYONE),
    "ideas-roadmap": Access(EVERYONE),
    "ideas-submit-idea": Access(EVERYONE, refused_as=frozenset({302})),
    "ideas-similar-ideas": Access(EVERYONE),
    "ideas-sign-in": Access(EVERYONE),
    "ideas-use-sign-in-link": Access(EVERYONE, lambda w: {"token": "not-a-link"}),
    "ideas-sign-out": Access(EVERYONE),
    "ideas-my-data": Access(EVERYONE),
    "ideas-delete-my-data": Access(NOBODY, refused_as=frozenset({302})),
    "ideas-status-feed": Access(EVERYONE, lambda w: {"status": "launched"}),
    "ideas-category-feed": Access(EVERYONE, lambda w: {"slug": _ideas(w)["category"]}),
    "ideas-show-idea": Access(EVERYONE, lambda w: {"pk": _ideas(w)["idea"]}),
    "ideas-vote-idea": Access(
        NOBODY, lambda w: {"pk": _ideas(w)["idea"]}, refused_as=frozenset({302})
    ),
    "ideas-comment-idea": Access(
        NOBODY, lambda w: {"pk": _ideas(w)["idea"]}, refused_as=frozenset({302})
    ),
    "ideas-follow-idea": Access(
        NOBODY, lambda w: {"pk": _ideas(w)["idea"]}, refused_as=frozenset({302})
    ),
    # A link that is not one we signed: the page says so, and nothing can be stopped.
    "ideas-unsubscribe": Access(EVERYONE, lambda w: {"token": "not-a-token"}),
    "ideas-manage-ideas": Access(COMPOSERS),
    "ideas-moderate-ideas": Access(PEOPLE_EDITORS),
    "ideas-manage-idea": Access(COMPOSERS, lambda w: {"pk": _ideas(w)["idea"]}),
    "ideas-moderate-idea": Access(PEOPLE_EDITORS, lambda w: {"pk": _ideas(w)["idea"]}),
    "ideas-change-status": Access(PEOPLE_EDITORS, lambda w: {"pk": _ideas(w)["idea"]}),
    "ideas-merge-idea": Access(PEOPLE_EDITORS, lambda w: {"pk": _ideas(w)["idea"]}),
    "ideas-unmerge-idea": Access(PEOPLE_EDITORS, lambda w: {"pk": _ideas(w)["idea"]}),
    "ideas-write-note": Access(COMPOSERS, lambda w: {"pk": _ideas(w)["idea"]}),
    "ideas-write-answer": Access(COMPOSERS, lambda w: {"pk": _ideas(w)["idea"]}),
    # An answer written for erin: only she approves it.
    "ideas-approve-answer": Access(
        frozenset({"executive"}), lambda w: {"pk": _ideas(w)["answer"]}, refused_as=frozenset({302})
    ),
    # Advocates: executives see those who engaged with them; comms and admins manage.
    "advocates-list-advocates": Access(PEOPLE_EDITORS | COMPOSERS),
    "advocates-show-advocate": Access(ERINS_WRITERS, _advocate_pk),
    "advocates-merge-advocate": Access(PEOPLE_EDITORS, _advocate_pk),
    "advocates-split-account": Access(PEOPLE_EDITORS, _advocate),
    "advocates-list-suggestions": Access(PEOPLE_EDITORS),
    "advocates-decide-suggestion": Access(PEOPLE_EDITORS, _advocates_made("suggestion")),
    "advocates-import": Access(PEOPLE_EDITORS),
    "advocates-show-continuity": Access(PEOPLE_EDITORS),
    "advocates-show-import": Access(PEOPLE_EDITORS, _advocates_made("import")),
    "links-list-links": Access(PEOPLE_EDITORS),
    "links-create-link": Access(PEOPLE_EDITORS),
    "links-show-link": Access(PEOPLE_EDITORS, _link),
    "links-edit-link": Access(PEOPLE_EDITORS, _link),
    "links-privacy": Access(EVERYONE),
    # The redirect answers everyone (a 302 to the stored destination, not a sign-in page).
    "links-follow": Access(EVERYONE, _link_code),
    # The API's own pages (its operations are in OPERATIONS).
    "api:openapi-json": Access(EVERYONE),
    "api:openapi-view": Access(EVERYONE),
    "api:api-root": Access(NOBODY),
    # Uploaded files: who may read one is tests/security/test_uploads.py's part; a file that
    # does not exist is a 404 for everyone (no listing, no error page).
    "media": Access(NOBODY, lambda w: {"path": "posts/no-such-file.png"}),
    # Any address below /api/ that the API does not have: a JSON 404 for everyone.
    "api-unknown-address": Access(NOBODY, lambda w: {"rest": "no-such-thing"}),
    # The admin's sign-in page is open to all; it signs in staff accounts only.
    "admin:login": Access(EVERYONE),
    "admin:logout": Access(EVERYONE),
}

# The Django admin is for staff accounts (`podium createsuperuser`), which none of Podium's
# roles are: every admin page, present or future, refuses them all. Its routes' parameters:
ADMIN_SITE = Access(NOBODY)
ADMIN_PARAMS = {
    "object_id": "1",
    "content_type_id": "1",
    "app_label": "mfa",
    "url": "no-such-page/",
}


def page_access(endpoint: Endpoint) -> Access | None:
    """The declared access of a page; the admin site's rule for the admin's pages."""
    if endpoint.key in PAGES:
        return PAGES[endpoint.key]
    if endpoint.key.startswith(("admin:", "django-admin/")):
        return ADMIN_SITE
    return None


def page_url(endpoint: Endpoint, access: Access, world: World) -> str:
    if access is ADMIN_SITE:
        if ":" in endpoint.key and not endpoint.key.startswith("django-admin/"):
            names = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", endpoint.route)
            kwargs = {a or b: ADMIN_PARAMS[a or b] for a, b in names}
            return reverse(endpoint.key, kwargs=kwargs or None)
        route = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: ADMIN_PARAMS[m[1]], endpoint.route)
        return "/" + re.sub(r"\(\?P<(\w+)>[^)]*\)\$?", lambda m: ADMIN_PARAMS[m[1]], route)
    return endpoint.url(access, world)


def _later(w: World) -> str:
    return (timezone.now() + dt.timedelta(days=3)).replace(microsecond=0).isoformat()


def _post(attribute: str) -> Params:
    return lambda w: {"post_id": getattr(w, attribute).pk}


def _article(attribute: str) -> Params:
    return lambda w: {"article_id": getattr(w, attribute).pk}


# Bodies are valid, so that a refusal is the permission check and not the body's validation.
OPERATIONS: dict[str, Access] = {
    "me": Access(SIGNED_IN),
    "list_users": Access(ADMIN),
    "create_user": Access(
        ADMIN, body=lambda w: {"email": "mallory@example.com", "full_name": "Mallory"}
    ),
    # The assistant making herself administrator: only an administrator may.
    "update_user": Access(
        ADMIN, lambda w: {"user_id": w.users["assistant"].pk}, body=lambda w: {"role": "admin"}
    ),
    # Tokens are created and listed from a signed-in browser only, never with a token.
    "list_tokens": Access(NOBODY),
    "create_token": Access(NOBODY, body=lambda w: {"name": "Mallory's"}),
    # Administrators may revoke anyone's token (one that leaked), over the API.
    "revoke_token": Access(ADMIN | ERIN_ONLY, lambda w: {"token_id": w.token.pk}),
    "list_people": Access(SIGNED_IN),
    "create_person": Access(PEOPLE_EDITORS, body=lambda w: {"name": "Mallory", "title": "CEO"}),
    "get_person": Access(SIGNED_IN - {"other_executive"}, _erin),
    "update_person": Access(ERINS_WRITERS, _erin, body=lambda w: {"bio": "Changed by someone."}),
    "list_channel_accounts": Access(SIGNED_IN - {"other_executive"}, _erin),
    "list_posts": Access(SIGNED_IN),
    # Naming an executive one may not write for is the body's error (422, "You may not write
    # for…"), as for any other field.
    "create_post": Access(
        ERINS_WRITERS,
        refused_as=frozenset({422}),
        body=lambda w: {
            "person": w.person.slug,
            "text": "Not by Erin.",
            "variants": {"mastodon": {"text": "Not by Erin."}},
        },
    ),
    "get_post": Access(ERINS_WRITERS | {"approver"}, _post("scheduled_post")),
    "edit_post": Access(ERINS_WRITERS, _post("waiting_post"), body=lambda w: {"text": "Changed."}),
    "approve_post": Access(
        ERIN_ONLY,
        _post("waiting_post"),
        body=lambda w: {"revision": w.waiting_post.latest_revision.number},
    ),
    "schedule_post": Access(ERINS_WRITERS, _post("waiting_post"), body=lambda w: {"when": "now"}),
    "unschedule_post": Access(ERINS_WRITERS, _post("scheduled_post")),
    "move_post": Access(ERINS_WRITERS, _post("scheduled_post"), body=lambda w: {"at": _later(w)}),
    "retry_publication": Access(
        ERINS_WRITERS,
        lambda w: {"post_id": w.failed_post.pk, "publication_id": w.failed_publication.pk},
    ),
    "list_advocates": Access(PEOPLE_EDITORS | COMPOSERS),
    "get_advocate": Access(ERINS_WRITERS, lambda w: {"advocate_id": _advocate(w)["pk"]}),
    "list_advocate_events": Access(ERINS_WRITERS, lambda w: {"advocate_id": _advocate(w)["pk"]}),
    "list_articles": Access(COMPOSERS),
    "create_article": Access(
        ERINS_WRITERS,
        refused_as=frozenset({422}),
        body=lambda w: {"person": w.person.slug, "title": "Not by Erin", "body": "No."},
    ),
    "get_article": Access(ERINS_WRITERS, _article("draft_article")),
    "edit_article": Access(
        ERINS_WRITERS, _article("draft_article"), body=lambda w: {"title": "Changed"}
    ),
    "approve_article": Access(ERIN_ONLY, _article("draft_article")),
    "publish_article": Access(ERINS_WRITERS, _article("draft_article")),
    "unpublish_article": Access(ERINS_WRITERS, _article("published_article")),
    "announce_article": Access(ERINS_WRITERS, _article("published_article")),
    "list_comments": Access(frozenset({"comms", "executive", "assistant", "other_executive"})),
    "moderate_comment": Access(
        frozenset({"comms", "executive", "assistant"}),
        lambda w: {"comment_id": w.comment.pk},
        body=lambda w: {"status": "approved"},
    ),
    "list_ideas": Access(PEOPLE_EDITORS),
    "get_idea": Access(COMPOSERS, lambda w: {"idea_id": _ideas(w)["idea"]}),
    "change_idea_status": Access(
        PEOPLE_EDITORS,
        lambda w: {"idea_id": _ideas(w)["idea"]},
        body=lambda w: {"status": "planned"},
    ),
    "list_audit": Access(AUDIT_READERS),
    "list_my_queue": Access(AUDIT_READERS),
    "approve": Access(AUDIT_READERS, lambda w: {"run_id": _run(w)["pk"]}, body=lambda w: {}),
    "send_back": Access(
        AUDIT_READERS, lambda w: {"run_id": _run(w)["pk"]}, body=lambda w: {"comment": "No."}
    ),
    "reject": Access(
        AUDIT_READERS, lambda w: {"run_id": _run(w)["pk"]}, body=lambda w: {"comment": "No."}
    ),
    "fast_track": Access(
        PEOPLE_EDITORS,
        lambda w: {"post_id": w.scheduled_post.pk},
        body=lambda w: {"reason": "Urgent"},
    ),
    "list_kpis": Access(SIGNED_IN),
    "list_objectives": Access(SIGNED_IN),
    "get_objective": Access(SIGNED_IN, _objective_id),
    "create_objective": Access(
        PEOPLE_EDITORS,
        body=lambda w: {
            "name": "Mallory's objective",
            "owner_id": w.users["comms"].pk,  # type: ignore[union-attr]
            "kpi": "blog.articles_published",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "baseline": 0,
            "target": 99,
        },
    ),
    "update_objective": Access(PEOPLE_EDITORS, _objective_id, body=lambda w: {"target": 99}),
    "get_status": Access(ADMIN),
    "list_links": Access(PEOPLE_EDITORS),
    "create_link": Access(PEOPLE_EDITORS, body=lambda w: {"destination": "https://evil.example/"}),
    "get_link": Access(PEOPLE_EDITORS, lambda w: {"link_id": _link(w)["pk"]}),
    "update_link": Access(
        PEOPLE_EDITORS,
        lambda w: {"link_id": _link(w)["pk"]},
        body=lambda w: {"destination": "https://evil.example/"},
    ),
    "list_clicks": Access(PEOPLE_EDITORS, lambda w: {"link_id": _link(w)["pk"]}),
    "list_topics": Access(SIGNED_IN),
    "create_topic": Access(PEOPLE_EDITORS, body=lambda w: {"name": "Mallory's topic"}),
    "update_topic": Access(
        PEOPLE_EDITORS, _policy_id("topic", "topic_id"), body=lambda w: {"name": "Changed"}
    ),
    "delete_topic": Access(PEOPLE_EDITORS, _policy_id("topic", "topic_id")),
    "list_roster": Access(SIGNED_IN),
    "create_roster_entry": Access(
        PEOPLE_EDITORS,
        body=lambda w: {"person": w.person.slug, "networks": ["x"], "starts_on": "2026-01-01"},
    ),
    "update_roster_entry": Access(
        PEOPLE_EDITORS, _policy_id("roster", "entry_id"), body=lambda w: {"networks": ["x"]}
    ),
    "delete_roster_entry": Access(PEOPLE_EDITORS, _policy_id("roster", "entry_id")),
    "list_rules": Access(AUDIT_READERS),
    "create_rule": Access(
        PEOPLE_EDITORS,
        body=lambda w: {"name": "Mallory's", "kind": "banned", "patterns": ["x"], "reason": "No."},
    ),
    "update_rule": Access(
        PEOPLE_EDITORS, _policy_id("rule", "rule_id"), body=lambda w: {"reason": "Changed"}
    ),
    "delete_rule": Access(PEOPLE_EDITORS, _policy_id("rule", "rule_id")),
    # Checking changes nothing; for someone one may not write for, it is a 422 naming them.
    "check_text": Access(
        ERINS_WRITERS,
        refused_as=frozenset({422}),
        body=lambda w: {"person": w.person.slug, "text": "We expect growth."},
    ),
}
