from django.apps import AppConfig


class SystemConfig(AppConfig):
    name = "podium.system"
    label = "system"
