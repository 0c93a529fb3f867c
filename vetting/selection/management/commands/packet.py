"""`vetting packet open|seal`: the field laptop's side of a visit packet, without the server.

    vetting packet open V-00001.vpk --sheet sheet.json        # list, and a sheet to fill
    vetting packet seal --packet V-00001.vpk sheet.json --out results.vpr

Each asks for the packet key, so it stays out of the shell's history; `--key=KEY` (with the
equals sign: a key may begin with "-") gives it on the command line instead.
"""

import getpass
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vetting.selection import packet

KEY_HELP = "The packet key, as --key=KEY; asked for when left out"


class Command(BaseCommand):
    help = "Open a field packet and seal the interview results recorded offline."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        opening = sub.add_parser("open", help="Show the candidates; write the sheet to fill in")
        opening.add_argument("packet", type=Path)
        opening.add_argument("--key", help=KEY_HELP)
        opening.add_argument("--sheet", type=Path, help="Where to write the results sheet")
        sealing = sub.add_parser("seal", help="Seal a filled-in sheet into a results file")
        sealing.add_argument("sheet", type=Path)
        sealing.add_argument("--packet", type=Path, required=True)
        sealing.add_argument("--key", help=KEY_HELP)
        sealing.add_argument("--out", type=Path, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        key = options["key"] or getpass.getpass("Packet key: ")
        try:
            opened = packet.read_packet(options["packet"].read_bytes(), key)
            if options["verb"] == "open":
                self._open(opened, options["sheet"])
            else:
                sheet = json.loads(options["sheet"].read_text(encoding="utf-8"))
                data = packet.seal_results(opened, sheet, key)
                options["out"].write_bytes(data)
                self.stdout.write(f"results sealed into {options['out']}")
        except (OSError, ValueError) as exc:  # PacketError is a ValueError, as is bad JSON
            raise CommandError(str(exc)) from None

    def _open(self, opened: packet.Packet, sheet: Path | None) -> None:
        self.stdout.write(
            f"Visit {opened.visit} to {opened.site}, {opened.starts_on} to {opened.ends_on}"
        )
        for c in opened.candidates:
            self.stdout.write(
                f"  slot {c.slot:>6}  {c.starts_at}  {c.case}  {c.name or c.name_latin}  "
                f"({c.birth_date or '?'})  {c.rank} {c.unit}  with {c.interviewer}"
            )
        if sheet:
            sheet.write_text(
                json.dumps(packet.results_sheet(opened), ensure_ascii=False, indent=2),
                encoding="utf-8",
            )
            self.stdout.write(
                f"Fill in {sheet}: motivation, consistency and fitness "
                f"({', '.join(packet.ASSESSMENTS)}) and notes, per slot."
            )
