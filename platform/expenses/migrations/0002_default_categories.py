"""The categories every shop starts with; their names are shown in each reader's language."""

from django.db import migrations

DEFAULTS = ["rent", "utilities", "wages", "supplies", "marketing", "other"]


def create_defaults(apps, schema_editor):
    ExpenseCategory = apps.get_model("expenses", "ExpenseCategory")
    for order, code in enumerate(DEFAULTS, start=1):
        ExpenseCategory.objects.get_or_create(code=code, defaults={"order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("expenses", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
