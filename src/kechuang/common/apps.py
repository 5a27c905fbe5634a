from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "kechuang.common"
    verbose_name = "公共"
