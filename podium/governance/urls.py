from django.urls import path

from podium.governance import views, views_approvals

urlpatterns = [
    path("approvals/", views.approver_home, name="governance-approver-home"),
    path("audit/", views.list_audit, name="governance-list-audit"),
    path("audit/export.<str:fmt>", views.export_audit, name="governance-export-audit"),
    # Approving a waiting draft from the home page's card
    path(
        "waiting/posts/<int:pk>/approve/",
        views_approvals.approve_waiting_post,
        name="governance-approve-waiting-post",
    ),
    path(
        "waiting/articles/<int:pk>/approve/",
        views_approvals.approve_waiting_article,
        name="governance-approve-waiting-article",
    ),
]
