"""Sign-in, roles and API tokens."""
