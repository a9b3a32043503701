"""Reading settings from the environment; every mistake becomes one clear line at start-up."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from cryptography.fernet import Fernet


class ConfigError(SystemExit):
    """Stops start-up with one line naming the variable and the fix (no traceback)."""

    def __init__(self, message: str) -> None:
        super().__init__(f"Podium cannot start: {message}")


def env_bool(name: str, *, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name}={raw!r} is not a yes/no value: use true or false")


def env_int(name: str, *, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number: use digits only") from None
    if value < minimum:
        raise ConfigError(f"{name}={raw!r} is too small: use {minimum} or more")
    return value


def env_choice(name: str, *, default: str, choices: Iterable[str]) -> str:
    allowed = list(choices)
    value = os.environ.get(name, "").strip() or default
    if value not in allowed:
        listed = ", ".join(allowed[:-1]) + f" or {allowed[-1]}" if len(allowed) > 1 else allowed[0]
        raise ConfigError(f"{name}={value!r} is not known: use {listed}")
    return value


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def env_times(name: str, *, default: Iterable[str]) -> tuple[str, ...]:
    """Comma-separated times of day, each written HH:MM (24-hour clock), in order."""
    raw = os.environ.get(name, "")
    times = env_list(name) or list(default)
    for time in times:
        hours, _, minutes = time.partition(":")
        if not (
            len(hours) == len(minutes) == 2
            and hours.isdigit()
            and minutes.isdigit()
            and int(hours) < 24
            and int(minutes) < 60
        ):
            raise ConfigError(
                f"{name}={raw!r}: {time!r} is not a time of day: "
                "write each time as HH:MM on a 24-hour clock, separated by commas (09:00,17:30)"
            )
    return tuple(sorted(set(times)))


def env_url(name: str, *, default: str, schemes: Iterable[str]) -> str:
    """A URL whose scheme is one of SCHEMES, without a trailing slash."""
    allowed = tuple(schemes)
    value = os.environ.get(name, "").strip() or default
    if value and not (value.startswith(tuple(f"{s}://" for s in allowed)) and _has_host(value)):
        raise ConfigError(
            f"{name}={_redact(value)!r} is not a URL Podium understands: "
            f"it must start with {' or '.join(f'{s}://' for s in allowed)} and name a host"
        )
    return value.rstrip("/")


def _has_host(url: str) -> bool:
    if url.startswith("unix://"):
        return len(url) > len("unix://")
    return bool(urlsplit(url).netloc.rsplit("@", 1)[-1])


def read_secret(name: str, *, required: bool = False) -> str | None:
    """A secret from NAME, or from the file named by NAME_FILE (Docker and systemd secrets)."""
    value = os.environ.get(name)
    file_name = os.environ.get(f"{name}_FILE")
    if not value and file_name:
        try:
            value = Path(file_name).read_text().strip()
        except OSError as error:
            raise ConfigError(
                f"{name}_FILE={file_name!r} cannot be read: {error.strerror}"
            ) from None
    if required and not value:
        raise ConfigError(f"{name} is not set: set it, or {name}_FILE to a file holding it")
    return value or None


def check_fernet_keys(keys: list[str], *, variable: str = "PODIUM_FERNET_KEYS") -> list[str]:
    """Production keys must be real Fernet keys (a typo would otherwise become a new key)."""
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key.encode("ascii"))
        except (ValueError, UnicodeEncodeError):
            raise ConfigError(
                f"{variable}: key number {position} is not a Fernet key (44 characters of "
                "URL-safe base64): generate one with `podium generate_fernet_key`"
            ) from None
    return keys


def parse_database_url(url: str, *, default_sqlite: Path) -> dj_database_url.DBConfig:
    """A Django DATABASES entry from DATABASE_URL; SQLite in WAL mode when none is given."""
    if not url:
        url = f"sqlite:///{default_sqlite}"
    if not url.startswith(("sqlite://", "postgres://", "postgresql://")):
        raise ConfigError(
            f"DATABASE_URL={_redact(url)!r} is not understood: use "
            "postgres://USER:PASSWORD@HOST:5432/NAME or sqlite:///ABSOLUTE/PATH"
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=0 if url.startswith("sqlite") else 60)
    except (ValueError, KeyError):
        raise ConfigError(
            f"DATABASE_URL={_redact(url)!r} is malformed: check that the port is a number and "
            "that special characters in the user name or password are %-encoded"
        ) from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        if not config.get("NAME"):
            raise ConfigError("DATABASE_URL names no SQLite file: use sqlite:///ABSOLUTE/PATH")
        config["OPTIONS"] = {
            # WAL lets the web server read while the worker writes; IMMEDIATE avoids
            # "database is locked" upgrades inside write transactions.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    else:
        if not config.get("NAME") or not config.get("HOST"):
            raise ConfigError(
                f"DATABASE_URL={_redact(url)!r} lacks a host or database name: "
                "use postgres://USER:PASSWORD@HOST:5432/NAME"
            )
        config["CONN_HEALTH_CHECKS"] = True
    return config


def _redact(url: str) -> str:
    """The URL without its password, so that the message can be shown and logged."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        credentials, host = rest.rsplit("@", 1)
        user = credentials.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}"
    return url
