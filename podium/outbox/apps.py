from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "podium.outbox"
    label = "outbox"

    def ready(self) -> None:
        # Channels holds and releases an account's publications through the outbox, which it
        # does not import (the outbox sits above it): tell it whom to ask.
        from podium.channels import actions
        from podium.outbox import accounts

        actions.register_publication_holds(accounts)
