from django.urls import path

from podium.accounts import views, views_two_factor

urlpatterns = [
    path("manage/", views.admin_home, name="accounts-admin-home"),
    path("manage/users/", views.list_users, name="accounts-list-users"),
    path("manage/users/new/", views.create_user, name="accounts-create-user"),
    path("manage/users/<int:pk>/", views.edit_user, name="accounts-edit-user"),
    path("manage/users/<int:pk>/invite/", views.invite_user, name="accounts-invite-user"),
    path(
        "manage/users/<int:pk>/reset-two-factor/",
        views.reset_two_factor,
        name="accounts-reset-two-factor",
    ),
    # Next to allauth's two-factor pages (/accounts/2fa/...), which do not have this one.
    path(
        "accounts/2fa/totp/replace/",
        views_two_factor.replace_totp,
        name="accounts-replace-totp",
    ),
    path("settings/tokens/", views.list_tokens, name="accounts-list-tokens"),
    path("settings/tokens/<int:pk>/revoke/", views.revoke_token, name="accounts-revoke-token"),
]
