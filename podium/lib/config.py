"""Reading settings from the environment; every mistake becomes one clear line at start-up."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url


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


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


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


def parse_database_url(url: str, *, default_sqlite: Path) -> dict[str, Any]:
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
    except (ValueError, KeyError) as error:
        raise ConfigError(f"DATABASE_URL={_redact(url)!r} is malformed ({error})") from None
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
