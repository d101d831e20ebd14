"""Read an uploaded list of households: CSV in any encoding the office's Excel writes, or XLSX.

CSV is decoded as UTF-8 (with or without a BOM) when it is valid UTF-8, else as Windows-1256,
which older Persian Excel writes; Excel's "Unicode text" (UTF-16 with a BOM, tab-separated) is read
too. No guessing library is used: strict UTF-8 almost never accepts a Windows-1256 file by
accident, and every byte is defined in Windows-1256, so the two steps always give an answer.
"""
import codecs
import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import PurePath

from tracker.households.importing.columns import guess_mapping
from tracker.persian.digits import to_persian_digits

# A web upload is refused beyond this many rows; the command line takes any number.
MAX_ROWS = 20_000
# The header is looked for among the first rows (a title line above it is common).
HEADER_SEARCH_ROWS = 10
CSV_NAMES = (".csv", ".txt", ".tsv")
XLSX_NAMES = (".xlsx", ".xlsm")
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls
DELIMITERS = (",", ";", "\t")

WRONG_TYPE = "فقط فایل CSV یا اکسل (xlsx) پذیرفته می‌شود."
OLD_EXCEL = "این فایل اکسل قدیمی (xls) است؛ آن را در اکسل با قالب «xlsx» یا «CSV UTF-8» ذخیره کنید."
BROKEN_XLSX = "فایل اکسل خراب است یا خوانده نمی‌شود؛ آن را در اکسل باز کنید و دوباره ذخیره کنید."
NOT_TEXT = "این فایل متنی (CSV) نیست؛ فایل CSV یا xlsx بفرستید."
EMPTY = "فایل خالی است."
NO_ROWS = "فایل جز سطر عنوان ستون‌ها ردیفی ندارد."
NO_HEADERS = ("هیچ ستون شناخته‌شده‌ای در سطر عنوان فایل پیدا نشد. سطر اول باید نام ستون‌ها باشد، "
              "مانند «نام خانوار»، «محله»، «تلفن همراه» و «کد ملی».")
TOO_MANY = "فایل بیش از {rows} ردیف دارد؛ آن را به چند فایل بخش کنید."
BROKEN_CSV = "سطر {line} فایل CSV خوانده نمی‌شود؛ فایل را در اکسل باز کنید و دوباره ذخیره کنید."


class ImportFileError(ValueError):
    """The file cannot be read as a list of households; the message is Persian."""

    field = "file"


@dataclass
class Sheet:
    """A list read from a file: its header cells and its data rows, numbered as the spreadsheet shows them."""

    filename: str
    kind: str  # "csv" or "xlsx"
    encoding: str | None
    header_row: int
    headers: list[str]
    rows: list[tuple[int, list[str]]]
    blank_rows: int = 0
    mapping: dict[int, str] = field(default_factory=dict)  # the columns recognized by their headers

    def describe(self) -> str:
        """Return the file's kind and encoding in Persian, e.g. «CSV، Windows-1256»."""
        return "اکسل (xlsx)" if self.kind == "xlsx" else f"CSV، {self.encoding}"


def _fail(message: str) -> ImportFileError:
    return ImportFileError(message)


def decode_csv(data: bytes) -> tuple[str, str]:
    """Return the CSV's text and the name of the encoding it was read in."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as error:
            raise _fail(NOT_TEXT) from error
    try:
        text = data.decode("utf-8-sig")
        encoding = "UTF-8" if not data.startswith(codecs.BOM_UTF8) else "UTF-8 (BOM)"
    except UnicodeDecodeError:
        text, encoding = data.decode("cp1256"), "Windows-1256"
    if "\x00" in text:
        raise _fail(NOT_TEXT)  # a binary file: text files never hold NUL
    return text, encoding


def _delimiter(text: str) -> str:
    """Return the separator the first line uses most (Excel writes ";" or tab in some locales)."""
    first = text.split("\n", 1)[0]
    return max(DELIMITERS, key=first.count) if any(d in first for d in DELIMITERS) else ","


def _csv_rows(text: str):
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        for cells in reader:
            yield reader.line_num, cells
    except csv.Error as error:
        raise _fail(BROKEN_CSV.format(line=to_persian_digits(reader.line_num + 1))) from error


def _cell_text(value) -> str:
    """Return a spreadsheet cell as text, whole numbers without ".0" (phones and IDs arrive as numbers)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "بله" if value else "خیر"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value)


def _xlsx_rows(data: bytes):
    from openpyxl import load_workbook

    # openpyxl reports a damaged file with whichever error its zip or XML layer meets first.
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:
        raise _fail(BROKEN_XLSX) from error
    try:
        sheet = workbook.active or workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_cell_text(value) for value in values]
    except ImportFileError:
        raise
    except Exception as error:
        raise _fail(BROKEN_XLSX) from error
    finally:
        workbook.close()


def kind_of(data: bytes, filename: str) -> str:
    """Return "csv" or "xlsx" for an upload, judged by its name and checked against its first bytes."""
    suffix = PurePath(filename or "").suffix.lower()
    if data.startswith(OLE_MAGIC) or suffix == ".xls":
        raise _fail(OLD_EXCEL)
    if suffix in XLSX_NAMES:
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise _fail(BROKEN_XLSX)
        return "xlsx"
    if suffix in CSV_NAMES or not suffix:
        if data.startswith(ZIP_MAGIC):
            return "xlsx"  # an Excel file saved under a .csv name still reads
        return "csv"
    raise _fail(WRONG_TYPE)


def _blank(cells: list[str]) -> bool:
    return not any(cell.strip() for cell in cells)


def read_sheet(data: bytes, filename: str, max_rows: int | None = MAX_ROWS) -> Sheet:
    """Read the file's header and rows, or raise ImportFileError saying in Persian what is wrong."""
    if not data.strip():
        raise _fail(EMPTY)
    kind = kind_of(data, filename)
    encoding = None
    if kind == "csv":
        text, encoding = decode_csv(data)
        numbered = _csv_rows(text)
    else:
        numbered = _xlsx_rows(data)
    sheet = None
    seen_any = False
    blanks = 0  # blank rows count only when a row follows them: Excel keeps empty rows at the end
    for number, cells in numbered:
        if sheet is None:
            seen_any = seen_any or not _blank(cells)
            mapping = guess_mapping(cells)
            if mapping:
                sheet = Sheet(PurePath(filename or "").name, kind, encoding, number, cells, [], mapping=mapping)
            elif number >= HEADER_SEARCH_ROWS:
                break
            continue
        if _blank(cells):
            blanks += 1
            continue
        if max_rows is not None and len(sheet.rows) >= max_rows:
            raise _fail(TOO_MANY.format(rows=to_persian_digits(max_rows)))
        sheet.blank_rows += blanks
        blanks = 0
        sheet.rows.append((number, cells))
    if sheet is None:
        raise _fail(NO_HEADERS if seen_any else EMPTY)
    if not sheet.rows:
        raise _fail(NO_ROWS)
    return sheet
