from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VendorConfig(AppConfig):
    name = "vendor"
    verbose_name = _("Vendor console")

    def ready(self) -> None:
        from vendor import admin_gate

        admin_gate.install()
        # Celery beat reads CELERY_BEAT_SCHEDULE after Django is set up (beat's loader init calls
        # django.setup() before the scheduler is built), so the daily purge is registered here,
        # next to the app that owns it, instead of in settings.
        from celery.schedules import crontab
        from django.conf import settings

        schedule = getattr(settings, "CELERY_BEAT_SCHEDULE", None)
        if isinstance(schedule, dict):
            schedule.setdefault(
                "vendor-purge-tenants",
                {"task": "vendor.tasks.purge_due_tenants", "schedule": crontab(hour=2, minute=30)},
            )
