"""Publishing's pages: compose, the posts list, a post's page and status, posting times.
The calendar, the CSV import and cadence are planning's (podium/planning/urls.py)."""

from podium.lib.urls import pages
from podium.publishing import views_compose, views_status

page = pages("publishing")

urlpatterns: list = [
    # Outbox status
    page("posts/<int:pk>/", views_status.show_post),
    page("posts/<int:pk>/status/", views_status.show_post_status),
    page("posts/<int:pk>/publications/<int:publication_pk>/retry/", views_status.retry_publication),
    # Compose and schedule
    page("compose/", views_compose.compose),
    page("compose/count/", views_compose.count),
    page("compose/check/", views_compose.check),
    page("posts/<int:pk>/edit/", views_compose.edit_post),
    page("posts/<int:pk>/approve/", views_compose.approve_revision),
    page("posts/<int:pk>/unschedule/", views_compose.unschedule_post),
    page("posts/", views_compose.list_posts),
    page("compose/times/<slug:slug>/", views_compose.edit_slots),
]
