"""The household import on the web: upload, column choice, dry-run report, XLSX report, import, bad files."""
import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError

from tests.import_files import FAMILIES, HASAN, HEADERS_EN, MARYAM, ZAHRA, bad_nid, csv_bytes, nid, xlsx_bytes
from tracker.extensions import db
from tracker.households.importing import files
from tracker.households.services import create_household
from tracker.models import AuditEntry, Household, Neighborhood
from tracker.persian.digits import to_persian_digits as fa

UPLOAD = "/households/import/"


def households() -> int:
    return db.session.scalar(select(func.count(Household.id)))


def imports() -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == "import").order_by(AuditEntry.id)))


def upload(client, data: bytes, filename: str):
    return client.post(UPLOAD, data={"file": (io.BytesIO(data), filename)}, content_type="multipart/form-data")


def token_of(response) -> str:
    """Return the upload's token from the redirect to its column choice."""
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    found = re.fullmatch(r"/households/import/([A-Za-z0-9_-]{22})", response.headers["Location"])
    assert found, response.headers["Location"]
    return found.group(1)


def choices(page: str) -> dict[str, str]:
    """Return each column select's chosen field, by the select's name."""
    chosen = {}
    for name, body in re.findall(r'<select[^>]*name="(column_\d+)"[^>]*>(.*?)</select>', page, re.S):
        selected = re.search(r'<option selected value="([^"]*)"|<option value="([^"]*)" selected', body)
        chosen[name] = next((g for g in selected.groups() if g is not None), "") if selected else ""
    return chosen


def mapping_body(page: str, **changes) -> dict:
    """Return the column-choice form as the page fills it, with some choices changed."""
    return {**choices(page), "neighborhood_default": "", "category_default": "", **changes}


def dry_run(client, token: str, **changes):
    page = client.get(f"{UPLOAD}{token}").get_data(as_text=True)
    return client.post(f"{UPLOAD}{token}", data=mapping_body(page, **changes))


def hood(name):
    return db.session.scalar(select(Neighborhood).where(Neighborhood.name == name))


def store_hasan(actor):
    """Store HASAN as the file has him, with Arabic yeh and spaced mobile as the form would have taken them."""
    household = create_household({
        "name": "حسن موسوي", "category": "trustee", "neighborhood_id": hood("تهرانسر شرقی").id, "martyr_name": None,
        "address": "خیابان گلها", "phone": "0935 111 2233", "national_id": HASAN[5], "publicity_consent": False,
        "notes": HASAN[7]}, actor, force=True)
    db.session.commit()
    return household


# --- the file, in each form the office's Excel writes -------------------------------------------


@pytest.mark.parametrize("data, filename, described", [
    (csv_bytes(FAMILIES), "خانوارها.csv", "CSV، UTF-8"),
    (csv_bytes(FAMILIES, bom=True), "خانوارها.csv", "CSV، UTF-8 (BOM)"),
    (csv_bytes(FAMILIES, encoding="cp1256"), "old-excel.csv", "CSV، Windows-1256"),
    (xlsx_bytes(FAMILIES), "خانوارها.xlsx", "اکسل (xlsx)"),
    (csv_bytes(FAMILIES, headers=HEADERS_EN), "english.csv", "CSV، UTF-8"),
])
def test_each_file_form_reaches_the_column_choice_and_imports(client, auth, district, data, filename, described):
    auth.login("pr_staff")
    token = token_of(upload(client, data, filename))
    page = client.get(f"{UPLOAD}{token}").get_data(as_text=True)
    assert described in page and "۳ ردیف" in page
    # Every column was recognized by its Persian or English header and chosen for its field.
    assert choices(page) == {"column_0": "name", "column_1": "martyr_name", "column_2": "neighborhood",
                             "column_3": "address", "column_4": "phone", "column_5": "national_id",
                             "column_6": "category", "column_7": "notes", "column_8": "publicity_consent"}
    response = dry_run(client, token)
    assert response.headers["Location"] == f"{UPLOAD}{token}/report"
    report = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "تازه: ۳" in report and "ثبت ۳ خانوار تازه" in report and households() == 0
    done = client.post(f"{UPLOAD}{token}/run", follow_redirects=True).get_data(as_text=True)
    assert "۳ خانوار ثبت شد." in done
    stored = {h.name: h for h in db.session.scalars(select(Household))}
    # Stored in one form whichever encoding carried them: Persian yeh and kaf, ASCII mobile digits.
    assert set(stored) == {"زهرا کریمی", "حسن موسوی", "مریم رضایی"}
    assert stored["زهرا کریمی"].phone == "09121234567" and stored["زهرا کریمی"].martyr_name == "یوسف کریمی"
    assert stored["حسن موسوی"].neighborhood.name == "تهرانسر شرقی"


def test_a_column_can_be_chosen_by_hand_when_its_header_is_unknown(client, auth, district):
    headers = ["ستون اول", "نام شهید", "محله", "نشانی", "تلفن همراه", "کد ملی", "دسته", "یادداشت", "رضایت انتشار"]
    auth.login("admin")
    token = token_of(upload(client, csv_bytes(FAMILIES, headers=headers), "list.csv"))
    page = client.get(f"{UPLOAD}{token}").get_data(as_text=True)
    assert choices(page)["column_0"] == ""
    assert "زهرا كريمي" in page  # a sample of the column's values helps to tell what it holds
    refused = dry_run(client, token)
    assert refused.status_code == 200
    assert "ستونی را که نام خانوار دارد مشخص کنید." in refused.get_data(as_text=True)
    assert client.get(f"{UPLOAD}{token}/report").status_code == 302  # no report yet
    assert dry_run(client, token, column_0="name").status_code == 302
    assert "تازه: ۳" in client.get(f"{UPLOAD}{token}/report").get_data(as_text=True)


# --- the dry run's report, the XLSX, the import, and the same file again -------------------------


ROWS = [
    ZAHRA,                                                                             # 2 new
    HASAN,                                                                             # 3 already stored
    ["حسن موسوی", "", "تهرانسر شرقی", "", "", "", "معتمد محل", "", ""],                # 4 likely duplicate (name)
    MARYAM,                                                                            # 5 new
    ["مریم رضايي", "", "شهرک دانشگاه", "", "۰۹۱۹۰۰۰۱۱۲۲", "", "شهروند", "", ""],      # 6 repeats row 5
    ["علی نوری", "", "وردآورد", "", "", bad_nid("001111222"), "شهروند", "", ""],         # 7 bad check digit
    ["رضا احمدی", "", "نارمک", "", "", "", "شهروند", "", ""],                         # 8 unknown neighborhood
    ["سعید نوری", "", "وردآورد", "", "0912", "", "شهروند", "", ""],                      # 9 bad mobile
    ["کاظم جعفری", "", "ويلاشهر", "", "+98 912 000 1133", nid("004455667"), "ايثارگر", "", "بله"],  # 10 new
]


def _report_row(page: str, number: str) -> str:
    row = re.search(rf'<tr class="status-row-[a-z_]+">\s*<td[^>]*>{number}</td>(.*?)</tr>', page, re.S)
    assert row, f"row {number} is not in the report"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row.group(1)))


def test_the_dry_run_names_every_row_then_the_import_stores_or_explains_each(client, auth, district, users):
    stored = store_hasan(users["pr_staff"])
    auth.login("pr_staff")
    data = csv_bytes(ROWS, bom=True)
    token = token_of(upload(client, data, "فهرست ناحیه ۳.csv"))
    dry_run(client, token)
    page = client.get(f"{UPLOAD}{token}/report").get_data(as_text=True)
    assert "هنوز چیزی ثبت نشده است." in page and households() == 1 and imports() == []
    for count in ("تازه: ۳", "از پیش ثبت شده: ۱", "احتمالاً تکراری: ۱", "تکراری در همین فایل: ۱", "نادرست: ۳"):
        assert count in page, count
    assert "از پیش ثبت شده" in _report_row(page, "۳")
    likely = _report_row(page, "۴")
    assert "احتمالاً تکراری" in likely and "نام خانوار" in likely and f"شمارهٔ {fa(stored.id)}" in likely
    assert f'href="/households/{stored.id}"' in page
    assert "تکراری در همین فایل" in _report_row(page, "۶") and "ردیف ۵" in _report_row(page, "۶")
    bad_id, bad_hood, bad_phone = _report_row(page, "۷"), _report_row(page, "۸"), _report_row(page, "۹")
    assert "کد ملی" in bad_id and "کد ملی معتبر نیست." in bad_id
    assert "محله" in bad_hood and "محلهٔ «نارمک» در این منطقه نیست." in bad_hood
    assert "تلفن همراه" in bad_phone and "شماره همراه معتبر نیست." in bad_phone
    # New rows need no attention: they are counted, not listed.
    assert 'status-row-new' not in page
    assert "ثبت ۳ خانوار تازه" in page and 'name="force" value="4"' in page

    sheet = load_workbook(io.BytesIO(client.get(f"{UPLOAD}{token}/report.xlsx").get_data()), read_only=True).active
    cells = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert cells[0][:5] == ["ردیف", "وضعیت", "ستون", "دلیل", "همانند"]
    by_row = {row[0]: row for row in cells[1:]}
    assert sorted(by_row) == list(range(2, 11))  # every row of the file, the new ones too
    assert by_row[2][1] == "تازه" and by_row[7][1] == "نادرست" and by_row[7][2] == "کد ملی"
    assert by_row[8][3] == "محلهٔ «نارمک» در این منطقه نیست." and by_row[6][4] == "ردیف 5"
    assert by_row[9][5] == "سعید نوری"

    done = client.post(f"{UPLOAD}{token}/run", follow_redirects=True).get_data(as_text=True)
    assert "۳ خانوار ثبت شد؛ ۶ ردیف ثبت نشد (دلیل هر یک در گزارش است)." in done
    assert "ثبت شد: ۳" in done and "ردیف‌هایی که ثبت نشدند" in done
    for number in ("۳", "۴", "۶", "۷", "۸", "۹"):  # every row not stored is listed with its reason
        assert _report_row(done, number)
    names = set(db.session.scalars(select(Household.name)))
    assert names == {"حسن موسوی", "زهرا کریمی", "مریم رضایی", "کاظم جعفری"}
    kazem = db.session.scalar(select(Household).where(Household.name == "کاظم جعفری"))
    assert (kazem.neighborhood.name, kazem.category, kazem.phone) == ("ویلاشهر", "veteran", "09120001133")
    final = load_workbook(io.BytesIO(client.get(f"{UPLOAD}{token}/report.xlsx").get_data()), read_only=True).active
    statuses = {row[0]: row[1] for row in list(final.iter_rows(values_only=True))[1:]}
    assert [n for n, status in statuses.items() if status == "ثبت شد"] == [2, 5, 10]
    entry, = imports()
    assert entry.user_id == users["pr_staff"].id and entry.after["file"] == "فهرست ناحیه ۳.csv"
    assert (entry.after["rows"], entry.after["stored"], entry.after["invalid"], entry.after["duplicate"],
            entry.after["file_duplicate"], entry.after["exists"]) == (9, 3, 3, 1, 1, 1)

    # The import cannot be run twice from one upload, and the same file uploaded again adds nothing.
    assert "پیش‌تر درون‌ریزی شده" in client.post(f"{UPLOAD}{token}/run", follow_redirects=True).get_data(as_text=True)
    again = token_of(upload(client, data, "فهرست ناحیه ۳.csv"))
    dry_run(client, again)
    second = client.get(f"{UPLOAD}{again}/report").get_data(as_text=True)
    # Row 6 is row 5 in every field once normalized, so it too is already there.
    assert re.findall(r'id="count-[a-z_]+">([^<]*)<', second) == [
        "از پیش ثبت شده: ۵", "احتمالاً تکراری: ۱", "نادرست: ۳"]
    assert "ثبت ۰ خانوار تازه" in second
    client.post(f"{UPLOAD}{again}/run")
    assert households() == 4 and len(imports()) == 2 and imports()[1].after["stored"] == 0


def test_a_likely_duplicate_ticked_on_the_report_is_stored(client, auth, district, users):
    store_hasan(users["pr_staff"])
    auth.login("admin")
    token = token_of(upload(client, csv_bytes(ROWS[:3]), "list.csv"))
    dry_run(client, token)
    client.post(f"{UPLOAD}{token}/run", data={"force": ["4"]})
    names = list(db.session.scalars(select(Household.name).order_by(Household.id)))
    assert names == ["حسن موسوی", "زهرا کریمی", "حسن موسوی"]
    report = client.get(f"{UPLOAD}{token}/report").get_data(as_text=True)
    assert "ثبت شد: ۲" in report


@pytest.fixture
def failing_insert(app):
    """Make the database refuse the INSERT of the household named «خطا»."""

    def refuse(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("INSERT INTO HOUSEHOLD") and "خطا" in str(parameters):
            raise OperationalError(statement, parameters, Exception("disk I/O error"))

    event.listen(db.engine, "before_cursor_execute", refuse)
    yield
    event.remove(db.engine, "before_cursor_execute", refuse)


def test_a_batch_that_fails_is_stored_not_at_all_and_the_report_says_which_rows_landed(
        client, auth, district, monkeypatch, failing_insert):
    monkeypatch.setattr("tracker.households.importing.service.BATCH_SIZE", 2)
    rows = [[f"خانوار آزمون {n}" if n != 4 else "خطا", "", "وردآورد", "", f"0912000{n:04d}", "", "شهروند", "", ""]
            for n in range(1, 7)]
    auth.login("pr_staff")
    token = token_of(upload(client, csv_bytes(rows), "list.csv"))
    dry_run(client, token)
    response = client.post(f"{UPLOAD}{token}/run", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "ذخیرهٔ ردیف‌های ۴ تا ۵ به خطای پایگاه داده خورد و هیچ‌یک از آن‌ها ثبت نشد" in page
    assert "۲ خانوار ثبت شد؛ ۴ ردیف ثبت نشد" in page
    assert "ثبت نشد: خطای پایگاه داده" in _report_row(page, "۴")
    assert "ثبت نشد: درون‌ریزی متوقف شد" in _report_row(page, "۷")
    # Row 4 was written before row 5 failed, and went with its batch.
    assert set(db.session.scalars(select(Household.name))) == {"خانوار آزمون ۱", "خانوار آزمون ۲"}
    entry, = imports()
    assert entry.after["stored"] == 2 and entry.after["failed_batch"] is True


# --- bad input: a Persian reason beside the file field, nothing written, never a 500 -------------


def _zip_without_workbook() -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    return buffer.getvalue()


@pytest.mark.parametrize("data, filename, message", [
    (b"%PDF-1.7 ...", "list.pdf", files.WRONG_TYPE),
    (b"", "list.csv", files.EMPTY),
    (b" \r\n \r\n", "list.csv", files.EMPTY),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "list.xls", files.OLD_EXCEL),
    (b"not a zip", "list.xlsx", files.BROKEN_XLSX),
    (_zip_without_workbook(), "list.xlsx", files.BROKEN_XLSX),
    (csv_bytes([]), "list.csv", files.NO_ROWS),
    ("شماره,تاریخ\r\n۱,۱۴۰۳/۰۱/۰۱\r\n".encode(), "list.csv", "هیچ ستون شناخته‌شده‌ای"),
    (b"\x00\x01\x02binary\x00" * 10, "list.csv", files.NOT_TEXT),
])
def test_a_bad_file_is_refused_beside_the_field(client, auth, district, data, filename, message):
    auth.login("pr_staff")
    response = upload(client, data, filename)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(r'class="invalid-feedback[^"]*"[^>]*>\s*' + re.escape(message), page), page[-3000:]
    assert households() == 0 and imports() == []


def test_sending_no_file_is_refused(client, auth, district):
    auth.login("pr_staff")
    page = client.post(UPLOAD, data={}, content_type="multipart/form-data").get_data(as_text=True)
    assert "فایلی برای درون‌ریزی برگزینید." in page and "field-error" in page


def test_a_file_past_the_size_limit_gets_a_persian_error(app, client, auth, district):
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    auth.login("pr_staff")
    response = upload(client, csv_bytes([ZAHRA] * 2000), "big.csv")
    assert response.status_code == 413
    assert "حجم فایل بیش از" in response.get_data(as_text=True) and 'lang="fa"' in response.get_data(as_text=True)
    assert households() == 0


def test_a_file_past_the_row_limit_is_refused(client, auth, district, monkeypatch):
    monkeypatch.setattr(files, "MAX_ROWS", 5)
    monkeypatch.setattr(files.read_sheet, "__defaults__", (5,))
    auth.login("pr_staff")
    page = upload(client, csv_bytes([MARYAM] * 6), "list.csv").get_data(as_text=True)
    assert "فایل بیش از ۵ ردیف دارد؛ آن را به چند فایل بخش کنید." in page


def test_no_name_column_is_refused_beside_the_columns_and_nothing_is_checked(client, auth, district):
    auth.login("pr_staff")
    token = token_of(upload(client, csv_bytes(FAMILIES), "list.csv"))
    response = dry_run(client, token, column_0="", column_2="", column_6="")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "ستونی را که نام خانوار دارد مشخص کنید." in page
    assert "ستون محله را مشخص کنید یا محلهٔ پیش‌فرض را برگزینید." in page
    assert "ستون دسته را مشخص کنید یا دستهٔ پیش‌فرض را برگزینید." in page
    twice = dry_run(client, token, column_1="name")
    assert "ستون «نام خانوار» را تنها برای یک ستون فایل انتخاب کنید." in twice.get_data(as_text=True)
    # Nothing was run: no report, nothing stored, and the import refuses to start.
    assert client.get(f"{UPLOAD}{token}/report").status_code == 302
    assert client.post(f"{UPLOAD}{token}/run").status_code == 302
    assert households() == 0 and imports() == []


def test_defaults_fill_a_list_without_neighborhood_and_category_columns(client, auth, district):
    auth.login("pr_staff")
    rows = [["رضا احمدی", "۰۹۱۲۵۵۵۶۶۷۷"], ["نرگس احمدی", ""]]
    token = token_of(upload(client, csv_bytes(rows, headers=["نام", "موبایل"]), "list.csv"))
    dry_run(client, token, neighborhood_default=str(hood("وردآورد").id), category_default="trustee")
    client.post(f"{UPLOAD}{token}/run")
    stored = list(db.session.scalars(select(Household).order_by(Household.id)))
    assert [(h.name, h.neighborhood.name, h.category) for h in stored] == [
        ("رضا احمدی", "وردآورد", "trustee"), ("نرگس احمدی", "وردآورد", "trustee")]


# --- who may import ------------------------------------------------------------------------------


def test_only_admin_and_pr_staff_import_and_see_the_link(client, auth, district, users):
    for role in ("manager", "viewer"):
        auth.login(role)
        assert client.get(UPLOAD).status_code == 403
        assert upload(client, csv_bytes(FAMILIES), "list.csv").status_code == 403
        if role == "manager":
            assert "درون‌ریزی از فایل" not in client.get("/households/").get_data(as_text=True)
        auth.logout()
    assert households() == 0
    for role in ("admin", "pr_staff"):
        auth.login(role)
        listing = client.get("/households/").get_data(as_text=True)
        assert f'href="{UPLOAD}">درون‌ریزی از فایل</a>' in listing
        assert client.get(UPLOAD).status_code == 200
        auth.logout()


def test_an_upload_is_its_uploaders_alone(client, auth, district, users):
    auth.login("pr_staff")
    token = token_of(upload(client, csv_bytes(FAMILIES), "list.csv"))
    dry_run(client, token)
    auth.logout()
    auth.login("admin")
    for url in (f"{UPLOAD}{token}", f"{UPLOAD}{token}/report", f"{UPLOAD}{token}/report.xlsx"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"{UPLOAD}{token}/run").status_code == 404
    assert client.get(f"{UPLOAD}not-a-token").status_code == 404
    assert households() == 0


def test_the_template_names_every_column_the_import_knows(client, auth, district):
    auth.login("pr_staff")
    response = client.get(f"{UPLOAD}template.csv")
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeffنام خانوار,دسته,محله,نام شهید,نشانی,تلفن همراه,کد ملی,رضایت انتشار,یادداشت")
    assert response.headers["Content-Disposition"].startswith("attachment")
