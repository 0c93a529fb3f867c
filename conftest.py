"""Test-wide settings: browser tests run Playwright's sync API beside Django's ORM."""

import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Commands speak the shell's language (vetting.console); tests read English unless they say.
os.environ["VETTING_LANGUAGE"] = "en"


import pytest  # noqa: E402
from hypothesis import settings as hypothesis_settings  # noqa: E402

# Property tests run the same examples on every `make test`, so a red run can be rerun and
# main stays as green as its code; `make fuzz` draws new examples (HYPOTHESIS_PROFILE=fuzz).
hypothesis_settings.register_profile("repeatable", derandomize=True, database=None)
hypothesis_settings.register_profile("fuzz", print_blob=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hashing is slow on purpose; tests create many staff accounts and only need it correct."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_run_immediately(settings):
    """Background tasks run at enqueue time in tests, so their effects can be asserted."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _fresh_matching_indexes():
    """Each test starts without the worker's cached indexes (databases are reset per test)."""
    from vetting.keys.seal import forget
    from vetting.screening.engine import forget_indexes

    forget()  # a flushed database took its data keys with it
    forget_indexes()
    yield
    forget_indexes()


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Code run outside a request speaks the default language (Ukrainian); tests read English.
    Pages still take their language from the URL."""
    from django.core.signals import request_finished
    from django.utils import translation

    def back_to_english(**kwargs: object) -> None:
        # A page activates its URL's language in the thread that served it; the test client
        # serves in the test's own thread, where the code after the request runs.
        translation.activate("en")

    request_finished.connect(back_to_english, dispatch_uid="tests-back-to-english")
    try:
        with translation.override("en"):
            yield
    finally:
        request_finished.disconnect(dispatch_uid="tests-back-to-english")


@pytest.fixture(autouse=True)
def _audit_checkpoints_apart(settings, tmp_path):
    """Each test has its own checkpoint folder and signing key: a checkpoint of one test's chain
    must not be held against the next test's database."""
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "audit-checkpoints"
    settings.AUDIT_SIGNING_KEY = tmp_path / "keys" / "audit-signing.key"
    settings.AUDIT_PUBLIC_KEY = None
    settings.AUDIT_CHECKPOINT_COPY_DIR = None
    settings.AUDIT_CHECKPOINT_INTERVAL = 300.0


@pytest.fixture(autouse=True)
def _no_rate_limit_counts_between_tests(request):
    """Rate-limit counters live in a database table that transactional tests do not flush."""
    if request.node.get_closest_marker("django_db") is None:
        yield
        return
    from django.core.cache import caches

    request.getfixturevalue("django_db_setup")  # the test database, never the real one
    with request.getfixturevalue("django_db_blocker").unblock():
        caches["guard"].clear()
    yield
