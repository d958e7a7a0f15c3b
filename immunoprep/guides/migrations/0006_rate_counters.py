"""The table the rate-limit counters live in when there is no Redis (immunoprep.counters)."""

from django.core.management import call_command
from django.db import migrations


def create_counter_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("guides", "0005_visit_loop")]

    operations = [migrations.RunPython(create_counter_table, migrations.RunPython.noop)]
