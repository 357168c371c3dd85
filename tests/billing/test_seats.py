"""Seats follow the active staff: absolute quantity, target-state idempotency keys, proration
policy, and a Stripe outage that never blocks staff changes (retry / reconcile catch up)."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from billing.models import TenantBilling
from tests.billing.helpers import add_staff, set_active, subscribe


@pytest.fixture
def subscribed(owner_a, billing_a, fake_stripe, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    TenantBilling.objects.filter(pk=billing_a.pk).update(trial_ends_at=timezone.now() + timedelta(hours=1))
    sub = subscribe(owner_a, fake_stripe, django_capture_on_commit_callbacks)
    fake_stripe.requests.clear()
    return sub


def billing(tenant) -> TenantBilling:  # type: ignore[no-untyped-def]
    return TenantBilling.objects.get(tenant=tenant)


def updates(fake, sub):  # type: ignore[no-untyped-def]
    return fake.calls("POST", rf"/v1/subscriptions/{sub['id']}")


def test_seat_increase_is_invoiced_now_with_a_target_state_key(
    subscribed, tenant_a, fake_stripe, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        add_staff(tenant_a, "new@alpha.test")
    [call] = updates(fake_stripe, subscribed)
    tb = billing(tenant_a)
    assert call.params["items[0][id]"] == tb.stripe_item_id
    assert call.params["items[0][quantity]"] == "2"  # absolute count, never "+1"
    assert call.params["proration_behavior"] == "always_invoice"
    assert call.idempotency_key == f"huiyuan:seats:tenant-{tenant_a.pk}:v{tb.seat_version}:q2"
    assert tb.seats == 2 and tb.seats_wanted == 2
    assert fake_stripe.store[subscribed["id"]]["items"]["data"][0]["quantity"] == 2


def test_seat_decrease_takes_effect_without_refund(
    subscribed, tenant_a, fake_stripe, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user = add_staff(tenant_a, "leaver@alpha.test")
    with django_capture_on_commit_callbacks(execute=True):
        set_active(tenant_a, user, False)
    up, down = updates(fake_stripe, subscribed)
    assert down.params["items[0][quantity]"] == "1"
    assert down.params["proration_behavior"] == "none"
    assert up.idempotency_key != down.idempotency_key
    assert billing(tenant_a).seats == 1


def test_pending_invitation_is_not_a_seat_until_accepted(
    subscribed, owner_a, tenant_a, fake_stripe, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invited = owner_a.post(
            "/api/v1/staff/invitations/", {"email": "inv@alpha.test", "role": "cashier"}, format="json"
        )
    assert invited.status_code == 201, invited.content
    assert not updates(fake_stripe, subscribed)
    token = invited.json()["invite_url"].split("token=")[1]
    from tests.conftest import make_client

    with django_capture_on_commit_callbacks(execute=True):
        accepted = make_client("alpha").post(
            "/api/v1/auth/invitations/accept/",
            {"token": token, "password": "another-horse-battery-9"},
            format="json",
        )
    assert accepted.status_code == 200, accepted.content
    [call] = updates(fake_stripe, subscribed)
    assert call.params["items[0][quantity]"] == "2"


def test_unchanged_count_makes_no_stripe_call(
    subscribed, tenant_a, fake_stripe, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        add_staff(tenant_a, "ghost@alpha.test", active=False)
    assert not updates(fake_stripe, subscribed)


def test_outage_never_blocks_staff_changes_then_reconcile_catches_up(
    subscribed, owner_a, tenant_a, fake_stripe, django_capture_on_commit_callbacks
):
    fake_stripe.fail("POST", rf"/v1/subscriptions/{subscribed['id']}", 500, times=100)
    with django_capture_on_commit_callbacks(execute=True):
        add_staff(tenant_a, "during-outage@alpha.test")
    # The staff member exists; the library retried (max_network_retries=2) with the SAME key.
    attempts = updates(fake_stripe, subscribed)
    assert len(attempts) == 3
    assert len({a.idempotency_key for a in attempts}) == 1
    tb = billing(tenant_a)
    assert tb.seats == 1 and tb.seats_wanted == 2
    assert owner_a.get("/api/v1/billing/").json()["seats_in_sync"] is False

    # A connection error (no answer at all) is survived the same way.
    fake_stripe.heal()
    fake_stripe.fail("POST", rf"/v1/subscriptions/{subscribed['id']}", None, times=100)
    with django_capture_on_commit_callbacks(execute=True):
        add_staff(tenant_a, "during-outage-2@alpha.test")
    assert billing(tenant_a).seats_wanted == 3

    fake_stripe.heal()
    out = StringIO()
    call_command("reconcile_seats", stdout=out)
    assert f"tenant {tenant_a.pk}: updated" in out.getvalue()
    tb = billing(tenant_a)
    assert tb.seats == 3 and tb.seats_wanted == 3
    assert fake_stripe.store[subscribed["id"]]["items"]["data"][0]["quantity"] == 3
    final = updates(fake_stripe, subscribed)[-1]
    assert final.params["items[0][quantity]"] == "3"
    assert final.idempotency_key.endswith(f"v{tb.seat_version}:q3")

    # Running it again is a no-op.
    fake_stripe.requests.clear()
    out = StringIO()
    call_command("reconcile_seats", stdout=out)
    assert f"tenant {tenant_a.pk}: in_sync" in out.getvalue()
    assert not updates(fake_stripe, subscribed)


def test_reconcile_reads_the_real_quantity_from_stripe(subscribed, tenant_a, fake_stripe):
    # Someone changed the quantity in the Stripe dashboard: reconcile puts the staff count back.
    fake_stripe.store[subscribed["id"]]["items"]["data"][0]["quantity"] = 7
    call_command("reconcile_seats", stdout=StringIO())
    [call] = updates(fake_stripe, subscribed)
    assert call.params["items[0][quantity]"] == "1"
    assert call.params["proration_behavior"] == "none"
    assert billing(tenant_a).seats == 1


def test_reconcile_reports_failures_and_exits_nonzero(subscribed, fake_stripe):
    fake_stripe.fail("GET", rf"/v1/subscriptions/{subscribed['id']}", 500, times=100)
    out = StringIO()
    with pytest.raises(SystemExit):
        call_command("reconcile_seats", stdout=out)
    assert "failed 1" in out.getvalue()


def test_scripted_409_is_retried_by_the_library(
    subscribed, tenant_a, fake_stripe, django_capture_on_commit_callbacks
):
    fake_stripe.fail("POST", rf"/v1/subscriptions/{subscribed['id']}", 409, times=1)
    with django_capture_on_commit_callbacks(execute=True):
        add_staff(tenant_a, "conflict@alpha.test")
    attempts = updates(fake_stripe, subscribed)
    assert [a.status for a in attempts] == [409, 200]
    assert attempts[0].idempotency_key == attempts[1].idempotency_key
    assert billing(tenant_a).seats == 2


def test_scripted_402_is_not_retried_and_left_to_reconcile(
    subscribed, tenant_a, fake_stripe, django_capture_on_commit_callbacks
):
    fake_stripe.fail("POST", rf"/v1/subscriptions/{subscribed['id']}", 402, times=1, type="card_error")
    with django_capture_on_commit_callbacks(execute=True):
        add_staff(tenant_a, "card@alpha.test")
    assert [a.status for a in updates(fake_stripe, subscribed)] == [402]
    assert billing(tenant_a).seats == 1
    call_command("reconcile_seats", stdout=StringIO())
    assert billing(tenant_a).seats == 2


def test_replayed_target_state_is_idempotent_at_stripe(subscribed, tenant_a, fake_stripe):
    from billing.seats import push_seats

    add_staff(tenant_a, "x@alpha.test")  # no on_commit: the sync is not run yet
    # The request reached Stripe but the answer was lost; our row still says 1 seat.
    fake_stripe.fail("POST", rf"/v1/subscriptions/{subscribed['id']}", None, times=3)
    with pytest.raises(Exception):
        push_seats(tenant_a.pk)
    fake_stripe.heal()
    assert push_seats(tenant_a.pk).outcome == "updated"
    keys = {c.idempotency_key for c in updates(fake_stripe, subscribed)}
    assert len(keys) == 1  # every attempt for this target used one key


def test_celery_task_retries_with_backoff_when_a_broker_exists(
    subscribed, tenant_a, fake_stripe, monkeypatch
):
    from celery.exceptions import Retry

    from billing.tasks import retry_countdown, sync_tenant_seats

    add_staff(tenant_a, "y@alpha.test")
    fake_stripe.fail("POST", rf"/v1/subscriptions/{subscribed['id']}", 500, times=100)
    captured = {}

    def fake_retry(*args, **kwargs):  # type: ignore[no-untyped-def]
        captured.update(kwargs)
        return Retry("retry", when=kwargs.get("countdown"))

    monkeypatch.setattr(sync_tenant_seats, "retry", fake_retry)
    sync_tenant_seats.push_request(is_eager=False, retries=3)
    try:
        with pytest.raises(Retry):
            sync_tenant_seats.run(tenant_a.pk)
    finally:
        sync_tenant_seats.pop_request()
    assert 120 <= captured["countdown"] <= 240  # 30 s × 2³, with jitter
    assert all(retry_countdown(n) <= 3600 for n in range(30))

    # Eager (no broker): one attempt, nothing raised into the request.
    assert sync_tenant_seats.apply(args=(tenant_a.pk,)).get() == "deferred"


def test_daily_reconcile_is_registered_with_beat():
    from huiyuan.celery import app

    entry = app.conf.beat_schedule["billing-reconcile-seats"]
    assert entry["task"] == "billing.tasks.reconcile_seats"


def test_reconcile_task_runs_for_every_shop(subscribed, tenant_a, fake_stripe):
    from billing.tasks import reconcile_seats

    add_staff(tenant_a, "z@alpha.test")
    totals = reconcile_seats.apply().get()
    assert totals.get("updated") == 1
    assert billing(tenant_a).seats == 2


def test_without_subscription_only_the_local_count_moves(
    billing_a, tenant_a, fake_stripe, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        add_staff(tenant_a, "trial@alpha.test")
    assert billing(tenant_a).seats_wanted == 2
    assert not fake_stripe.requests


def test_staff_change_during_checkout_is_pushed_when_the_subscription_arrives(
    owner_a, billing_a, tenant_a, fake_stripe, django_capture_on_commit_callbacks
):
    from tests.billing.fake_stripe import event
    from tests.billing.helpers import deliver

    TenantBilling.objects.filter(pk=billing_a.pk).update(trial_ends_at=timezone.now() + timedelta(hours=1))
    session_id = owner_a.post("/api/v1/billing/checkout/").json()["url"].rsplit("/", 1)[1]  # 1 seat
    with django_capture_on_commit_callbacks(execute=True):
        add_staff(tenant_a, "while-paying@alpha.test")  # no subscription yet: local count only
    sub = fake_stripe.complete_checkout(session_id)
    with django_capture_on_commit_callbacks(execute=True):
        deliver(event("checkout.session.completed", fake_stripe.store[session_id]))
    [call] = updates(fake_stripe, sub)
    assert call.params["items[0][quantity]"] == "2"
    assert billing(tenant_a).seats == 2
