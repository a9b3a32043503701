"""Channel pages: the accounts list and each network's connect flow.

Each network adds one include line below, for its own module's urls under
channels/connect/<network>/, with a view named `channels-connect-<network>` that takes
`?person=<slug>` (the accounts page links to it and hides the button until it exists).
"""

from django.urls import include, path

from podium.channels import views
from podium.lib.urls import pages

page = pages("channels")

urlpatterns = [
    page("channels/", views.list_accounts),
    page("people/<slug:slug>/channels/", views.list_accounts_of),
    page("channels/<int:pk>/disconnect/", views.disconnect_account),
    # One line per network:
    path("channels/connect/mastodon/", include("podium.channels.mastodon.urls")),
    path("channels/connect/bluesky/", include("podium.channels.bluesky.urls")),
    path("channels/connect/linkedin/", include("podium.channels.linkedin.urls")),
    path("channels/connect/x/", include("podium.channels.x.urls")),
]
