"""Monitoring pages (/monitor/…, login required); the public site is ``kechuang.public``."""

from django.urls import path

from kechuang.observations import alert_case_views
from kechuang.observations import monitor_explain_views as explain_views
from kechuang.observations import monitor_views as views

app_name = "monitor"

urlpatterns = [
    path("monitor/", views.monitor_index, name="monitor"),
    path("monitor/plans/<int:pk>/", views.plan_overview, name="plan"),
    path("monitor/plans/<int:pk>/tasks/", views.task_board, name="tasks"),
    path("monitor/indicators/<int:pk>/", views.indicator_detail, name="indicator"),
    path("monitor/compare/", views.compare, name="compare"),
    path("monitor/alerts/", alert_case_views.alerts, name="alerts"),
    path("monitor/alerts/<int:pk>/", alert_case_views.case_detail, name="alert_case"),
    path("monitor/method/", explain_views.method, name="method"),
    path("monitor/settings/", explain_views.threshold_settings, name="settings"),
]
