"""A visit's site becomes the keyed digest the applications carry, and its name is sealed: the
slots booked on a visit would otherwise tell a copy of the database where each interviewed
prisoner is held."""

from django.db import migrations, models

import vetting.keys.fields
from vetting.keys.migration import place_indexes, seal_columns

PURPOSE = "application.place"  # as vetting.intake.models.PLACE_PURPOSE


class Migration(migrations.Migration):
    dependencies = [
        ("keys", "0001_initial"),
        ("places", "0002_map_written_sites"),
        ("selection", "0002_fieldvisit_place"),
    ]

    operations = [
        migrations.AddField(
            model_name="fieldvisit",
            name="place_index",
            field=models.CharField(
                blank=True, db_index=True, default="", editable=False, max_length=16
            ),
        ),
        migrations.RunPython(*place_indexes("selection.FieldVisit", PURPOSE)),
        migrations.RemoveField(model_name="fieldvisit", name="place"),
        migrations.RemoveIndex(model_name="fieldvisit", name="selection_f_site_cea6bd_idx"),
        migrations.AlterField(
            model_name="fieldvisit",
            name="site",
            field=vetting.keys.fields.EncryptedCharField(
                max_length=200, verbose_name="detention site"
            ),
        ),
        migrations.RunPython(
            seal_columns("selection.FieldVisit", ["site"]), migrations.RunPython.noop
        ),
        migrations.AddIndex(
            model_name="fieldvisit",
            index=models.Index(fields=["place_index", "ends_on"], name="visit_place_ends"),
        ),
    ]
