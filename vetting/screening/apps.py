import threading

from django.apps import AppConfig
from django.conf import settings


class ScreeningConfig(AppConfig):
    name = "vetting.screening"
    label = "screening"
    verbose_name = "Screening"

    def ready(self) -> None:
        # A received application is screened, and the people its statement names read; its
        # page shows what screening found; an acceptance waits while a watchlist hit is open
        # or a confirmed match holds the case. A new watchlist version sweeps everyone.
        from vetting.intake.actions import on_arrival
        from vetting.intake.sections import on_application_page
        from vetting.policy.rules import provide
        from vetting.screening.actions import on_watchlist_version
        from vetting.screening.selectors import match_refusal
        from vetting.screening.tasks import request_sweep, screen_arrivals
        from vetting.screening.views import application_section

        on_arrival(screen_arrivals, queued=True)
        on_application_page(application_section)
        provide("match_refusal", match_refusal)
        on_watchlist_version(request_sweep)
        if settings.INPROCESS_WORKER:
            threading.Thread(target=_run_worker, name="screening-worker", daemon=True).start()


def _run_worker() -> None:
    """A task worker inside the web process, for the demo: production runs `vetting db_worker`."""
    from datetime import timedelta

    from django_tasks_db.management.commands.db_worker import Worker

    from vetting.audit.actions import Actor
    from vetting.screening.actions import requeue_abandoned_tasks
    from vetting.screening.tasks import request_sweep

    # The only worker of the demo: whatever is still running was left by its previous life.
    requeue_abandoned_tasks(timedelta(0), Actor(origin="screening worker"))
    request_sweep()
    Worker(
        queue_names=["default"],
        interval=1.0,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="in-process",
        excluded_queue_names=[],
    ).run()
