from django.apps import AppConfig

# Daily at 03:17 UTC: re-read every subscription and push the staff count (see billing.seats).
RECONCILE_SCHEDULE = {"hour": 3, "minute": 17}
# Daily at 04:41 UTC: processed webhook events past their retention are deleted.
PRUNE_EVENTS_SCHEDULE = {"hour": 4, "minute": 41}


class BillingConfig(AppConfig):
    name = "billing"
    verbose_name = "Billing"

    def ready(self) -> None:
        import logging

        # The library logs every request at INFO; keep its warnings and errors only.
        logging.getLogger("stripe").setLevel(logging.WARNING)

        register_beat_schedule()


def register_beat_schedule() -> None:
    """Billing's daily jobs, registered with Celery beat from here (no settings edit needed)."""
    from celery.schedules import crontab

    from huiyuan.celery import app

    app.add_periodic_task(
        crontab(**RECONCILE_SCHEDULE),
        app.signature("billing.tasks.reconcile_seats"),
        name="billing-reconcile-seats",
    )
    app.add_periodic_task(
        crontab(**PRUNE_EVENTS_SCHEDULE),
        app.signature("billing.tasks.prune_stripe_events"),
        name="billing-prune-stripe-events",
    )
