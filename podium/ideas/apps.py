from django.apps import AppConfig


class IdeasConfig(AppConfig):
    name = "podium.ideas"
    label = "ideas"
    verbose_name = "Ideas"
