"""Evaluation pages: schemes and runs, appeals (申诉), subsidy rules (补助规则) and payment lists (支付清单)."""

from django.urls import path

from kechuang.evaluation import appeal_views, money_views, views

app_name = "evaluation"

urlpatterns = [
    path("", views.run_list, name="run_list"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("runs/<int:pk>/confirm/", views.run_confirm, name="run_confirm"),
    path("runs/<int:pk>/compare/", views.run_compare, name="run_compare"),
    path("runs/<int:pk>/units/<str:kind>/<int:unit_id>/", views.unit_result, name="unit_result"),
    path("schemes/", views.scheme_list, name="scheme_list"),
    path("schemes/import/", views.scheme_import, name="scheme_import"),
    path("schemes/<int:pk>/", views.scheme_detail, name="scheme_detail"),
    path("schemes/<int:pk>/export/", views.scheme_export, name="scheme_export"),
    path("schemes/<int:pk>/edit/", views.scheme_edit, name="scheme_edit"),
    path("schemes/<int:pk>/run/", views.scheme_run, name="scheme_run"),
    path("schemes/<int:pk>/entries/", views.entries, name="entries"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("runs/<int:pk>/units/<str:unit>/appeal/", appeal_views.file_appeal, name="file_appeal"),
    path("runs/<int:pk>/appeals/", appeal_views.run_appeals, name="run_appeals"),
    path("appeals/<int:pk>/", appeal_views.appeal_detail, name="appeal"),
    path("appeals/<int:pk>/decide/", appeal_views.decide_appeal, name="decide_appeal"),
    path("appeals/evidence/<int:pk>/", appeal_views.appeal_evidence, name="appeal_evidence"),
    path("subsidies/<int:district_id>/<int:year>/", money_views.subsidy_rules, name="subsidy_rules"),
    path("runs/<int:pk>/payments/", money_views.run_payments, name="run_payments"),
    path("runs/<int:pk>/payments/compute/", money_views.compute_payments, name="compute_payments"),
    path("payments/<int:pk>/", money_views.payment_list, name="payment_list"),
    path("payments/<int:pk>/approve/", money_views.approve_payments, name="approve_payments"),
    path("payments/<int:pk>/export.xlsx", money_views.export_payments, name="export_payments"),
]
