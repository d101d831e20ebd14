"""City-wide staff: the district switcher, the city dashboard and the city reports."""
