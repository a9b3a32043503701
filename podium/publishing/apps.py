from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "podium.publishing"
    label = "publishing"
