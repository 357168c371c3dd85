"""``manage.py import_members <file> [--dry-run] [--tenant <subdomain>]``: the import service from a
terminal, with a progress bar; prints every bad row and exits non-zero if there were any."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from core.errors import DomainError


class Command(BaseCommand):
    help = "Import members from a CSV or Excel (.xlsx) file into one shop."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV or .xlsx file with a header row")
        parser.add_argument("--dry-run", action="store_true", help="validate only, write nothing")
        parser.add_argument("--tenant", help="the shop's subdomain (default: the current schema)")
        parser.add_argument("--batch", help="batch id (default: a hash of the file)")
        parser.add_argument("--actor", help="email of the staff member recorded as the importer")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        tenant = self._tenant(options.get("tenant"))
        with tenant_context(tenant):
            self._run(path, tenant, options)

    def _tenant(self, subdomain: str | None) -> Any:
        from tenants.models import Tenant

        if subdomain:
            tenant = Tenant.objects.filter(subdomain=subdomain).first()
            if tenant is None:
                raise CommandError(_("No shop with subdomain “%(subdomain)s”.") % {"subdomain": subdomain})
            return tenant
        current = getattr(connection, "tenant", None)
        if current is None or getattr(current, "schema_name", "public") == "public":
            raise CommandError(_("Name the shop with --tenant <subdomain>."))
        return current

    def _run(self, path: Path, tenant: Any, options: dict[str, Any]) -> None:
        from tqdm import tqdm

        from accounts.models import User
        from members import importing

        actor = None
        if options.get("actor"):
            actor = User.objects.filter(email__iexact=options["actor"]).first()
            if actor is None:
                raise CommandError(
                    _("No staff member “%(email)s” in this shop.") % {"email": options["actor"]}
                )
        bar = tqdm(
            total=0,
            unit="row",
            desc=_("Validating") if options["dry_run"] else _("Importing"),
            disable=options["no_progress"],
            file=self.stderr._out,
        )

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        try:
            report = importing.import_members(
                path.read_bytes(),
                filename=path.name,
                dry_run=options["dry_run"],
                actor=actor,
                batch=options.get("batch"),
                progress=progress,
            )
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        finally:
            bar.close()
        for line in importing.iter_errors(report.errors):
            self.stdout.write(line)
        if report.ignored_columns:
            self.stdout.write(
                _("Ignored columns: %(columns)s") % {"columns": ", ".join(report.ignored_columns)}
            )
        summary = {
            "shop": tenant.subdomain or tenant.schema_name,
            "batch": report.batch,
            "total": report.total,
            "valid": report.valid,
            "bad": len({e.row for e in report.errors}),
            "already": report.already_imported,
            "imported": report.imported,
        }
        if options["dry_run"]:
            message = _(
                "%(shop)s, dry run of batch %(batch)s: %(total)s rows, %(valid)s valid, %(bad)s with errors, "
                "%(already)s already imported. Nothing was written."
            )
        else:
            message = _(
                "%(shop)s, batch %(batch)s: %(imported)s members imported, %(bad)s rows skipped, "
                "%(already)s already imported before."
            )
        self.stdout.write(message % summary)
        if report.errors:
            raise CommandError(_("Some rows have errors (listed above)."), returncode=2)
