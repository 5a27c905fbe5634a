from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "kechuang.notifications"
    verbose_name = "通知"
