"""Household lists as the office's spreadsheets hold them, written as CSV or XLSX bytes for the import tests."""
import csv
import io

from openpyxl import Workbook

from tracker.persian.digits import to_ascii_digits
from tracker.persian.validators import national_id_check_digit

HEADERS_FA = ["نام خانوار", "نام شهید", "محله", "نشانی", "تلفن همراه", "کد ملی", "دسته", "یادداشت", "رضایت انتشار"]
HEADERS_EN = ["name", "martyr_name", "neighborhood", "address", "phone", "national_id", "category", "notes",
              "publicity_consent"]


def nid(first_nine: str) -> str:
    """Return a valid national ID starting with these nine digits."""
    return first_nine + str(national_id_check_digit(first_nine))


def bad_nid(first_nine: str) -> str:
    """Return a national ID whose check digit is wrong."""
    return first_nine + str((national_id_check_digit(first_nine) + 1) % 10)


# Three families, as PR staff type them: Arabic yeh and kaf, Persian digits, a +98 mobile.
ZAHRA = ["زهرا كريمي", "يوسف کریمی", "وردآورد", "کوچهٔ یاس، پلاک ۷", "۰۹۱۲۱۲۳۴۵۶۷", nid("001354241"),
         "خانواده شهید", "", "بله"]
HASAN = ["حسن موسوی", "", "تهرانسر شرقی", "خیابان گلها", "+98 935 111 2233", nid("002468135"), "معتمد محل",
         "عضو هیئت امنای مسجد", "خیر"]
MARYAM = ["مریم رضایی", "", "شهرک دانشگاه", "", "09190001122", "", "شهروند", "", ""]
FAMILIES = [ZAHRA, HASAN, MARYAM]


def csv_bytes(rows, headers=HEADERS_FA, encoding="utf-8", bom=False, delimiter=",") -> bytes:
    """Return the rows under the headers as CSV in the given encoding."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    text = out.getvalue()
    if encoding == "cp1256":
        # Windows-1256 has no Persian yeh, no Persian digits and no hamza above: older Excel writes the
        # Arabic yeh and ASCII digits, and drops the mark.
        text = to_ascii_digits(text.replace("ی", "ي").replace("\u0654", ""))
    data = text.encode(encoding)
    return ("\ufeff".encode(encoding) + data) if bom else data


def xlsx_bytes(rows, headers=HEADERS_FA, title_row: str | None = None) -> bytes:
    """Return the rows under the headers as an XLSX workbook (numbers stay numbers, as Excel keeps them)."""
    workbook = Workbook()
    sheet = workbook.active
    if title_row:
        sheet.append([title_row])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
