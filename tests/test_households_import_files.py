"""Reading an uploaded household list: encodings, XLSX, Persian and English headers, and bad files."""
import io
import zipfile

import pytest

from tests.import_files import FAMILIES, HEADERS_EN, ZAHRA, csv_bytes, xlsx_bytes
from tracker.households.importing.columns import category_code, consent, field_for, guess_mapping
from tracker.households.importing.files import ImportFileError, read_sheet
from tracker.persian.text import normalize

EXPECTED_MAPPING = {0: "name", 1: "martyr_name", 2: "neighborhood", 3: "address", 4: "phone", 5: "national_id",
                    6: "category", 7: "notes", 8: "publicity_consent"}


@pytest.mark.parametrize("data, encoding", [
    (csv_bytes(FAMILIES), "UTF-8"),
    (csv_bytes(FAMILIES, bom=True), "UTF-8 (BOM)"),
    (csv_bytes(FAMILIES, encoding="cp1256"), "Windows-1256"),
    (csv_bytes(FAMILIES, encoding="utf-16", delimiter="\t"), "UTF-16"),
    (csv_bytes(FAMILIES, delimiter=";"), "UTF-8"),
])
def test_csv_is_read_in_each_encoding_excel_writes(data, encoding):
    sheet = read_sheet(data, "خانوارها.csv")
    assert sheet.encoding == encoding
    assert sheet.mapping == EXPECTED_MAPPING
    assert [number for number, _ in sheet.rows] == [2, 3, 4]
    # Windows-1256 holds only the Arabic yeh; the letters are the same to the reader and to the rules.
    assert normalize(sheet.rows[0][1][0]) == "زهرا کریمی"
    assert normalize(sheet.rows[1][1][2]) == "تهرانسر شرقی"


def test_a_utf8_file_is_never_read_as_windows_1256():
    """A valid UTF-8 file stays UTF-8 even when its bytes would also decode as Windows-1256."""
    sheet = read_sheet(csv_bytes([ZAHRA]), "list.csv")
    assert sheet.encoding == "UTF-8" and sheet.headers[0] == "نام خانوار"


def test_xlsx_keeps_numbers_as_their_digits():
    row = ["علی نوری", "", "وردآورد", "", 9121234567, 13542419.0, "شهروند", "", True]
    sheet = read_sheet(xlsx_bytes([row]), "list.xlsx")
    assert sheet.kind == "xlsx" and sheet.mapping == EXPECTED_MAPPING
    cells = sheet.rows[0][1]
    assert cells[4] == "9121234567" and cells[5] == "13542419" and cells[8] == "بله"


def test_a_title_line_above_the_headers_is_skipped():
    sheet = read_sheet(xlsx_bytes(FAMILIES, title_row="فهرست خانواده‌های شهدای محله"), "list.xlsx")
    assert sheet.header_row == 2
    assert [number for number, _ in sheet.rows] == [3, 4, 5]


def test_english_headers_are_recognized():
    assert read_sheet(csv_bytes(FAMILIES, headers=HEADERS_EN), "list.csv").mapping == EXPECTED_MAPPING


@pytest.mark.parametrize("header, field", [
    ("نام و نام خانوادگی", "name"), ("نام خانوار", "name"), ("name", "name"), ("Full Name", "name"),
    ("كد ملي", "national_id"), ("کدملی", "national_id"), ("National_ID", "national_id"),
    ("موبایل", "phone"), ("تلفن‌همراه", "phone"), ("تلفن همراه", "phone"), (" Phone ", "phone"),
    ("آدرس", "address"), ("نشاني", "address"), ("دسته‌بندی", "category"), ("دسته بندي", "category"),
    ("رضایت انتشار", "publicity_consent"), ("نام شهيد", "martyr_name"), ("محله:", "neighborhood"),
    ("یادداشت", "notes"), ("ردیف", None), ("تاریخ تولد", None),
])
def test_header_names_match_across_spellings(header, field):
    assert field_for(header) == field


def test_a_field_named_twice_goes_to_its_first_column():
    assert guess_mapping(["نام", "موبایل", "نام خانوار"]) == {0: "name", 1: "phone"}


@pytest.mark.parametrize("text, code", [
    ("خانواده شهید", "martyr_family"), ("خانوادهٔ شهيد", "martyr_family"), ("martyr_family", "martyr_family"),
    ("معتمد محل", "trustee"), ("جانباز", "veteran"), ("ایثارگر و جانباز", "veteran"), ("شورایار", "council_member"),
    ("شهروند", "citizen"), ("کارمند", None),
])
def test_category_cells_are_read_by_label_or_common_word(text, code):
    assert category_code(text) == code


@pytest.mark.parametrize("text, value", [
    ("بله", True), ("دارد", True), ("✓", True), ("1", True), ("yes", True), ("", False), ("خیر", False),
    ("ندارد", False), ("0", False), ("شاید", None),
])
def test_consent_cells(text, value):
    assert consent(text) == value


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("data, filename, message", [
    (b"", "list.csv", "فایل خالی است."),
    (b"\r\n  \r\n", "list.csv", "فایل خالی است."),
    (csv_bytes([]), "list.csv", "فایل جز سطر عنوان ستون‌ها ردیفی ندارد."),
    (csv_bytes([["a", "b"]], headers=["ستون یک", "ستون دو"]), "list.csv", "هیچ ستون شناخته‌شده‌ای"),
    (b"%PDF-1.4 fake", "list.pdf", "فقط فایل CSV یا اکسل (xlsx) پذیرفته می‌شود."),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "list.xls", "اکسل قدیمی (xls)"),
    (b"this is not a zip", "list.xlsx", "فایل اکسل خراب است"),
    (_zip({"hello.txt": b"not a workbook"}), "list.xlsx", "فایل اکسل خراب است"),
    (xlsx_bytes(FAMILIES)[:2000], "list.xlsx", "فایل اکسل خراب است"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo.csv", "این فایل متنی (CSV) نیست"),
])
def test_bad_files_get_a_persian_reason(data, filename, message):
    with pytest.raises(ImportFileError) as refused:
        read_sheet(data, filename)
    assert message in str(refused.value)


def test_a_file_over_the_row_limit_is_refused_on_the_web_but_not_on_the_command_line():
    data = csv_bytes(FAMILIES * 2)
    with pytest.raises(ImportFileError, match="بیش از ۵ ردیف"):
        read_sheet(data, "list.csv", max_rows=5)
    assert len(read_sheet(data, "list.csv", max_rows=None).rows) == 6


def test_blank_rows_between_rows_are_counted_and_trailing_ones_ignored():
    data = csv_bytes([FAMILIES[0], [""] * 9, FAMILIES[1], [""] * 9, [""] * 9])
    sheet = read_sheet(data, "list.csv")
    assert [number for number, _ in sheet.rows] == [2, 4]
    assert sheet.blank_rows == 1
