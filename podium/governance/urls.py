from podium.governance import views, views_approvals, views_home, views_objectives
from podium.lib.urls import pages

page = pages("governance")

urlpatterns = [
    # The program home keeps org's URL name from before it moved here.
    page("program/", views_home.program_home, name="org-program-home"),
    page("approvals/", views.approver_home),
    page("audit/", views.list_audit),
    page("audit/export.<str:fmt>", views.export_audit),
    page("audit/verify/", views.verify_audit),
    page("objectives/", views_objectives.list_objectives),
    page("objectives/new/", views_objectives.create_objective),
    page("objectives/<int:pk>/", views_objectives.show_objective),
    page("objectives/<int:pk>/edit/", views_objectives.edit_objective),
    # Approving a waiting draft from the home page's card
    page("waiting/posts/<int:pk>/approve/", views_approvals.approve_waiting_post),
    page("waiting/articles/<int:pk>/approve/", views_approvals.approve_waiting_article),
]
