"""The landing page and the navigation shared by every page."""
