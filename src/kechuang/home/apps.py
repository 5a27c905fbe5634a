from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "kechuang.home"
    verbose_name = "工作台"
