"""Sign-in by password (Django's), permissions from roles only.

Django's groups and per-user permissions are not read: a permission comes from a role the user
holds by a standing grant (`policy.roles.permissions_of`), so no page, command or copied group
row can hand out a permission without the four-eyes grant behind it."""

from typing import Any

from django.contrib.auth.backends import ModelBackend

from vetting.policy.roles import permissions_of


class RoleBackend(ModelBackend):
    def get_user_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        return set(permissions_of(user_obj))
