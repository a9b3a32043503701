"""A page's URL name comes from its app and its view: `<app>-<verb>-<noun>`."""

from django.urls import resolve, reverse

from podium.accounts import views as accounts_views
from podium.lib.urls import url_name


def test_the_name_is_the_app_and_the_view():
    assert url_name("accounts", accounts_views.list_users) == "accounts-list-users"


def test_each_page_answers_to_its_derived_name():
    match = resolve(reverse("accounts-list-users"))
    assert match.func.__name__ == "list_users"
    assert resolve(reverse("org-program-home")).func.__name__ == "program_home"  # kept from org
