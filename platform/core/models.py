"""Shared kernel models that live in every tenant schema (and public): audit log, counters."""

from __future__ import annotations

from django.db import connection, models
from django.utils.translation import gettext_lazy as _


class AuditLog(models.Model):
    """Sensitive actions with before/after values. Append-only; shown to the owner."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    target_type = models.CharField(max_length=64)
    target_id = models.CharField(max_length=64)
    reason = models.TextField(_("reason"), blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.action} {self.target_type}:{self.target_id}"


class Counter(models.Model):
    """Named gap-tolerant counters (member numbers, card numbers) without a sequence per name."""

    name = models.CharField(max_length=64, unique=True)
    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}={self.value}"

    @classmethod
    def next(cls, name: str) -> int:
        """Atomically take the next value; a conflicting insert of a new name is handled by upsert."""
        table = cls._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (name, value) VALUES (%s, 1) "  # noqa: S608 (table name is ours)
                f"ON CONFLICT (name) DO UPDATE SET value = {table}.value + 1 RETURNING value",
                [name],
            )
            return int(cursor.fetchone()[0])

    @classmethod
    def take(cls, name: str, n: int) -> range:
        """Atomically reserve ``n`` consecutive values (bulk numbering); empty range when n <= 0."""
        if n <= 0:
            return range(0)
        table = cls._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (name, value) VALUES (%s, %s) "  # noqa: S608 (table name is ours)
                f"ON CONFLICT (name) DO UPDATE SET value = {table}.value + EXCLUDED.value RETURNING value",
                [name, n],
            )
            last = int(cursor.fetchone()[0])
        return range(last - n + 1, last + 1)
