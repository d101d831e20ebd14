"""JSON API (/api/v1) for field apps and integrations, built on the same services as the web views.

views.py makes the blueprint, its error handling and the reference and campaign endpoints;
records.py and report.py add theirs to it. Importing the package loads all three before the
app registers the blueprint.
"""
from tracker.api import records, report  # noqa: F401  (they register routes on views.bp)
