from django.apps import AppConfig


class ObservationsConfig(AppConfig):
    name = "kechuang.observations"
    verbose_name = "观测数据"

    def ready(self) -> None:
        from kechuang.observations.plan_figures import ObservationFigureStore
        from kechuang.plans.figures import install_figure_store

        install_figure_store(ObservationFigureStore())

        from kechuang.observations.stored import hooks

        hooks.connect()
