"""What a well-formed environment turns into (the mistakes are in tests/test_config.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from podium.lib.config import (
    ConfigError,
    check_fernet_keys,
    env_bool,
    env_list,
    env_times,
    env_url,
    parse_database_url,
    read_secret,
)
from podium.lib.crypto import generate_key


def test_it_uses_sqlite_in_wal_mode_by_default(tmp_path) -> None:
    config = parse_database_url("", default_sqlite=tmp_path / "podium.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "podium.sqlite3")
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]


def test_it_reads_a_postgresql_url() -> None:
    config = parse_database_url(
        "postgres://podium:p%40ss@db.internal:6432/podium", default_sqlite=Path("/unused")
    )
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["USER"], config["PASSWORD"]) == ("podium", "p@ss")
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.internal", 6432, "podium")
    assert config["CONN_HEALTH_CHECKS"] is True


def test_it_reads_lists_booleans_and_urls(monkeypatch) -> None:
    monkeypatch.setenv("PODIUM_ALLOWED_HOSTS", " podium.example.com, ,.example.org ")
    monkeypatch.setenv("PODIUM_EMAIL_USE_TLS", "No")
    monkeypatch.setenv("PODIUM_BASE_URL", "https://podium.example.com/")
    assert env_list("PODIUM_ALLOWED_HOSTS") == ["podium.example.com", ".example.org"]
    assert env_bool("PODIUM_EMAIL_USE_TLS", default=True) is False
    assert env_url("PODIUM_BASE_URL", default="", schemes=["https"]) == (
        "https://podium.example.com"
    )


def test_it_reads_times_of_day_in_order(monkeypatch) -> None:
    assert env_times("PODIUM_POSTING_SLOTS", default=["09:00"]) == ("09:00",)
    monkeypatch.setenv("PODIUM_POSTING_SLOTS", " 17:30, 08:05 ,17:30")
    assert env_times("PODIUM_POSTING_SLOTS", default=["09:00"]) == ("08:05", "17:30")


def test_it_prefers_the_variable_then_the_file(monkeypatch, tmp_path) -> None:
    secret_file = tmp_path / "secret"
    secret_file.write_text("from-the-file\n")
    monkeypatch.setenv("PODIUM_EMAIL_PASSWORD_FILE", str(secret_file))
    assert read_secret("PODIUM_EMAIL_PASSWORD") == "from-the-file"
    monkeypatch.setenv("PODIUM_EMAIL_PASSWORD", "from-the-variable")
    assert read_secret("PODIUM_EMAIL_PASSWORD") == "from-the-variable"


def test_it_accepts_real_fernet_keys_only() -> None:
    keys = [generate_key(), generate_key()]
    assert check_fernet_keys(keys) == keys
    with pytest.raises(ConfigError, match="key number 1 is not a Fernet key"):
        check_fernet_keys(["correct horse battery staple"])
