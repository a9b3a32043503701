"""Links' pages, and the redirect path itself (`/l/<code>`)."""

from django.urls import path

from podium.lib.urls import pages
from podium.links import redirect, views

page = pages("links")

urlpatterns = [
    page("links/", views.list_links),
    page("links/new/", views.create_link),
    page("links/<int:pk>/", views.show_link),
    page("links/<int:pk>/edit/", views.edit_link),
    page("privacy/links/", views.privacy),
    path("l/<str:code>", redirect.follow, name="links-follow"),
]
