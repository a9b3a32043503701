from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "podium.org"
    label = "org"

    def ready(self) -> None:
        # Accounts words its emails and applies the two-factor rule with the organisation's
        # name and setting; it does not import org (org sits above it): tell it whom to ask.
        from podium.accounts import organisation
        from podium.org.models import Organisation

        organisation.register(Organisation.installed)
