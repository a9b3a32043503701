from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "podium.policy"
    label = "policy"

    def ready(self) -> None:
        # Publishing sits below policy and does not import it: compose's topics, the rules'
        # and the roster's checks reach it through its extension point.
        from podium.policy.extension import PolicyExtension
        from podium.publishing import extensions

        extensions.register(PolicyExtension())
