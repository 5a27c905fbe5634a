"""The audit trail page (/audit/) and the person's interface tokens (/account/tokens/)."""

from django.urls import path

from kechuang.tenancy import token_views, views

app_name = "tenancy"

urlpatterns = [
    path("audit/", views.audit, name="audit"),
    path("account/tokens/", token_views.tokens, name="tokens"),
    path("account/tokens/<int:pk>/revoke/", token_views.revoke_token, name="token_revoke"),
]
