"""Commission entries are append-only (a refund adds negative entries), enforced by the database."""

from django.db import migrations

FORBID = """
CREATE TRIGGER commissionentry_append_only BEFORE UPDATE OR DELETE ON orders_commissionentry
    FOR EACH ROW EXECUTE FUNCTION huiyuan_ledger_append_only();
"""

ALLOW = "DROP TRIGGER IF EXISTS commissionentry_append_only ON orders_commissionentry;"


class Migration(migrations.Migration):
    dependencies = [("orders", "0001_initial"), ("loyalty", "0002_ledger_append_only")]
    operations = [migrations.RunSQL(FORBID, ALLOW)]
