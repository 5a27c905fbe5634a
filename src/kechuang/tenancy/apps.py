from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "kechuang.tenancy"
    verbose_name = "地区与账户"
