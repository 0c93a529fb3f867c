"""Staff are Django users and roles are Django groups (declared in `roles.py`).

The app has no models of its own; this module exists so that post_migrate reaches it.
"""
