"""Spreadsheets a manager can work in, and download names that carry the Jalali day."""
import io
import re
from datetime import date

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from tests.test_reports_exports import data  # noqa: F401  (the shared export dataset)
from tracker.extensions import db
from tracker.models import FeedbackUpdate
from tracker.persian.dates import jalali_str, today_tehran
from tracker.reports import exports
from tracker.reports.downloads import download_name

TODAY = jalali_str(today_tehran()).replace("/", "-")


def _sheet(client, url):
    response = client.get(url)
    body = response.get_data()
    response.close()
    return load_workbook(io.BytesIO(body)).active


def test_download_names_carry_the_jalali_day():
    assert download_name("feedback", "csv", date(2026, 11, 30)) == "feedback-1405-09-09.csv"
    assert download_name("month-1405-08", "pdf", date(2026, 3, 20)) == "month-1405-08-1404-12-29.pdf"


def test_every_download_is_named_with_todays_jalali_date(client, auth, data):  # noqa: F811
    auth.login("pr_staff")
    urls = {"/exports/feedback.csv": "feedback", "/exports/events.xlsx": "events",
            "/exports/households.csv": "households", "/reports/ledger.pdf": "feedback-ledger",
            f"/reports/campaign/{data['campaign'].id}.pdf": f"campaign-{data['campaign'].id}",
            f"/reports/visit/{data['events'][0].id}.pdf": f"visit-{data['events'][0].id}"}
    for url, stem in urls.items():
        response = client.get(url)
        disposition = response.headers["Content-Disposition"]
        response.close()
        assert f"{stem}-{TODAY}." in disposition, (url, disposition)
        assert not re.search(r"\d{8}", disposition)  # no Gregorian 20261130 left


def test_xlsx_has_widths_a_frozen_filtered_header_and_wrapped_multiline_cells(client, auth, data):  # noqa: F811
    db.session.add(FeedbackUpdate(item_id=data["items"][0].id, action="refer", from_status="new",
                                  to_status="referred"))  # a second step: a cell of two lines
    db.session.commit()
    auth.login("pr_staff")
    sheet = _sheet(client, "/exports/feedback.xlsx")
    header = [c.value for c in sheet[1]]
    last = get_column_letter(len(header))
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{last}{sheet.max_row}"
    widths = {k: d.width for k, d in sheet.column_dimensions.items()}
    text_col = get_column_letter(header.index("متن") + 1)
    flow_col = get_column_letter(header.index("گردش کار") + 1)
    id_col = get_column_letter(header.index("شناسه") + 1)
    assert widths[text_col] > widths[id_col] >= exports.MIN_WIDTH
    assert max(widths.values()) <= exports.MAX_WIDTH
    flow = sheet[f"{flow_col}2"]
    assert "\n" in flow.value and flow.alignment.wrap_text
    assert not sheet[f"{id_col}2"].alignment.wrap_text


def test_column_widths_follow_the_longest_line_within_bounds():
    cell = exports.spreadsheet_cell
    rows = [[cell("کوتاه"), cell("x" * 200), cell("یک\nخط بلندتر از دیگری")]]
    assert exports.column_widths(["ش", "متن", "گردش"], rows) == [8.0, 60.0, 20.0]
