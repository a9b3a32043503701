from django.urls import path

from podium.advocates import views

urlpatterns = [
    path("advocates/", views.list_advocates, name="advocates-list-advocates"),
    path("advocates/<int:pk>/", views.show_advocate, name="advocates-show-advocate"),
    path("advocates/<int:pk>/merge/", views.merge_advocate, name="advocates-merge-advocate"),
    path(
        "advocates/<int:pk>/accounts/<int:account>/split/",
        views.split_account,
        name="advocates-split-account",
    ),
    path("advocates/matches/", views.list_suggestions, name="advocates-list-suggestions"),
    path(
        "advocates/matches/<int:pk>/decide/",
        views.decide_suggestion,
        name="advocates-decide-suggestion",
    ),
    path("advocates/continuity/", views.show_continuity, name="advocates-show-continuity"),
    path("advocates/import/", views.import_engagement, name="advocates-import"),
    path("advocates/import/<int:pk>/", views.show_import, name="advocates-show-import"),
]
