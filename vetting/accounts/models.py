"""Staff are Django users and roles are Django groups (declared in `roles.py`): no models of our own."""
