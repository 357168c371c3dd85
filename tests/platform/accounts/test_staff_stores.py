"""Staff limited to stores: the helpers (accounts.stores), setting stores when inviting and editing
staff (who may set whose, audited), and isolation between shops."""

from __future__ import annotations

from typing import Any

import pytest
from django_tenants.utils import schema_context

from accounts.models import User
from accounts.stores import allowed_store_ids, ensure_store_allowed, filter_allowed
from catalog.models import Store
from core.errors import DomainError
from core.models import AuditLog
from tests.conftest import PASSWORD, login_client, make_client


@pytest.fixture
def shop(owner_a) -> dict[str, int]:  # type: ignore[no-untyped-def]
    main = owner_a.get("/api/v1/stores/").json()["results"][0]["id"]
    east = owner_a.post("/api/v1/stores/", {"name": "East", "code": "east"}, format="json").json()["id"]
    west = owner_a.post("/api/v1/stores/", {"name": "West", "code": "west"}, format="json").json()["id"]
    return {"main": main, "east": east, "west": west}


def staff_id(owner, email: str) -> int:  # type: ignore[no-untyped-def]
    return next(s["id"] for s in owner.get("/api/v1/staff/").json()["results"] if s["email"] == email)


def make_staff(tenant: Any, role: str, email: str, stores: list[int] | None = None) -> User:
    with schema_context(tenant.schema_name):
        user = User.objects.create_user(email, PASSWORD, role=role)
        if stores:
            user.stores.set(stores)
        return user


# --- helpers ----------------------------------------------------------------------------------------


def test_allowed_store_ids_and_ensure_store_allowed(tenant_a, shop):
    owner = make_staff(tenant_a, "owner", "o2@alpha.test", [shop["main"]])  # owners are never limited
    free = make_staff(tenant_a, "cashier", "free@alpha.test")
    limited = make_staff(tenant_a, "manager", "lim@alpha.test", [shop["main"], shop["east"]])
    with schema_context(tenant_a.schema_name):
        assert allowed_store_ids(None) is None  # system work
        assert allowed_store_ids(owner) is None
        assert allowed_store_ids(free) is None
        assert allowed_store_ids(limited) == {shop["main"], shop["east"]}
        from django.contrib.auth.models import AnonymousUser

        assert allowed_store_ids(AnonymousUser()) == set()
        ensure_store_allowed(limited, shop["main"])
        ensure_store_allowed(limited, Store.objects.get(pk=shop["east"]))
        ensure_store_allowed(free, shop["west"])
        with pytest.raises(DomainError) as refused:
            ensure_store_allowed(limited, shop["west"], field="from_store")
        assert refused.value.status == 403 and refused.value.code == "store_not_allowed"
        assert str(refused.value.message) == "You can only work with the stores you are assigned to."
        assert list(refused.value.fields) == ["from_store"]
        stores = Store.objects.all()
        assert set(filter_allowed(stores, limited, "pk").values_list("pk", flat=True)) == {
            shop["main"],
            shop["east"],
        }
        assert filter_allowed(stores, free, "pk").count() == 3


# --- staff API --------------------------------------------------------------------------------------


def test_owner_sets_and_clears_the_stores_of_staff(owner_a, tenant_a, shop):
    make_staff(tenant_a, "manager", "m@alpha.test")
    user_id = staff_id(owner_a, "m@alpha.test")
    url = f"/api/v1/staff/{user_id}/"
    assert owner_a.get(url).json()["stores"] == []  # every store
    limited = owner_a.patch(url, {"stores": [shop["east"], shop["main"], shop["east"]]}, format="json")
    assert limited.status_code == 200, limited.content
    assert sorted(limited.json()["stores"]) == sorted([shop["main"], shop["east"]])
    listed = next(s for s in owner_a.get("/api/v1/staff/").json()["results"] if s["id"] == user_id)
    assert sorted(listed["stores"]) == sorted([shop["main"], shop["east"]])
    cleared = owner_a.patch(url, {"stores": []}, format="json")
    assert cleared.status_code == 200 and cleared.json()["stores"] == []
    with schema_context(tenant_a.schema_name):
        logs = list(AuditLog.objects.filter(action="staff.stores").order_by("id"))
        assert [(log.before, log.after) for log in logs] == [
            ({"stores": []}, {"stores": sorted([shop["main"], shop["east"]])}),
            ({"stores": sorted([shop["main"], shop["east"]])}, {"stores": []}),
        ]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"stores": [999999]}, "stores"),
        ({"stores": ["x"]}, "stores"),
        ({}, "stores"),
        ({"stores": None}, "stores"),
    ],
)
def test_bad_store_lists_are_400(owner_a, tenant_a, shop, body, field):
    make_staff(tenant_a, "cashier", "c@alpha.test")
    response = owner_a.patch(f"/api/v1/staff/{staff_id(owner_a, 'c@alpha.test')}/", body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["error"]["fields"]


def test_an_owner_cannot_be_limited(owner_a, tenant_a, shop):
    make_staff(tenant_a, "owner", "o2@alpha.test")
    response = owner_a.patch(
        f"/api/v1/staff/{staff_id(owner_a, 'o2@alpha.test')}/", {"stores": [shop["main"]]}, format="json"
    )
    assert response.status_code == 400 and "stores" in response.json()["error"]["fields"]


def test_managers_set_cashiers_stores_only_within_their_own(owner_a, tenant_a, shop):
    make_staff(tenant_a, "manager", "m@alpha.test", [shop["main"], shop["east"]])
    make_staff(tenant_a, "manager", "m2@alpha.test")
    make_staff(tenant_a, "cashier", "c@alpha.test")
    manager = login_client("alpha", "m@alpha.test")
    cashier_url = f"/api/v1/staff/{staff_id(owner_a, 'c@alpha.test')}/"
    assert manager.patch(cashier_url, {"stores": [shop["east"]]}, format="json").status_code == 200
    outside = manager.patch(cashier_url, {"stores": [shop["west"]]}, format="json")
    assert outside.status_code == 403 and outside.json()["error"]["code"] == "store_not_allowed"
    everywhere = manager.patch(cashier_url, {"stores": []}, format="json")  # "all" is more than their own
    assert everywhere.status_code == 403
    for email in ("m2@alpha.test", "m@alpha.test", "owner@alpha.test"):
        url = f"/api/v1/staff/{staff_id(owner_a, email)}/"
        assert manager.patch(url, {"stores": [shop["main"]]}, format="json").status_code == 403, email
    assert owner_a.get(cashier_url).json()["stores"] == [shop["east"]]
    cashier = login_client("alpha", "c@alpha.test")
    assert cashier.patch(cashier_url, {"stores": []}, format="json").status_code == 403
    assert cashier.get(cashier_url).status_code == 403


def test_invitations_carry_stores(owner_a, tenant_a, shop):
    response = owner_a.post(
        "/api/v1/staff/invitations/",
        {"email": "new@alpha.test", "role": "cashier", "stores": [shop["west"]]},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["user"]["stores"] == [shop["west"]]
    unknown = owner_a.post(
        "/api/v1/staff/invitations/",
        {"email": "x@alpha.test", "role": "cashier", "stores": [999999]},
        format="json",
    )
    assert unknown.status_code == 400 and "stores" in unknown.json()["error"]["fields"]
    make_staff(tenant_a, "manager", "m@alpha.test", [shop["main"]])
    manager = login_client("alpha", "m@alpha.test")
    for stores in ([shop["east"]], []):
        refused = manager.post(
            "/api/v1/staff/invitations/",
            {"email": "y@alpha.test", "role": "cashier", "stores": stores},
            format="json",
        )
        assert refused.status_code == 403, refused.content
    ok = manager.post(
        "/api/v1/staff/invitations/",
        {"email": "y@alpha.test", "role": "cashier", "stores": [shop["main"]]},
        format="json",
    )
    assert ok.status_code == 201 and ok.json()["user"]["stores"] == [shop["main"]]
    with schema_context(tenant_a.schema_name):
        assert not User.objects.filter(email="x@alpha.test").exists()


def test_another_shop_cannot_reach_or_use_staff_and_stores(owner_a, owner_b, tenant_a, tenant_b, shop):
    make_staff(tenant_a, "cashier", "c@alpha.test")
    url = f"/api/v1/staff/{staff_id(owner_a, 'c@alpha.test')}/"
    assert owner_b.get(url).status_code == 404
    assert owner_b.patch(url, {"stores": []}, format="json").status_code == 404
    with schema_context(tenant_a.schema_name):
        assert User.objects.get(email="c@alpha.test").stores.count() == 0
    # shop B's cashier may not be given a store of shop A: the id means nothing at B.
    make_staff(tenant_b, "cashier", "c@beta.test")
    b_url = f"/api/v1/staff/{staff_id(owner_b, 'c@beta.test')}/"
    b_stores = {row["id"] for row in owner_b.get("/api/v1/stores/").json()["results"]}
    a_only = next(pk for pk in shop.values() if pk not in b_stores)
    refused = owner_b.patch(b_url, {"stores": [a_only]}, format="json")
    assert refused.status_code == 400 and "stores" in refused.json()["error"]["fields"]


def test_session_tells_the_app_which_stores_the_user_works_in(owner_a, tenant_a, shop):
    make_staff(tenant_a, "cashier", "free@alpha.test")
    make_staff(tenant_a, "cashier", "lim@alpha.test", [shop["west"], shop["east"]])
    assert owner_a.get("/api/v1/auth/session/").json()["stores"] is None  # owners: every store
    free = login_client("alpha", "free@alpha.test")
    assert free.get("/api/v1/auth/session/").json()["stores"] is None  # no stores listed: every store
    limited = login_client("alpha", "lim@alpha.test", PASSWORD)
    assert limited.get("/api/v1/auth/session/").json()["stores"] == sorted([shop["east"], shop["west"]])
    # Log-in answers the same payload, so the app knows at once.
    response = make_client("alpha").post(
        "/api/v1/auth/login/", {"email": "lim@alpha.test", "password": PASSWORD}, format="json"
    )
    assert response.json()["stores"] == sorted([shop["east"], shop["west"]])
    assert make_client("alpha").get("/api/v1/auth/session/").json()["stores"] == []  # nobody signed in
