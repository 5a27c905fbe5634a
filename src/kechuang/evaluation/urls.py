from django.urls import path

from kechuang.evaluation import views

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
]
