"""Publishing's pages. Each part (compose, calendar, outbox status) adds its routes here."""

from django.urls import path  # noqa: F401 - routes are added by each part below

urlpatterns: list = []
