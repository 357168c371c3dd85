"""Test set-up against a real PostgreSQL (embedded pgserver, or DATABASE_URL).

The test database is created once per session with the public schema, the template schema, a
small warm pool and two shops, "alpha" and "beta", for isolation tests. Ordinary tests run inside
a transaction that is rolled back (the `db` fixture); tests that need committed data across
threads use `committed_db`, which cleans up the tenants it creates.
"""

from __future__ import annotations

import os

import pytest
from django.db import connection

PASSWORD = "correct-horse-battery-42"
SHOPS = {
    "alpha": dict(
        shop_name="Alpha Beauty",
        email="owner@alpha.test",
        trade="beauty",
        language="zh-hant",
        currency="TWD",
        time_zone="Asia/Taipei",
    ),
    "beta": dict(
        shop_name="Beta Pets",
        email="owner@beta.test",
        trade="pet",
        language="en",
        currency="USD",
        time_zone="America/New_York",
    ),
}


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):  # type: ignore[no-untyped-def]
    """One test database per pytest process, so parallel runs on one server never collide."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    db.setdefault("TEST", {})["NAME"] = f"test_{db['NAME']}_{os.getpid()}"


@pytest.fixture(scope="session")
def django_db_setup(  # type: ignore[no-untyped-def]
    request, django_db_setup, django_db_blocker, django_db_keepdb, django_db_createdb
):
    """The test database, migrated, with a warm pool and the two shops; whoever requests it gets it.

    pytest-django creates the test database only for the aliases that collected tests ask for
    through ``db``/``transactional_db``/``live_server`` or the ``django_db`` mark. The browser tests
    use none of these (their server must see committed data), so run on their own they would get
    no test database and everything below would run against the development database. Whenever
    pytest-django left ``default`` on its real name, set it up here, the same way."""
    from django.conf import settings
    from django.test.utils import setup_databases, teardown_databases

    from tenants.models import Tenant
    from tenants.services.fleet import migrate_fleet
    from tenants.services.provisioning import refill_pool
    from tenants.services.signup import SignupData, sign_up

    verbosity = request.config.option.verbose
    keepdb = django_db_keepdb and not django_db_createdb
    own_setup = None
    settings.TENANT_POOL_SIZE = 1  # keep the warm pool small: each pooled schema is a clone
    settings.INPROCESS_BACKGROUND_THREADS = False  # deterministic: refills run after commit, inline
    with django_db_blocker.unblock():
        if connection.settings_dict["NAME"] != connection.settings_dict["TEST"]["NAME"]:
            own_setup = setup_databases(
                verbosity=verbosity,
                interactive=False,
                keepdb=keepdb,
                aliases={"default"},
                serialized_aliases=set(),
            )
        migrate_fleet(jobs=1)
        refill_pool(1)
        for subdomain, data in SHOPS.items():
            if not Tenant.objects.filter(subdomain=subdomain).exists():
                sign_up(SignupData(subdomain=subdomain, password=PASSWORD, **data))
        connection.set_schema_to_public()
    yield
    if own_setup is not None and not keepdb:
        with django_db_blocker.unblock():
            try:
                teardown_databases(own_setup, verbosity=verbosity)
            except Exception as exc:  # as pytest-django does: a leftover database is no failure
                request.node.warn(pytest.PytestWarning(f"Could not drop the test database: {exc!r}"))


@pytest.fixture(autouse=True)
def _public_schema_each_test():  # type: ignore[no-untyped-def]
    """Every test starts (and ends) on the public schema with an empty cache (throttle counters)."""
    from django.core.cache import cache

    cache.clear()
    if hasattr(connection, "set_schema_to_public"):
        connection.set_schema_to_public()
    yield
    connection.set_schema_to_public()


@pytest.fixture
def tenant_a(db):  # type: ignore[no-untyped-def]
    from tenants.models import Tenant

    return Tenant.objects.get(subdomain="alpha")


@pytest.fixture
def tenant_b(db):  # type: ignore[no-untyped-def]
    from tenants.models import Tenant

    return Tenant.objects.get(subdomain="beta")


def host(subdomain: str | None) -> str:
    from django.conf import settings

    return f"{subdomain}.{settings.BASE_DOMAIN}" if subdomain else settings.BASE_DOMAIN


def make_client(subdomain: str | None = None, **kwargs):  # type: ignore[no-untyped-def]
    from rest_framework.test import APIClient

    client = APIClient(HTTP_HOST=host(subdomain), HTTP_ACCEPT_LANGUAGE="en", **kwargs)
    return client


def login_client(subdomain: str, email: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    client = make_client(subdomain)
    response = client.post("/api/v1/auth/login/", {"email": email, "password": password}, format="json")
    assert response.status_code == 200, response.content
    return client


@pytest.fixture
def public_client(db):  # type: ignore[no-untyped-def]
    return make_client(None)


@pytest.fixture
def owner_a(tenant_a):  # type: ignore[no-untyped-def]
    return login_client("alpha", SHOPS["alpha"]["email"])


@pytest.fixture
def owner_b(tenant_b):  # type: ignore[no-untyped-def]
    return login_client("beta", SHOPS["beta"]["email"])


@pytest.fixture
def committed_db(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """Real commits (for threads, processes and live servers); drops tenants created meanwhile."""
    from tenants.models import Tenant

    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        # Sign-up claims pooled rows, so "new" means: not pooled now and not in use before.
        before = set(Tenant.objects.exclude(state=Tenant.State.POOLED).values_list("id", flat=True))
        yield
        connection.set_schema_to_public()
        for tenant in Tenant.objects.exclude(id__in=before).exclude(state=Tenant.State.POOLED):
            tenant.delete(force_drop=True)
        connection.close()
