"""The row-by-row report of a dry run or an import, and its XLSX download."""
from dataclasses import asdict, dataclass, field

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from tracker.households.importing.columns import FIELDS

# A dry run says what would happen; an import says what did.
STATUSES = {
    "new": "تازه",
    "stored": "ثبت شد",
    "exists": "از پیش ثبت شده",
    "duplicate": "احتمالاً تکراری",
    "file_duplicate": "تکراری در همین فایل",
    "invalid": "نادرست",
    "failed": "ثبت نشد: خطای پایگاه داده",
    "not_reached": "ثبت نشد: درون‌ریزی متوقف شد",
}
# Rows that hold something for the user to look at (new and stored rows need nothing).
ATTENTION = ("invalid", "duplicate", "file_duplicate", "exists", "failed", "not_reached")
REPORT_HEADERS = ["ردیف", "وضعیت", "ستون", "دلیل", "همانند"]


@dataclass
class RowResult:
    """What became of one row: its status, the fields at fault with Persian reasons, and its values."""

    row: int
    status: str
    values: dict[str, str]
    problems: list[tuple[str, str]] = field(default_factory=list)  # (field, reason)
    match_household: int | None = None  # the stored household it repeats or resembles
    match_name: str | None = None
    match_row: int | None = None  # the earlier row of the file it repeats
    exact: bool = False  # the same in every field: never stored again
    forced: bool = False  # a likely duplicate the user chose to store anyway
    household_id: int | None = None  # the household stored from it

    @property
    def forceable(self) -> bool:
        """Tell whether the user may choose to store this likely duplicate anyway."""
        return self.status in ("duplicate", "file_duplicate") and not self.exact

    def fields_text(self) -> str:
        """Return the Persian names of the fields at fault."""
        return "، ".join(FIELDS.get(name, name) for name, _ in self.problems)

    def reasons_text(self) -> str:
        """Return the Persian reasons, one after another."""
        return " ".join(reason for _, reason in self.problems)

    def match_text(self) -> str:
        """Return which household or row this one repeats, in Persian."""
        if self.match_row is not None:
            return f"ردیف {self.match_row}"
        if self.match_household is not None:
            return f"خانوار شمارهٔ {self.match_household}: {self.match_name or ''}".strip()
        return ""


@dataclass
class Report:
    """The outcome of a dry run or of an import, for every row of the file."""

    filename: str
    dry_run: bool
    rows: list[RowResult] = field(default_factory=list)
    blank_rows: int = 0
    failure: str | None = None  # the Persian account of a batch that failed, if one did

    def counts(self) -> dict[str, int]:
        """Return how many rows have each status (every status, zeros included)."""
        counts = dict.fromkeys(STATUSES, 0)
        for row in self.rows:
            counts[row.status] += 1
        return counts

    def attention(self) -> list[RowResult]:
        """Return the rows the user should look at, in file order."""
        return [row for row in self.rows if row.status in ATTENTION]

    def stored_rows(self) -> list[int]:
        """Return the numbers of the rows stored."""
        return [row.row for row in self.rows if row.status == "stored"]

    def to_dict(self) -> dict:
        """Return the report as JSON-ready data."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Report":
        """Rebuild a report from to_dict()'s data."""
        rows = [RowResult(**{**row, "problems": [tuple(p) for p in row["problems"]]}) for row in data["rows"]]
        return cls(**{**data, "rows": rows})


def _cell(sheet, value):
    """Return a cell holding value as text, never as a formula (a file's «=...» must stay text)."""
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def write_report_xlsx(report: Report, fileobj) -> None:
    """Write the report as a right-to-left sheet: row, status, fields, reason, match, then the row's values."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="گزارش درون‌ریزی")
    sheet.sheet_view.rightToLeft = True
    bold = Font(bold=True)
    header = []
    for text in REPORT_HEADERS + list(FIELDS.values()):
        cell = _cell(sheet, text)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in report.rows:
        status = STATUSES[row.status] + (" (به انتخاب کاربر ثبت شد)" if row.forced and row.status == "stored" else "")
        cells = [row.row, status, row.fields_text(), row.reasons_text(), row.match_text()]
        cells += [row.values.get(name, "") for name in FIELDS]
        sheet.append([_cell(sheet, value) for value in cells])
    workbook.save(fileobj)
