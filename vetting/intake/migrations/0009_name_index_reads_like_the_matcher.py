from django.db import migrations

from vetting.keys.migration import reindex_names


class Migration(migrations.Migration):
    """The search index holds what the matcher compares (stems, name groups): rebuilt."""

    dependencies = [("intake", "0008_application_place")]

    operations = [
        migrations.RunPython(
            reindex_names("intake.Application", ["name_cyrillic", "name_latin"]),
            migrations.RunPython.noop,
        ),
    ]
