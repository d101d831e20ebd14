"""JSON API (/api/v1) for field apps and integrations, built on the same services as the web views.

registry.py makes the blueprint and `route`; views.py, records.py and report.py declare their
endpoints with it, so importing them here registers every route before the app registers the blueprint.
"""
from tracker.api import records, report, views  # noqa: F401  (their routes register on bp)
from tracker.api.registry import bp

__all__ = ["bp"]
