"""Webhooks: signature (tampered, wrong secret, stale), exactly-once, out-of-order, every handled type."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from billing.access import access_for
from billing.models import StripeEvent, TenantBilling
from tests.billing.fake_stripe import event
from tests.billing.helpers import deliver, now, subscribe


@pytest.fixture
def subscribed(owner_a, billing_a, fake_stripe, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    TenantBilling.objects.filter(pk=billing_a.pk).update(trial_ends_at=timezone.now() + timedelta(hours=1))
    sub = subscribe(owner_a, fake_stripe, django_capture_on_commit_callbacks)
    fake_stripe.requests.clear()
    return sub


def billing(tenant) -> TenantBilling:  # type: ignore[no-untyped-def]
    return TenantBilling.objects.get(tenant=tenant)


def test_checkout_completed_links_the_subscription(subscribed, tenant_a):
    tb = billing(tenant_a)
    assert tb.status == "active"
    assert tb.stripe_subscription_id == subscribed["id"]
    assert tb.stripe_item_id == subscribed["items"]["data"][0]["id"]
    assert tb.seats == 1 and tb.current_period_end is not None
    assert access_for(tb) == "full"


def test_tampered_wrong_secret_stale_and_unsigned_are_refused(subscribed, fake_stripe):
    payload = event("customer.subscription.deleted", subscribed)
    import json

    tampered = json.dumps(payload).replace('"active"', '"canceled"')
    assert deliver(payload, body=tampered).status_code == 400
    assert deliver(payload, secret="whsec_wrong").status_code == 400
    assert deliver(payload, timestamp=now() - 301).status_code == 400  # outside the 300 s tolerance
    from tests.conftest import make_client

    unsigned = make_client(None).post("/billing/webhook/", payload, format="json")
    assert unsigned.status_code == 400
    assert not StripeEvent.objects.filter(id=payload["id"]).exists()
    assert not fake_stripe.requests  # nothing was acted upon
    assert deliver(payload, timestamp=now() - 200).status_code == 200  # inside the tolerance


def test_get_is_not_allowed(db):
    from tests.conftest import make_client

    assert make_client(None).get("/billing/webhook/").status_code == 405


def test_duplicate_delivery_is_processed_once(subscribed, tenant_a, fake_stripe):
    payload = event("customer.subscription.updated", subscribed)
    first = deliver(payload)
    assert first.status_code == 200 and first.json()["outcome"] == "applied"
    reads = len(fake_stripe.calls("GET"))
    again = deliver(payload)
    assert again.status_code == 200 and again.json()["outcome"] == "duplicate"
    assert len(fake_stripe.calls("GET")) == reads
    assert StripeEvent.objects.filter(id=payload["id"]).count() == 1


def test_failure_rolls_back_so_stripe_redelivers(subscribed, tenant_a, fake_stripe):
    fake_stripe.set_subscription(subscribed["id"], status="past_due")
    fake_stripe.fail("GET", r"/v1/subscriptions/.*", 500, times=3)
    payload = event("invoice.payment_failed", fake_stripe.add_invoice(subscribed["id"], status="open"))
    from django.test import Client

    client = Client(HTTP_HOST="localhost", raise_request_exception=False)
    import json

    from tests.billing.fake_stripe import sign

    raw = json.dumps(payload)
    failed = client.post(
        "/billing/webhook/", raw, content_type="application/json", HTTP_STRIPE_SIGNATURE=sign(raw)
    )
    assert failed.status_code == 500
    assert not StripeEvent.objects.filter(id=payload["id"]).exists()
    assert billing(tenant_a).status == "active"
    retried = deliver(payload)
    assert retried.json()["outcome"] == "applied"
    assert billing(tenant_a).status == "past_due"


def test_out_of_order_older_event_is_ignored(subscribed, tenant_a, fake_stripe):
    t = now()
    fake_stripe.set_subscription(subscribed["id"], status="past_due")
    assert (
        deliver(
            event("customer.subscription.updated", fake_stripe.store[subscribed["id"]], created=t + 10)
        ).json()["outcome"]
        == "applied"
    )
    assert billing(tenant_a).status == "past_due"
    # An event from before (status active in its snapshot) arrives late: ignored.
    old = dict(subscribed, status="active")
    late = deliver(event("customer.subscription.updated", old, created=t + 5))
    assert late.json()["outcome"] == "stale"
    assert billing(tenant_a).status == "past_due"
    assert StripeEvent.objects.get(id__isnull=False, outcome="stale")


def test_newer_event_with_stale_snapshot_uses_the_current_subscription(subscribed, tenant_a, fake_stripe):
    # The payload says canceled, but Stripe's current state is active: we re-read and stay active.
    snapshot = dict(subscribed, status="canceled")
    assert deliver(event("customer.subscription.updated", snapshot)).json()["outcome"] == "applied"
    assert billing(tenant_a).status == "active"
    assert fake_stripe.calls("GET", rf"/v1/subscriptions/{subscribed['id']}")


def test_subscription_created(owner_a, billing_a, fake_stripe, tenant_a):
    # A subscription made outside Checkout (e.g. by support in the dashboard) for our customer.
    assert owner_a.post("/api/v1/billing/checkout/").status_code == 200
    session = fake_stripe.of("checkout.session")[0]
    sub = fake_stripe.complete_checkout(session["id"])
    assert deliver(event("customer.subscription.created", sub)).json()["outcome"] == "applied"
    tb = billing(tenant_a)
    assert tb.stripe_subscription_id == sub["id"] and tb.status in ("active", "trialing")


def test_past_due_starts_grace_then_paid_clears_it(
    subscribed, tenant_a, fake_stripe, settings, django_capture_on_commit_callbacks
):
    settings.BILLING_GRACE_DAYS = 10
    fake_stripe.set_subscription(subscribed["id"], status="past_due")
    invoice = fake_stripe.add_invoice(subscribed["id"], status="open")
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver(event("invoice.payment_failed", invoice)).json()["outcome"] == "applied"
    tb = billing(tenant_a)
    assert tb.status == "past_due"
    assert abs(tb.grace_ends_at - (tb.past_due_since + timedelta(days=10))) < timedelta(seconds=1)
    assert access_for(tb) == "warning"
    assert access_for(tb, now=tb.grace_ends_at + timedelta(seconds=1)) == "read_only"
    # Sent in the shop's language (Alpha's is Traditional Chinese).
    assert mail.outbox[-1].subject == "「Alpha Beauty」的付款需要您處理"

    # A second failure does not restart the grace period.
    first_grace = tb.grace_ends_at
    assert deliver(event("invoice.payment_failed", invoice, created=now() + 5)).json()["outcome"] == "applied"
    assert billing(tenant_a).grace_ends_at == first_grace

    fake_stripe.set_subscription(subscribed["id"], status="active")
    invoice["status"] = "paid"
    assert deliver(event("invoice.paid", invoice, created=now() + 10)).json()["outcome"] == "applied"
    tb = billing(tenant_a)
    assert tb.status == "active" and tb.grace_ends_at is None and tb.past_due_since is None


def test_payment_action_required(subscribed, tenant_a, fake_stripe, django_capture_on_commit_callbacks):
    fake_stripe.set_subscription(subscribed["id"], status="past_due")
    invoice = fake_stripe.add_invoice(subscribed["id"], status="open")
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver(event("invoice.payment_action_required", invoice)).json()["outcome"] == "applied"
    assert billing(tenant_a).status == "past_due"
    assert "invoice.stripe.test" in mail.outbox[-1].body


def test_unpaid_and_deleted_turn_read_only_and_keep_data(subscribed, tenant_a, fake_stripe):
    fake_stripe.set_subscription(subscribed["id"], status="unpaid")
    deliver(event("customer.subscription.updated", fake_stripe.store[subscribed["id"]]))
    assert access_for(billing(tenant_a)) == "read_only"
    fake_stripe.set_subscription(subscribed["id"], status="canceled", canceled_at=now(), ended_at=now())
    deleted = deliver(
        event("customer.subscription.deleted", fake_stripe.store[subscribed["id"]], created=now() + 1)
    )
    assert deleted.json()["outcome"] == "applied"
    tb = billing(tenant_a)
    assert tb.status == "canceled" and tb.canceled_at is not None
    assert access_for(tb) == "read_only"
    assert tb.stripe_customer_id  # nothing deleted; resubscribing reuses the customer


def test_trial_will_end_emails_the_owner(
    owner_a, billing_a, fake_stripe, tenant_a, django_capture_on_commit_callbacks
):
    sub = subscribe(owner_a, fake_stripe, django_capture_on_commit_callbacks)  # keeps the local trial
    assert sub["status"] == "trialing"
    with django_capture_on_commit_callbacks(execute=True):
        outcome = deliver(event("customer.subscription.trial_will_end", sub)).json()["outcome"]
    assert outcome == "applied"
    assert "試用即將結束" in mail.outbox[-1].subject  # in the shop's language (zh-Hant)
    assert mail.outbox[-1].to == ["owner@alpha.test"]


def test_unknown_type_and_unknown_customer_are_acknowledged(subscribed, fake_stripe):
    ignored = deliver(event("customer.created", {"id": "cus_other", "object": "customer"}))
    assert ignored.status_code == 200 and ignored.json()["outcome"] == "ignored"
    stranger = dict(subscribed, id="sub_stranger", customer="cus_stranger", metadata={})
    unknown = deliver(event("customer.subscription.updated", stranger))
    assert unknown.status_code == 200 and unknown.json()["outcome"] == "unknown_tenant"


def test_a_second_subscription_does_not_replace_the_live_one(subscribed, tenant_a, fake_stripe):
    other = dict(subscribed, id="sub_fake999")
    fake_stripe.store["sub_fake999"] = other
    assert deliver(event("customer.subscription.created", other)).json()["outcome"] == "other_subscription"
    assert billing(tenant_a).stripe_subscription_id == subscribed["id"]


def test_client_reference_cannot_hijack_another_shops_billing(subscribed, tenant_b, billing_b, fake_stripe):
    # A checkout session of A's customer naming B as reference: B's row is not touched.
    session = {
        "id": "cs_x",
        "object": "checkout.session",
        "mode": "subscription",
        "customer": subscribed["customer"],
        "client_reference_id": str(tenant_b.pk),
        "subscription": subscribed["id"],
    }
    deliver(event("checkout.session.completed", session))
    assert TenantBilling.objects.get(pk=billing_b.pk).stripe_subscription_id == ""


def test_processed_events_are_pruned_after_the_retention_not_before(db, settings):
    from io import StringIO

    from django.core.management import call_command

    settings.STRIPE_EVENT_RETENTION_DAYS = 30
    for days, event_id in ((45, "evt_old"), (29, "evt_recent"), (0, "evt_today")):
        StripeEvent.objects.create(id=event_id, type="invoice.paid", created=0)
        StripeEvent.objects.filter(pk=event_id).update(received_at=timezone.now() - timedelta(days=days))
    out = StringIO()
    call_command("prune_stripe_events", stdout=out)
    assert "1 event(s) older than 30 days deleted." in out.getvalue()
    assert set(StripeEvent.objects.values_list("id", flat=True)) == {"evt_recent", "evt_today"}
    StripeEvent.objects.create(id="evt_4_days", type="invoice.paid", created=0)
    StripeEvent.objects.filter(pk="evt_4_days").update(received_at=timezone.now() - timedelta(days=4))
    settings.STRIPE_EVENT_RETENTION_DAYS = 1  # taken as 7: never near Stripe's 3-day redelivery window
    call_command("prune_stripe_events", stdout=out)
    assert set(StripeEvent.objects.values_list("id", flat=True)) == {"evt_4_days", "evt_today"}
