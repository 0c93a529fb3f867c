"""`vetting keys status | rotate | retire`: the master key ring and the data keys it wraps."""

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from vetting.audit.actions import Actor
from vetting.keys import actions, selectors


class Command(BaseCommand):
    help = "Show, rotate or retire the master keys that wrap the data keys."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("operation", choices=["status", "rotate", "retire"])

    def handle(self, *args: Any, **options: Any) -> None:
        actor = Actor(origin=f"cli keys {options['operation']}")
        operation = options["operation"]
        if operation == "rotate":
            result = actions.rotate_master_key(actor=actor, progress=self._progress)
            verb = "rotated to" if result.started else "finished the rotation to"
            self.stdout.write(
                f"{verb} master key {result.master_key_id}: {result.rewrapped} data keys re-wrapped"
            )
        elif operation == "retire":
            retired = actions.retire_master_keys(actor=actor)
            self.stdout.write(
                f"retired {', '.join(sorted(retired))}" if retired else "nothing to retire"
            )
        for use in selectors.key_ring_status():
            mark = "current" if use.current else "older"
            self.stdout.write(f"  master key {use.id} ({mark}): wraps {use.data_keys} data keys")
        if unused := selectors.unused_master_keys():
            self.stdout.write(
                f"  {len(unused)} older master key(s) wrap nothing: `vetting keys retire` "
                "removes them from the ring"
            )

    def _progress(self, done: int, total: int) -> None:
        if sys.stdout.isatty():
            self.stdout.write(f"\r  re-wrapping {done}/{total}", ending="")
            if done == total:
                self.stdout.write("")
