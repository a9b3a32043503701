from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "podium.policy"
    label = "policy"

    def ready(self) -> None:
        # Publishing and the blog sit below policy and do not import it: compose's topics, the
        # rules' and the roster's checks, and an article's topics reach them this way.
        from podium.blog import sections
        from podium.policy.extension import ArticleTopics, PolicyExtension
        from podium.publishing import extensions

        extensions.register(PolicyExtension())
        sections.register(ArticleTopics())
