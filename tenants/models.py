"""Tenant rows live in the public schema; each active tenant owns one PostgreSQL schema.

Schema names are opaque (``t_<hex>``), not derived from the subdomain: that lets sign-up hand out
a pre-migrated schema from a warm pool by updating one row, and a subdomain can change later
without renaming a schema.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin


class Tenant(TenantMixin):
    class State(models.TextChoices):
        TEMPLATE = "template", _("Template")
        POOLED = "pooled", _("Pooled (not yet claimed)")
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")

    name = models.CharField(_("shop name"), max_length=100, blank=True)
    subdomain = models.CharField(_("subdomain"), max_length=40, unique=True, null=True, blank=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.POOLED, db_index=True)
    trade = models.CharField(_("trade"), max_length=20, blank=True)
    language = models.CharField(_("language"), max_length=10, default="zh-hant")
    currency = models.CharField(_("currency"), max_length=3, default="TWD")
    time_zone = models.CharField(_("time zone"), max_length=64, default="Asia/Taipei")
    owner_email = models.EmailField(_("owner email"), blank=True)
    created_on = models.DateTimeField(auto_now_add=True)
    activated_on = models.DateTimeField(null=True, blank=True)

    # Provisioning creates schemas itself (clone of the template, or the warm pool).
    auto_create_schema = False
    auto_drop_schema = True

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name or self.schema_name


class Domain(DomainMixin):
    def __str__(self) -> str:
        return self.domain


class TenantPlugin(models.Model):
    """Per-tenant enablement of an installed plugin; hooks fire only for enabled ones."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="plugins")
    plugin = models.CharField(max_length=64)
    enabled = models.BooleanField(default=True)
    config = models.JSONField(default=dict, blank=True)
    updated_on = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tenant", "plugin"], name="uniq_tenant_plugin")]

    def __str__(self) -> str:
        return f"{self.tenant_id}:{self.plugin}"


class ScheduledJobRun(models.Model):
    """One row per (tenant, job, local date): a daily job runs at most once per tenant-local day."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="job_runs")
    job = models.CharField(max_length=100)
    local_date = models.DateField()
    enqueued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "job", "local_date"], name="uniq_job_run_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.job}@{self.local_date}"
