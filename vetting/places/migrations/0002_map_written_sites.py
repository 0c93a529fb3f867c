"""Map the detention sites applications and visits wrote as free text before places were a
list: each text becomes a spelling (one per key), applications on a spelling already mapped get
its place, the others wait in the clerk's queue."""

from typing import Any

from django.db import migrations

BATCH = 5000


def map_written_sites(apps: Any, schema_editor: Any) -> None:
    from vetting.places.selectors import key_of

    application_model = apps.get_model("intake", "Application")
    spelling_model = apps.get_model("places", "Spelling")
    waiting_model = apps.get_model("places", "WaitingApplication")
    visit_model = apps.get_model("selection", "FieldVisit")
    kind = "detention_site"
    keys: dict[str, str] = {}
    by_key: dict[str, list[int]] = {}
    written = application_model.objects.exclude(detention_site="").values_list(
        "pk", "detention_site"
    )
    for pk, text in written.iterator(chunk_size=BATCH):
        if key := keys.setdefault(text, key_of(text)):
            by_key.setdefault(key, []).append(pk)
    first_text = {key: text for text, key in reversed(list(keys.items())) if key}
    for key, text in first_text.items():
        spelling_model.objects.get_or_create(kind=kind, key=key, defaults={"text": text[:200]})
    spellings = {s.key: s for s in spelling_model.objects.filter(kind=kind)}
    for key, ids in by_key.items():
        spelling = spellings[key]
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            if spelling.place_id:
                application_model.objects.filter(pk__in=chunk, place__isnull=True).update(
                    place_id=spelling.place_id
                )
            else:
                waiting_model.objects.bulk_create(
                    [waiting_model(application_id=pk, spelling=spelling) for pk in chunk],
                    ignore_conflicts=True,
                )
    for visit in visit_model.objects.filter(place__isnull=True):
        spelling = spellings.get(key_of(visit.site))
        if spelling is not None and spelling.place_id:
            visit_model.objects.filter(pk=visit.pk).update(place_id=spelling.place_id)


class Migration(migrations.Migration):
    dependencies = [
        ("keys", "0001_initial"),
        ("places", "0001_places_and_spellings"),
        ("intake", "0008_application_place"),
        ("selection", "0002_fieldvisit_place"),
    ]

    operations = [migrations.RunPython(map_written_sites, migrations.RunPython.noop)]
