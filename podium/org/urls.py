from django.urls import path

from podium.org import views

urlpatterns = [
    path("me/", views.executive_home, name="org-executive-home"),
    path("people/", views.list_people, name="org-list-people"),
    path("people/new/", views.create_person, name="org-create-person"),
    path("people/<slug:slug>/", views.show_person, name="org-show-person"),
    path("people/<slug:slug>/edit/", views.edit_person, name="org-edit-person"),
    path("organisation/", views.edit_organisation, name="org-edit-organisation"),
]
