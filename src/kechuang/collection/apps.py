from django.apps import AppConfig


class CollectionConfig(AppConfig):
    name = "kechuang.collection"
    verbose_name = "数据采集"
