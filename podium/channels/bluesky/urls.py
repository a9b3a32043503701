from django.urls import path

from podium.channels.bluesky import views

urlpatterns = [
    path("", views.connect, name="channels-connect-bluesky"),
]
