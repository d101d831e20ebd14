"""Name every downloaded file the one way: what it is, then the Jalali day it was made."""
from datetime import date

from flask import send_file

from tracker.persian.dates import jalali_str, today_tehran
from tracker.reports.build import spooled_pdf


def download_name(stem: str, ext: str, day: date | None = None) -> str:
    """Return e.g. "feedback-1405-09-09.csv": stem, the Jalali date (ASCII digits, dashes) and ext.

    ASCII digits and dashes keep the name sortable and safe in every browser and file system.
    """
    return f"{stem}-{jalali_str(day or today_tehran()).replace('/', '-')}.{ext}"


def inline_pdf(doc, stem: str, *, dated: bool = True):
    """Send a report document as a PDF the browser shows, named by download_name (or stem.pdf when not dated)."""
    name = download_name(stem, "pdf") if dated else f"{stem}.pdf"
    return send_file(spooled_pdf(doc), mimetype="application/pdf", download_name=name, as_attachment=False)
