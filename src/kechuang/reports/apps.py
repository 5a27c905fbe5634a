from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "kechuang.reports"
    verbose_name = "报告与展示"
