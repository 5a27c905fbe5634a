from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "kechuang.common"
    verbose_name = "公共"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from kechuang.common.private_files import private_sqlite_files

        connection_created.connect(private_sqlite_files, dispatch_uid="kechuang-private-sqlite")
