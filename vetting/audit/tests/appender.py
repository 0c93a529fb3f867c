"""A separate process for the concurrency test: `append COUNT FOLDER NAME` connects, says it is
ready (FOLDER/ready-NAME), waits for FOLDER/start, then appends COUNT entries, one transaction
each; `summary` prints the chain as JSON.
The database comes from VETTING_DATABASE_URL, as for any other process."""

import json
import os
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vetting.settings")
    import django

    django.setup()
    from django.db import connection

    from vetting.audit.actions import Actor, record
    from vetting.audit.models import AuditEvent

    if argv[0] == "append":
        count, folder, name = int(argv[1]), Path(argv[2]), argv[3]
        connection.ensure_connection()
        (folder / f"ready-{name}").touch()
        while not (folder / "start").exists():
            time.sleep(0.002)
        actor = Actor(origin=f"process {name}")
        for i in range(count):
            record(actor, "application.viewed", None, process=name, i=i)
    elif argv[0] == "summary":
        rows = AuditEvent.objects.order_by("position").values_list("position", "detail")
        print(json.dumps([[position, detail] for position, detail in rows]))


if __name__ == "__main__":
    main(sys.argv[1:])
