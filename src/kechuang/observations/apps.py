from django.apps import AppConfig


class ObservationsConfig(AppConfig):
    name = "kechuang.observations"
    verbose_name = "观测数据"
