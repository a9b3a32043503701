from django.urls import path

from podium.blog import feeds, views

urlpatterns = [
    path("blog/", views.blog_index, name="blog-index"),
    path("blog/feed.atom", feeds.CompanyFeed(), name="blog-company-feed"),
    path("blog/write/", views.list_articles, name="blog-list-articles"),
    path("blog/write/new/", views.create_article, name="blog-create-article"),
    path("blog/write/<int:pk>/", views.edit_article, name="blog-edit-article"),
    path("blog/write/<int:pk>/preview/", views.preview_article, name="blog-preview-article"),
    path("blog/write/<int:pk>/publish/", views.publish_article, name="blog-publish-article"),
    path("blog/write/<int:pk>/unpublish/", views.unpublish_article, name="blog-unpublish-article"),
    path("blog/write/<int:pk>/approve/", views.approve_article, name="blog-approve-article"),
    path("blog/write/<int:pk>/announce/", views.announce_article, name="blog-announce-article"),
    path("blog/moderate/", views.moderate_comments, name="blog-moderate"),
    path("blog/moderate/<int:pk>/", views.moderate_comment, name="blog-moderate-comment"),
    path("blog/<slug:person_slug>/", views.person_blog, name="blog-person"),
    path("blog/<slug:person_slug>/feed.atom", feeds.PersonFeed(), name="blog-person-feed"),
    path("blog/<slug:person_slug>/<slug:slug>/", views.show_article, name="blog-show-article"),
]
