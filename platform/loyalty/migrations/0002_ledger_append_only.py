"""Ledger rows are append-only, enforced by the database itself: corrections are reversals."""

from django.db import migrations

FORBID = """
CREATE OR REPLACE FUNCTION huiyuan_ledger_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'ledger rows are append-only (% on %)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER ledgerentry_append_only BEFORE UPDATE OR DELETE ON loyalty_ledgerentry
    FOR EACH ROW EXECUTE FUNCTION huiyuan_ledger_append_only();
CREATE TRIGGER ledgertransaction_append_only BEFORE UPDATE OR DELETE ON loyalty_ledgertransaction
    FOR EACH ROW EXECUTE FUNCTION huiyuan_ledger_append_only();
"""

ALLOW = """
DROP TRIGGER IF EXISTS ledgerentry_append_only ON loyalty_ledgerentry;
DROP TRIGGER IF EXISTS ledgertransaction_append_only ON loyalty_ledgertransaction;
DROP FUNCTION IF EXISTS huiyuan_ledger_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("loyalty", "0001_initial")]
    operations = [migrations.RunSQL(FORBID, ALLOW)]
