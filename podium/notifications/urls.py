from django.urls import path

from podium.notifications import views

urlpatterns = [
    path("notifications/", views.list_notifications, name="notifications-list-notifications"),
    path(
        "notifications/<int:pk>/read/",
        views.read_notification,
        name="notifications-read-notification",
    ),
    path(
        "notifications/read-all/",
        views.read_all_notifications,
        name="notifications-read-all-notifications",
    ),
    path(
        "notifications/email/",
        views.set_notification_emails,
        name="notifications-set-notification-emails",
    ),
]
