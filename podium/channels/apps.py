from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "podium.channels"
    label = "channels"
