"""The import-households command: dry run, import with a progress bar, failed batches, refused files."""
from openpyxl import load_workbook
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError

from tests.import_files import FAMILIES, MARYAM, ZAHRA, bad_nid, csv_bytes, xlsx_bytes
from tracker.extensions import db
from tracker.models import AuditEntry, Household


def households() -> int:
    return db.session.scalar(select(func.count(Household.id)))


def imports() -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == "import").order_by(AuditEntry.id)))


def write(tmp_path, data: bytes, name="list.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


ROWS = [*FAMILIES, ZAHRA, ["علی نوری", "", "وردآورد", "", "", bad_nid("001111222"), "شهروند", "", ""]]


def test_dry_run_classifies_every_row_and_writes_nothing(runner, district, tmp_path):
    path = write(tmp_path, csv_bytes(ROWS, encoding="cp1256"), "قدیمی.csv")
    result = runner.invoke(args=["import-households", path, "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "قدیمی.csv (CSV، Windows-1256)، ۵ ردیف" in result.stdout
    assert "تازه: ۳، تکراری در همین فایل: ۱، نادرست: ۱" in result.stdout
    assert "ردیف ۵: تکراری در همین فایل [نام خانوار] عین ردیف ۲ همین فایل است." in result.stdout
    assert "ردیف ۶: نادرست [کد ملی] کد ملی معتبر نیست." in result.stdout
    assert "ردیف‌ها" in result.stderr  # the progress bar's label
    assert households() == 0 and imports() == []


def test_import_stores_the_list_once_with_one_audit_entry(runner, district, users, tmp_path):
    path = write(tmp_path, xlsx_bytes(ROWS), "list.xlsx")
    report = tmp_path / "report.xlsx"
    result = runner.invoke(args=["import-households", path, "--user", "pr_staff", "--report", str(report)])
    assert result.exit_code == 0, result.output
    assert "ثبت شد: ۳، تکراری در همین فایل: ۱، نادرست: ۱" in result.stdout
    assert households() == 3
    entry, = imports()
    assert entry.user_id == users["pr_staff"].id and (entry.after["rows"], entry.after["stored"]) == (5, 3)
    sheet = load_workbook(report, read_only=True).active
    statuses = [row[1] for row in list(sheet.iter_rows(values_only=True))[1:]]
    assert statuses == ["ثبت شد", "ثبت شد", "ثبت شد", "تکراری در همین فایل", "نادرست"]

    again = runner.invoke(args=["import-households", path])
    assert again.exit_code == 0, again.output
    assert "از پیش ثبت شده: ۴، نادرست: ۱" in again.stdout
    assert households() == 3 and len(imports()) == 2 and imports()[1].user_id is None


def test_a_failed_batch_exits_3_and_names_the_rows_that_did_not_land(runner, district, tmp_path):
    rows = [[f"خانوار آزمون {n}" if n != 3 else "خطا", "", "وردآورد", "", f"0912000{n:04d}", "", "شهروند", "", ""]
            for n in range(1, 6)]
    path = write(tmp_path, csv_bytes(rows))

    def refuse(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("INSERT INTO HOUSEHOLD") and "خطا" in str(parameters):
            raise OperationalError(statement, parameters, Exception("disk I/O error"))

    event.listen(db.engine, "before_cursor_execute", refuse)
    try:
        result = runner.invoke(args=["import-households", path, "--batch-size", "2"])
    finally:
        event.remove(db.engine, "before_cursor_execute", refuse)
    assert result.exit_code == 3, result.output
    assert "ثبت شد: ۲،" in result.stdout
    assert "ردیف ۴: ثبت نشد: خطای پایگاه داده" in result.stdout
    assert "ردیف ۵: ثبت نشد: خطای پایگاه داده" in result.stdout
    assert "ردیف ۶: ثبت نشد: درون‌ریزی متوقف شد" in result.stdout
    assert "ذخیرهٔ ردیف‌های ۴ تا ۵ به خطای پایگاه داده خورد" in result.stderr
    assert sorted(db.session.scalars(select(Household.name))) == ["خانوار آزمون ۱", "خانوار آزمون ۲"]


def test_refused_input_says_why_in_persian_and_writes_nothing(runner, district, users, tmp_path):
    cases = [
        (write(tmp_path, b"", "empty.csv"), [], "فایل خالی است."),
        (write(tmp_path, b"%PDF-1.7", "list.pdf"), [], "فقط فایل CSV یا اکسل (xlsx) پذیرفته می‌شود."),
        (write(tmp_path, csv_bytes([MARYAM], headers=["نشانی", "محله", "a", "b", "c", "d", "e", "f", "g"]),
               "noname.csv"), [], "ستونی را که نام خانوار دارد مشخص کنید."),
        (write(tmp_path, csv_bytes(FAMILIES)), ["--user", "viewer"],
         "تنها مدیر سامانه و کارشناس روابط عمومی خانوار درون‌ریزی می‌کنند."),
        (write(tmp_path, csv_bytes(FAMILIES)), ["--neighborhood-default", "نارمک"], "محلهٔ «نارمک» در این منطقه نیست."),
    ]
    for path, extra, message in cases:
        result = runner.invoke(args=["import-households", path, *extra])
        assert result.exit_code == 1, (path, result.output)
        assert message in result.stderr, (path, result.stderr)
    assert households() == 0 and imports() == []
