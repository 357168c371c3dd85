from django.apps import AppConfig

# Daily at 03:17 UTC: re-read every subscription and push the staff count (see billing.seats).
RECONCILE_SCHEDULE = {"hour": 3, "minute": 17}


class BillingConfig(AppConfig):
    name = "billing"
    verbose_name = "Billing"

    def ready(self) -> None:
        import logging

        # The library logs every request at INFO; keep its warnings and errors only.
        logging.getLogger("stripe").setLevel(logging.WARNING)

        register_beat_schedule()


def register_beat_schedule() -> None:
    """The seat reconcile job, registered with Celery beat from here (no settings edit needed)."""
    from celery.schedules import crontab

    from huiyuan.celery import app

    app.add_periodic_task(
        crontab(**RECONCILE_SCHEDULE),
        app.signature("billing.tasks.reconcile_seats"),
        name="billing-reconcile-seats",
    )
