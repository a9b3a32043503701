"""Scheduled posts from a CSV file: every row is checked first, and all are created or none.

Columns: executive (a sign-in email or a person's slug), networks (separated by spaces,
commas, semicolons or |), text, scheduled_at ("YYYY-MM-DD HH:MM" in the executive's
timezone, or ISO 8601 with an offset), link (optional).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q, QuerySet

from podium.accounts.models import User
from podium.channels import limits
from podium.channels.models import ChannelAccount
from podium.org.models import Person
from podium.publishing import actions
from podium.publishing.access import people_to_write_for
from podium.publishing.models import Post

COLUMNS = ("executive", "networks", "text", "scheduled_at", "link")
REQUIRED = ("executive", "networks", "text", "scheduled_at")
MAX_ROWS = 1000
TEMPLATE_ROWS = [
    COLUMNS,
    (
        "erin@example.com",
        "mastodon bluesky linkedin",
        "Our new hotel in Lisbon opens its doors today.",
        "2030-05-04 09:00",
        "https://example.com/lisbon",
    ),
    ("erin-executive", "x", "Thank you to every team that made it happen.", "2030-05-04 12:30", ""),
]


@dataclass
class RowError:
    row: int  # as a spreadsheet numbers it: the header is row 1
    problems: list[str] = field(default_factory=list)


@dataclass
class Planned:
    row: int
    person: Person
    networks: list[str]
    text: str
    when: dt.datetime
    link: str


def template_csv() -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(TEMPLATE_ROWS)
    return buffer.getvalue()


def _read(raw: bytes) -> list[dict[str, str]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(
            "The file is not UTF-8 text: save it from your spreadsheet as “CSV UTF-8”."
        ) from error
    reader = csv.DictReader(io.StringIO(text))
    headers = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in headers]
    if missing:
        raise ValidationError(
            f"The first row must name the columns; missing: {', '.join(missing)}. "
            "Download the template to see the layout."
        )
    reader.fieldnames = headers
    rows = [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]
    if not rows:
        raise ValidationError("The file has no rows under its header.")
    if len(rows) > MAX_ROWS:
        raise ValidationError(f"The file has {len(rows)} rows; import at most {MAX_ROWS} at once.")
    return rows


def _person(value: str, people: QuerySet[Person]) -> Person | None:
    return people.filter(Q(slug=value) | Q(user__email__iexact=value)).first()


def _when(value: str, person: Person) -> dt.datetime:
    try:
        parsed = dt.datetime.fromisoformat(
            value.replace(" ", "T", 1) if "T" not in value else value
        )
    except ValueError as error:
        raise ValidationError(
            f"scheduled_at {value!r} is not a date and time: write it as YYYY-MM-DD HH:MM."
        ) from error
    when = actions.as_aware(parsed, person)
    actions.check_future(when, person)
    return when


def _check_row(number: int, row: dict[str, str], people: QuerySet[Person]) -> Planned | RowError:
    problems: list[str] = []
    person = _person(row.get("executive", ""), people) if row.get("executive") else None
    if not row.get("executive"):
        problems.append("executive is empty: write the executive's email or slug.")
    elif person is None:
        problems.append(
            f"no executive {row['executive']!r} you may write for: use the email or the slug "
            "shown on their profile."
        )
    networks = [
        n.lower()
        for n in row.get("networks", "")
        .replace(",", " ")
        .replace(";", " ")
        .replace("|", " ")
        .split()
    ]
    unknown = [n for n in networks if n not in actions.COMPOSE_NETWORKS]
    if not networks:
        problems.append("networks is empty: list one or more of mastodon, bluesky, x, linkedin.")
    elif unknown:
        problems.append(
            f"unknown network {', '.join(unknown)}: use mastodon, bluesky, x or linkedin."
        )
    text = row.get("text", "")
    if not text:
        problems.append("text is empty: write the post.")
    link = row.get("link", "")
    if link:
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError:
            problems.append(f"link {link!r} is not a web address: start it with https://.")
    when = None
    if not row.get("scheduled_at"):
        problems.append("scheduled_at is empty: write when to publish, as YYYY-MM-DD HH:MM.")
    elif person is not None:
        try:
            when = _when(row["scheduled_at"], person)
        except ValidationError as error:
            problems.extend(error.messages)
    if person is not None and text and not unknown:
        connected = set(
            ChannelAccount.objects.filter(person=person, network__in=networks)
            .exclude(status=ChannelAccount.Status.DISCONNECTED)
            .values_list("network", flat=True)
        )
        for network in networks:
            name = limits.NETWORK_NAMES[network]
            if network not in connected:
                problems.append(
                    f"{person.name} has no {name} account connected: connect it or"
                    f" remove {network}."
                )
            problems.extend(
                f"{name}: {p.message}" for p in limits.validate_parts(network, [text]) if p.blocking
            )
    if problems or person is None or when is None:
        return RowError(number, problems)
    return Planned(number, person, networks, text, when, link)


def check_rows(actor: User, raw: bytes) -> tuple[list[Planned], list[RowError]]:
    people = people_to_write_for(actor)
    planned, errors = [], []
    for index, row in enumerate(_read(raw), start=2):
        result = _check_row(index, row, people)
        (errors if isinstance(result, RowError) else planned).append(result)
    return planned, errors


def do_import(actor: User, raw: bytes) -> tuple[list[Post], list[RowError]]:
    """Create and schedule every row's post, or none of them when any row has a problem."""
    planned, errors = check_rows(actor, raw)
    if errors:
        return [], errors
    posts = []
    try:
        with transaction.atomic():
            for plan in planned:
                current = plan.row
                variants = {n: {"text": plan.text, "link": plan.link} for n in plan.networks}
                posts.append(
                    actions.do_create_post(actor, plan.person, plan.text, variants, when=plan.when)
                )
    except ValidationError as error:
        return [], [RowError(current, list(error.messages))]
    return posts, []
