"""API for the signed-in user, users (administrators only) and personal API tokens."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from allauth.mfa.models import Authenticator
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Path, Query, Router, Schema, Status

from podium.accounts.actions import (
    do_create_token,
    do_create_user,
    do_revoke_token,
    do_update_user,
)
from podium.accounts.api_auth import actor, require_browser_session, require_role
from podium.accounts.models import ApiToken, User
from podium.accounts.reauth import needs_reauthentication, reauthenticate_hint
from podium.accounts.roles import USER_ADMINS, Role
from podium.lib.api import (
    EMAIL_PATTERN,
    MAX_ID,
    FiltersIn,
    Flag,
    InSchema,
    Page,
    PageIn,
    PatchSchema,
    QueryFlag,
    error_responses,
    paginate,
    patch_field,
)

router = Router()


class UserOut(Schema):
    id: int
    email: str
    full_name: str
    role: Role
    is_active: bool
    require_two_factor: bool = Field(description="An administrator requires a TOTP code.")
    two_factor_enabled: bool = Field(description="The user has enrolled a TOTP authenticator.")
    date_joined: dt.datetime
    last_login: dt.datetime | None


class PersonRef(Schema):
    slug: str
    name: str


class MeOut(UserOut):
    role_label: str
    person: PersonRef | None = Field(description="Your own executive profile, if you have one.")
    acts_for: list[PersonRef] = Field(description="Executives you act for (as an assistant).")
    authenticated_by: Literal["token", "session"]


class UserCreateIn(InSchema):
    email: str = Field(
        max_length=254, pattern=EMAIL_PATTERN, description="The address the user signs in with."
    )
    full_name: str = Field(min_length=1, max_length=150)
    role: Role = Role.EXECUTIVE
    is_active: Flag = True
    require_two_factor: Flag = False


class UserPatchIn(PatchSchema):
    email: str = patch_field(max_length=254, pattern=EMAIL_PATTERN)
    full_name: str = patch_field(min_length=1, max_length=150)
    role: Role = patch_field()
    is_active: Flag = patch_field()
    require_two_factor: Flag = patch_field()


class UserFilters(FiltersIn):
    q: str = Field("", max_length=200, description="Part of a name or email address.")
    role: Role | None = None
    is_active: QueryFlag | None = None


class UserPage(Page[UserOut]):
    pass


class TokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(description="The first characters of the token, to recognise it.")
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None
    is_active: bool


class TokenCreatedOut(TokenOut):
    secret: str = Field(description="The token itself. Shown this once: store it now.")


class TokenCreateIn(InSchema):
    name: str = Field(max_length=80, description="What will use the token, e.g. 'CRM sync'.")


class TokenPage(Page[TokenOut]):
    pass


def users_with_two_factor() -> QuerySet[User]:
    totp = Authenticator.objects.filter(user=OuterRef("pk"), type=Authenticator.Type.TOTP)
    return User.objects.annotate(two_factor_enabled=Exists(totp))


# --- me --------------------------------------------------------------------------------------


@router.get("/me", response={200: MeOut, **error_responses(403)}, tags=["Me"], summary="Who am I")
def me(request: HttpRequest) -> dict[str, object]:
    """Who you are authenticated as: your role, your profile and whom you act for."""
    user = users_with_two_factor().get(pk=actor(request).pk)
    person = getattr(user, "person", None)
    return {
        **UserOut.model_validate(user).model_dump(),
        "role_label": Role(user.role).label,
        "person": person,
        "acts_for": [d.person for d in user.delegations.select_related("person")],
        "authenticated_by": getattr(request, "podium_auth", "session"),
    }


# --- users -----------------------------------------------------------------------------------


@router.get("/users", response={200: UserPage, **error_responses(403, 422)}, tags=["Users"])
def list_users(
    request: HttpRequest, filters: Query[UserFilters], page: Query[PageIn]
) -> dict[str, object]:
    """Everyone who can sign in to Podium. Administrators only."""
    require_role(actor(request), USER_ADMINS, "Listing users")
    users = users_with_two_factor()
    if filters.q:
        users = users.filter(Q(full_name__icontains=filters.q) | Q(email__icontains=filters.q))
    if filters.role is not None:
        users = users.filter(role=filters.role)
    if filters.is_active is not None:
        users = users.filter(is_active=filters.is_active)
    return paginate(users.order_by("full_name", "email", "pk"), page)


@router.post("/users", response={201: UserOut, **error_responses(400, 403, 422)}, tags=["Users"])
def create_user(request: HttpRequest, payload: UserCreateIn) -> Status[User]:
    """Add a user. They set a password with "Forgot password?" on the sign-in page, or sign in
    with single sign-on. Administrators only."""
    require_role(actor(request), USER_ADMINS, "Adding users")
    user = do_create_user(actor(request), payload.model_dump(), via="api")
    return Status(201, users_with_two_factor().get(pk=user.pk))


@router.patch(
    "/users/{user_id}",
    response={200: UserOut, **error_responses(400, 403, 404, 422)},
    tags=["Users"],
)
def update_user(
    request: HttpRequest, payload: UserPatchIn, user_id: int = Path(..., ge=1, le=MAX_ID)
) -> User:
    """Change a user's name, email, role, or whether they may sign in. Administrators only."""
    require_role(actor(request), USER_ADMINS, "Changing users")
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise Http404(f"No user has id {user_id}: list users with GET /api/users.")
    do_update_user(actor(request), user, payload.changes(), via="api")
    return users_with_two_factor().get(pk=user.pk)


# --- tokens ----------------------------------------------------------------------------------


@router.get("/tokens", response={200: TokenPage, **error_responses(403, 422)}, tags=["Tokens"])
def list_tokens(request: HttpRequest, page: Query[PageIn]) -> dict[str, object]:
    """Your personal API tokens, newest first, revoked ones included.

    Only from a signed-in browser session: an API token cannot list tokens (403)."""
    require_browser_session(request, "Listing your API tokens")
    tokens = ApiToken.objects.filter(user=actor(request)).order_by("-created_at", "-pk")
    return paginate(tokens, page)


@router.post(
    "/tokens",
    response={201: TokenCreatedOut, **error_responses(400, 403, 422)},
    tags=["Tokens"],
)
def create_token(request: HttpRequest, payload: TokenCreateIn) -> Status[dict[str, object]]:
    """A new token for you. The response holds the secret: it is never shown again.

    Only from a signed-in browser session, and within a few minutes of signing in or
    confirming your password: an API token cannot create tokens (403)."""
    require_browser_session(request, "Creating an API token")
    if needs_reauthentication(request):
        raise PermissionDenied(
            "Creating an API token asks you to confirm it's you first: "
            + reauthenticate_hint("/settings/tokens/")
            + "."
        )
    token, secret = do_create_token(actor(request), payload.name, via="api")
    return Status(201, {**TokenOut.model_validate(token).model_dump(), "secret": secret})


@router.delete(
    "/tokens/{token_id}",
    response={200: TokenOut, **error_responses(403, 404, 422)},
    tags=["Tokens"],
)
def revoke_token(request: HttpRequest, token_id: int = Path(..., ge=1, le=MAX_ID)) -> ApiToken:
    """Revoke a token: it stops working at once. Administrators may revoke anyone's token.

    Allowed with an API token too, so a script can retire a token that leaked."""
    user = actor(request)
    tokens = ApiToken.objects.all()
    if not user.has_role(*USER_ADMINS):
        tokens = tokens.filter(user=user)
    token = tokens.filter(pk=token_id).first()
    if token is None:
        raise Http404(f"You have no token with id {token_id}: list yours with GET /api/tokens.")
    return do_revoke_token(user, token, via="api")
