"""The directory area: departments and senior officials."""
