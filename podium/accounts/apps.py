from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "podium.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from podium.accounts import signals  # noqa: F401 - connects the audit receivers
