"""Evaluation pages: appeals (申诉), subsidy rules (补助规则) and payment lists (支付清单)."""

from django.urls import path

from kechuang.evaluation import appeal_views, money_views

app_name = "evaluation"

urlpatterns = [
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
