"""Scheduled deletion: confirmation, only cancelled or suspended shops, not before it is due,
cancellable until it runs, and the purge never touches a shop that is not scheduled."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_exists

from tenants.models import Domain, Tenant
from vendor.deletion import purge_due
from vendor.models import SupportGrant, TenantDeletion

TENANTS = "/api/v1/vendor/tenants/"


def cancel_subscription(tenant):  # type: ignore[no-untyped-def]
    from billing.models import TenantBilling

    TenantBilling.objects.update_or_create(
        tenant=tenant, defaults={"status": "canceled", "canceled_at": timezone.now()}
    )


def schedule(vendor_client, tenant, confirm=None):  # type: ignore[no-untyped-def]
    return vendor_client.post(
        f"{TENANTS}{tenant.pk}/deletion/",
        {"confirm": tenant.subdomain if confirm is None else confirm, "reason": "asked to close"},
        format="json",
    )


def test_scheduling_needs_the_subdomain_typed_again(vendor_client, tenant_a):
    cancel_subscription(tenant_a)
    for wrong in ("", "alph", "beta"):
        response = schedule(vendor_client, tenant_a, wrong)
        assert response.status_code == 400
    assert schedule(vendor_client, tenant_a, " ALPHA ").status_code == 201


def test_only_a_cancelled_or_suspended_shop_can_be_scheduled(vendor_client, tenant_a, tenant_b):
    response = schedule(vendor_client, tenant_a)
    assert response.status_code == 409 and response.json()["error"]["code"] == "not_cancelled"
    vendor_client.post(f"{TENANTS}{tenant_b.pk}/suspend/", {"reason": "closing"}, format="json")
    assert schedule(vendor_client, tenant_b).status_code == 201
    assert schedule(vendor_client, tenant_b).status_code == 409  # already scheduled


def test_due_after_the_grace_period_not_before(vendor_client, tenant_a, tenant_b):
    cancel_subscription(tenant_a)
    response = schedule(vendor_client, tenant_a)
    assert response.status_code == 201
    deletion = response.json()["deletion"]
    assert deletion["status"] == "scheduled"
    row = TenantDeletion.objects.get(pk=deletion["id"])
    assert timedelta(days=29, hours=23) < row.due_at - timezone.now() <= timedelta(days=30)
    assert (
        vendor_client.get(TENANTS, {"status": "deletion_scheduled"}).json()["results"][0]["subdomain"]
        == "alpha"
    )

    assert purge_due(timezone.now() + timedelta(days=29)) == []
    assert schema_exists(tenant_a.schema_name)
    assert Tenant.objects.filter(pk=tenant_a.pk).exists()


def test_purge_drops_the_due_shop_only(
    vendor_client, tenant_a, tenant_b, media_root, django_capture_on_commit_callbacks
):
    cancel_subscription(tenant_a)
    cancel_subscription(tenant_b)  # cancelled too, but not scheduled: must survive
    grant = vendor_client.post(
        f"{TENANTS}{tenant_a.pk}/support/", {"reason": "before closing"}, format="json"
    )
    assert grant.status_code == 201
    schedule(vendor_client, tenant_a)
    (media_root / tenant_a.schema_name).mkdir(parents=True)
    (media_root / tenant_a.schema_name / "photo.png").write_bytes(b"x")
    (media_root / tenant_b.schema_name).mkdir(parents=True)
    schema, pk = tenant_a.schema_name, tenant_a.pk

    with django_capture_on_commit_callbacks(execute=True):
        outcomes = purge_due(timezone.now() + timedelta(days=31))
    assert [(o.status, o.label, o.error) for o in outcomes] == [("deleted", f"alpha ({schema})", "")]
    connection.set_schema_to_public()
    assert not schema_exists(schema)
    assert not Tenant.objects.filter(pk=pk).exists()
    assert not Domain.objects.filter(domain="alpha.localhost").exists()
    assert not (media_root / schema).exists()
    record = TenantDeletion.objects.get(subdomain="alpha")
    assert record.status == "done" and record.tenant_id is None and record.executed_at is not None
    assert record.canceled_at is not None and record.activated_on is not None  # kept for churn history
    assert SupportGrant.objects.get(pk=grant.json()["grant"]["id"]).tenant_label == "alpha"  # kept

    assert schema_exists(tenant_b.schema_name) and Tenant.objects.filter(pk=tenant_b.pk).exists()
    assert (media_root / tenant_b.schema_name).exists()
    for name in ("public", "tenant_template"):
        assert schema_exists(name)
    assert purge_due(timezone.now() + timedelta(days=400)) == []  # nothing else is ever due


def test_cancelled_deletion_never_runs(vendor_client, tenant_a):
    cancel_subscription(tenant_a)
    schedule(vendor_client, tenant_a)
    response = vendor_client.post(f"{TENANTS}{tenant_a.pk}/deletion/cancel/")
    assert response.status_code == 200 and response.json()["deletion"]["status"] == "cancelled"
    assert vendor_client.post(f"{TENANTS}{tenant_a.pk}/deletion/cancel/").status_code == 409
    assert purge_due(timezone.now() + timedelta(days=60)) == []
    assert schema_exists(tenant_a.schema_name)
    # It can be scheduled again afterwards.
    assert schedule(vendor_client, tenant_a).status_code == 201


def test_purge_rechecks_under_lock(tenant_a, vendor_admin):
    """A deletion cancelled after the due list was read is skipped, not executed."""
    from vendor import deletion as service

    cancel_subscription(tenant_a)
    row = service.schedule(tenant_a, vendor_admin.user, "alpha")
    TenantDeletion.objects.filter(pk=row.pk).update(due_at=timezone.now() - timedelta(minutes=1))
    service.cancel(tenant_a, vendor_admin.user)
    assert service.purge_one(row.pk).status == "skipped"
    assert schema_exists(tenant_a.schema_name)


def test_protected_rows_are_never_purged(db):
    """Even a (corrupt) scheduled row pointing at the public or template tenant is skipped."""
    from vendor import deletion as service

    for name in ("public", "tenant_template"):
        tenant = Tenant.objects.get(schema_name=name)
        row = TenantDeletion.objects.create(
            tenant=tenant,
            schema_name=name,
            requested_by_email="x@huiyuan.test",
            due_at=timezone.now() - timedelta(days=1),
        )
        assert service.purge_one(row.pk).status == "skipped"
        assert schema_exists(name)


def test_a_live_subscription_blocks_scheduling_and_the_purge(vendor_client, tenant_a, tenant_b):
    from billing.models import TenantBilling

    # Suspended but still subscribed in Stripe: deleting would not stop the billing.
    vendor_client.post(f"{TENANTS}{tenant_b.pk}/suspend/", {"reason": "closing"}, format="json")
    TenantBilling.objects.update_or_create(
        tenant=tenant_b, defaults={"status": "active", "stripe_subscription_id": "sub_123"}
    )
    response = schedule(vendor_client, tenant_b)
    assert response.status_code == 409 and response.json()["error"]["code"] == "subscription_active"

    # Scheduled while cancelled, then the shop subscribed again and was resumed: the purge skips it.
    cancel_subscription(tenant_a)
    assert schedule(vendor_client, tenant_a).status_code == 201
    TenantBilling.objects.filter(tenant=tenant_a).update(status="active", stripe_subscription_id="sub_456")
    outcomes = purge_due(timezone.now() + timedelta(days=31))
    assert [(o.status, o.error) for o in outcomes] == [("skipped", "subscription_active")]
    assert schema_exists(tenant_a.schema_name)
    assert TenantDeletion.objects.get(tenant=tenant_a).status == "scheduled"


def test_support_role_cannot_schedule(support_client, tenant_a):
    cancel_subscription(tenant_a)
    assert schedule(support_client, tenant_a).status_code == 403


def test_purge_tenants_command_reports_progress(vendor_client, tenant_a, tenant_b):
    cancel_subscription(tenant_a)
    schedule(vendor_client, tenant_a)
    out = StringIO()
    call_command("purge_tenants", stdout=out)
    assert "0 tenant(s) deleted" in out.getvalue()  # not due yet
    TenantDeletion.objects.filter(tenant=tenant_a).update(due_at=timezone.now() - timedelta(seconds=1))
    out = StringIO()
    call_command("purge_tenants", "--dry-run", stdout=out)
    assert "1 deletion(s) due" in out.getvalue()
    assert schema_exists(tenant_a.schema_name)
    out = StringIO()
    call_command("purge_tenants", stdout=out)
    assert f"[1/1] alpha ({tenant_a.schema_name}): deleted" in out.getvalue()
    assert "1 tenant(s) deleted, 0 failed" in out.getvalue()
    assert not schema_exists(tenant_a.schema_name) and schema_exists(tenant_b.schema_name)


@pytest.mark.django_db
def test_daily_purge_is_on_the_beat_schedule():
    import vendor.tasks  # noqa: F401 (a worker imports it through autodiscover_tasks)
    from huiyuan.celery import app

    entry = app.conf.beat_schedule["vendor-purge-tenants"]
    assert entry["task"] == "vendor.tasks.purge_due_tenants"
    assert "vendor.tasks.purge_due_tenants" in app.tasks
