from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "podium.notifications"
    label = "notifications"
