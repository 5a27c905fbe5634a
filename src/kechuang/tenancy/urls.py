"""The audit trail (/audit/), accounts (/users/), the areas (/areas/) with their boundary changes
(/areas/<pk>/changes/), the area import (/areas/import/) and the person's interface tokens
(/account/tokens/)."""

from django.urls import path

from kechuang.tenancy import account_views, area_views, token_views, views

app_name = "tenancy"

urlpatterns = [
    path("audit/", views.audit, name="audit"),
    path("account/tokens/", token_views.tokens, name="tokens"),
    path("account/tokens/<int:pk>/revoke/", token_views.revoke_token, name="token_revoke"),
    path("users/", account_views.user_list, name="users"),
    path("users/<int:pk>/lock/", account_views.user_lock, name="user_lock"),
    path("users/import/", account_views.user_import, name="user_import"),
    path("users/import/confirm/", account_views.user_import_confirm, name="user_import_confirm"),
    path("areas/", area_views.area_list, name="areas"),
    path("areas/<int:pk>/changes/", area_views.area_changes, name="area_changes"),
    path("areas/import/", account_views.area_import, name="area_import"),
    path("areas/import/confirm/", account_views.area_import_confirm, name="area_import_confirm"),
]
