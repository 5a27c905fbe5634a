from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "kechuang.reports"
    verbose_name = "报告与展示"

    def ready(self) -> None:
        # The report kinds register themselves (kinds.KINDS) when their module is imported.
        from kechuang.reports import annual, bulletin  # noqa: F401
