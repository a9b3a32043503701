"""A web process's start (podium/lib/warm.py): every template compiles, and what was loaded is
frozen out of the garbage collector's scans."""

from __future__ import annotations

import gc
from pathlib import Path

from django.conf import settings

from podium.lib.warm import templates_of, warm_up


def test_it_compiles_every_template_and_freezes_what_is_loaded():
    folder = Path(settings.TEMPLATES[0]["DIRS"][0])
    names = templates_of(folder)
    assert "base.html" in names
    assert "governance/list_objectives.html" in names
    try:
        frozen = warm_up()  # a template that does not compile raises here
        assert frozen == gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
