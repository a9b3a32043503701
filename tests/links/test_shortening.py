"""Short links on every post: each link a publication sends is its own short link, made once."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from podium.channels.base import OutcomeUnknown
from podium.governance.models import AuditEntry, Objective
from podium.links.models import ShortLink
from podium.outbox import public as outbox
from podium.outbox.models import Publication
from podium.outbox.reconciling import expected_of
from podium.outbox.sending import build_variant
from tests.publishing.fakes import (  # noqa: F401 - the fixture is used by name
    fake_network_fixture,
    make_publication,
)

TEXT = "Our new hotel opens today: https://hotel.example/opening?ref=ceo. Come by (https://hotel.example/map)!"


def sent(publication: Publication, fake_network):
    (claimed,) = outbox.claim_due("worker-1")
    outbox.run(claimed)
    publication.refresh_from_db()
    return fake_network.publish_calls()[-1].variant


def test_each_link_goes_out_as_its_own_short_link_with_utm(erin, fake_network, settings):
    publication = make_publication(erin.person, text=TEXT)
    variant = sent(publication, fake_network)

    links = {link.source_url: link for link in ShortLink.objects.filter(publication=publication)}
    assert set(links) == {"https://hotel.example/opening?ref=ceo", "https://hotel.example/map"}
    opening, where = (
        links["https://hotel.example/opening?ref=ceo"],
        links["https://hotel.example/map"],
    )
    assert variant.parts[0].text == (
        f"Our new hotel opens today: {opening.short_url()}. Come by ({where.short_url()})!"
    )
    assert opening.short_url().startswith(settings.PODIUM_LINK_BASE_URL)
    query = parse_qs(urlsplit(opening.destination).query)
    assert query == {
        "ref": ["ceo"],
        "utm_source": ["mastodon"],
        "utm_medium": ["social"],
        "utm_content": [f"post-{publication.post_id}"],
    }
    assert (opening.post_id, opening.person, opening.network) == (
        publication.post_id,
        erin.person,
        "mastodon",
    )
    entry = AuditEntry.objects.get(action="links.shortened")
    assert entry.target_id == str(publication.pk)
    assert set(entry.after["links"]) == {opening.code, where.code}


def test_the_campaign_is_the_posts_objective(erin, fake_network, carol):
    publication = make_publication(erin.person, text="Read https://hotel.example/a")
    objective = Objective.objects.create(
        name="Hotel launch Q3",
        owner=carol,
        kpi="blog.articles_published",
        baseline=0,
        target=10,
        starts_on="2026-01-01",
        ends_on="2026-12-31",
    )
    objective.posts.add(publication.post)
    sent(publication, fake_network)
    link = ShortLink.objects.get(publication=publication)
    assert parse_qs(urlsplit(link.destination).query)["utm_campaign"] == ["hotel-launch-q3"]


def test_the_link_card_is_shortened_and_the_writers_utm_win(erin, fake_network):
    publication = make_publication(erin.person, text="Opening day.")
    publication.variant.link = "https://hotel.example/?utm_source=newsletter"
    publication.variant.save()
    variant = sent(publication, fake_network)
    link = ShortLink.objects.get(publication=publication)
    assert variant.link == link.short_url()
    assert parse_qs(urlsplit(link.destination).query)["utm_source"] == ["newsletter"]


def test_a_retry_and_reconciliation_see_the_same_text(erin, fake_network):
    fake_network.publish_script = [OutcomeUnknown("timed out")]
    publication = make_publication(erin.person, text=TEXT)
    first = sent(publication, fake_network)
    assert publication.state == Publication.State.UNKNOWN
    count = ShortLink.objects.count()

    again = build_variant(publication)
    expected = expected_of(publication)

    assert again == first
    assert expected.texts == tuple(part.text for part in first.parts)
    assert ShortLink.objects.count() == count == 2
    assert AuditEntry.objects.filter(action="links.shortened").count() == 1


def test_a_short_link_that_would_not_fit_leaves_the_part_as_written(erin, fake_network):
    text = "x" * 270 + " https://a.example"  # 289 of Bluesky's 300; the short link is longer
    publication = make_publication(erin.person, network="bluesky", text=text)
    variant = sent(publication, fake_network)
    assert variant.parts[0].text == text


def test_a_post_without_links_is_sent_as_it_is(erin, fake_network):
    publication = make_publication(erin.person, text="No links here.")
    variant = sent(publication, fake_network)
    assert variant.parts[0].text == "No links here."
    assert not ShortLink.objects.exists()
