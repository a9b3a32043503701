from django.urls import path

from podium.blog import feeds, views
from podium.lib.urls import pages

page = pages("blog")

# The public pages' names are shorter than their views': blog-index, blog-person, blog-moderate.
urlpatterns = [
    page("blog/", views.blog_index, name="blog-index"),
    path("blog/feed.atom", feeds.CompanyFeed(), name="blog-company-feed"),
    page("blog/write/", views.list_articles),
    page("blog/write/new/", views.create_article),
    page("blog/write/<int:pk>/", views.edit_article),
    page("blog/write/<int:pk>/preview/", views.preview_article),
    page("blog/write/<int:pk>/publish/", views.publish_article),
    page("blog/write/<int:pk>/unpublish/", views.unpublish_article),
    page("blog/write/<int:pk>/approve/", views.approve_article),
    page("blog/write/<int:pk>/announce/", views.announce_article),
    page("blog/moderate/", views.moderate_comments, name="blog-moderate"),
    page("blog/moderate/<int:pk>/", views.moderate_comment),
    page("blog/<slug:person_slug>/", views.person_blog, name="blog-person"),
    path("blog/<slug:person_slug>/feed.atom", feeds.PersonFeed(), name="blog-person-feed"),
    page("blog/<slug:person_slug>/<slug:slug>/", views.show_article),
]
