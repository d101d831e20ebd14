"""The occasions calendar: national and district occasions, and the dates they fall on each year."""
