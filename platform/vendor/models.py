"""Vendor-side records, all in the public schema (``vendor`` is a SHARED app only).

Foreign keys to ``accounts.User`` point at the *public* user table (vendor staff). Rows that are
also read from a tenant host (``SupportGrant``) carry a snapshot of the vendor's name and email:
on a tenant host the search path is ``<tenant>, public``, so following the foreign key there would
resolve the tenant's own ``accounts_user`` table — never do that, use the snapshot.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import sealing


class VendorStaff(models.Model):
    """Marks a public-schema user as vendor staff; the console refuses everyone else."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        SUPPORT = "support", _("Support")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="vendor_staff"
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.SUPPORT)
    is_active = models.BooleanField(default=True)
    # RFC 6238 shared secret (base32), sealed (core.sealing): read it through ``totp_key``. Empty
    # until enrolment is confirmed with a first code.
    totp_secret = models.CharField(max_length=255, blank=True)
    totp_confirmed_at = models.DateTimeField(null=True, blank=True)
    # The last accepted 30-second step: a code is accepted once (no replay within its window).
    totp_last_step = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vendor staff member")
        verbose_name_plural = _("vendor staff")

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"

    @property
    def enrolled(self) -> bool:
        return bool(self.totp_secret and self.totp_confirmed_at)

    @property
    def totp_key(self) -> str:
        """The shared secret in clear, for computing codes ("" before enrolment)."""
        return sealing.unseal(self.totp_secret) if self.totp_secret else ""

    @totp_key.setter
    def totp_key(self, secret: str) -> None:
        self.totp_secret = sealing.seal(secret) if secret else ""


class RecoveryCode(models.Model):
    """One-time recovery code for a lost authenticator; only a keyed hash is stored."""

    staff = models.ForeignKey(VendorStaff, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"recovery code #{self.pk} of {self.staff_id}"


class SupportGrant(models.Model):
    """Time-limited support access of one vendor staff member to one tenant, with a reason."""

    class EndedBy(models.TextChoices):
        VENDOR = "vendor", _("Vendor")
        OWNER = "owner", _("Shop owner")

    tenant = models.ForeignKey(
        "tenants.Tenant", null=True, on_delete=models.SET_NULL, related_name="support_grants"
    )
    tenant_label = models.CharField(max_length=100, blank=True)  # subdomain, kept after a purge
    vendor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    vendor_email = models.EmailField()
    vendor_name = models.CharField(max_length=100, blank=True)
    reason = models.TextField()
    started_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.CharField(max_length=16, choices=EndedBy.choices, blank=True)
    ended_by_email = models.EmailField(blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["tenant", "-started_at"])]

    def __str__(self) -> str:
        return f"support grant #{self.pk} {self.tenant_label}"

    def is_active(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.ended_at is None and self.started_at <= now < self.expires_at


class TenantExport(models.Model):
    """A zip of every table of a tenant's schema, built in the background."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="vendor_exports")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    tables_total = models.PositiveIntegerField(default=0)
    tables_done = models.PositiveIntegerField(default=0)
    rows = models.BigIntegerField(default=0)
    # Relative to the tenant's media folder (MEDIA_ROOT/<schema>/).
    file_name = models.CharField(max_length=200, blank=True)
    size = models.BigIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"export #{self.pk} of {self.tenant_id} ({self.status})"

    @property
    def progress(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.tables_total:
            return 0
        return min(99, int(self.tables_done * 100 / self.tables_total))


class TenantDeletion(models.Model):
    """Scheduled deletion of a tenant after a grace period; cancellable until it runs.

    The row outlives the tenant (snapshot fields) so churn history and the vendor's record of what
    was deleted, when and by whom survive the purge.
    """

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")
        DONE = "done", _("Deleted")

    tenant = models.ForeignKey(
        "tenants.Tenant", null=True, on_delete=models.SET_NULL, related_name="deletions"
    )
    schema_name = models.CharField(max_length=63)
    subdomain = models.CharField(max_length=40, blank=True)
    tenant_name = models.CharField(max_length=100, blank=True)
    activated_on = models.DateTimeField(null=True, blank=True)
    canceled_at = models.DateTimeField(null=True, blank=True)  # the subscription's, at purge time
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    reason = models.TextField(blank=True)
    requested_by_email = models.EmailField()
    requested_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField(db_index=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by_email = models.EmailField(blank=True)
    executed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant"], condition=Q(status="scheduled"), name="uniq_scheduled_deletion"
            )
        ]

    def __str__(self) -> str:
        return f"deletion of {self.subdomain or self.schema_name} ({self.status})"


class TenantActivity(models.Model):
    """When a tenant's own staff last used it (updated at most every few minutes per process)."""

    tenant = models.OneToOneField("tenants.Tenant", on_delete=models.CASCADE, related_name="vendor_activity")
    last_activity_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.tenant_id}@{self.last_activity_at}"
