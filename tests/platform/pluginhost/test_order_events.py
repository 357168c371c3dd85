"""order_paid / order_refunded: fired after the transaction commits, only for enabled plugins."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.db import transaction

from huiyuan import hookimpl
from pluginhost import calls, manager
from tenants.models import Tenant, TenantPlugin


class Listener:
    def __init__(self) -> None:
        self.paid: list[tuple[object, str]] = []
        self.refunded: list[tuple[object, object, str]] = []

    @hookimpl
    def order_paid(self, order, tenant) -> None:  # type: ignore[no-untyped-def]
        self.paid.append((order, tenant.subdomain))

    @hookimpl
    def order_refunded(self, order, refund, tenant) -> None:  # type: ignore[no-untyped-def]
        self.refunded.append((order, refund, tenant.subdomain))


@pytest.fixture
def listener():  # type: ignore[no-untyped-def]
    plugin = Listener()
    manager.register_plugin(plugin, "testevents")
    yield plugin
    manager.unregister_plugin("testevents")


ORDER = SimpleNamespace(pk=41, number="A-0041", total="120.00")
REFUND = SimpleNamespace(pk=7, amount="20.00")


def test_order_paid_fires_after_commit_for_the_enabled_tenant(
    tenant_a, listener, django_capture_on_commit_callbacks
):
    TenantPlugin.objects.create(tenant=tenant_a, plugin="testevents", enabled=True)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        calls.notify_order_paid(ORDER, tenant_a)
        assert listener.paid == []  # not before the commit
    assert len(callbacks) == 1
    assert listener.paid == [(ORDER, "alpha")]
    assert listener.refunded == []


def test_order_paid_does_not_fire_for_a_tenant_without_the_plugin(
    tenant_a, tenant_b, listener, django_capture_on_commit_callbacks
):
    TenantPlugin.objects.create(tenant=tenant_a, plugin="testevents", enabled=True)
    TenantPlugin.objects.create(tenant=tenant_b, plugin="testevents", enabled=False)
    with django_capture_on_commit_callbacks(execute=True):
        calls.notify_order_paid(ORDER, tenant_b)
        calls.notify_order_refunded(ORDER, REFUND, tenant_b)
    assert listener.paid == [] and listener.refunded == []


def test_nothing_fires_when_the_commit_callbacks_do_not_run(
    tenant_a, listener, django_capture_on_commit_callbacks
):
    TenantPlugin.objects.create(tenant=tenant_a, plugin="testevents", enabled=True)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        calls.notify_order_paid(ORDER, tenant_a)
        calls.notify_order_refunded(ORDER, REFUND, tenant_a)
    assert len(callbacks) == 2
    assert listener.paid == [] and listener.refunded == []
    callbacks[1]()  # what the commit would have run
    assert listener.refunded == [(ORDER, REFUND, "alpha")]


def test_order_refunded_fires_after_commit_for_the_enabled_tenant(
    tenant_a, listener, django_capture_on_commit_callbacks
):
    TenantPlugin.objects.create(tenant=tenant_a, plugin="testevents", enabled=True)
    with django_capture_on_commit_callbacks(execute=True):
        calls.notify_order_refunded(ORDER, REFUND, tenant_a)
        assert listener.refunded == []
    assert listener.refunded == [(ORDER, REFUND, "alpha")]
    assert listener.paid == []


def test_events_follow_real_commits_and_rollbacks(django_db_setup, committed_db, listener):
    tenant = Tenant.objects.get(subdomain="alpha")
    row = TenantPlugin.objects.create(tenant=tenant, plugin="testevents", enabled=True)
    try:
        with transaction.atomic():
            calls.notify_order_paid(ORDER, tenant)
            assert listener.paid == []
        assert listener.paid == [(ORDER, "alpha")]

        rolled_back = SimpleNamespace(pk=42)
        with pytest.raises(RuntimeError), transaction.atomic():
            calls.notify_order_paid(rolled_back, tenant)
            calls.notify_order_refunded(rolled_back, REFUND, tenant)
            raise RuntimeError("payment failed")
        assert listener.paid == [(ORDER, "alpha")]
        assert listener.refunded == []
    finally:
        row.delete()
