"""The table rate-limit counters live in (settings.CACHES["guard"]), made by `migrate` so that
`make demo` and the tests need no separate createcachetable step."""

from django.core.management import call_command
from django.db import migrations

TABLE = "guard_counter"


def create_table(apps, schema_editor):
    call_command("createcachetable", TABLE, database=schema_editor.connection.alias, verbosity=0)


def drop_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [migrations.RunPython(create_table, drop_table)]
