from django.urls import path

from podium.governance import views, views_approvals, views_home, views_objectives

urlpatterns = [
    # The program home keeps org's URL name from before it moved here.
    path("program/", views_home.program_home, name="org-program-home"),
    path("approvals/", views.approver_home, name="governance-approver-home"),
    path("audit/", views.list_audit, name="governance-list-audit"),
    path("audit/export.<str:fmt>", views.export_audit, name="governance-export-audit"),
    path("audit/verify/", views.verify_audit, name="governance-verify-audit"),
    path("objectives/", views_objectives.list_objectives, name="governance-list-objectives"),
    path("objectives/new/", views_objectives.create_objective, name="governance-create-objective"),
    path("objectives/<int:pk>/", views_objectives.show_objective, name="governance-show-objective"),
    path(
        "objectives/<int:pk>/edit/",
        views_objectives.edit_objective,
        name="governance-edit-objective",
    ),
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
