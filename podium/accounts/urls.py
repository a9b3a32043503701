from podium.accounts import views, views_two_factor
from podium.lib.urls import pages

page = pages("accounts")

urlpatterns = [
    page("manage/", views.admin_home),
    page("manage/users/", views.list_users),
    page("manage/users/new/", views.create_user),
    page("manage/users/<int:pk>/", views.edit_user),
    page("manage/users/<int:pk>/invite/", views.invite_user),
    page("manage/users/<int:pk>/reset-two-factor/", views.reset_two_factor),
    # Next to allauth's two-factor pages (/accounts/2fa/...), which do not have this one.
    page("accounts/2fa/totp/replace/", views_two_factor.replace_totp),
    page("settings/tokens/", views.list_tokens),
    page("settings/tokens/<int:pk>/revoke/", views.revoke_token),
]
