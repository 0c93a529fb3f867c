import logging
import threading
import time

from django.apps import AppConfig
from django.conf import settings
from django.db import DatabaseError, connection

logger = logging.getLogger(__name__)

# How often the demo's web process signs the chain's head; production runs the command.
DEMO_CHECKPOINT_SECONDS = 300.0


class AuditConfig(AppConfig):
    name = "vetting.audit"
    label = "audit"
    verbose_name = "Audit"

    def ready(self) -> None:
        from vetting.audit import checks  # noqa: F401  (registers the system check)

        if settings.INPROCESS_WORKER:
            threading.Thread(
                target=checkpoint_every,
                args=(DEMO_CHECKPOINT_SECONDS,),
                name="audit-checkpoints",
                daemon=True,
            ).start()


def checkpoint_every(seconds: float) -> None:
    """Sign the chain's head now and every `seconds`, inside the demo's web process; production
    runs `vetting audit checkpoint` from a timer instead. A failed round is logged, not fatal."""
    from vetting.audit import checkpoints  # models are not ready when this module loads

    while True:
        try:
            key = checkpoints.signing_key(settings.AUDIT_SIGNING_KEY, create=True)
            checkpoints.take_checkpoint(
                settings.AUDIT_CHECKPOINT_DIR,
                key,
                interval=seconds,
                copy_to=settings.AUDIT_CHECKPOINT_COPY_DIR,
            )
        except (checkpoints.CheckpointError, DatabaseError, OSError) as exc:
            logger.warning("audit checkpoint failed: %s", exc)
        finally:
            connection.close()
        time.sleep(seconds)
