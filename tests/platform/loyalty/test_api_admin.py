"""The audit log (owner only) and the loyalty settings (read by staff, changed by the owner)."""

from __future__ import annotations

from django_tenants.utils import schema_context

from core.models import AuditLog
from loyalty.models import LoyaltySettings
from tests.platform.loyalty.test_api_support import (
    count_rows,
    create_customer,
    key,
    staff_client,
    stored_value_card,
)


def test_only_the_owner_reads_the_audit_log(owner_a, tenant_a):
    customer, card = stored_value_card(owner_a, "100")
    adjusted = owner_a.post(
        f"/api/v1/cards/{card['id']}/adjust/",
        {"bonus_delta": "10", "reason": "goodwill"},
        format="json",
        **key(),
    )
    assert adjusted.status_code == 201
    for role in ("manager", "cashier"):
        denied = staff_client(tenant_a, role).get("/api/v1/audit-log/")
        assert denied.status_code == 403
        assert denied.json()["error"]["code"] == "permission_denied"

    response = owner_a.get("/api/v1/audit-log/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    newest = body["results"][0]
    assert set(newest) == {
        "id",
        "created_at",
        "actor",
        "action",
        "target_type",
        "target_id",
        "reason",
        "before",
        "after",
    }
    assert newest["action"] == "stored_value.adjust"
    assert newest["reason"] == "goodwill"
    assert newest["before"] == {"principal": "100.00", "bonus": "0.00"}
    assert newest["after"] == {"principal": "100.00", "bonus": "10.00"}
    assert isinstance(newest["actor"], str) and newest["actor"]

    on_card = owner_a.get(
        "/api/v1/audit-log/", {"target_type": "loyalty.card", "target_id": card["id"]}
    ).json()
    assert [e["action"] for e in on_card["results"]] == ["stored_value.adjust", "card.issue"]
    on_customer = owner_a.get(
        "/api/v1/audit-log/", {"target_type": "members.customer", "target_id": customer["id"]}
    )
    assert [e["action"] for e in on_customer.json()["results"]] == ["member.join"]
    assert owner_a.get("/api/v1/audit-log/", {"target_id": "999999"}).json()["count"] == 0


def test_settings_are_read_by_staff_and_changed_by_the_owner(owner_a, tenant_a):
    cashier = staff_client(tenant_a, "cashier")
    manager = staff_client(tenant_a, "manager")
    assert cashier.get("/api/v1/loyalty-settings/").json() == {
        "member_no_prefix": "M",
        "spend_order": "bonus_first",
    }
    for client in (cashier, manager):
        denied = client.patch("/api/v1/loyalty-settings/", {"member_no_prefix": "X"}, format="json")
        assert denied.status_code == 403
    before = count_rows(tenant_a, AuditLog)
    for payload, field in [
        ({"spend_order": "random"}, "spend_order"),
        ({"member_no_prefix": "A B"}, "member_no_prefix"),
    ]:
        bad = owner_a.patch("/api/v1/loyalty-settings/", payload, format="json")
        assert bad.status_code == 400 and field in bad.json()["error"]["fields"]
    assert count_rows(tenant_a, AuditLog) == before

    changed = owner_a.patch(
        "/api/v1/loyalty-settings/",
        {"member_no_prefix": "VIP", "spend_order": "principal_first"},
        format="json",
    )
    assert changed.status_code == 200
    assert changed.json() == {"member_no_prefix": "VIP", "spend_order": "principal_first"}
    with schema_context(tenant_a.schema_name):
        settings = LoyaltySettings.current()
        assert (settings.member_no_prefix, settings.spend_order) == ("VIP", "principal_first")
        entry = AuditLog.objects.get(action="loyalty.settings")
        assert entry.before == {"member_no_prefix": "M", "spend_order": "bonus_first"}
    assert create_customer(cashier)["member_no"].startswith("VIP")

    # The spending order now takes principal first.
    owner_a.post(
        "/api/v1/top-up-rules/", {"name": "bonus", "min_amount": "100", "bonus_amount": "50"}, format="json"
    )
    _, card = stored_value_card(owner_a, "100")
    spent = cashier.post(f"/api/v1/cards/{card['id']}/spend/", {"amount": "120"}, format="json", **key())
    assert spent.json()["card"]["balances"] == {"principal": "0.00", "bonus": "30.00", "total": "30.00"}
