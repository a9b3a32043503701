"""Configuration mistakes stop start-up with one clear line: no traceback, a non-zero exit."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from podium.lib.crypto import generate_key

ROOT = Path(__file__).resolve().parent.parent
GOOD_SECRET = secrets.token_urlsafe(50)


def podium(*args: str, env: dict[str, str], var_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run `manage.py ARGS` (what the `podium` command runs) with only ENV configured."""
    clean = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("PODIUM_", "DATABASE_URL", "REDIS_URL", "DJANGO_"))
    }
    clean |= {"DJANGO_SETTINGS_MODULE": "podium.settings", "PODIUM_VAR_DIR": str(var_dir)}
    return subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=clean | env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def production(**overrides: str) -> dict[str, str]:
    env = {
        "PODIUM_ENV": "production",
        "PODIUM_SECRET_KEY": GOOD_SECRET,
        "PODIUM_FERNET_KEYS": generate_key(),
        "PODIUM_ALLOWED_HOSTS": "podium.example.com",
    }
    env.update(overrides)
    return {name: value for name, value in env.items() if value != "<unset>"}


def assert_one_line(result: subprocess.CompletedProcess[str], *expected: str) -> str:
    assert result.returncode != 0
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert line.startswith("Podium cannot start: ")
    assert "Traceback" not in result.stderr
    for text in expected:
        assert text in line
    return line


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        pytest.param(
            {"DATABASE_URL": "postgres://podium:hunter2@db:notaport/podium"},
            ["DATABASE_URL", "port is a number", "postgres://podium:***@db"],
            id="malformed-database-url",
        ),
        pytest.param(
            {"DATABASE_URL": "mysql://podium@db/podium"},
            ["DATABASE_URL", "postgres://USER:PASSWORD@HOST:5432/NAME"],
            id="unsupported-database",
        ),
        pytest.param(
            {"DATABASE_URL": "postgres://podium@/"},
            ["DATABASE_URL", "lacks a host or database name"],
            id="database-url-without-host",
        ),
        pytest.param(
            {"REDIS_URL": "localhost:6379"}, ["REDIS_URL", "redis://"], id="redis-url-no-scheme"
        ),
        pytest.param(
            {"PODIUM_ENV": "prod"}, ["PODIUM_ENV", "development, production or test"], id="env"
        ),
        pytest.param(
            {"PODIUM_EMAIL_PORT": "five-eight-seven"},
            ["PODIUM_EMAIL_PORT", "whole number"],
            id="email-port",
        ),
        pytest.param(
            {"PODIUM_POSTING_SLOTS": "09:00,9pm"},
            ["PODIUM_POSTING_SLOTS", "'9pm' is not a time of day", "HH:MM"],
            id="posting-slot",
        ),
        pytest.param(
            {"PODIUM_PUBLISH_LEASE_SECONDS": "5"},
            ["PODIUM_PUBLISH_LEASE_SECONDS", "use 10 or more"],
            id="publish-lease",
        ),
        pytest.param({"PODIUM_DEBUG": "maybe"}, ["PODIUM_DEBUG", "true or false"], id="debug"),
        pytest.param(
            {"PODIUM_LOG_LEVEL": "LOUD"}, ["PODIUM_LOG_LEVEL", "DEBUG, INFO"], id="log-level"
        ),
        pytest.param(
            {"PODIUM_BASE_URL": "podium.example.com"},
            ["PODIUM_BASE_URL", "https://"],
            id="base-url-without-scheme",
        ),
        pytest.param(
            {"PODIUM_CSRF_TRUSTED_ORIGINS": "podium.example.com"},
            ["PODIUM_CSRF_TRUSTED_ORIGINS", "https://podium.example.com"],
            id="csrf-origin-without-scheme",
        ),
        pytest.param(
            production(PODIUM_SECRET_KEY="<unset>"),
            ["PODIUM_SECRET_KEY is not set", "PODIUM_SECRET_KEY_FILE"],
            id="production-without-secret-key",
        ),
        pytest.param(
            production(PODIUM_SECRET_KEY="too-short"),
            ["PODIUM_SECRET_KEY is too weak", "secrets.token_urlsafe"],
            id="production-short-secret-key",
        ),
        pytest.param(
            production(PODIUM_SECRET_KEY="ab" * 40),
            ["PODIUM_SECRET_KEY is too weak"],
            id="production-repetitive-secret-key",
        ),
        pytest.param(
            production(PODIUM_SECRET_KEY="<unset>", PODIUM_SECRET_KEY_FILE="/nonexistent/key"),
            ["PODIUM_SECRET_KEY_FILE='/nonexistent/key' cannot be read"],
            id="production-unreadable-secret-file",
        ),
        pytest.param(
            production(PODIUM_FERNET_KEYS="<unset>"),
            ["PODIUM_FERNET_KEYS is not set", "podium generate_fernet_key"],
            id="production-without-fernet-keys",
        ),
        pytest.param(
            production(PODIUM_FERNET_KEYS=f"{generate_key()},not-a-key"),
            ["PODIUM_FERNET_KEYS", "key number 2 is not a Fernet key"],
            id="production-bad-fernet-key",
        ),
        pytest.param(
            production(PODIUM_ALLOWED_HOSTS="<unset>"),
            ["PODIUM_ALLOWED_HOSTS is not set"],
            id="production-without-allowed-hosts",
        ),
    ],
)
def test_it_stops_with_one_clear_line(env: dict[str, str], expected: list[str], tmp_path) -> None:
    line = assert_one_line(podium("check", env=env, var_dir=tmp_path), *expected)
    assert "hunter2" not in line


def test_it_reads_production_secrets_from_files(tmp_path) -> None:
    (tmp_path / "secret_key").write_text(GOOD_SECRET + "\n")
    (tmp_path / "fernet_keys").write_text(generate_key() + "\n")
    env = production(
        PODIUM_SECRET_KEY="<unset>",
        PODIUM_FERNET_KEYS="<unset>",
        PODIUM_SECRET_KEY_FILE=str(tmp_path / "secret_key"),
        PODIUM_FERNET_KEYS_FILE=str(tmp_path / "fernet_keys"),
        DATABASE_URL=f"sqlite:///{tmp_path}/podium.sqlite3",
    )
    result = podium("check", env=env, var_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_it_starts_in_development_with_no_configuration_at_all(tmp_path) -> None:
    result = podium("check", env={}, var_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    # Development secrets are created once and kept, so sessions survive restarts.
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "fernet_key_seed").exists()


def test_it_prints_a_new_fernet_key(tmp_path) -> None:
    result = podium("generate_fernet_key", env={}, var_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    key = result.stdout.strip()
    assert len(key) == 44
    # The printed key is accepted as a production key.
    check = podium("check", env=production(PODIUM_FERNET_KEYS=key), var_dir=tmp_path)
    assert check.returncode == 0, check.stderr
