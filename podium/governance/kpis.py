"""The KPI registry: every measure the program's objectives can use, from every app.

Each installed app that can measure something has a `kpis.py` listing `KPIS` (the shape is
`podium.lib.kpis.KPI`). They are found here when first asked for, in the order of
INSTALLED_APPS, so a later app adds its measures by writing its own `kpis.py`: this module is
never edited for it, and the measuring app never imports governance. Like Django's own
`admin.py` discovery, only a Podium app's `kpis` submodule is looked for; an error inside one is
raised, never hidden.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import module_has_submodule

from podium.lib.kpis import KPI

# Governance's own measures (approval chains, later) go here.
KPIS: tuple[KPI, ...] = ()


@cache
def registry() -> dict[str, KPI]:
    """Every KPI by key, found in the installed apps' `kpis` modules."""
    found: dict[str, KPI] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("podium.") or not module_has_submodule(config.module, "kpis"):
            continue
        for kpi in import_module(f"{config.name}.kpis").KPIS:
            if kpi.key in found:
                raise ImproperlyConfigured(f"Two apps declare the KPI {kpi.key!r}: rename one.")
            found[kpi.key] = kpi
    return found


def get_kpi(key: str) -> KPI:
    try:
        return registry()[key]
    except KeyError:
        raise LookupError(f"Podium measures no KPI called {key!r}.") from None


def choices() -> list[tuple[str, str]]:
    """(key, label) for a form's list, by label."""
    return sorted(((k.key, k.label) for k in registry().values()), key=lambda c: c[1])
