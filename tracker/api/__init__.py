"""JSON API (/api/v1) for field apps and integrations, built on the same services as the web views."""
