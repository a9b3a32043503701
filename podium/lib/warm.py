"""A web process's start: load what every request uses, then take it out of the garbage
collector's sight.

Python's full collections scan every live object. A Podium process holds about 250,000 of
them once Django, the URL map and the compiled templates are loaded, and a page that makes many
short-lived objects (the calendar of a whole company) sets off a full collection every dozen
requests: 150 to 300 ms each time, on a page that otherwise takes 60 ms. `gc.freeze()` moves
what exists at start-up into a generation the collector never scans; those objects live as long
as the process anyway. With gunicorn's `--preload` this runs once in the master before it forks,
so the workers also share those pages of memory instead of copying them when the collector
would have touched them.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import cast

from django.conf import settings
from django.template.loader import get_template
from django.urls import get_resolver


def templates_of(folder: Path) -> list[str]:
    """The names of the templates below `folder`, as `get_template` takes them."""
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*.html"))


def warm_up() -> int:
    """Import every view (through the URL map) and compile Podium's own templates; returns how
    many objects were then frozen."""
    get_resolver().url_patterns  # noqa: B018 - reading it imports every urls.py and view
    folders = cast(list[Path], settings.TEMPLATES[0]["DIRS"])  # settings.py: Podium's own
    for folder in folders:
        for name in templates_of(Path(folder)):
            get_template(name)
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
