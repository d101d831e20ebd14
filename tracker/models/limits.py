"""Every length and range limit of the data, named once.

The models' columns and CHECK constraints, the web forms and the API's declared shapes all read
these, so a value one door accepts is never refused, or silently cut, at another.
"""

# Names of people and bodies: a household, a martyr, an official and their post, a department,
# a feedback topic, a user's full name.
NAME_MAX = 160
# Names of places: the district, its areas and neighborhoods.
PLACE_NAME_MAX = 120
USERNAME_MAX = 80
# Titles: a campaign and its occasion, a phase, an event, a holiday or day off, a text template.
TITLE_MAX = 200
# What was said and done: a feedback item, the department's answer, an event's minutes, a
# press-release template.
TEXT_MAX = 20_000
# Notes: a household's notes, a campaign's goals, a topic's ready answer, a commitment.
NOTES_MAX = 5_000
ADDRESS_MAX = 2_000
# A comment on a workflow step, and the evidence that a commitment was kept.
COMMENT_MAX = 2_000
EVIDENCE_MAX = 3_000
# A phone number or national ID as typed (prefixes, spaces, dashes), before it is cleaned.
TYPED_NUMBER_MAX = 40
# What is typed into a search box or a list's text filter.
QUERY_MAX = 200

# Ranges, both ends included.
DURATION_MINUTES = (1, 1440)  # an event lasts at most a day
SLA_DAYS = (1, 365)  # working days a department has to answer
PHASE_NUMBER = (1, 99)
TARGET_COUNT = (0, 100_000)  # households a campaign aims to reach in one neighborhood and category
STALE_MONTHS = (1, 120)  # "not visited for N months"
DISTRICT_NUMBER = (1, 99)
PAGE_LIMIT = (1, 200)  # rows of one API page
PAGE_DEFAULT = 50
ID_MAX = 2**31 - 1  # the largest id a 32-bit integer column holds


def between(column: str, limits: tuple[int, int]) -> str:
    """Return the SQL condition "column BETWEEN low AND high" (NULL passes, as a CHECK lets it)."""
    return f"{column} BETWEEN {limits[0]} AND {limits[1]}"


def at_most(column: str, length: int) -> str:
    """Return the SQL condition that column holds at most length characters."""
    return f"{column} IS NULL OR length({column}) <= {length}"
