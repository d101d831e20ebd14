"""Decide how one value is written into a spreadsheet cell, for every CSV and XLSX export.

Numbers and dates stay typed (a negative count is still a number).  Text is made inert:
a spreadsheet runs a cell that starts with = + - @ (and, after trimming, a tab or carriage
return) as a formula, so in CSV such text gets the OWASP prefix, an apostrophe; in XLSX it is
an inline string cell, which is never evaluated, marked "quote prefix" so that editing it
keeps it text.  Characters XML or UTF-8 cannot carry become U+FFFD; bidi overrides go.

Phones and national IDs are codes: their leading zero must survive.  XLSX keeps them as text
cells.  CSV has no types, and Excel turns 09121234567 into the number 9121234567, so codes
are written grouped the way people write them, 0912 123 4567 and 001-234567-8: Excel keeps
that as text, and the validators read it back.  (The ="0912..." trick is itself a formula.)
"""
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from tracker.output_text import shown

# The full-width forms too: some locales of Excel read them as the ASCII ones.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
CSV_GUARD = "'"
# Excel refuses a longer cell; it counts UTF-16 code units.
XLSX_MAX_UNITS = 32767
TRUNCATED = "…"
YES, NO = "بله", "خیر"

TEXT, NUMBER, DATE, DATETIME, EMPTY = "text", "number", "date", "datetime", "empty"


@dataclass(frozen=True)
class Cell:
    """One cell: its kind, the value an XLSX cell holds, and the text a CSV field holds."""

    kind: str
    value: object
    csv: str
    guarded: bool = False  # text a spreadsheet would otherwise take for a formula


def _grouped_code(text: str) -> str | None:
    """Return a mobile number or national ID grouped as people write it, or None for anything else."""
    if text.isascii() and text.isdigit():
        if len(text) == 11 and text.startswith("09"):
            return f"{text[:4]} {text[4:7]} {text[7:]}"
        if len(text) == 10:
            return f"{text[:3]}-{text[3:9]}-{text[9]}"
    return None


def _fits_xlsx(text: str) -> str:
    """Return text cut to what one Excel cell holds, marked when cut."""
    if len(text) <= XLSX_MAX_UNITS // 2:
        return text
    room, used = XLSX_MAX_UNITS - len(TRUNCATED), 0
    for index, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > room:
            return text if len(text.encode("utf-16-le")) <= 2 * XLSX_MAX_UNITS else text[:index] + TRUNCATED
    return text


def spreadsheet_cell(value, *, code: bool = False) -> Cell:
    """Return how value is written in a spreadsheet; code marks a phone or national ID."""
    if value is None:
        return Cell(EMPTY, None, "")
    if isinstance(value, bool):
        value = YES if value else NO
    elif isinstance(value, (int, float, Decimal)) and not code:
        return Cell(NUMBER, value, str(value))
    elif isinstance(value, datetime):
        return Cell(DATETIME, value, value.isoformat(sep=" "))
    elif isinstance(value, date):
        return Cell(DATE, value, value.isoformat())
    text = shown(str(value))
    if code and (grouped := _grouped_code(text)):
        return Cell(TEXT, text, grouped)
    guarded = text.lstrip(" ").startswith(FORMULA_START)
    return Cell(TEXT, _fits_xlsx(text), CSV_GUARD + text if guarded else text, guarded)
