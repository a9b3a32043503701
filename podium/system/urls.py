from django.urls import path

from podium.system import views

urlpatterns = [
    path("system/", views.status, name="system-status"),
    path("system/ping/", views.ping_worker, name="system-ping-worker"),
]
