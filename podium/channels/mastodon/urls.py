from django.urls import path

from podium.channels.mastodon import views

urlpatterns = [
    path("", views.connect, name="channels-connect-mastodon"),
    path("callback/", views.callback, name="channels-mastodon-callback"),
]
