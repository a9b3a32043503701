"""Publishing's pages: compose, the posts list, a post's page and status, posting times.
The calendar, the CSV import and cadence are planning's (podium/planning/urls.py)."""

from django.urls import path

from podium.publishing import views_compose, views_status

urlpatterns: list = [
    # Outbox status
    path("posts/<int:pk>/", views_status.show_post, name="publishing-show-post"),
    path(
        "posts/<int:pk>/status/", views_status.show_post_status, name="publishing-show-post-status"
    ),
    path(
        "posts/<int:pk>/publications/<int:publication_pk>/retry/",
        views_status.retry_publication,
        name="publishing-retry-publication",
    ),
    # Compose and schedule
    path("compose/", views_compose.compose, name="publishing-compose"),
    path("compose/count/", views_compose.count, name="publishing-count"),
    path("compose/check/", views_compose.check, name="publishing-check"),
    path("posts/<int:pk>/edit/", views_compose.edit_post, name="publishing-edit-post"),
    path(
        "posts/<int:pk>/approve/",
        views_compose.approve_revision,
        name="publishing-approve-revision",
    ),
    path(
        "posts/<int:pk>/unschedule/",
        views_compose.unschedule_post,
        name="publishing-unschedule-post",
    ),
    path("posts/", views_compose.list_posts, name="publishing-list-posts"),
    path("compose/times/<slug:slug>/", views_compose.edit_slots, name="publishing-edit-slots"),
]
