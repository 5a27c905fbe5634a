from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "kechuang.public"
    verbose_name = "公开进展"
