from __future__ import annotations

from collections.abc import Iterator

import pytest

from podium.links import clicks


@pytest.fixture(autouse=True)
def clicks_dir(settings, tmp_path) -> Iterator:
    """Each test's clicks go to a directory of its own."""
    settings.LINKS_CLICKS_DIR = tmp_path / "clicks"
    clicks.close()
    yield settings.LINKS_CLICKS_DIR
    clicks.close()


from tests.api.conftest import api  # noqa: E402, F401 - fixtures are found by name
