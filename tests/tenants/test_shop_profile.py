"""The owner edits the shop's name, language and time zone; everyone else only reads them;
currency and subdomain stay fixed; each change is audited in the shop's own log."""

from __future__ import annotations

from django_tenants.utils import schema_context

from tenants.models import Tenant
from tests.platform.loyalty.test_api_support import staff_client

URL = "/api/v1/shop/"


def test_owner_changes_name_language_and_time_zone(owner_a, tenant_a):
    before = owner_a.get(URL).json()
    response = owner_a.patch(
        URL,
        {"name": "  Alpha Hair & Nails ", "language": "en", "time_zone": "Asia/Hong_Kong", "currency": "USD"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json() == {
        **before,
        "name": "Alpha Hair & Nails",
        "language": "en",
        "time_zone": "Asia/Hong_Kong",
    }
    row = Tenant.objects.get(pk=tenant_a.pk)
    assert (row.name, row.language, row.time_zone, row.currency) == (
        "Alpha Hair & Nails",
        "en",
        "Asia/Hong_Kong",
        before["currency"],  # fixed at sign-up
    )
    session = owner_a.get("/api/v1/auth/session/").json()["tenant"]
    assert session["name"] == "Alpha Hair & Nails" and session["time_zone"] == "Asia/Hong_Kong"
    with schema_context(tenant_a.schema_name):
        from core.models import AuditLog

        entry = AuditLog.objects.get(action="shop.profile")
        assert entry.after == {"name": "Alpha Hair & Nails", "language": "en", "time_zone": "Asia/Hong_Kong"}
        assert entry.before["name"] == before["name"]
    same = owner_a.patch(URL, {"name": "Alpha Hair & Nails"}, format="json")
    assert same.status_code == 200
    with schema_context(tenant_a.schema_name):
        assert AuditLog.objects.filter(action="shop.profile").count() == 1  # nothing changed: no entry


def test_bad_values_are_field_errors_and_change_nothing(owner_a, tenant_a):
    name = Tenant.objects.get(pk=tenant_a.pk).name
    for body, field in (
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"language": "fr"}, "language"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 101}, "name"),
    ):
        response = owner_a.patch(URL, {"name": "Changed", **body}, format="json")
        assert response.status_code == 400, response.content
        assert field in response.json()["error"]["fields"]
    assert Tenant.objects.get(pk=tenant_a.pk).name == name


def test_only_the_owner_edits_everyone_reads(tenant_a):
    for role in ("manager", "cashier"):
        client = staff_client(tenant_a, role)
        assert client.get(URL).status_code == 200
        refused = client.patch(URL, {"name": "Hijacked"}, format="json")
        assert refused.status_code == 403
    assert Tenant.objects.get(pk=tenant_a.pk).name != "Hijacked"


def test_shop_b_changes_only_itself(owner_a, owner_b, tenant_a, tenant_b):
    name_a = Tenant.objects.get(pk=tenant_a.pk).name
    assert owner_b.patch(URL, {"name": "Beta Renamed"}, format="json").status_code == 200
    assert Tenant.objects.get(pk=tenant_b.pk).name == "Beta Renamed"
    assert Tenant.objects.get(pk=tenant_a.pk).name == name_a
    assert owner_a.get(URL).json()["name"] == name_a
