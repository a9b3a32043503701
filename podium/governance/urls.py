from podium.governance import (
    views,
    views_approvals,
    views_chains,
    views_home,
    views_objectives,
    views_queue,
)
from podium.lib.urls import pages

page = pages("governance")

urlpatterns = [
    # The program home keeps org's URL name from before it moved here.
    page("program/", views_home.program_home, name="org-program-home"),
    page("approvals/", views_queue.approver_home),
    page("approvals/runs/<int:pk>/approve/", views_queue.approve_run),
    page("approvals/runs/<int:pk>/send-back/", views_queue.send_back_run),
    page("approvals/runs/<int:pk>/reject/", views_queue.reject_run),
    page("approvals/posts/<int:pk>/fast-track/", views_queue.fast_track_post),
    page("approvals/reviews/<int:pk>/close/", views_queue.close_review),
    page("approvals/chains/", views_chains.list_chains),
    page("approvals/chains/new/", views_chains.create_chain),
    page("approvals/chains/<int:pk>/", views_chains.edit_chain),
    page("approvals/chains/<int:pk>/delete/", views_chains.delete_chain),
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
