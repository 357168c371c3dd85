"""Background tasks of the core, plus `enqueue`, the one way to start background work."""

from __future__ import annotations

import logging
import threading
from typing import Any

from celery import shared_task
from django.conf import settings
from django.db import connection, connections, transaction


def enqueue(task: Any, *args: Any, slow: bool = False, **kwargs: Any) -> None:
    """Queue a task after the current transaction commits, carrying the current tenant.

    ``slow``: without a broker, run it on a background thread instead of inside the request, so
    slow housekeeping (e.g. cloning schemas for the warm pool) never delays the response. Tests
    turn that off (``INPROCESS_BACKGROUND_THREADS``) to keep runs deterministic.

    With a broker it goes to Celery; without one (no REDIS_URL) Celery runs it eagerly in-process,
    still after commit, so a rolled-back request never leaves a task behind.

    The tenant is the schema current *now*, not at commit time: the commit may happen after the
    caller has left the tenant's schema (e.g. ``schema_context`` inside ``transaction.atomic``).
    """
    headers = {"_schema_name": connection.schema_name}  # read by tenant-schemas-celery

    def send() -> None:
        task.apply_async(args=args, kwargs=kwargs, headers=headers)

    if slow and task.app.conf.task_always_eager and settings.INPROCESS_BACKGROUND_THREADS:
        transaction.on_commit(lambda: threading.Thread(target=_in_thread, args=(send,), daemon=True).start())
    else:
        transaction.on_commit(send)


def _in_thread(send: Any) -> None:
    try:
        send()
    except Exception:
        logging.getLogger(__name__).exception("background task failed")
    finally:
        connections.close_all()


@shared_task(name="core.tasks.clear_expired_sessions")
def clear_expired_sessions() -> int:
    """Delete expired sessions in the current tenant schema."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@shared_task(name="core.tasks.run_due_tenant_jobs")
def run_due_tenant_jobs() -> int:
    """Beat calls this every minute; it enqueues each tenant's daily jobs at their local time."""
    from core.scheduling import enqueue_due_jobs

    return enqueue_due_jobs()
