"""Database sessions whose table holds a keyed hash of each session key, never the key itself.

The cookie carries the key; the `django_session` row is found by HMAC(key). A copy of the table
(a backup, a stolen disk) therefore holds nothing that works as a cookie: turning a row back into
a key needs the secret key, which lives in `var/`, not in the database.
"""

import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends import db
from django.utils.encoding import force_bytes


def stored_key(session_key: str) -> str:
    """The column value for a session key: 40 hex digits (160 bits) of HMAC-SHA256."""
    secret = force_bytes(f"vetting.sessions:{settings.SECRET_KEY}")
    return hmac.new(secret, session_key.encode(), hashlib.sha256).hexdigest()[:40]


class SessionStore(db.SessionStore):
    """Django's database sessions, looked up and written by `stored_key`."""

    def _get_session_from_db(self) -> Any:
        return self._with_stored_key(super()._get_session_from_db)  # type: ignore[misc]

    async def _aget_session_from_db(self) -> Any:
        key = self._session_key
        self._session_key = stored_key(key) if key else key
        try:
            found = await super()._aget_session_from_db()  # type: ignore[misc]
        finally:
            if self._session_key is not None:
                self._session_key = key
        return found

    def _with_stored_key(self, read: Any) -> Any:
        # The parent reads self.session_key and clears it when no row matches.
        key = self._session_key
        self._session_key = stored_key(key) if key else key
        try:
            found = read()
        finally:
            if self._session_key is not None:
                self._session_key = key
        return found

    def exists(self, session_key: str) -> bool:
        return bool(self.model.objects.filter(session_key=stored_key(session_key)).exists())

    async def aexists(self, session_key: str) -> bool:
        return bool(await self.model.objects.filter(session_key=stored_key(session_key)).aexists())

    def create_model_instance(self, data: dict[str, Any]) -> Any:
        instance = super().create_model_instance(data)
        instance.session_key = stored_key(instance.session_key)
        return instance

    async def acreate_model_instance(self, data: dict[str, Any]) -> Any:
        instance = await super().acreate_model_instance(data)
        instance.session_key = stored_key(instance.session_key)
        return instance

    def delete(self, session_key: str | None = None) -> None:
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        self.model.objects.filter(session_key=stored_key(session_key)).delete()

    async def adelete(self, session_key: str | None = None) -> None:
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        await self.model.objects.filter(session_key=stored_key(session_key)).adelete()
