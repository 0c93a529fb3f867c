"""Commands speak their user's language, as the pages do: VETTING_LANGUAGE, else the shell's
locale (LC_ALL, LC_MESSAGES, LANG) when it names Ukrainian, Russian or English, else the
project's default language. Django's own commands stay in English."""

import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation


def console_language(environ: dict[str, str] | None = None) -> str:
    """The language a command speaks, from the environment."""
    environ = dict(os.environ if environ is None else environ)
    known = {code for code, _ in settings.LANGUAGES}
    for variable in ("VETTING_LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        code = environ.get(variable, "")[:2].lower()
        if code in known:
            return code
    return settings.LANGUAGE_CODE


class ConsoleCommand(BaseCommand):
    """A management command whose messages, help and errors are in the user's language."""

    leave_locale_alone = True

    def execute(self, *args: Any, **options: Any) -> Any:
        with translation.override(console_language()):
            return super().execute(*args, **options)

    def run_from_argv(self, argv: list[str]) -> None:
        # Help is printed while parsing, before execute().
        with translation.override(console_language()):
            super().run_from_argv(argv)
