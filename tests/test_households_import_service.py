"""The household import's rules: each classification, the same file twice, chosen duplicates, failed batches."""
import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError

from tests.import_files import FAMILIES, HASAN, MARYAM, ZAHRA, bad_nid, csv_bytes, nid
from tracker.extensions import db
from tracker.households.importing.files import read_sheet
from tracker.households.importing.service import Options, dry_run, mapping_problems, run_import
from tracker.households.services import create_household, find_duplicates
from tracker.models import AuditEntry, Household, Neighborhood


def sheet_of(rows, name="list.csv"):
    return read_sheet(csv_bytes(rows), name)


def households():
    return db.session.scalar(select(func.count(Household.id)))


def hood(name):
    return db.session.scalar(select(Neighborhood).where(Neighborhood.name == name))


def store_family(actor, name="حسن موسوی", phone="09351112233", **extra):
    values = {"name": name, "category": "trustee", "neighborhood_id": hood("تهرانسر شرقی").id, "martyr_name": None,
              "address": "خیابان گلها", "phone": phone, "national_id": nid("002468135"),
              "publicity_consent": False, "notes": "عضو هیئت امنای مسجد"}
    values.update(extra)
    household = create_household(values, actor, force=True)
    db.session.commit()
    return household


def by_row(report):
    return {row.row: row for row in report.rows}


def test_dry_run_names_every_kind_of_row_and_writes_nothing(district, users):
    stored = store_family(users["pr_staff"])  # HASAN, as the file has him: already there
    store_family(users["pr_staff"], name="مریم رضايي", phone=None, national_id=None)  # MARYAM's name only
    rows = [
        ZAHRA,                                                                      # 2 new
        HASAN,                                                                      # 3 exists
        MARYAM,                                                                     # 4 likely duplicate
        ["زهرا کریمی", "", "وردآورد", "", "", "", "شهروند", "", ""],                 # 5 repeats row 2's name
        ["علی نوری", "", "وردآورد", "", "", bad_nid("001111222"), "شهروند", "", ""],  # 6 bad check digit
        ["علی نوری", "", "نارمک", "", "", "", "شهروند", "", ""],                    # 7 not this district's
        ["علی نوری", "", "وردآورد", "", "0912", "", "شهروند", "", ""],                # 8 bad mobile
        ["", "", "وردآورد", "", "09120000001", "", "شهروند", "", ""],                 # 9 no name
        ["علی نوری", "", "وردآورد", "", "", "", "کارمند", "", ""],                    # 10 unknown category
        ["ع" * 161, "", "وردآورد", "", "", "", "شهروند", "", ""],                     # 11 too long
        ["علی\x1bنوری", "", "وردآورد", "", "", "", "شهروند", "", ""],                 # 12 ESC in the name
        ["رضا احمدی", "", "وردآورد", "", "", "", "خانواده شهید", "", ""],             # 13 no martyr's name
        ["رضا احمدی", "", "وردآورد", "", "", "", "شهروند", "", "شاید"],               # 14 consent unreadable
    ]
    before_households, before_audit = households(), db.session.scalar(select(func.count(AuditEntry.id)))
    sheet = sheet_of(rows)
    report = dry_run(sheet, sheet.mapping, Options(), district.id)
    found = by_row(report)
    assert {n: r.status for n, r in found.items()} == {
        2: "new", 3: "exists", 4: "duplicate", 5: "file_duplicate", 6: "invalid", 7: "invalid", 8: "invalid",
        9: "invalid", 10: "invalid", 11: "invalid", 12: "invalid", 13: "invalid", 14: "invalid",
    }
    assert found[3].match_household == stored.id and found[3].exact and not found[3].forceable
    assert found[4].forceable and "مریم رضایی" in found[4].reasons_text()
    assert found[5].match_row == 2 and "ردیف ۲" in found[5].reasons_text()
    expected = {
        6: ("national_id", "کد ملی معتبر نیست."), 7: ("neighborhood", "محلهٔ «نارمک» در این منطقه نیست."),
        8: ("phone", "شماره همراه معتبر نیست."), 9: ("name", "نام خانوار را وارد کنید."),
        10: ("category", "دستهٔ «کارمند» شناخته نیست"), 11: ("name", "بیش از ۱۶۰ نویسه است."),
        12: ("name", "نویسهٔ کنترلی"), 13: ("martyr_name", "نام شهید را وارد کنید."),
        14: ("publicity_consent", "«بله» یا «خیر»"),
    }
    for number, (field, reason) in expected.items():
        assert found[number].problems[0][0] == field, number
        assert reason in found[number].problems[0][1], number
    assert households() == before_households
    assert db.session.scalar(select(func.count(AuditEntry.id))) == before_audit


def test_import_stores_the_new_rows_and_records_one_import_entry(district, users):
    sheet = sheet_of(FAMILIES, "فهرست شهدا.csv")
    report = run_import(sheet, sheet.mapping, Options(), users["pr_staff"])
    assert [row.status for row in report.rows] == ["stored"] * 3
    zahra = db.session.get(Household, report.rows[0].household_id)
    # Stored as the form stores it: Persian yeh and kaf, ASCII mobile, the checked national ID.
    assert (zahra.name, zahra.martyr_name, zahra.phone, zahra.national_id) == (
        "زهرا کریمی", "یوسف کریمی", "09121234567", ZAHRA[5])
    assert zahra.category == "martyr_family" and zahra.publicity_consent and zahra.neighborhood.name == "وردآورد"
    hasan = db.session.get(Household, report.rows[1].household_id)
    assert hasan.phone == "09351112233" and not hasan.publicity_consent and hasan.notes == HASAN[7]
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "import"))
    assert entry.user_id == users["pr_staff"].id
    assert entry.after["file"] == "فهرست شهدا.csv" and entry.after["rows"] == 3 and entry.after["stored"] == 3
    # The import's entry holds counts, never the file's contents.
    assert "09351112233" not in str(entry.after) and "حسن" not in str(entry.after)
    # Each household stored has its own creation entry, as the form writes it: the phone masked.
    created = {e.entity_id: e for e in db.session.scalars(select(AuditEntry).where(AuditEntry.action == "create",
                                                                                 AuditEntry.entity == "household"))}
    assert sorted(created) == sorted(row.household_id for row in report.rows)
    assert created[hasan.id].after["name"] == "حسن موسوی" and "09351112233" not in str(created[hasan.id].after)


def test_the_same_file_twice_adds_nothing_the_second_time(district, users):
    rows = [*FAMILIES, ["مریم رضایی", "", "شهرک دانشگاه", "", "09190009999", "", "شهروند", "", ""]]
    sheet = sheet_of(rows)
    first = run_import(sheet, sheet.mapping, Options(), users["admin"])
    assert [row.status for row in first.rows] == ["stored", "stored", "stored", "file_duplicate"]
    count = households()
    second = run_import(sheet_of(rows), sheet.mapping, Options(), users["admin"])
    assert households() == count
    assert [row.status for row in second.rows] == ["exists", "exists", "exists", "duplicate"]
    # Even asked to store every likely duplicate, a row equal to a stored household is not stored again.
    third = run_import(sheet_of(rows), sheet.mapping, Options(force_all=True), users["admin"])
    assert [row.status for row in third.rows] == ["exists", "exists", "exists", "stored"]
    assert households() == count + 1


def test_a_likely_duplicate_is_stored_only_when_chosen(district, users):
    store_family(users["pr_staff"], name="مریم رضایی", phone=None, national_id=None)
    rows = [MARYAM, ["مریم رضايي", "", "وردآورد", "", "09190002233", "", "شهروند", "", ""]]
    sheet = sheet_of(rows)
    skipped = run_import(sheet, sheet.mapping, Options(), users["pr_staff"])
    assert [row.status for row in skipped.rows] == ["duplicate", "duplicate"]
    chosen = run_import(sheet, sheet.mapping, Options(force_rows=frozenset({3})), users["pr_staff"])
    assert [(row.status, row.forced) for row in chosen.rows] == [("duplicate", False), ("stored", True)]
    assert db.session.get(Household, chosen.rows[1].household_id).phone == "09190002233"


def test_excel_numbers_and_defaults_fill_what_the_file_lacks(district, users):
    rows = [["علی نوری", "", "", "", "9121234567", "13542419", "", "", ""]]
    sheet = sheet_of(rows)
    assert mapping_problems({0: "name"}, Options()) == {
        "neighborhood": "ستون محله را مشخص کنید یا محلهٔ پیش‌فرض را برگزینید.",
        "category": "ستون دسته را مشخص کنید یا دستهٔ پیش‌فرض را برگزینید.",
    }
    options = Options(neighborhood_id=hood("وردآورد").id, category="veteran")
    report = run_import(sheet, sheet.mapping, options, users["pr_staff"])
    household = db.session.get(Household, report.rows[0].household_id)
    # Excel dropped the leading zeros of both numbers; the check digit confirms the ID.
    assert (household.phone, household.national_id) == ("09121234567", "0013542419")
    assert household.category == "veteran" and household.neighborhood.name == "وردآورد"


@pytest.mark.parametrize("typed", [
    {"name": "علي كريمي"}, {"name": "علی‌کریمی"}, {"name": "علیکریمی"}, {"name": "  علی   کریمی "},
    {"phone": "+98 912 123 4567"}, {"phone": "۰۹۱۲۱۲۳۴۵۶۷"}, {"phone": "00989121234567"},
    {"national_id": "001-354241-9"}, {"national_id": "۰۰۱۳۵۴۲۴۱۹"},
    {"name": "علی کریمی‌زاده"}, {"phone": "09121234568"}, {"name": "علي"},
])
def test_the_import_finds_exactly_the_duplicates_the_form_finds(district, users, typed):
    """The import's key sieve must let through every row find_duplicates would match, and only those."""
    store_family(users["pr_staff"], name="علی کریمی", phone="09121234567", national_id="0013542419")
    row = {"name": "رضا احمدی", "phone": "09350000000", "national_id": ""} | typed
    cells = [row["name"], "", "وردآورد", "", row["phone"], row["national_id"], "شهروند", "", ""]
    sheet = sheet_of([cells])
    report = dry_run(sheet, sheet.mapping, Options(), district.id)
    form_finds = bool(find_duplicates(district.id, row["name"], row["phone"], row["national_id"]))
    assert (report.rows[0].status == "duplicate") == form_finds
    assert report.rows[0].status in ("duplicate", "new")


@pytest.fixture
def failing_insert(app):
    """Make the database refuse the INSERT of the household named «خطا»."""

    failing = {"on": True}

    def refuse(conn, cursor, statement, parameters, context, executemany):
        if failing["on"] and statement.lstrip().upper().startswith("INSERT INTO HOUSEHOLD") \
                and "خطا" in str(parameters):
            raise OperationalError(statement, parameters, Exception("disk I/O error"))

    event.listen(db.engine, "before_cursor_execute", refuse)
    yield failing
    event.remove(db.engine, "before_cursor_execute", refuse)


def _family(n, name=None):
    return [name or f"خانوار آزمون {n}", "", "وردآورد", "", f"0912000{n:04d}", "", "شهروند", "", ""]


def test_a_failed_batch_leaves_exactly_the_batches_before_it(district, users, failing_insert):
    rows = [_family(1), _family(2), _family(3), _family(4, "خطا"), _family(5), _family(6)]
    sheet = sheet_of(rows)
    report = run_import(sheet, sheet.mapping, Options(), users["pr_staff"], batch_size=2)
    assert [row.status for row in report.rows] == ["stored", "stored", "failed", "failed", "not_reached",
                                                   "not_reached"]
    assert report.failure.startswith("ذخیرهٔ ردیف‌های ۴ تا ۵ به خطای پایگاه داده خورد")
    names = set(db.session.scalars(select(Household.name)))
    # Row 4 («خانوار آزمون ۳») was written before row 5 failed, and went with its batch.
    assert names == {"خانوار آزمون ۱", "خانوار آزمون ۲"}
    assert all(row.values["name"] for row in report.rows)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "import"))
    assert entry.after["stored"] == 2 and entry.after["failed"] == 2 and entry.after["failed_batch"] is True


def test_after_a_failed_batch_the_same_file_completes_the_list(district, users, failing_insert):
    rows = [_family(1), _family(2), _family(3, "خطا"), _family(4)]
    sheet = sheet_of(rows)
    run_import(sheet, sheet.mapping, Options(), users["pr_staff"], batch_size=2)
    failing_insert["on"] = False  # the disk is fixed
    again = run_import(sheet, sheet.mapping, Options(), users["pr_staff"], batch_size=2)
    assert [row.status for row in again.rows] == ["exists", "exists", "stored", "stored"]
    assert households() == 4
