"""An interview's place is sealed: written as a detention site, it would tell a copy of the
database where the interviewed prisoner is held."""

from django.db import migrations

import vetting.keys.fields
from vetting.keys.migration import seal_columns


class Migration(migrations.Migration):
    dependencies = [
        ("keys", "0001_initial"),
        ("cases", "0009_case_merged_into"),
    ]

    operations = [
        migrations.AlterField(
            model_name="interview",
            name="place",
            field=vetting.keys.fields.EncryptedCharField(max_length=200, verbose_name="place"),
        ),
        migrations.RunPython(
            seal_columns("cases.Interview", ["place"]), migrations.RunPython.noop
        ),
    ]
