"""The `vetting` console script: Django's management commands under the project's own name."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command; `vetting import-applications` is `import_applications`."""
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vetting.settings")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    argv[0] = "vetting"

    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
