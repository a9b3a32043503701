from podium.lib.urls import pages
from podium.notifications import views

page = pages("notifications")

urlpatterns = [
    page("notifications/", views.list_notifications),
    page("notifications/<int:pk>/read/", views.read_notification),
    page("notifications/read-all/", views.read_all_notifications),
    page("notifications/email/", views.set_notification_emails),
]
