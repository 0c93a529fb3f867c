"""An application's detention site from the list becomes a keyed digest of the place's id: a
copy of the database no longer tells which prisoner is held where."""

from django.db import migrations, models

from vetting.keys.migration import place_indexes

PURPOSE = "application.place"  # as vetting.intake.models.PLACE_PURPOSE


class Migration(migrations.Migration):
    dependencies = [
        ("keys", "0001_initial"),
        ("intake", "0010_seal_detention_site"),
        ("places", "0002_map_written_sites"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="place_index",
            field=models.CharField(
                blank=True, db_index=True, default="", editable=False, max_length=16
            ),
        ),
        migrations.RunPython(*place_indexes("intake.Application", PURPOSE)),
        migrations.RemoveField(model_name="application", name="place"),
    ]
