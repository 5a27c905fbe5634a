from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "kechuang.plans"
    verbose_name = "规划"
