"""The shipped implementation rules (``supervision/data/rules.csv``), loaded on migrate."""

from django.db import migrations


def load(apps, schema_editor):
    from qualitas.supervision.services import rules_load_defaults

    rules_load_defaults(
        rule_model=apps.get_model("supervision", "ProductRule"),
        item_model=apps.get_model("supervision", "TestItem"),
    )


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
