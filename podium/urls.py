from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from podium.accounts.views import home
from podium.api import api, unknown_address
from podium.publishing.views_media import serve_media

# The apps whose pages sit at the site's root (each app's urls.py), tried in this order.
APPS_WITH_PAGES = (
    "accounts",
    "org",
    "governance",
    "notifications",
    "system",
    "channels",
    "publishing",
    "blog",
    "ideas",
    "planning",
    "advocates",
    "policy",
    "links",
)

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("allauth.urls")),
    *(path("", include(f"podium.{app}.urls")) for app in APPS_WITH_PAGES),
    path("api/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", unknown_address, name="api-unknown-address"),
    # Read-only (podium.accounts.admin_site) and off in production unless PODIUM_DJANGO_ADMIN.
    *([path("django-admin/", admin.site.urls)] if settings.DJANGO_ADMIN else []),
    # Uploaded images, logos and photos, permission-checked: a proxy must not serve MEDIA_ROOT.
    path("media/<path:path>", serve_media, name="media"),
]
