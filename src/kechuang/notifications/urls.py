"""The inbox and the notification settings, under /notifications/."""

from django.urls import path

from kechuang.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("settings/", views.email_settings, name="settings"),
    path("read-all/", views.mark_all_read, name="read_all"),
    path("<int:pk>/", views.open_notification, name="open"),
    path("<int:pk>/read/", views.mark_read, name="read"),
]
