from django.apps import AppConfig


class AdvocatesConfig(AppConfig):
    name = "podium.advocates"
    label = "advocates"
    verbose_name = "Advocates"
