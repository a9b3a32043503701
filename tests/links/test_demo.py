"""The demo's short links: one on each sent post, a few by hand, a year of clicks where the
machines are many and only the people are counted."""

from __future__ import annotations

import pytest

from podium.links.models import Click, ShortLink
from podium.outbox.models import Publication
from podium.system.demo import run_demo

pytestmark = pytest.mark.django_db


def test_the_demo_has_short_links_and_a_year_of_clicks(client):
    lines: list[str] = []
    run_demo(seed=7, report=lines.append)

    sent = Publication.objects.filter(state=Publication.State.SENT)
    assert sent.exists()
    assert ShortLink.objects.filter(publication__in=sent).count() == sent.count()
    assert ShortLink.objects.filter(publication__isnull=True, label__gt="").count() == 3
    people = Click.objects.filter(kind=Click.Kind.HUMAN, counted=True).count()
    previews = Click.objects.filter(kind=Click.Kind.PREVIEW).count()
    assert people > 500 and previews > people / 4, (people, previews)
    assert Click.objects.filter(kind=Click.Kind.BOT).exists()
    burst = max(
        ShortLink.objects.all(), key=lambda link: link.clicks.filter(kind="preview").count()
    )
    assert burst.network == "mastodon" and burst.clicks.filter(kind="preview").count() >= 480
    assert Click.objects.filter(kind=Click.Kind.HUMAN, counted=False).exists()  # again, in the hour
    span = Click.objects.order_by("at").first(), Click.objects.order_by("-at").first()
    assert (span[1].at - span[0].at).days > 180
    assert any("short links" in line for line in lines)
    # few enough rows for `podium demo` to stay quick (about a second on an idle machine)
    assert Click.objects.count() < 40_000

    link = ShortLink.objects.filter(publication__isnull=False).first()
    assert link.destination.startswith(link.source_url.split("?")[0])
    response = client.get(f"/l/{link.code}")
    assert response.status_code == 302 and response["Location"].startswith(link.destination)
