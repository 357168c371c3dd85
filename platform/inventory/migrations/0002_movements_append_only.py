"""Stock movements are append-only, enforced by the database itself: corrections are reversals."""

from django.db import migrations

FORBID = """
CREATE OR REPLACE FUNCTION huiyuan_stock_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'stock movement rows are append-only (% on %)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER stockmovementline_append_only BEFORE UPDATE OR DELETE ON inventory_stockmovementline
    FOR EACH ROW EXECUTE FUNCTION huiyuan_stock_append_only();
CREATE TRIGGER stockmovement_append_only BEFORE UPDATE OR DELETE ON inventory_stockmovement
    FOR EACH ROW EXECUTE FUNCTION huiyuan_stock_append_only();
"""

ALLOW = """
DROP TRIGGER IF EXISTS stockmovementline_append_only ON inventory_stockmovementline;
DROP TRIGGER IF EXISTS stockmovement_append_only ON inventory_stockmovement;
DROP FUNCTION IF EXISTS huiyuan_stock_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("inventory", "0001_initial")]
    operations = [migrations.RunSQL(FORBID, ALLOW)]
