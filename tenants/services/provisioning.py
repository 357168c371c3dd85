"""Creating tenant schemas without replaying migrations on the request path.

The template schema is migrated for real at deploy time (public, then template, then tenants).
New schemas are clones of it (`clone_schema`, structure and the template's migration records),
made ahead of time into a small warm pool; sign-up then only flips one pooled row to active.
If the pool is empty, sign-up clones inline (still no migrations), inside its own transaction, so
a failure leaves neither a schema nor a row behind.
"""

from __future__ import annotations

import logging
import secrets

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django_tenants.clone import CloneSchema
from django_tenants.utils import schema_exists

from tenants.models import Tenant

log = logging.getLogger(__name__)


class TemplateMissing(RuntimeError):
    pass


def new_schema_name() -> str:
    return f"t_{secrets.token_hex(8)}"


def ensure_public_tenant() -> Tenant:
    """The public schema's row and domain (the marketing site, sign-up and vendor admin)."""
    from tenants.models import Domain

    public, _ = Tenant.objects.get_or_create(
        schema_name=settings.PUBLIC_SCHEMA_NAME,
        defaults={"name": "Huiyuan", "state": Tenant.State.ACTIVE},
    )
    Domain.objects.get_or_create(domain=settings.BASE_DOMAIN, defaults={"tenant": public, "is_primary": True})
    return public


def ensure_template(verbosity: int = 0) -> Tenant:
    """Create the template schema if needed and migrate it with real migrations."""
    template, _ = Tenant.objects.get_or_create(
        schema_name=settings.TEMPLATE_SCHEMA_NAME,
        defaults={"name": "template", "state": Tenant.State.TEMPLATE},
    )
    if not schema_exists(template.schema_name):
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE SCHEMA "{template.schema_name}"')
    call_command("migrate_schemas", schema_name=template.schema_name, interactive=False, verbosity=verbosity)
    return template


def clone_template_into(schema_name: str) -> None:
    """Copy the template's tables, sequences and rows (migration records, content types)."""
    if not schema_exists(settings.TEMPLATE_SCHEMA_NAME):
        raise TemplateMissing("The template schema does not exist; run `manage.py fleet_migrate` first.")
    CloneSchema().clone_schema(settings.TEMPLATE_SCHEMA_NAME, schema_name, "DATA")
    connection.set_schema_to_public()
    restore_constraint_names(settings.TEMPLATE_SCHEMA_NAME, schema_name)


_CONSTRAINTS_SQL = """
    SELECT cl.relname, co.contype, pg_get_constraintdef(co.oid), co.conname
    FROM pg_constraint co
    JOIN pg_class cl ON cl.oid = co.conrelid
    JOIN pg_namespace n ON n.oid = cl.relnamespace
    WHERE n.nspname = %s
"""


def restore_constraint_names(template: str, clone: str) -> None:
    """clone_schema recreates unique constraints under PostgreSQL's default names
    (``<table>_<cols>_key``); later migrations drop constraints by Django's names, so a clone must
    carry exactly the template's names or those migrations would fail on cloned tenants only."""
    with connection.cursor() as cursor:
        cursor.execute(_CONSTRAINTS_SQL, [template])
        wanted = {(t, k, d): name for t, k, d, name in cursor.fetchall()}
        cursor.execute(_CONSTRAINTS_SQL, [clone])
        for table, kind, definition, name in cursor.fetchall():
            target = wanted.get((table, kind, definition))
            if target and target != name:
                cursor.execute(f'ALTER TABLE "{clone}"."{table}" RENAME CONSTRAINT "{name}" TO "{target}"')


def create_pooled_tenant() -> Tenant:
    with transaction.atomic():
        tenant = Tenant.objects.create(schema_name=new_schema_name(), state=Tenant.State.POOLED)
        clone_template_into(tenant.schema_name)
    return tenant


def pool_size() -> int:
    return Tenant.objects.filter(state=Tenant.State.POOLED).count()


def refill_pool(target: int | None = None) -> int:
    """Top the warm pool up to ``target`` schemas; returns how many were created."""
    target = settings.TENANT_POOL_SIZE if target is None else target
    created = 0
    while pool_size() < target:
        create_pooled_tenant()
        created += 1
    return created


def claim_schema() -> Tenant:
    """Take a pooled tenant row (locked, skipping rows other sign-ups hold) or clone a new one.

    Must be called inside the caller's transaction: if the caller fails, the row goes back to the
    pool (row update rolled back) or the freshly cloned schema disappears (DDL rolled back).
    """
    pooled = (
        Tenant.objects.select_for_update(skip_locked=True)
        .filter(state=Tenant.State.POOLED)
        .order_by("id")
        .first()
    )
    if pooled is not None:
        return pooled
    log.warning("Tenant pool empty: cloning the template on the request path.")
    tenant = Tenant.objects.create(schema_name=new_schema_name(), state=Tenant.State.POOLED)
    clone_template_into(tenant.schema_name)
    return tenant
