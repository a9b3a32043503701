from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "podium.org"
    label = "org"
