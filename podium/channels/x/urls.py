from django.urls import path

from podium.channels.x import views

urlpatterns = [
    path("", views.connect, name="channels-connect-x"),
    path("callback/", views.callback, name="channels-connect-x-callback"),
]
