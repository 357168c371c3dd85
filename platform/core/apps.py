from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"

    def ready(self) -> None:
        # Bind shared_task definitions to the tenant-aware Celery app.
        import huiyuan.celery  # noqa: F401
