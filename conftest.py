"""Test-wide settings: browser tests run Playwright's sync API beside Django's ORM."""

import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
