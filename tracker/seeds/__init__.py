"""Reference data (the district, its neighborhoods, topics, holidays) and demo data."""
