from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from podium.accounts.views import home
from podium.api import api

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("", include("podium.accounts.urls")),
    path("", include("podium.org.urls")),
    path("", include("podium.governance.urls")),
    path("", include("podium.system.urls")),
    path("", include("podium.channels.urls")),
    path("", include("podium.publishing.urls")),
    path("", include("podium.blog.urls")),
    path("api/", api.urls),
    path("django-admin/", admin.site.urls),
    # Uploaded photos and logos; a production proxy may serve MEDIA_ROOT itself instead.
    path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}),
]
