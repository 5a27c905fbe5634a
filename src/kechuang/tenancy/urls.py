"""The audit trail (/audit/), accounts (/users/), the area import (/areas/import/) and the
person's interface tokens (/account/tokens/)."""

from django.urls import path

from kechuang.tenancy import account_views, token_views, views

app_name = "tenancy"

urlpatterns = [
    path("audit/", views.audit, name="audit"),
    path("account/tokens/", token_views.tokens, name="tokens"),
    path("account/tokens/<int:pk>/revoke/", token_views.revoke_token, name="token_revoke"),
    path("users/", account_views.user_list, name="users"),
    path("users/<int:pk>/lock/", account_views.user_lock, name="user_lock"),
    path("users/import/", account_views.user_import, name="user_import"),
    path("users/import/confirm/", account_views.user_import_confirm, name="user_import_confirm"),
    path("areas/import/", account_views.area_import, name="area_import"),
    path("areas/import/confirm/", account_views.area_import_confirm, name="area_import_confirm"),
]
