"""How one value becomes a spreadsheet cell: typed, never a formula, always writable."""
from datetime import date
from decimal import Decimal

import pytest

from tracker.output_text import shown, writable
from tracker.reports.cells import (
    DATE, EMPTY, NUMBER, TEXT, XLSX_MAX_UNITS, spreadsheet_cell,
)

FORMULAS = ['=HYPERLINK("http://x"&A1)', "+1", "-2", "@SUM(1)", "\t=1", "\r=1", " =1", "＝1+1"]


@pytest.mark.parametrize("text", FORMULAS)
def test_text_a_spreadsheet_would_run_is_prefixed_in_csv_and_a_plain_string_in_xlsx(text):
    cell = spreadsheet_cell(text)
    assert cell.kind == TEXT and cell.guarded
    assert cell.csv == "'" + text
    assert cell.value == text


@pytest.mark.parametrize("text", ["خانوادهٔ شاهدی", "Ali = 2", "2-1", "a@b", "#N/A", "🩷 قدردانی"])
def test_ordinary_text_is_written_as_it_is(text):
    cell = spreadsheet_cell(text)
    assert (cell.kind, cell.value, cell.csv, cell.guarded) == (TEXT, text, text, False)


@pytest.mark.parametrize("number", [-2, 0, 17, -2.5, Decimal("-3.25")])
def test_numbers_stay_numbers_negative_ones_included(number):
    cell = spreadsheet_cell(number)
    assert (cell.kind, cell.value, cell.csv) == (NUMBER, number, str(number))


def test_empty_boolean_and_date_cells():
    assert spreadsheet_cell(None).kind == EMPTY and spreadsheet_cell(None).csv == ""
    assert spreadsheet_cell(True).csv == "بله" and spreadsheet_cell(False).value == "خیر"
    day = spreadsheet_cell(date(2024, 4, 8))
    assert (day.kind, day.value, day.csv) == (DATE, date(2024, 4, 8), "2024-04-08")


def test_characters_a_file_cannot_carry_become_the_replacement_and_overrides_go():
    cell = spreadsheet_cell("نام\x00خانوار\x07 \ud800 \uffff \u202eabc\u2066")
    assert cell.value == cell.csv == "نام\ufffdخانوار\ufffd \ufffd \ufffd abc"
    assert spreadsheet_cell("سطر یک\nسطر دو\tستون").value == "سطر یک\nسطر دو\tستون"


def test_phones_and_national_ids_keep_their_leading_zeros():
    phone = spreadsheet_cell("09121234567", code=True)
    assert (phone.kind, phone.value, phone.csv) == (TEXT, "09121234567", "0912 123 4567")
    national_id = spreadsheet_cell("0013542419", code=True)
    assert (national_id.value, national_id.csv) == ("0013542419", "001-354241-9")
    # Stored before validation, or masked: text like any other, formulas still prefixed.
    assert spreadsheet_cell("+989121234567", code=True).csv == "'+989121234567"
    assert spreadsheet_cell("***", code=True).csv == "***"


def test_a_cell_longer_than_excel_holds_is_cut_in_xlsx_only():
    for text in ("ب" * 40000, "🩷" * 20000, "a" * XLSX_MAX_UNITS):
        cell = spreadsheet_cell(text)
        assert len(cell.value.encode("utf-16-le")) // 2 <= XLSX_MAX_UNITS
        assert cell.csv == text
    assert spreadsheet_cell("a" * XLSX_MAX_UNITS).value == "a" * XLSX_MAX_UNITS
    assert spreadsheet_cell("ب" * 40000).value.endswith("…")


def test_shown_text_keeps_persian_marks_and_emoji():
    text = "می‌روم\u200f ۱۲ «نقل» 🩷 \U0001fa77"
    assert shown(text) == writable(text) == text
