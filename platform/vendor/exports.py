"""A tenant's data as a zip: one JSON-lines file per table of its schema, plus its uploaded files.

Built in the background (``vendor.tasks.export_tenant``), reading every table in **one
repeatable-read, read-only transaction on a connection of its own**, so the archive is a
consistent snapshot (a ledger and its balances agree) while progress is committed on the default
connection for the console to poll. Rows are streamed with a server-side cursor, never loaded
whole. Credentials are not the shop's data and never leave in an export: password hashes, session
payloads and API token keys are replaced by ``"[redacted]"`` (the tables and other columns stay).

The archive is written under the tenant's media folder (``MEDIA_ROOT/<schema>/vendor-exports/``,
random file name) and downloaded through the vendor API only.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import zipfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import timezone
from django_tenants.utils import schema_context

from tenants.models import Tenant
from vendor.models import TenantExport

log = logging.getLogger(__name__)

FORMAT = "huiyuan-tenant-export/1"
EXPORT_FOLDER = "vendor-exports"
REDACTED = "[redacted]"
REDACT: dict[str, list[str]] = {
    "accounts_user": ["password"],
    "django_session": ["session_data"],
    "authtoken_token": ["key"],
}


def schema_tables(schema: str, cursor: Any = None) -> list[str]:
    """Every table of the schema (ordinary and partitioned parents; partitions are in their parent)."""
    sql = (
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %s AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname"
    )
    if cursor is None:
        with connection.cursor() as own:
            own.execute(sql, [schema])
            return [r[0] for r in own.fetchall()]
    cursor.execute(sql, [schema])
    return [r[0] for r in cursor.fetchall()]


def _columns(cursor: Any, schema: str) -> dict[str, list[str]]:
    cursor.execute(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = %s "
        "ORDER BY table_name, ordinal_position",
        [schema],
    )
    columns: dict[str, list[str]] = {}
    for table, column in cursor.fetchall():
        columns.setdefault(table, []).append(column)
    return columns


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _row_sql(schema: str, table: str, columns: list[str]) -> tuple[str, list[Any]]:
    source = f"{_quote(schema)}.{_quote(table)}"
    hidden = [c for c in REDACT.get(table, []) if c in columns]
    if hidden:
        patch = json.dumps(dict.fromkeys(hidden, REDACTED))
        return f"SELECT (to_jsonb(t) || %s::jsonb)::text FROM {source} AS t", [patch]  # noqa: S608
    return f"SELECT row_to_json(t)::text FROM {source} AS t", []  # noqa: S608


def request_export(tenant: Tenant, user: Any) -> TenantExport:
    from core import audit
    from core.tasks import enqueue
    from vendor.tasks import export_tenant

    export = TenantExport.objects.create(tenant=tenant, requested_by=user)
    audit.record("vendor.export_requested", tenant, actor=user, after={"export": export.pk})
    enqueue(export_tenant, export.pk, slow=True)
    return export


def export_path(export: TenantExport) -> Path:
    with schema_context(export.tenant.schema_name):
        return Path(default_storage.path(export.file_name))


def _tenant_media_dir(schema: str) -> Path:
    with schema_context(schema):
        return Path(default_storage.path("."))


def _snapshot_connection() -> Any:
    """A fresh connection whose next statement opens a repeatable-read, read-only transaction."""
    import psycopg

    db = connections.create_connection(DEFAULT_DB_ALIAS)
    db.ensure_connection()
    raw = db.connection
    raw.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    raw.read_only = True
    raw.autocommit = False
    return db


def run_export(export_id: int) -> TenantExport:
    """Build the archive; a failure marks the export failed (and is logged), never half-written."""
    export = TenantExport.objects.select_related("tenant").get(pk=export_id)
    if export.status not in (TenantExport.Status.QUEUED, TenantExport.Status.FAILED):
        return export
    tenant = export.tenant
    schema = tenant.schema_name
    stamp = f"{timezone.now():%Y%m%d-%H%M%S}"
    name = f"{EXPORT_FOLDER}/{tenant.subdomain or schema}-{stamp}-{secrets.token_hex(12)}.zip"
    target = Path(_tenant_media_dir(schema)) / name
    partial = target.with_name(target.name + ".part")
    export.status = TenantExport.Status.RUNNING
    export.started_at = timezone.now()
    export.error = ""
    export.save(update_fields=["status", "started_at", "error"])
    db = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        db = _snapshot_connection()
        raw = db.connection
        with raw.cursor() as cursor:
            tables = schema_tables(schema, cursor)
            columns = _columns(cursor, schema)
        export.tables_total = len(tables)
        export.save(update_fields=["tables_total"])
        manifest_tables = []
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            for index, table in enumerate(tables):
                sql, params = _row_sql(schema, table, columns.get(table, []))
                count = 0
                member = f"tables/{table}.jsonl"
                with (
                    archive.open(member, "w", force_zip64=True) as out,
                    raw.cursor(name=f"export_{index}") as cur,
                ):
                    cur.itersize = 2000
                    cur.execute(sql, params)
                    for (line,) in cur:
                        out.write(line.encode("utf-8") + b"\n")
                        count += 1
                manifest_tables.append(
                    {"name": table, "file": member, "rows": count, "columns": columns.get(table, [])}
                )
                export.tables_done = index + 1
                export.rows += count
                export.save(update_fields=["tables_done", "rows"])
            files = _add_media(archive, schema)
            archive.writestr(
                "manifest.json",
                json.dumps(
                    {
                        "format": FORMAT,
                        "tenant": {
                            "name": tenant.name,
                            "subdomain": tenant.subdomain,
                            "schema": schema,
                            "trade": tenant.trade,
                            "currency": tenant.currency,
                            "time_zone": tenant.time_zone,
                            "language": tenant.language,
                        },
                        "created_at": timezone.now().isoformat(),
                        "tables": manifest_tables,
                        "media_files": files,
                        "redacted": REDACT,
                    },
                    ensure_ascii=False,
                    indent=2,
                ),
            )
        raw.rollback()
        os.replace(partial, target)
        export.file_name = name
        export.size = target.stat().st_size
        export.status = TenantExport.Status.DONE
        export.finished_at = timezone.now()
        export.save(update_fields=["file_name", "size", "status", "finished_at"])
    except Exception as exc:
        log.exception("export %s of %s failed", export.pk, schema)
        partial.unlink(missing_ok=True)
        export.status = TenantExport.Status.FAILED
        export.error = f"{exc.__class__.__name__}: {exc}"[:2000]
        export.finished_at = timezone.now()
        export.save(update_fields=["status", "error", "finished_at"])
    finally:
        if db is not None:
            db.close()
    return export


def _add_media(archive: zipfile.ZipFile, schema: str) -> int:
    """The shop's uploaded files (photos, receipts) under media/, without earlier exports."""
    root = _tenant_media_dir(schema)
    if not root.is_dir():
        return 0
    count = 0
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if not path.is_file() or path.is_symlink() or relative.parts[0] == EXPORT_FOLDER:
            continue
        archive.write(path, f"media/{relative.as_posix()}")
        count += 1
    return count


def remove_tenant_media(schema: str) -> None:
    import shutil

    root = _tenant_media_dir(schema)
    media_root = Path(settings.MEDIA_ROOT).resolve()
    if root.resolve() != media_root and media_root in root.resolve().parents and root.is_dir():
        shutil.rmtree(root, ignore_errors=True)
