"""Channel pages: the accounts list and each network's connect flow."""

from django.urls import path  # noqa: F401 - routes are added by each network below

urlpatterns: list = []
