"""The audit trail page (/audit/)."""

from django.urls import path

from kechuang.tenancy import views

app_name = "tenancy"

urlpatterns = [
    path("audit/", views.audit, name="audit"),
]
