"""`podium check --deploy` with production settings reports nothing."""

from __future__ import annotations

from tests.test_config import podium, production


def test_it_reports_no_issues_with_production_settings(tmp_path) -> None:
    env = production(
        DATABASE_URL=f"sqlite:///{tmp_path}/podium.sqlite3",
        PODIUM_BASE_URL="https://podium.example.com",
    )
    result = podium("check", "--deploy", env=env, var_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
    assert result.stderr == ""


def test_it_reports_no_issues_on_postgresql_with_redis(tmp_path) -> None:
    """The production shape of the README: PostgreSQL and Redis (not contacted by the check)."""
    env = production(
        DATABASE_URL="postgres://podium:secret@db.internal:5432/podium",
        REDIS_URL="redis://cache.internal:6379/0",
        PODIUM_ALLOWED_HOSTS="podium.example.com,podium-internal.example.com",
    )
    result = podium("check", "--deploy", env=env, var_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_it_collects_static_files_with_hashed_names_for_production(tmp_path) -> None:
    """Every file a stylesheet or script refers to must exist, or production start-up fails."""
    static_root = tmp_path / "static"
    env = production(
        DATABASE_URL=f"sqlite:///{tmp_path}/podium.sqlite3", PODIUM_STATIC_ROOT=str(static_root)
    )
    result = podium("collectstatic", "--noinput", "-v", "0", env=env, var_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    manifest = (static_root / "staticfiles.json").read_text()
    assert "vendor/tabler/tabler.min.css" in manifest
    assert "vendor/tabler-icons/fonts/tabler-icons.woff2" in manifest
