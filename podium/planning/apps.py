from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "podium.planning"
    label = "planning"
