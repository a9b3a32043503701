from django.apps import AppConfig


class LinksConfig(AppConfig):
    name = "podium.links"
    label = "links"
    verbose_name = "Links"

    def ready(self) -> None:
        # The outbox sits below links: it asks, just before sending, for the text with each
        # link replaced by its short link, through the interface links registers here.
        from podium.links import shortening
        from podium.outbox import rewriting

        rewriting.register_rewriter(shortening)
