"""The Celery app. tenant-schemas-celery stamps every task with the schema it was queued from and
switches the worker's connection to it, so a task can never run in the wrong tenant."""

from __future__ import annotations

import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huiyuan.settings")

app = CeleryApp("huiyuan")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.set_default()
