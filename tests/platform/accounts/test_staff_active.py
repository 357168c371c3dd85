"""Deactivating staff: who may, the account is logged out at once, audited, and shop B cannot
touch shop A's staff. (Seat syncing to Stripe is covered in tests/billing.)"""

from __future__ import annotations

from django_tenants.utils import schema_context

from accounts.models import User
from core.models import AuditLog
from tests.conftest import PASSWORD, login_client
from tests.platform.loyalty.test_api_support import staff_client


def _user_id(tenant, email: str) -> int:  # type: ignore[no-untyped-def]
    with schema_context(tenant.schema_name):
        return User.objects.get(email=email).pk


def test_owner_deactivates_a_cashier_who_is_logged_out_at_once(tenant_a, owner_a):
    cashier = staff_client(tenant_a, "cashier", "leaving@alpha.test")
    assert cashier.get("/api/v1/customers/").status_code == 200
    pk = _user_id(tenant_a, "leaving@alpha.test")
    response = owner_a.post(f"/api/v1/staff/{pk}/deactivate/")
    assert response.status_code == 200, response.content
    assert response.json()["is_active"] is False
    assert cashier.get("/api/v1/customers/").status_code in (401, 403)
    from tests.conftest import make_client

    again = make_client("alpha").post(
        "/api/v1/auth/login/", {"email": "leaving@alpha.test", "password": PASSWORD}, format="json"
    )
    assert again.status_code == 400
    with schema_context(tenant_a.schema_name):
        assert AuditLog.objects.filter(action="staff.deactivate", target_id=str(pk)).exists()
    assert owner_a.post(f"/api/v1/staff/{pk}/activate/").json()["is_active"] is True


def test_managers_manage_cashiers_only_and_nobody_deactivates_themselves(tenant_a, owner_a):
    manager = staff_client(tenant_a, "manager", "boss@alpha.test")
    staff_client(tenant_a, "manager", "peer@alpha.test")
    staff_client(tenant_a, "cashier", "till@alpha.test")
    assert (
        manager.post(f"/api/v1/staff/{_user_id(tenant_a, 'peer@alpha.test')}/deactivate/").status_code == 403
    )
    assert (
        manager.post(f"/api/v1/staff/{_user_id(tenant_a, 'boss@alpha.test')}/deactivate/").status_code == 403
    )
    assert (
        manager.post(f"/api/v1/staff/{_user_id(tenant_a, 'till@alpha.test')}/deactivate/").status_code == 200
    )
    owner_id = _user_id(tenant_a, "owner@alpha.test")
    response = owner_a.post(f"/api/v1/staff/{owner_id}/deactivate/")
    assert response.status_code == 403


def test_the_last_owner_cannot_be_deactivated(tenant_a, owner_a):
    with schema_context(tenant_a.schema_name):
        User.objects.create_user("second@alpha.test", PASSWORD, role="owner")
    second = login_client("alpha", "second@alpha.test")
    owner_id = _user_id(tenant_a, "owner@alpha.test")
    assert second.post(f"/api/v1/staff/{owner_id}/deactivate/").status_code == 200
    with schema_context(tenant_a.schema_name):
        User.objects.filter(email="second@alpha.test").update(role="owner")
    third_id = _user_id(tenant_a, "second@alpha.test")
    with schema_context(tenant_a.schema_name):
        User.objects.create_user("third@alpha.test", PASSWORD, role="owner", is_active=True)
    third = login_client("alpha", "third@alpha.test")
    assert third.post(f"/api/v1/staff/{third_id}/deactivate/").status_code == 200
    # Now only "third" is an active owner: a manager cannot, and nobody can, remove the last one.
    with schema_context(tenant_a.schema_name):
        from accounts.services import set_staff_active

        actor = User.objects.get(email="owner@alpha.test")
        actor.is_active = True
        try:
            set_staff_active(User.objects.get(email="third@alpha.test"), False, actor=actor)
        except Exception as error:
            assert getattr(error, "code", "") == "last_owner"
        else:
            raise AssertionError("the last owner was deactivated")


def test_shop_b_cannot_deactivate_shop_a_staff(tenant_a, owner_b):
    staff_client(tenant_a, "cashier", "mine@alpha.test")
    pk = _user_id(tenant_a, "mine@alpha.test")
    response = owner_b.post(f"/api/v1/staff/{pk}/deactivate/")
    assert response.status_code == 404 or (
        response.status_code == 200 and response.json()["email"] != "mine@alpha.test"
    )
    with schema_context(tenant_a.schema_name):
        assert User.objects.get(pk=pk).is_active is True
