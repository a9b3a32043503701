"""Policy's pages: rules, topics and the roster."""

from django.urls import path

from podium.policy import views

urlpatterns: list = [
    path("policy/", views.list_rules, name="policy-list-rules"),
    path("policy/rules/new/", views.create_rule, name="policy-create-rule"),
    path("policy/rules/<int:pk>/edit/", views.edit_rule, name="policy-edit-rule"),
    path("policy/rules/<int:pk>/delete/", views.delete_rule, name="policy-delete-rule"),
    path("topics/", views.list_topics, name="policy-list-topics"),
    path("topics/<int:pk>/edit/", views.edit_topic, name="policy-edit-topic"),
    path("topics/<int:pk>/delete/", views.delete_topic, name="policy-delete-topic"),
    path("roster/", views.list_roster, name="policy-list-roster"),
    path("roster/new/", views.create_roster_entry, name="policy-create-roster-entry"),
    path("roster/<int:pk>/edit/", views.edit_roster_entry, name="policy-edit-roster-entry"),
    path("roster/<int:pk>/delete/", views.delete_roster_entry, name="policy-delete-roster-entry"),
]
