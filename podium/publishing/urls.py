"""Publishing's pages. Each part (compose, calendar, outbox status) adds its routes here."""

from django.urls import path

from podium.publishing import (
    views_cadence,
    views_calendar,
    views_compose,
    views_status,
)

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
    # Compose, schedule, calendar, import
    path("compose/", views_compose.compose, name="publishing-compose"),
    path("compose/count/", views_compose.count, name="publishing-count"),
    path("compose/import/", views_calendar.import_posts, name="publishing-import-posts"),
    path(
        "compose/import/template.csv",
        views_calendar.import_template,
        name="publishing-import-template",
    ),
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
    path("calendar/", views_calendar.calendar, name="publishing-calendar"),
    path("calendar/move/", views_calendar.move_post, name="publishing-move-post"),
    # Cadence
    path("cadence/<slug:slug>/", views_cadence.edit_targets, name="publishing-edit-cadence"),
    path(
        "cadence/reminders/<int:pk>/dismiss/",
        views_cadence.dismiss_nudge,
        name="publishing-dismiss-nudge",
    ),
]
