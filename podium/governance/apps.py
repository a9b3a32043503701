from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "podium.governance"
    label = "governance"
