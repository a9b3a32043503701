from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "podium.governance"
    label = "governance"

    def ready(self) -> None:
        # Publishing asks the approval chains through a small interface (it sits below
        # governance and does not import it): tell it whom to ask.
        from podium.governance.approvals import Gate
        from podium.publishing import approvals

        approvals.register_approval_chains(Gate())

        # Compose, the posts API and the CSV import tag posts with objectives through
        # publishing's extension point; the article's form and API through the blog's.
        from podium.blog import sections
        from podium.governance.objective_tags import ArticleObjectives, ObjectivesExtension
        from podium.publishing import extensions

        extensions.register(ObjectivesExtension())
        sections.register(ArticleObjectives())
