from celery import shared_task


@shared_task(name="tenants.tasks.refill_pool")
def refill_pool() -> int:
    """Keep a few pre-migrated schemas ready so sign-up never waits for DDL."""
    from django.db import connection

    from tenants.services.provisioning import refill_pool as refill

    connection.set_schema_to_public()
    return refill()
