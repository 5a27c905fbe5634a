from django.urls import path

from kechuang.observations import grid_views, views

app_name = "observations"

urlpatterns = [
    path("", views.index, name="index"),
    path("plans/<int:plan_id>/", views.plan_entry, name="plan"),
    path("plans/<int:plan_id>/grid/", grid_views.plan_grid, name="grid"),
    path("plans/<int:plan_id>/import/", views.import_file, name="import"),
    path("plans/<int:plan_id>/import/confirm/", views.import_confirm, name="import_confirm"),
    path("plans/<int:plan_id>/template.xlsx", views.import_template, name="template"),
    path("<int:obs_id>/history/", views.history, name="history"),
    path("tasks/<int:task_id>/update/", views.task_update, name="task_update"),
    path("tasks/attachments/<int:pk>/", views.task_attachment, name="task_attachment"),
]
