"""The public site at /public/… (no login), and the staff's page of public feedback."""

from django.urls import path

from kechuang.public import staff_views, views

app_name = "public"

urlpatterns = [
    path("", views.index, name="index"),
    path("plans/<int:pk>/", views.plan, name="plan"),
    path("indicators/<int:pk>/", views.indicator, name="indicator"),
    path("indicators/<int:pk>/figures.<str:fmt>", views.indicator_data, name="indicator_data"),
    path("method/", views.method, name="method"),
    path("feedback/", staff_views.feedback_list, name="feedback"),
    path("feedback/<int:pk>/", staff_views.feedback_detail, name="feedback_detail"),
]
