"""What every API router shares: error shapes, schemas, pagination (authentication and
role checks are `podium.accounts.api_auth`).

Errors always have one shape, `{"detail": "...", "errors": {"field": "message"}}`, whatever
raised them (pydantic, a Django ValidationError from an action, a permission check), so a
client shows `detail` to a person and puts each `errors` message next to its field.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any, Generic, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import AfterValidator, BeforeValidator, ConfigDict, Strict, field_validator

from podium.lib import bounds

logger = logging.getLogger(__name__)

HOW_TO_AUTHENTICATE = (
    "Send a personal API token in the header `Authorization: Bearer <token>`. "
    "Create one under Settings → API tokens (/settings/tokens/)."
)

# --- schemas ---------------------------------------------------------------------------------

EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+$"
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
OPTIONAL_SLUG_PATTERN = r"^[-a-zA-Z0-9_]*$"
# What each pattern means in words: a person is never shown the regular expression.
PATTERN_HINTS = {
    EMAIL_PATTERN: "Enter an email address such as ana@example.com.",
    SLUG_PATTERN: "Use a slug such as erin-executive: letters, digits, hyphens and "
    "underscores only.",
    OPTIONAL_SLUG_PATTERN: "Use a slug such as erin-executive (letters, digits, hyphens and "
    "underscores only), or leave it empty.",
}
# Largest id a path accepts: a bigger number is a clear 422, never a database overflow.
MAX_ID = 2**53

# JSON bodies are typed strictly: 0 is not false and "5" is not 5.
Flag = Annotated[bool, Strict()]
Number = Annotated[int, Strict()]


def _iso_day(value: object) -> object:
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("Send a date such as 2025-01-31.")
    return value


def _bounded(value: dt.date) -> dt.date:
    if problem := bounds.day_problem(value, "This date" if type(value) is dt.date else "This time"):
        raise ValueError(problem)
    return value


# A day in a query string, written only as YYYY-MM-DD (not a timestamp such as 0), in the
# years 1900-2200 (bounds.py).
Day = Annotated[dt.date, BeforeValidator(_iso_day), AfterValidator(_bounded)]
# A time sent to the API, in the years 1900-2200 (bounds.py).
Instant = Annotated[dt.datetime, AfterValidator(_bounded)]


def _query_flag(value: object) -> object:
    if isinstance(value, str) and value not in {"true", "false"}:
        raise ValueError("Send true or false.")
    return value


# A yes/no in a query string, written only as true or false.
QueryFlag = Annotated[bool, BeforeValidator(_query_flag)]


class ErrorOut(Schema):
    """Every error the API returns."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "detail": "page_size: Send a number of at most 200.",
                    "errors": {"page_size": "Send a number of at most 200."},
                },
                {"detail": "No such person, or not one you may see.", "errors": {}},
            ]
        }
    )

    detail: str = Field(description="What went wrong and how to fix it, for a person to read.")
    errors: dict[str, str] = Field(
        default_factory=dict, description="One message per field that needs fixing."
    )


def error_responses(*codes: int) -> dict[int, type[ErrorOut]]:
    """Document the error statuses an endpoint may answer with (401 always: every call is
    authenticated)."""
    return dict.fromkeys(sorted({401, *codes}), ErrorOut)


def _drop_defaults(schema: dict[str, Any]) -> None:
    for prop in schema.get("properties", {}).values():
        prop.pop("default", None)


class TextIn(Schema):
    """Anything a client sends: text may not hold NUL characters, which no database column
    stores (PostgreSQL refuses them outright)."""

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: object) -> object:
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("Remove the NUL character (\\0) from this text.")
        return value


class FiltersIn(TextIn):
    """Query-string filters of a list endpoint."""


class InSchema(TextIn):
    """Request bodies: unknown fields are refused (a typo must not be silently ignored) and
    surrounding spaces are trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PatchSchema(InSchema):
    """A partial update: only the fields sent change. Fields default to None only so that
    they may be left out; an explicit null is refused unless the field's type allows it,
    and the published schema shows no default (leaving a field out keeps its value)."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra=lambda schema, _model: _drop_defaults(schema),
    )

    def changes(self) -> dict[str, Any]:
        return self.model_dump(exclude_unset=True)


def patch_field(**constraints: Any) -> Any:
    """A PatchSchema field that may be left out: `name: str = patch_field(max_length=120)`.

    Its default is None, which pydantic never validates, so a field left out keeps its value
    while an explicit null is still refused by the field's type. Typed Any because a None
    default is what mypy would otherwise refuse for `str`."""
    return Field(None, **constraints)


class PageIn(Schema):
    page: int = Field(1, ge=1, le=bounds.MAX_PAGE, description="Page number, from 1.")
    page_size: int = Field(
        50, ge=1, le=bounds.MAX_PAGE_SIZE, description="Items per page, at most 200."
    )


T = TypeVar("T")


class Page(Schema, Generic[T]):
    items: list[T]
    count: int = Field(description="Items on all pages.")
    page: int
    pages: int = Field(description="Number of pages (0 when there are no items).")


def paginate(queryset: QuerySet[Any], page: PageIn) -> dict[str, Any]:
    count = queryset.count()
    start = (page.page - 1) * page.page_size
    return {
        "items": list(queryset[start : start + page.page_size]),
        "count": count,
        "page": page.page,
        "pages": math.ceil(count / page.page_size),
    }


# --- errors ----------------------------------------------------------------------------------


def _field_message(error: dict[str, Any]) -> str:
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    messages = {
        "missing": "This field is required.",
        "extra_forbidden": "Podium does not know this field: check its spelling or leave it out.",
        "string_too_short": "This cannot be empty.",
        "string_too_long": f"Use at most {ctx.get('max_length')} characters.",
        # Never the pattern itself: a regular expression tells a person nothing.
        "string_pattern_mismatch": PATTERN_HINTS.get(
            str(ctx.get("pattern")), "This is not in the form the API docs (/api/docs) show."
        ),
        "string_type": "Send text (a JSON string).",
        "int_parsing": "Send a whole number.",
        "int_type": "Send a whole number.",
        "int_from_float": "Send a whole number.",
        "bool_parsing": "Send true or false.",
        "bool_type": "Send true or false.",
        "enum": f"Choose one of: {ctx.get('expected')}.",
        "literal_error": f"Choose one of: {ctx.get('expected')}.",
        "greater_than_equal": f"Send a number of at least {ctx.get('ge')}.",
        "less_than_equal": f"Send a number of at most {ctx.get('le')}.",
        "date_from_datetime_parsing": "Send a date such as 2025-01-31.",
        "date_parsing": "Send a date such as 2025-01-31.",
        "date_type": "Send a date such as 2025-01-31.",
        "datetime_parsing": "Send a date and time such as 2026-12-01T09:30:00+01:00.",
        "datetime_from_date_parsing": "Send a date and time such as 2026-12-01T09:30:00+01:00.",
        "datetime_type": "Send a date and time such as 2026-12-01T09:30:00+01:00.",
        "model_attributes_type": "Send a JSON object.",
        "dict_type": "Send a JSON object.",
    }
    if kind in messages:
        return messages[kind]
    message = str(error.get("msg", "This value is not valid."))
    return message.removeprefix("Value error, ")


def _field_name(loc: Iterable[Any]) -> str:
    """('body', 'payload', 'email') -> 'email'; ('query', 'page') -> 'page'."""
    parts = [str(p) for p in loc]
    source, rest = parts[0], parts[1:]
    if source == "body":
        rest = rest[1:]  # the endpoint's parameter name, meaningless to a client
        if not rest:
            return "body"
    return ".".join(rest) or source


def _summary(errors: dict[str, str]) -> str:
    if len(errors) == 1:
        field, message = next(iter(errors.items()))
        return f"{field}: {message}" if field != "body" else message
    return f"{len(errors)} fields need fixing ({', '.join(errors)}): see errors for each one."


def _respond(
    api: NinjaAPI, request: HttpRequest, status: int, detail: str, errors: dict[str, str] | None
) -> HttpResponse:
    body = ErrorOut(detail=detail, errors=errors or {}).model_dump()
    return api.create_response(request, body, status=status)


def install_error_handlers(api: NinjaAPI) -> None:
    def validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors: dict[str, str] = {}
        for error in exc.errors:
            name = _field_name(error.get("loc", ("body",)))
            if name == "body" and error.get("type") == "missing":
                errors[name] = "Send a JSON object in the request body."
            else:
                errors.setdefault(name, _field_message(error))
        return _respond(api, request, 422, _summary(errors), errors)

    def django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        if hasattr(exc, "error_dict"):
            errors = {field: " ".join(messages) for field, messages in exc.message_dict.items()}
            general = errors.pop(NON_FIELD_ERRORS, "")
            detail = general or _summary(errors)
        else:
            errors, detail = {}, " ".join(exc.messages)
        return _respond(api, request, 422, detail, errors)

    def denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return _respond(api, request, 403, str(exc) or "Your role does not allow this.", None)

    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return _respond(api, request, 404, str(exc) or "Nothing was found at this address.", None)

    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        detail = exc.message
        if detail == "Unauthorized":  # ninja's own: no credentials were sent at all
            detail = f"Authentication required. {HOW_TO_AUTHENTICATE}"
        response = _respond(api, request, 401, detail, None)
        response["WWW-Authenticate"] = 'Bearer realm="Podium"'
        return response

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        message = str(exc)
        if exc.status_code == 400 and message.startswith("Cannot parse request body"):
            message = "The request body is not valid JSON: send a JSON object."
        return _respond(api, request, exc.status_code, message, None)

    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        # A bug, not the caller's mistake: the traceback goes to the log, the caller gets the
        # API's own shape rather than an HTML page (or, in debug mode, the traceback).
        logger.error("Unexpected error in %s %s", request.method, request.path, exc_info=exc)
        detail = (
            "Podium could not complete this request because of an error on its side; it has "
            "been logged. Try again later, and tell your administrator if it keeps happening."
        )
        return _respond(api, request, 500, detail, None)

    _add_handler(api, Exception, unexpected)
    _add_handler(api, NinjaValidationError, validation)
    _add_handler(api, DjangoValidationError, django_validation)
    _add_handler(api, PermissionDenied, denied)
    _add_handler(api, Http404, not_found)
    _add_handler(api, AuthenticationError, unauthenticated)
    _add_handler(api, HttpError, http_error)


E = TypeVar("E", bound=Exception)


def _add_handler(
    api: NinjaAPI, exc_class: type[E], handler: Callable[[HttpRequest, E], HttpResponse]
) -> None:
    # django-ninja types a handler as taking the exception or its class; it is always given
    # the exception raised.
    api.add_exception_handler(exc_class, handler)  # type: ignore[arg-type]


@contextmanager
def fields_renamed(names: dict[str, str]) -> Iterator[None]:
    """Report a model field's error under the name the API uses for it (user -> user_id)."""
    try:
        yield
    except DjangoValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        raise DjangoValidationError(
            {names.get(field, field): errors for field, errors in exc.error_dict.items()}
        ) from exc
