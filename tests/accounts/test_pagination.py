"""A long list's footer: where the list stands, and pages that keep the list's filters."""

from django.urls import reverse

from podium.org.models import Person


def test_the_next_page_of_a_searched_roster_keeps_the_search(client, carol):
    for n in range(55):
        Person.objects.create(name=f"Ana Hotelier {n:02}", slug=f"ana-{n:02}")
    client.force_login(carol)
    url = reverse("org-list-people")
    first = client.get(url, {"q": "Ana"}).content.decode()
    assert "Showing 1\u201350 of 55" in first
    assert "?q=Ana&amp;page=2" in first
    second = client.get(url, {"q": "Ana", "page": 2}).content.decode()
    assert "Showing 51\u201355 of 55" in second
    assert "?q=Ana&amp;page=1" in second
    assert "page=3" not in second


def test_a_list_on_one_page_has_no_page_links(client, carol):
    Person.objects.create(name="Ana Hotelier", slug="ana")
    client.force_login(carol)
    body = client.get(reverse("org-list-people")).content.decode()
    assert "Ana Hotelier" in body
    assert 'class="pagination' not in body
