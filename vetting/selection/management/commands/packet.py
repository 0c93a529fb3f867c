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

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vetting.console import ConsoleCommand
from vetting.selection import packet


class Command(ConsoleCommand):
    # Translated when printed, in the language of the shell (vetting.console).
    help = gettext_lazy("Open a field packet and seal the interview results recorded offline.")  # type: ignore[assignment]

    def add_arguments(self, parser: CommandParser) -> None:
        key_help = _("The packet key, as --key=KEY; asked for when left out")
        sub = parser.add_subparsers(dest="verb", required=True)
        opening = sub.add_parser("open", help=_("Show the candidates; write the sheet to fill in"))
        opening.add_argument("packet", type=Path)
        opening.add_argument("--key", help=key_help)
        opening.add_argument("--sheet", type=Path, help=_("Where to write the results sheet"))
        sealing = sub.add_parser("seal", help=_("Seal a filled-in sheet into a results file"))
        sealing.add_argument("sheet", type=Path)
        sealing.add_argument("--packet", type=Path, required=True)
        sealing.add_argument("--key", help=key_help)
        sealing.add_argument("--out", type=Path, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        key = options["key"] or getpass.getpass(_("Packet key: "))
        try:
            opened = packet.read_packet(options["packet"].read_bytes(), key)
            if options["verb"] == "open":
                self._open(opened, options["sheet"])
            else:
                sheet = json.loads(options["sheet"].read_text(encoding="utf-8"))
                data = packet.seal_results(opened, sheet, key)
                options["out"].write_bytes(data)
                self.stdout.write(_("Results sealed into %(path)s") % {"path": options["out"]})
        except (OSError, ValueError) as exc:  # PacketError is a ValueError, as is bad JSON
            raise CommandError(str(exc)) from None

    def _open(self, opened: packet.Packet, sheet: Path | None) -> None:
        self.stdout.write(
            _("Visit %(visit)s to %(site)s, %(start)s to %(end)s")
            % {
                "visit": opened.visit,
                "site": opened.site,
                "start": opened.starts_on,
                "end": opened.ends_on,
            }
        )
        for c in opened.candidates:
            self.stdout.write(
                "  "
                + _("slot %(slot)s") % {"slot": f"{c.slot:>6}"}
                + f"  {c.starts_at}  {c.case}  {c.name or c.name_latin}  "
                f"({c.birth_date or '?'})  {c.rank} {c.unit}  "
                + _("interviewer: %(who)s")
                % {"who": c.interviewer}
            )
        if sheet:
            sheet.write_text(
                json.dumps(packet.results_sheet(opened), ensure_ascii=False, indent=2),
                encoding="utf-8",
            )
            self.stdout.write(
                _(
                    "Fill in %(sheet)s: motivation, consistency and fitness (%(values)s) "
                    "and notes, per slot."
                )
                % {"sheet": sheet, "values": ", ".join(packet.ASSESSMENTS)}
            )
