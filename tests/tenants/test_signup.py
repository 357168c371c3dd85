"""Sign-up: valid, duplicate, reserved, invalid, concurrent, and failure mid-provisioning."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django_tenants.utils import schema_context, schema_exists

from accounts.models import User
from tenants.models import Domain, Tenant, TenantPlugin
from tenants.services.signup import SignupData, sign_up
from tests.conftest import make_client

VALID = {
    "shop_name": "Gamma Café",
    "subdomain": "gamma",
    "email": "Owner@Gamma.test",
    "password": "a-very-long-passphrase-9",
    "trade": "catering",
    "language": "zh-hans",
    "currency": "CNY",
    "time_zone": "Asia/Shanghai",
}


def signup(client, **overrides):  # type: ignore[no-untyped-def]
    return client.post("/api/v1/signup/", {**VALID, **overrides}, format="json")


def test_signup_creates_shop_owner_and_lands_logged_in(public_client):
    response = signup(public_client)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["tenant"]["subdomain"] == "gamma"
    assert body["tenant"]["url"].startswith("http://gamma.localhost")
    tenant = Tenant.objects.get(subdomain="gamma")
    assert tenant.state == Tenant.State.ACTIVE
    assert (tenant.name, tenant.trade, tenant.language, tenant.currency, tenant.time_zone) == (
        "Gamma Café",
        "catering",
        "zh-hans",
        "CNY",
        "Asia/Shanghai",
    )
    assert Domain.objects.get(tenant=tenant).domain == "gamma.localhost"
    with schema_context(tenant.schema_name):
        owner = User.objects.get()
        assert owner.email == "owner@gamma.test" and owner.role == "owner"
        assert owner.check_password(VALID["password"])
        assert owner.password.startswith("argon2")

    shop = make_client("gamma")
    path = body["login_url"].split("localhost:8000", 1)[1]
    landed = shop.get(path)
    assert landed.status_code == 302 and landed["Location"] == "/"
    session = shop.get("/api/v1/auth/session/").json()
    assert session["authenticated"] is True
    assert session["user"]["email"] == "owner@gamma.test"
    assert {entry["key"] for entry in session["menu"]} >= {"dashboard", "staff", "settings"}

    # The hand-off link is single use.
    again = make_client("gamma").get(path)
    assert again["Location"] == "/login"


def test_handoff_token_of_one_shop_is_void_at_another(public_client, tenant_b):
    body = signup(public_client).json()
    path = body["login_url"].split("localhost:8000", 1)[1]
    beta = make_client("beta")
    assert beta.get(path)["Location"] == "/login"
    assert beta.get("/api/v1/auth/session/").json()["authenticated"] is False


def test_duplicate_subdomain_is_a_field_error(public_client):
    response = signup(public_client, subdomain="alpha")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert "already taken" in error["fields"]["subdomain"][0]


@pytest.mark.parametrize(
    ("subdomain", "reason"),
    [
        ("www", "reserved"),
        ("admin", "reserved"),
        ("api", "reserved"),
        ("static", "reserved"),
        ("Gamma", "lowercase"),
        ("my.shop", "dots"),
        ("a" * 31, "at most"),
        ("ab", "at least"),
        ("-shop", "start and end"),
        ("shop_1", "letters a-z"),
        ("", "blank"),
    ],
)
def test_reserved_and_invalid_subdomains_are_refused(public_client, subdomain, reason):
    before = Tenant.objects.count()
    response = signup(public_client, subdomain=subdomain)
    assert response.status_code == 400
    message = response.json()["error"]["fields"]["subdomain"][0]
    assert reason in message or (reason == "blank" and "blank" in message)
    assert Tenant.objects.count() == before


def test_field_errors_are_translated(public_client):
    response = public_client.post(
        "/api/v1/signup/",
        {**VALID, "subdomain": "www", "email": "nope"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="zh-hant",
    )
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert set(fields) >= {"subdomain", "email"}
    assert "保留" in fields["subdomain"][0]


def test_invalid_form_reports_every_field(public_client):
    response = public_client.post("/api/v1/signup/", {"trade": "bank", "password": "123"}, format="json")
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert set(fields) >= {"shop_name", "subdomain", "email", "trade", "language", "currency", "time_zone"}


def test_weak_password_is_refused(public_client):
    response = signup(public_client, password="12345678901")
    assert response.status_code == 400
    assert "password" in response.json()["error"]["fields"]
    assert not Tenant.objects.filter(subdomain="gamma").exists()


def test_trade_plugin_is_enabled_only_if_installed(public_client):
    assert signup(public_client).status_code == 201
    tenant = Tenant.objects.get(subdomain="gamma")
    # No "catering" plugin distribution is installed in the core's test environment.
    assert not TenantPlugin.objects.filter(tenant=tenant).exists()


def test_failure_mid_provisioning_leaves_nothing_behind(committed_db, monkeypatch):
    import accounts.services

    schemas_before = _schemas()
    tenants_before = set(Tenant.objects.values_list("schema_name", flat=True))

    def explode(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full while creating the owner")

    monkeypatch.setattr(accounts.services, "create_owner", explode)
    # Empty the pool so the inline clone path runs too.
    pooled = list(Tenant.objects.filter(state=Tenant.State.POOLED).values_list("schema_name", flat=True))
    Tenant.objects.filter(state=Tenant.State.POOLED).update(state=Tenant.State.SUSPENDED)
    try:
        with pytest.raises(RuntimeError):
            sign_up(SignupData(**{**VALID, "subdomain": "delta"}))
    finally:
        Tenant.objects.filter(schema_name__in=pooled).update(state=Tenant.State.POOLED)
    connection.set_schema_to_public()
    assert _schemas() == schemas_before
    assert set(Tenant.objects.values_list("schema_name", flat=True)) == tenants_before
    assert not Domain.objects.filter(domain="delta.localhost").exists()


def test_failure_returns_pooled_schema_to_pool(committed_db, monkeypatch):
    import accounts.services
    from tenants.services.provisioning import refill_pool

    refill_pool(1)
    pooled_before = set(Tenant.objects.filter(state=Tenant.State.POOLED).values_list("id", flat=True))
    monkeypatch.setattr(accounts.services, "create_owner", lambda *a, **k: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        sign_up(SignupData(**{**VALID, "subdomain": "epsilon"}))
    connection.set_schema_to_public()
    assert set(Tenant.objects.filter(state=Tenant.State.POOLED).values_list("id", flat=True)) == pooled_before
    assert not Tenant.objects.filter(subdomain="epsilon").exists()


def test_concurrent_signups_for_one_subdomain_exactly_one_wins(committed_db):
    from tenants.services.provisioning import refill_pool

    refill_pool(2)
    barrier = threading.Barrier(2)
    results: list[object] = []

    def attempt(n: int) -> None:
        try:
            barrier.wait()
            data = SignupData(**{**VALID, "subdomain": "racer", "email": f"owner{n}@racer.test"})
            results.append(sign_up(data))
        except Exception as exc:
            results.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    from core.errors import DomainError

    wins = [r for r in results if not isinstance(r, Exception)]
    losses = [r for r in results if isinstance(r, Exception)]
    assert len(wins) == 1 and len(losses) == 1, results
    assert isinstance(losses[0], DomainError)
    assert "already taken" in str(losses[0].fields["subdomain"][0])
    assert Tenant.objects.filter(subdomain="racer").count() == 1
    winner = Tenant.objects.get(subdomain="racer")
    with schema_context(winner.schema_name):
        assert User.objects.count() == 1


def _schemas() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg_%%'")
        return {row[0] for row in cursor.fetchall()}


def test_new_schema_exists_for_signed_up_tenant(public_client):
    signup(public_client)
    assert schema_exists(Tenant.objects.get(subdomain="gamma").schema_name)
