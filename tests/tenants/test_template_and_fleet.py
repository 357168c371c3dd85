"""The template stays correct: a signed-up tenant has exactly the tables, constraints, indexes
and migration records of a schema migrated from scratch; fleet migration skips up-to-date tenants
and reports a failing tenant without hiding the others."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django_tenants.utils import schema_context

from accounts.models import User
from tenants.models import Tenant
from tenants.services.fleet import migrate_fleet
from tenants.services.signup import SignupData, sign_up


def describe_schema(schema: str) -> dict[str, object]:
    """A normalised picture of a schema's catalog, with the schema name abstracted away."""

    def rows(sql: str) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(sql, {"s": schema})
            return sorted(
                tuple(str(v).replace(f'"{schema}".', "S.").replace(f"{schema}.", "S.") for v in row)
                for row in cursor.fetchall()
            )

    return {
        "tables": rows(
            "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = %(s)s"
        ),
        "columns": rows(
            "SELECT table_name, column_name, data_type, is_nullable, coalesce(column_default, ''),"
            " is_identity, coalesce(identity_generation, ''), coalesce(character_maximum_length, 0)"
            " FROM information_schema.columns WHERE table_schema = %(s)s"
        ),
        "constraints": rows(
            "SELECT cl.relname, co.conname, co.contype, pg_get_constraintdef(co.oid)"
            " FROM pg_constraint co JOIN pg_class cl ON cl.oid = co.conrelid"
            " JOIN pg_namespace n ON n.oid = cl.relnamespace WHERE n.nspname = %(s)s"
        ),
        "indexes": rows("SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = %(s)s"),
        "sequences": rows(
            "SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = %(s)s"
        ),
        "triggers": rows(
            "SELECT event_object_table, trigger_name, event_manipulation, action_timing, action_statement"
            " FROM information_schema.triggers WHERE trigger_schema = %(s)s"
        ),
        "functions": rows(
            "SELECT p.proname, pg_get_function_identity_arguments(p.oid) FROM pg_proc p"
            " JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = %(s)s"
        ),
        "migrations": rows(f'SELECT app, name FROM "{schema}".django_migrations'),  # noqa: S608
    }


@pytest.fixture
def migrated_schema(committed_db):  # type: ignore[no-untyped-def]
    name = "cmp_fresh_migrated"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE; CREATE SCHEMA "{name}"')
    call_command("migrate_schemas", schema_name=name, interactive=False, verbosity=0)
    connection.set_schema_to_public()
    yield name
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


def test_signed_up_tenant_matches_a_freshly_migrated_schema(migrated_schema):
    alpha = Tenant.objects.get(subdomain="alpha")
    expected = describe_schema(migrated_schema)
    actual = describe_schema(alpha.schema_name)
    assert expected["tables"], "the migrated schema should not be empty"
    for part in expected:
        assert actual[part] == expected[part], part


def test_cloned_identity_sequences_continue_after_copied_rows(tenant_a):
    """Rows copied from the template (content types, permissions) must not collide with new ones."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    with schema_context(tenant_a.schema_name):
        ct = ContentType.objects.create(app_label="probe", model="thing")
        perm = Permission.objects.create(codename="probe_thing", name="Probe", content_type=ct)
        assert ct.pk and perm.pk
        assert User.objects.create_user("seq@alpha.test", None).pk > 1


@pytest.fixture
def fleet_tenants(committed_db):  # type: ignore[no-untyped-def]
    made = []
    for sub in ("fleetok", "fleetbad"):
        made.append(
            sign_up(
                SignupData("Fleet", sub, f"o@{sub}.test", "fleet-pass-long-1", "other", "en", "USD", "UTC")
            ).tenant
        )
    connection.set_schema_to_public()
    return made


def test_fleet_migration_skips_up_to_date_and_reports_failures(fleet_tenants):
    good, bad = fleet_tenants
    with connection.cursor() as cursor:
        # "good" lost a harmless migration record: migrating re-applies it.
        cursor.execute(
            f"DELETE FROM \"{good.schema_name}\".django_migrations WHERE app = 'authtoken'"  # noqa: S608
            " AND name = '0004_alter_tokenproxy_options'"
        )
        # "bad" lost the record of a migration whose table exists: migrating it must fail.
        cursor.execute(
            f"DELETE FROM \"{bad.schema_name}\".django_migrations WHERE app = 'accounts'"  # noqa: S608
            " AND name = '0001_initial'"
        )
    alpha = Tenant.objects.get(subdomain="alpha")
    seen = []
    report = migrate_fleet(
        jobs=2, schemas=[alpha.schema_name, good.schema_name, bad.schema_name], progress=seen.append
    )
    by_schema = {o.schema_name: o for o in report.outcomes}
    assert by_schema[alpha.schema_name].status == "up_to_date"
    assert by_schema[good.schema_name].status == "migrated"
    assert by_schema[bad.schema_name].status == "failed"
    assert by_schema[bad.schema_name].error
    assert len(seen) == 3
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT count(*) FROM "{good.schema_name}".django_migrations'  # noqa: S608
            " WHERE app = 'authtoken' AND name = '0004_alter_tokenproxy_options'"
        )
        assert cursor.fetchone()[0] == 1


def test_fleet_migrate_command_prints_summary_and_fails_on_failure(fleet_tenants, capsys):
    _, bad = fleet_tenants
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM \"{bad.schema_name}\".django_migrations WHERE app = 'accounts'"  # noqa: S608
            " AND name = '0001_initial'"
        )
    alpha = Tenant.objects.get(subdomain="alpha")
    with pytest.raises(CommandError, match="1 tenant"):
        call_command("fleet_migrate", schemas=[alpha.schema_name, bad.schema_name], jobs=1)
    out = capsys.readouterr()
    assert "0 migrated, 1 up to date, 1 failed" in out.out
    assert bad.schema_name in out.err


def test_fleet_migrate_command_all_up_to_date(committed_db, capsys):
    call_command("fleet_migrate", jobs=2)
    out = capsys.readouterr().out
    assert "0 migrated" in out and "0 failed" in out
