"""Name every downloaded file the one way: what it is, then the Jalali day it was made."""
from datetime import date

from tracker.persian.dates import jalali_str, today_tehran


def download_name(stem: str, ext: str, day: date | None = None) -> str:
    """Return e.g. "feedback-1405-09-09.csv": stem, the Jalali date (ASCII digits, dashes) and ext.

    ASCII digits and dashes keep the name sortable and safe in every browser and file system.
    """
    return f"{stem}-{jalali_str(day or today_tehran()).replace('/', '-')}.{ext}"
