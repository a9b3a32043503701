"""Planning's pages: the calendar, the CSV import and cadence. Their URL names keep the
`publishing-` prefix they had before planning was its own app, so links and bookmarks hold."""

from podium.lib.urls import pages
from podium.planning import views_cadence, views_calendar

page = pages("publishing")  # the names they had before the move, as said above

urlpatterns: list = [
    # Calendar and import
    page("calendar/", views_calendar.calendar),
    page("calendar/move/", views_calendar.move_post),
    page("compose/import/", views_calendar.import_posts),
    page("compose/import/template.csv", views_calendar.import_template),
    # Cadence
    page("cadence/<slug:slug>/", views_cadence.edit_targets, name="publishing-edit-cadence"),
    page("cadence/reminders/<int:pk>/dismiss/", views_cadence.dismiss_nudge),
]
