from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "kechuang.reports"
    verbose_name = "报告与展示"

    def ready(self) -> None:
        from kechuang.reports.kinds import load_kinds

        load_kinds()  # every report kind registered once the models exist
