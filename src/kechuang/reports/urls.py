"""Report pages (/reports/…) and the public report of a published plan."""

from django.urls import path

from kechuang.reports import views

app_name = "reports"

urlpatterns = [
    path("reports/", views.report_list, name="list"),
    path("reports/generate/<str:kind>/", views.generate, name="generate"),
    path("reports/<int:pk>/download/", views.download, name="download"),
    path("public/plans/<int:pk>/report/", views.public_plan_report, name="public_plan_report"),
]
