"""Unknown or unclaimed hosts get the friendly "Shop not found" page, never a shop."""

from __future__ import annotations

import pytest
from django.test import Client


def assert_friendly_404(response, hostname: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "<title>Shop not found" in html
    assert f"<code>{hostname}</code>" in html


@pytest.mark.parametrize("path", ["/", "/login", "/api/v1/auth/session/", "/api/v1/schema/"])
def test_made_up_subdomain_gets_friendly_404(db, path: str) -> None:  # type: ignore[no-untyped-def]
    response = Client(HTTP_HOST="no-such-shop.localhost", HTTP_ACCEPT_LANGUAGE="en").get(path)
    assert_friendly_404(response, "no-such-shop.localhost")


def test_port_is_not_part_of_the_shown_hostname(db) -> None:  # type: ignore[no-untyped-def]
    response = Client(HTTP_HOST="ghost-shop.localhost:8000", HTTP_ACCEPT_LANGUAGE="en").get("/")
    assert_friendly_404(response, "ghost-shop.localhost")


def pooled_tenant():  # type: ignore[no-untyped-def]
    from tenants.models import Tenant
    from tenants.services.provisioning import create_pooled_tenant

    tenant = Tenant.objects.filter(state=Tenant.State.POOLED).first()
    if tenant is None:
        create_pooled_tenant()  # rolled back with the test transaction
        tenant = Tenant.objects.filter(state=Tenant.State.POOLED).first()
    return tenant


def test_pooled_schema_is_not_reachable(db) -> None:  # type: ignore[no-untyped-def]
    from tenants.models import Domain

    tenant = pooled_tenant()
    assert not Domain.objects.filter(tenant=tenant).exists()
    # The schema name itself ("t_<hex>") is not even a valid host name: a bare 404, no shop.
    raw = Client(HTTP_HOST=f"{tenant.schema_name}.localhost").get("/api/v1/auth/session/")
    assert raw.status_code == 404
    assert b"tenant" not in raw.content
    host = f"{tenant.schema_name.replace('_', '-')}.localhost"
    assert_friendly_404(Client(HTTP_HOST=host).get("/api/v1/auth/session/"), host)


@pytest.mark.parametrize("state", ["pooled", "template"])
def test_unclaimed_schema_with_a_domain_is_still_not_reachable(db, state: str) -> None:  # type: ignore[no-untyped-def]
    """Even if a domain row pointed at a pooled/template schema, routing refuses it."""
    from tenants.models import Domain, Tenant

    tenant = pooled_tenant() if state == "pooled" else Tenant.objects.get(state=Tenant.State.TEMPLATE)
    Domain.objects.create(domain="stray.localhost", tenant=tenant, is_primary=False)
    assert_friendly_404(Client(HTTP_HOST="stray.localhost").get("/api/v1/auth/session/"), "stray.localhost")


def test_known_shop_is_not_the_404_page(tenant_a) -> None:  # type: ignore[no-untyped-def]
    response = Client(HTTP_HOST="alpha.localhost").get("/api/v1/auth/session/")
    assert response.status_code == 200
    assert response.json()["tenant"]["subdomain"] == "alpha"
