"""Daily loyalty housekeeping, run per tenant (in its schema, at a local hour) by the scheduler."""

from __future__ import annotations

from celery import shared_task


def _local_today():  # type: ignore[no-untyped-def]
    from zoneinfo import ZoneInfo

    from django.db import connection
    from django.utils import timezone

    from tenants.models import Tenant

    tenant = Tenant.objects.filter(schema_name=connection.schema_name).first()
    zone = ZoneInfo(tenant.time_zone) if tenant else timezone.get_default_timezone()
    return timezone.now().astimezone(zone).date()


@shared_task(name="loyalty.tasks.expire_points")
def expire_points() -> str:
    from loyalty.services import points

    return str(points.expire_points())


@shared_task(name="loyalty.tasks.expire_coupons")
def expire_coupons() -> int:
    from loyalty.services import coupons

    return coupons.expire_coupons()


@shared_task(name="loyalty.tasks.award_birthdays")
def award_birthdays() -> int:
    from loyalty.services import points

    return points.award_birthdays(_local_today())


@shared_task(name="loyalty.tasks.evaluate_tiers")
def evaluate_tiers() -> int:
    from loyalty.services import tiers

    return tiers.evaluate_all()
