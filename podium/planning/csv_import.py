"""Scheduled posts from a CSV file: every row is checked first, and all are created or none.

Columns: executive (a sign-in email or a person's slug), networks (separated by spaces,
commas, semicolons or |), text, scheduled_at ("YYYY-MM-DD HH:MM" in the executive's
timezone, or ISO 8601 with an offset), link (optional), up to four images as
image_url_1..4 with alt_text_1..4 (optional), and a column for each field the extensions add to
compose (publishing/extensions.py), e.g. topics: slugs separated by ";" or ",".

Images are downloaded while the rows are checked, before anything is written, under compose's
rules (type from the bytes, each network's size limit); an image that cannot be used is an
error naming its row and column, so nothing is created. An image without alt text is a
warning, as in compose: the row is imported.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from podium.accounts.models import User
from podium.channels import limits
from podium.channels.base import Media, Part
from podium.channels.models import ChannelAccount
from podium.lib import bounds
from podium.org.models import Person
from podium.planning import remote_images
from podium.publishing import actions, extensions
from podium.publishing.access import people_to_write_for
from podium.publishing.models import Post

IMAGE_SLOTS = 4  # every network Podium posts to takes at least four images
IMAGE_COLUMNS = tuple(
    column for n in range(1, IMAGE_SLOTS + 1) for column in (f"image_url_{n}", f"alt_text_{n}")
)
COLUMNS = ("executive", "networks", "text", "scheduled_at", "link", *IMAGE_COLUMNS)
REQUIRED = ("executive", "networks", "text", "scheduled_at")
MAX_ROWS = 1000
MAX_IMAGES = 100  # different image addresses in one file: each is downloaded while you wait
TEMPLATE_ROWS = [
    COLUMNS,
    (
        "erin@example.com",
        "mastodon bluesky linkedin",
        "Our new hotel in Lisbon opens its doors today.",
        "{day} 09:00",
        "https://example.com/lisbon",
        "https://example.com/images/lisbon-lobby.jpg",
        "The hotel lobby in Lisbon: blue azulejo tiles and a curved marble staircase.",
        *[""] * (len(IMAGE_COLUMNS) - 2),
    ),
    (
        "erin-executive",
        "x",
        "Thank you to every team that made it happen.",
        "{day} 12:30",
        "",
        *[""] * len(IMAGE_COLUMNS),
    ),
]


@dataclass
class RowError:
    """A row's problems (or, in `ImportResult.warnings`, what to look at though it imports)."""

    row: int  # as a spreadsheet numbers it: the header is row 1
    problems: list[str] = field(default_factory=list)


@dataclass
class ImageColumn:
    """One image_url_N cell with its alt text, and once downloaded, the image."""

    number: int
    url: str
    alt_text: str
    image: remote_images.Downloaded | None = None


@dataclass
class ImportResult:
    posts: list[Post] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)


@dataclass
class Planned:
    row: int
    person: Person
    networks: list[str]
    text: str
    when: dt.datetime
    link: str
    images: list[ImageColumn] = field(default_factory=list)
    values: dict[str, dict[str, Any]] = field(default_factory=dict)  # the extensions'


def image_limits() -> list[tuple[str, str]]:
    """Each network's largest image, smallest first: what the import page tells people."""
    by_size = sorted(limits.LIMITS.items(), key=lambda item: item[1].max_image_bytes)
    return [
        (limits.NETWORK_NAMES[n], remote_images.megabytes(lim.max_image_bytes))
        for n, lim in by_size
    ]


def template_csv() -> str:
    """The example file, its posts four weeks from today (a fixed date would one day be refused
    as past, or as too far ahead)."""
    day = (timezone.localdate() + dt.timedelta(weeks=4)).isoformat()
    buffer = io.StringIO()
    csv.writer(buffer).writerows([[cell.format(day=day) for cell in row] for row in TEMPLATE_ROWS])
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
    _check_no_nul(rows)
    if len(rows) > MAX_ROWS:
        raise ValidationError(f"The file has {len(rows)} rows; import at most {MAX_ROWS} at once.")
    return rows


def _check_no_nul(rows: list[dict[str, str]], shown: int = 5) -> None:
    """Refuse NUL characters, as the API does: no database column stores them (PostgreSQL
    refuses them outright), and no spreadsheet writes them on purpose."""
    cells = [
        f"row {number} ({column})"
        for number, row in enumerate(rows, start=2)
        for column, value in row.items()
        if "\x00" in value
    ]
    if cells:
        more = f" and {len(cells) - shown} more" if len(cells) > shown else ""
        raise ValidationError(
            f"The file holds a NUL character (\\0) in {', '.join(cells[:shown])}{more}: remove "
            "it, or save the file again from your spreadsheet as “CSV UTF-8”."
        )


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
    bounds.check_day(parsed, "scheduled_at")
    when = actions.as_aware(parsed, person)
    actions.check_future(when, person)
    return when


def _networks(value: str) -> list[str]:
    return [n.lower() for n in re.split(r"[\s,;|]+", value) if n]


def _image_columns(row: dict[str, str]) -> tuple[list[ImageColumn], list[str]]:
    """The row's image cells, checked as addresses (downloading comes later, for all rows)."""
    columns: list[ImageColumn] = []
    problems: list[str] = []
    for number in range(1, IMAGE_SLOTS + 1):
        url, alt_text = row.get(f"image_url_{number}", ""), row.get(f"alt_text_{number}", "")
        if not url:
            if alt_text:
                problems.append(
                    f"alt_text_{number} has text but image_url_{number} is empty: add the "
                    f"image's address or clear alt_text_{number}."
                )
            continue
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            problems.append(
                f"image_url_{number} {url!r} is not a web address: give the image's full "
                "address, starting with https://."
            )
            continue
        columns.append(ImageColumn(number, url, alt_text))
    return columns, problems


def _image_problems(
    columns: list[ImageColumn],
    networks: list[str],
    downloads: dict[str, remote_images.Downloaded | remote_images.Failed],
) -> tuple[list[str], list[str]]:
    """Problems (blocking) and warnings of the row's downloaded images, by column."""
    problems: list[str] = []
    warnings: list[str] = []
    for column in columns:
        where = f"image_url_{column.number}"
        result = downloads[column.url]
        if isinstance(result, remote_images.Failed):
            problems.append(f"{where}: {result.reason}.")
            continue
        column.image = result
        for network in networks:
            most = limits.LIMITS[network].max_bytes_for(result.mime_type)
            if result.size > most:
                name = limits.NETWORK_NAMES[network]
                problems.append(
                    f"{where}: the image is {remote_images.megabytes(result.size)}; {name} takes "
                    f"up to {remote_images.megabytes(most)}: use a smaller image or remove "
                    f"{network} from networks."
                )
        if not column.alt_text:
            warnings.append(
                f"alt_text_{column.number} is empty: describe image {column.number} for people "
                "who cannot see it."
            )
    return problems, warnings


def _extension_values(actor: User, row: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    """The extensions' columns present in the row (topics, ...), cleaned by their own fields:
    a column of several values is split on ";" or ","."""
    raw: dict[str, Any] = {}
    for ext in extensions.registered():
        for name, form_field in ext.fields(actor).items():
            if name in row:
                many = isinstance(
                    form_field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField
                )
                cell = row[name]
                raw[name] = (
                    [v.strip() for v in re.split(r"[;,]", cell) if v.strip()] if many else cell
                )
    try:
        return extensions.clean_values(actor, raw), []
    except ValidationError as error:
        return {}, [
            f"{name}: {message}"
            for name, messages in error.message_dict.items()
            for message in messages
        ]


def _check_row(
    number: int,
    row: dict[str, str],
    people: QuerySet[Person],
    downloads: dict[str, remote_images.Downloaded | remote_images.Failed],
    actor: User,
) -> tuple[Planned | None, list[str], list[str]]:
    """The row's plan, or its problems; and its warnings either way."""
    problems: list[str] = []
    person = _person(row.get("executive", ""), people) if row.get("executive") else None
    if not row.get("executive"):
        problems.append("executive is empty: write the executive's email or slug.")
    elif person is None:
        problems.append(
            f"no executive {row['executive']!r} you may write for: use the email or the slug "
            "shown on their profile."
        )
    networks = _networks(row.get("networks", ""))
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
    columns, column_problems = _image_columns(row)
    problems.extend(column_problems)
    known = [n for n in networks if n in actions.COMPOSE_NETWORKS]
    image_problems, warnings = _image_problems(columns, known, downloads)
    problems.extend(image_problems)
    if columns and link and "linkedin" in known:
        warnings.append("LinkedIn shows either images or a link card: the link card is left out.")
    # Compose's checks on the whole post; with the images once each of them is usable.
    media = (
        tuple(
            Media(c.url, c.image.mime_type, c.image.size, c.alt_text)
            for c in columns
            if c.image is not None
        )
        if not image_problems and not column_problems
        else ()
    )
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
                f"{name}: {p.message}"
                for p in limits.validate_parts(network, [Part(text, media)])
                if p.blocking
            )
    values, value_problems = _extension_values(actor, row)
    problems.extend(value_problems)
    if problems or person is None or when is None:
        return None, problems, warnings
    return Planned(number, person, networks, text, when, link, columns, values), [], warnings


def _wanted_images(rows: list[dict[str, str]]) -> dict[str, int]:
    """Every image address in the file, with the most bytes any of its rows' networks takes."""
    wanted: dict[str, int] = {}
    for row in rows:
        columns, _ = _image_columns(row)
        known = [n for n in _networks(row.get("networks", "")) if n in limits.LIMITS]
        most = remote_images.largest_allowed(known or limits.LIMITS)
        for column in columns:
            wanted[column.url] = max(wanted.get(column.url, 0), most)
    if len(wanted) > MAX_IMAGES:
        raise ValidationError(
            f"The file links to {len(wanted)} different images; import at most {MAX_IMAGES} "
            "at once: split it into smaller files."
        )
    return wanted


def check_rows(actor: User, raw: bytes) -> tuple[list[Planned], ImportResult]:
    """Every row checked, its images downloaded; nothing is written here."""
    people = people_to_write_for(actor)
    rows = _read(raw)
    downloads = remote_images.download_all(_wanted_images(rows))
    result = ImportResult()
    planned: list[Planned] = []
    for index, row in enumerate(rows, start=2):
        plan, problems, warnings = _check_row(index, row, people, downloads, actor)
        if plan is None:
            result.errors.append(RowError(index, problems))
        else:
            planned.append(plan)
        if warnings:
            result.warnings.append(RowError(index, warnings))
    return planned, result


def do_import(actor: User, raw: bytes) -> ImportResult:
    """Create and schedule every row's post, or none of them when any row has a problem.

    Raises ValidationError for a file that cannot be read at all (encoding, header, size).
    """
    planned, result = check_rows(actor, raw)
    if result.errors:
        return result
    current = 0
    try:
        with transaction.atomic():
            for plan in planned:
                current = plan.row
                variants = {
                    network: {
                        "text": plan.text,
                        "link": plan.link,
                        "images": [
                            {"file": c.image.image, "alt_text": c.alt_text, "part": 0}
                            for c in plan.images
                            if c.image is not None
                        ],
                    }
                    for network in plan.networks
                }
                result.posts.append(
                    actions.do_create_post(
                        actor, plan.person, plan.text, variants, when=plan.when, values=plan.values
                    )
                )
    except ValidationError as error:
        result.posts = []
        result.errors = [RowError(current, list(error.messages))]
    return result
