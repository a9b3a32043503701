"""How early, late and large a date or a number given by a person or the API may be.

Python's dates run from year 1 to 9999, so a week, a month or a day's end in another time
zone worked out from an extreme date overflows, and a 500 is all the person sees. Every form,
filter, query parameter and API schema that takes a date or a time checks it here first:
the years 1900 to 2200 (audit filters, calendar, lists), and for a post, no more than two
years ahead. Page numbers and sizes have their ceilings here too, so one number means the
same on every page and operation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.exceptions import ValidationError

FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2200, 12, 31)
# Far enough for any campaign; a typo such as 2062 for 2026 is caught instead of waiting.
SCHEDULE_AHEAD = dt.timedelta(days=2 * 365 + 1)
MAX_PAGE = 1_000_000
MAX_PAGE_SIZE = 200

RANGE = f"{FIRST_DAY:%Y-%m-%d} to {LAST_DAY:%Y-%m-%d}"


def day_problem(value: dt.date, what: str) -> str | None:
    """Why `value` cannot be used as `what` ("The end date"), or None when it can."""
    day = value.date() if isinstance(value, dt.datetime) else value
    if FIRST_DAY <= day <= LAST_DAY:
        return None
    return f"{what} ({day.isoformat()}) is out of range: choose a date from {RANGE}."


def check_day(value: dt.date, what: str) -> None:
    """Refuse a date or a time outside the years 1900-2200, naming `what` it is."""
    if problem := day_problem(value, what):
        raise ValidationError(problem, code="out_of_range")


def day_validator(what: str) -> Callable[[dt.date], None]:
    """A form field validator refusing dates outside the years 1900-2200."""

    def validate(value: dt.date) -> None:
        check_day(value, what)

    return validate


def latest_schedule(now: dt.datetime) -> dt.datetime:
    """The last instant a post may be scheduled for."""
    return now + SCHEDULE_AHEAD


def check_schedule_horizon(due: dt.datetime, now: dt.datetime, what: str) -> None:
    """Refuse scheduling further ahead than SCHEDULE_AHEAD (about two years)."""
    latest = latest_schedule(now)
    if due > latest:
        raise ValidationError(
            f"{what} is more than two years ahead: choose a time up to {latest:%Y-%m-%d}.",
            code="too_far_ahead",
        )
