"""Channel pages: the accounts list and each network's connect flow.

Each network adds one include line below, for its own module's urls under
channels/connect/<network>/, with a view named `channels-connect-<network>` that takes
`?person=<slug>` (the accounts page links to it and hides the button until it exists).
"""

from django.urls import include, path

from podium.channels import views

urlpatterns = [
    path("channels/", views.list_accounts, name="channels-list-accounts"),
    path("people/<slug:slug>/channels/", views.list_accounts_of, name="channels-list-accounts-of"),
    path(
        "channels/<int:pk>/disconnect/",
        views.disconnect_account,
        name="channels-disconnect-account",
    ),
    # One line per network:
    path("channels/connect/mastodon/", include("podium.channels.mastodon.urls")),
    path("channels/connect/bluesky/", include("podium.channels.bluesky.urls")),
    path("channels/connect/linkedin/", include("podium.channels.linkedin.urls")),
    path("channels/connect/x/", include("podium.channels.x.urls")),
]
