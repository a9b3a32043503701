from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from podium.accounts.views import home
from podium.api import api, unknown_address
from podium.publishing.views_media import serve_media

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("", include("podium.accounts.urls")),
    path("", include("podium.org.urls")),
    path("", include("podium.governance.urls")),
    path("", include("podium.notifications.urls")),
    path("", include("podium.system.urls")),
    path("", include("podium.channels.urls")),
    path("", include("podium.publishing.urls")),
    path("", include("podium.blog.urls")),
    path("", include("podium.planning.urls")),
    path("", include("podium.advocates.urls")),
    path("", include("podium.policy.urls")),
    path("api/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", unknown_address, name="api-unknown-address"),
    # Read-only (podium.accounts.admin_site) and off in production unless PODIUM_DJANGO_ADMIN.
    *([path("django-admin/", admin.site.urls)] if settings.DJANGO_ADMIN else []),
    # Uploaded images, logos and photos, permission-checked: a proxy must not serve MEDIA_ROOT.
    path("media/<path:path>", serve_media, name="media"),
]
