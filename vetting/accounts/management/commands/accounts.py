"""`vetting accounts create NAME [--role ROLE] | grant NAME ROLE | setup-code NAME | review`:
staff accounts from the server's command line, the root of trust for the first accounts. On
the staff pages every change needs two administrators; here each step is audited."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from vetting.accounts import actions, selectors
from vetting.audit.actions import Actor
from vetting.policy.roles import Role

ROLES = [r.value for r in Role]


class Command(BaseCommand):
    help = "Create staff accounts, grant roles and issue set-up codes on the server."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="operation", required=True)
        create = commands.add_parser("create", help="a new account and its set-up code")
        create.add_argument("username")
        create.add_argument("--role", choices=ROLES)
        grant = commands.add_parser("grant", help="grant a role")
        grant.add_argument("username")
        grant.add_argument("role", choices=ROLES)
        code = commands.add_parser("setup-code", help="a new set-up code for an account")
        code.add_argument("username")
        commands.add_parser("review", help="who holds which role")

    def handle(self, *args: Any, **options: Any) -> None:
        operation = options["operation"]
        actor = Actor(origin=f"cli accounts {operation}")
        if operation == "review":
            for row in selectors.access_review():
                roles = ", ".join(str(h.role.label) for h in row.holdings) or "—"
                self.stdout.write(f"{row.account.get_username()}: {roles}")
            return
        users = get_user_model()._default_manager
        if operation == "create":
            if users.filter(username__iexact=options["username"]).exists():
                raise CommandError(_("An account with this user name already exists."))
            account = actions.create_account_by_command(options["username"], actor=actor)
            if options["role"]:
                actions.grant_role_by_command(account, options["role"], actor=actor)
        else:
            account = users.filter(username=options["username"]).first()
            if account is None:
                raise CommandError(_("No account has this user name."))
            if operation == "grant":
                actions.grant_role_by_command(account, options["role"], actor=actor)
                self.stdout.write(_("Granted."))
                return
        code = actions.issue_setup_code_by_command(account, actor=actor)
        self.stdout.write(
            _("Set-up code for %(name)s (works once, for three days): %(code)s")
            % {"name": account.get_username(), "code": code}
        )
