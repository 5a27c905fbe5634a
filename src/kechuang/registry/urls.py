"""Registry pages under /registry/."""

from django.urls import path

from kechuang.registry import import_views, plot_views, views

app_name = "registry"

urlpatterns = [
    path("enterprises/", views.enterprise_list, name="enterprise_list"),
    path("enterprises/new/", views.enterprise_edit, name="enterprise_new"),
    path("enterprises/<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    path("enterprises/<int:pk>/edit/", views.enterprise_edit, name="enterprise_edit"),
    path("enterprises/<int:pk>/qualifications/", views.qualification_add, name="qualification_add"),
    path("enterprises/<int:pk>/stage/", views.stage_move, name="stage_move"),
    path("renewals/", views.renewal_list, name="renewals"),
    path("funnel/", views.funnel, name="funnel"),
    path("import/", import_views.import_page, name="import"),
    path("import/confirm/", import_views.import_confirm, name="import_confirm"),
    path("import/template.xlsx", import_views.import_template, name="import_template"),
    path("carriers/", views.carrier_list, name="carrier_list"),
    path("carriers/<int:pk>/", views.carrier_detail, name="carrier_detail"),
    path("carriers/<int:pk>/tenants/", views.tenant_add, name="tenant_add"),
    path("tenants/<int:pk>/exit/", views.tenant_exit, name="tenant_exit"),
    path("plots/", plot_views.plot_list, name="plot_list"),
    path("plots/ranking/", plot_views.plot_ranking, name="plot_ranking"),
    path("plots/new/", plot_views.plot_edit, name="plot_new"),
    path("plots/import/", plot_views.plot_import, name="plot_import"),
    path("plots/import/template.xlsx", plot_views.plot_import_template, name="plot_import_template"),
    path("plots/<int:pk>/", plot_views.plot_detail, name="plot_detail"),
    path("plots/<int:pk>/edit/", plot_views.plot_edit, name="plot_edit"),
    path("plots/<int:pk>/enterprises/", plot_views.plot_occupancy_add, name="plot_occupancy_add"),
    path("plots/<int:pk>/figures/", plot_views.plot_figures_save, name="plot_figures_save"),
]
