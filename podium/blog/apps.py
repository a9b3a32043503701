from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "podium.blog"
    label = "blog"
    verbose_name = "Blog"
