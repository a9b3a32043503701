"""The KPI registry finds what each app measures, in that app's own kpis.py."""

from __future__ import annotations

from podium.governance.kpis import get_kpi, registry
from podium.lib.kpis import Direction


def test_it_finds_what_voice_measures_in_the_apps_own_modules():
    kpis = registry()

    assert {
        "publishing.posts_on_cadence",
        "publishing.executives_on_track",
        "publishing.approval_lead_time",
        "blog.articles_published",
        "blog.comments_received",
    } <= set(kpis)
    assert kpis["blog.articles_published"].measure.__module__ == "podium.blog.kpis"
    assert kpis["publishing.approval_lead_time"].measure.__module__ == "podium.publishing.kpis"
    # Cadence moved to planning; its keys did not change, since objectives store them.
    assert kpis["publishing.posts_on_cadence"].measure.__module__ == "podium.planning.kpis"


def test_it_knows_which_way_is_better():
    assert get_kpi("publishing.approval_lead_time").direction is Direction.LOWER
    assert get_kpi("blog.articles_published").direction is Direction.HIGHER


def test_it_says_which_kpi_it_does_not_know():
    try:
        get_kpi("ideas.shipped")
    except LookupError as error:
        assert "ideas.shipped" in str(error)
    else:
        raise AssertionError("an unknown KPI was found")
