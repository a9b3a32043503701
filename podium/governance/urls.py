from django.urls import path

from podium.governance import views

urlpatterns = [
    path("approvals/", views.approver_home, name="governance-approver-home"),
    path("audit/", views.list_audit, name="governance-list-audit"),
    path("audit/export.<str:fmt>", views.export_audit, name="governance-export-audit"),
]
