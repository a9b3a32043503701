"""Planning's pages: the calendar, the CSV import and cadence. Their URL names keep the
`publishing-` prefix they had before planning was its own app, so links and bookmarks hold."""

from django.urls import path

from podium.planning import views_cadence, views_calendar

urlpatterns: list = [
    # Calendar and import
    path("calendar/", views_calendar.calendar, name="publishing-calendar"),
    path("calendar/move/", views_calendar.move_post, name="publishing-move-post"),
    path("compose/import/", views_calendar.import_posts, name="publishing-import-posts"),
    path(
        "compose/import/template.csv",
        views_calendar.import_template,
        name="publishing-import-template",
    ),
    # Cadence
    path("cadence/<slug:slug>/", views_cadence.edit_targets, name="publishing-edit-cadence"),
    path(
        "cadence/reminders/<int:pk>/dismiss/",
        views_cadence.dismiss_nudge,
        name="publishing-dismiss-nudge",
    ),
]
