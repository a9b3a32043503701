from podium.lib.urls import pages
from podium.system import views

page = pages("system")

urlpatterns = [
    page("system/", views.status),
    page("system/ping/", views.ping_worker),
]
