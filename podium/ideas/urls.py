from django.urls import path

from podium.ideas import feeds, views
from podium.lib.urls import pages

page = pages("ideas")

# The portal's index keeps the short name ideas-index, as the blog's does.
urlpatterns = [
    page("ideas/", views.index, name="ideas-index"),
    page("ideas/roadmap/", views.roadmap),
    page("ideas/new/", views.submit_idea),
    page("ideas/similar/", views.similar_ideas),
    page("ideas/sign-in/", views.sign_in_page, name="ideas-sign-in"),
    page("ideas/sign-in/<str:token>/", views.use_sign_in_link),
    page("ideas/sign-out/", views.sign_out_page, name="ideas-sign-out"),
    page("ideas/me/", views.my_data),
    page("ideas/me/delete/", views.delete_my_data),
    path("ideas/status/<str:status>/feed.atom", feeds.StatusFeed(), name="ideas-status-feed"),
    path("ideas/category/<slug:slug>/feed.atom", feeds.CategoryFeed(), name="ideas-category-feed"),
    page("ideas/<int:pk>/", views.show_idea),
    page("ideas/<int:pk>/vote/", views.vote_idea),
    page("ideas/<int:pk>/comment/", views.comment_idea),
    page("ideas/<int:pk>/follow/", views.follow_idea),
    page("ideas/unsubscribe/<str:token>/", views.unsubscribe, name="ideas-unsubscribe"),
    page("ideas/manage/", views.manage_ideas),
    page("ideas/manage/moderate/", views.moderate_ideas),
    page("ideas/manage/<int:pk>/", views.manage_idea),
    page("ideas/manage/<int:pk>/moderate/", views.moderate_idea),
    page("ideas/manage/<int:pk>/status/", views.change_status),
    page("ideas/manage/<int:pk>/merge/", views.merge_idea),
    page("ideas/manage/<int:pk>/unmerge/", views.unmerge_idea),
    page("ideas/manage/<int:pk>/note/", views.write_note),
    page("ideas/manage/<int:pk>/answer/", views.write_answer),
    page("ideas/manage/answers/<int:pk>/approve/", views.approve_answer),
]
