from django.urls import path

from podium.channels.linkedin import views

urlpatterns = [
    path("", views.connect, name="channels-connect-linkedin"),
    path("callback/", views.callback, name="channels-connect-linkedin-callback"),
]
