"""Stream listings as CSV (UTF-8 with BOM) and XLSX (right-to-left sheet), in flat memory.

An export is a list of columns and an iterator of rows.  Rows are pulled one at a
time: the CSV is yielded line by line, the XLSX is written by openpyxl's write-only
workbook (which spools rows to a temporary file) and then read back in chunks.
Every date column becomes two: the Jalali date and the ISO date beside it.  Every value is
written as tracker.reports.cells.spreadsheet_cell decides: typed, never a formula, writable.
"""
import csv
import io
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from sqlalchemy import Select, func, select

from tracker.audit import record
from tracker.extensions import db
from tracker.lists.events import EventFilter, event_list
from tracker.lists.feedback import FeedbackFilter
from tracker.lists.households import HouseholdFilter, household_list
from tracker.models import (
    Campaign, Event, Household, Neighborhood, Phase, event_household, event_official,
)
from tracker.models.choices import label, timeline_step
from tracker.models.people import PERSONAL_FIELDS, shown
from tracker.persian.dates import jalali_str
from tracker.reports.cells import DATE, EMPTY, NUMBER, TEXT, Cell, spreadsheet_cell
from tracker.reports.queries import feedback_ledger

BOM = "\ufeff"
MASK = "***"
CHUNK = 64 * 1024
YIELD_PER = 1000
JALALI_SUFFIX = " (شمسی)"
ISO_SUFFIX = " (میلادی)"
CSV_MIMETYPE = "text/csv; charset=utf-8"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    """One exported column: a Persian header, how to read the value from a row, and its kind."""

    header: str
    value: Callable[[Any], Any]
    is_date: bool = False
    code: bool = False  # a phone or national ID: text whose leading zero must survive


@dataclass
class Export:
    """A listing to write out: file name, sheet title, columns and a row iterator."""

    name: str
    sheet_title: str
    columns: list[Column]
    rows: Iterable[Any]
    row_count: int | None = None
    filters: dict = field(default_factory=dict)

    def headers(self) -> list[str]:
        """Return the header cells, a date column giving a Jalali and an ISO header."""
        out = []
        for column in self.columns:
            if column.is_date:
                out += [column.header + JALALI_SUFFIX, column.header + ISO_SUFFIX]
            else:
                out.append(column.header)
        return out

    def cells(self, row) -> list[Cell]:
        """Return one row's cells as spreadsheet_cell writes them; a date gives its Jalali text and itself."""
        out = []
        for column in self.columns:
            value = column.value(row)
            if column.is_date:
                out += [spreadsheet_cell(None if value is None else jalali_str(value)), spreadsheet_cell(value)]
            else:
                out.append(spreadsheet_cell(value, code=column.code))
        return out


class _Line:
    """A file-like object that hands back what csv.writer wrote for one row."""

    def __init__(self):
        self.buffer = io.StringIO()

    def take(self) -> str:
        text = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate()
        return text


def csv_chunks(export: Export, rows_per_chunk: int = 500) -> Iterator[bytes]:
    """Yield the CSV as UTF-8 bytes, the first chunk starting with the BOM."""
    line = _Line()
    writer = csv.writer(line.buffer, lineterminator="\r\n")
    writer.writerow(export.headers())
    yield (BOM + line.take()).encode("utf-8")
    pending = 0
    for row in export.rows:
        writer.writerow([cell.csv for cell in export.cells(row)])
        pending += 1
        if pending >= rows_per_chunk:
            yield line.take().encode("utf-8")
            pending = 0
    rest = line.take()
    if rest:
        yield rest.encode("utf-8")


def _xlsx_cell(sheet, cell: Cell):
    """Return what sheet.append takes for one cell: a number as it is, text always a string cell."""
    if cell.kind in (EMPTY, NUMBER):
        return cell.value
    out = WriteOnlyCell(sheet, value=cell.value)
    if cell.kind == TEXT:
        # openpyxl would read "=..." as a formula and "#N/A" as an error; a string it stays.
        out.data_type = "s"
        if cell.guarded:
            out.quotePrefix = True
    elif cell.kind == DATE:
        out.number_format = "yyyy-mm-dd"
    return out


def write_xlsx(export: Export, fileobj) -> int:
    """Write the export as a right-to-left XLSX sheet to fileobj; return the number of rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=export.sheet_title[:31])
    # write_only sheets still carry a sheet view, written with the sheet's XML.
    sheet.sheet_view.rightToLeft = True
    bold = Font(bold=True)
    header = []
    for text in export.headers():
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in export.rows:
        sheet.append([_xlsx_cell(sheet, cell) for cell in export.cells(row)])
        count += 1
    workbook.save(fileobj)
    return count


def xlsx_chunks(export: Export) -> Iterator[bytes]:
    """Yield the XLSX bytes: rows spool through a temporary file, read back in chunks."""
    handle, path = tempfile.mkstemp(suffix=".xlsx", prefix="peyvand-export-")
    try:
        with os.fdopen(handle, "w+b") as spool:
            write_xlsx(export, spool)
            spool.seek(0)
            while chunk := spool.read(CHUNK):
                yield chunk
    finally:
        os.unlink(path)


# -- listings: events and households -------------------------------------------


def _streamed(stmt: Select) -> Iterator:
    """Yield result rows a batch at a time (server-side cursor where the driver has one)."""
    result = db.session.execute(stmt.execution_options(yield_per=YIELD_PER))
    try:
        yield from result
    finally:
        result.close()


def _count(stmt: Select) -> int:
    return db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))


def events_statement(flt: EventFilter) -> Select:
    """Return the filter's events (tracker.lists.events) with campaign, phase, neighborhood and head counts."""
    households = (select(func.count()).select_from(event_household)
                  .where(event_household.c.event_id == Event.id).scalar_subquery())
    officials = (select(func.count()).select_from(event_official)
                 .where(event_official.c.event_id == Event.id).scalar_subquery())
    return (
        event_list(flt)
        .with_only_columns(Event.id, Event.held_on, Event.start_time, Event.kind, Event.status, Event.title,
                           Campaign.title.label("campaign"), Phase.title.label("phase"),
                           Neighborhood.name.label("neighborhood"), households.label("households"),
                           officials.label("officials"))
        .join(Neighborhood, Neighborhood.id == Event.neighborhood_id)
        .outerjoin(Campaign, Campaign.id == Event.campaign_id)
        .outerjoin(Phase, Phase.id == Event.phase_id)
        .order_by(Event.held_on, Event.id)
    )


EVENT_COLUMNS = [
    Column("شناسه", lambda r: r.id),
    Column("تاریخ", lambda r: r.held_on, is_date=True),
    Column("ساعت", lambda r: r.start_time.strftime("%H:%M") if r.start_time else None),
    Column("نوع", lambda r: label(r.kind, "event_kind")),
    Column("وضعیت", lambda r: label(r.status, "event_status")),
    Column("عنوان", lambda r: r.title),
    Column("کمپین", lambda r: r.campaign),
    Column("مرحله", lambda r: r.phase),
    Column("محله", lambda r: r.neighborhood),
    Column("تعداد خانوار", lambda r: r.households),
    Column("تعداد مدیران", lambda r: r.officials),
]


def events_export(flt: EventFilter) -> Export:
    """Return the events listing as an export, by day."""
    return Export("events", "رویدادها", EVENT_COLUMNS, _streamed(events_statement(flt)), filters=_described(flt))


def households_statement(flt: HouseholdFilter) -> Select:
    """Return the filter's households (tracker.lists.households) with their neighborhood, by id."""
    return (
        household_list(flt)
        .with_only_columns(Household.id, Household.name, Household.category, Household.martyr_name,
                           Neighborhood.name.label("neighborhood"), Household.publicity_consent,
                           Household.phone, Household.national_id, Household.address, Household.created_at)
        .join(Neighborhood, Neighborhood.id == Household.neighborhood_id)
        .order_by(Household.id)
    )


def household_columns(hidden: frozenset[str]) -> list[Column]:
    """Return the household columns; the fields hidden from the reader (models.people) are masked."""

    def sensitive(attr):
        return lambda r: shown(getattr(r, attr), attr, hidden, MASK)

    return [
        Column("شناسه", lambda r: r.id),
        Column("نام", lambda r: r.name),
        Column("دسته", lambda r: label(r.category, "category")),
        Column("نام شهید", lambda r: r.martyr_name),
        Column("محله", lambda r: r.neighborhood),
        Column("رضایت به انتشار نام", lambda r: bool(r.publicity_consent)),
        Column("شماره همراه", sensitive("phone"), code=True),
        Column("کد ملی", sensitive("national_id"), code=True),
        Column("نشانی", sensitive("address")),
        Column("تاریخ ثبت", lambda r: r.created_at.date() if r.created_at else None, is_date=True),
    ]


def households_export(flt: HouseholdFilter, *, hidden: frozenset[str]) -> Export:
    """Return the households listing as an export, counted first (the count goes to the audit log)."""
    stmt = households_statement(flt)
    return Export("households", "خانوارها", household_columns(hidden), _streamed(stmt),
                  row_count=_count(stmt), filters=_described(flt))


def _described(flt) -> dict:
    """Return the values chosen in the filter (not the district, nothing left at its default), for the audit log."""
    return {f.name: getattr(flt, f.name) for f in fields(flt)
            if f.name != "district_id" and getattr(flt, f.name) not in (None, "", f.default)}


def _jsonable(filters: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in filters.items() if v is not None}


def note_personal_export(export: Export, fmt: str, actor) -> None:
    """Record in the audit log that actor exported personal data, with the format, rows and filters."""
    record("export_personal_data", actor=actor, entity="household",
           district_id=actor.district_id,
           after={"format": fmt, "rows": export.row_count, "filters": _jsonable(export.filters)})


# -- the feedback ledger (rows from the query module) --------------------------------


def _timeline(row) -> str:
    """Return an item's timeline as one line per step, oldest first."""
    lines = []
    for step in row.timeline:
        parts = [f"{jalali_str(step.at)} {step.at:%H:%M}", timeline_step(step.action, step.to_status)]
        if step.department:
            parts.append(step.department)
        if step.user:
            parts.append(f"({step.user})")
        if step.comment:
            parts.append(f"— {step.comment}")
        lines.append(" ".join(parts))
    return "\n".join(lines)


# The ledger's phone column is left out: the ledger is for auditing the handling of
# feedback, and contact data is exported (and audited) with the households only.
LEDGER_COLUMNS = [
    Column("شناسه", lambda r: r.id),
    Column("تاریخ دریافت", lambda r: r.received_on, is_date=True),
    Column("نوع", lambda r: label(r.kind, "feedback_kind")),
    Column("وضعیت", lambda r: label(r.status, "feedback_status")),
    Column("اولویت", lambda r: label(r.priority, "priority")),
    Column("موضوع", lambda r: r.topic),
    Column("معاونت", lambda r: r.department),
    Column("محله", lambda r: r.neighborhood),
    Column("شناسهٔ رویداد", lambda r: r.event_id),
    Column("تاریخ رویداد", lambda r: r.event_held_on, is_date=True),
    Column("کمپین", lambda r: r.campaign),
    Column("خانوار", lambda r: r.household),
    Column("متن", lambda r: r.text),
    Column("تاریخ ارجاع", lambda r: r.referred_on, is_date=True),
    Column("مهلت پاسخ", lambda r: r.due_on, is_date=True),
    Column("تاریخ پاسخ", lambda r: r.answered_on, is_date=True),
    Column("تاریخ بستن", lambda r: r.closed_on, is_date=True),
    Column("پاسخ", lambda r: r.response),
    Column("رضایت", lambda r: label(r.satisfaction, "satisfaction")),
    Column("گردش کار", _timeline),
]


def feedback_export(flt: FeedbackFilter) -> Export:
    """Return the feedback ledger (queries.feedback_ledger, streamed) as an export."""
    rows = feedback_ledger(flt, hidden=PERSONAL_FIELDS)
    return Export("feedback", "دفتر بازخوردها", LEDGER_COLUMNS, rows, filters=_described(flt))
