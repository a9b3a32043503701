from podium.lib.urls import pages
from podium.org import views

page = pages("org")

urlpatterns = [
    page("me/", views.executive_home),
    page("people/", views.list_people),
    page("people/new/", views.create_person),
    page("people/<slug:slug>/", views.show_person),
    page("people/<slug:slug>/edit/", views.edit_person),
    page("organisation/", views.edit_organisation),
]
