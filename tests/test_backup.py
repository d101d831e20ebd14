"""Backups and restores: a full round trip on the test database, and the files they refuse."""
import os
import re
import shutil
import sqlite3
import stat
import threading

import pytest
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import MetaData, select, text

from tests.factories import first_neighborhood, first_topic, make_event, other_district
from tracker.extensions import db
from tracker.models import AuditEntry, FeedbackUpdate, Household, User

ON_POSTGRES = bool(os.environ.get("TRACKER_TEST_DATABASE_URL"))
CLIENT_TOOLS = ("pg_dump", "pg_restore", "psql")
pytestmark = pytest.mark.skipif(
    ON_POSTGRES and not all(shutil.which(tool) for tool in CLIENT_TOOLS),
    reason="backups of PostgreSQL need pg_dump, pg_restore and psql (Debian: postgresql-client)",
)
postgres_only = pytest.mark.skipif(not ON_POSTGRES, reason="needs TRACKER_TEST_DATABASE_URL")


def snapshot() -> dict[str, list[tuple]]:
    """Return every row of every table in the database, in primary-key order."""
    with db.engine.connect() as conn:
        tables = MetaData()
        tables.reflect(conn)
        return {
            name: [tuple(row) for row in conn.execute(
                select(table).order_by(*(list(table.primary_key.columns) or list(table.columns)))
            )]
            for name, table in tables.tables.items()
        }


def _revision() -> str:
    return db.session.scalar(text("SELECT version_num FROM alembic_version"))


def _set_revision(revision: str) -> None:
    db.session.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    db.session.commit()


def _household(actor, name, phone=None, national_id=None, **more):
    from tracker.households.services import create_household

    data = {"name": name, "category": "martyr_family", "martyr_name": "شهید " + name,
            "neighborhood_id": first_neighborhood(actor.district).id, "phone": phone,
            "national_id": national_id, "address": "تهرانسر، خیابان بهار، کوچهٔ ۳، پلاک ۱۲"}
    return create_household({**data, **more}, actor)


def _fill(district, users, demo=True):
    """Fill the database through the services: the demo, a second district, audited records."""
    from tracker.feedback.services import create_feedback, refer
    from tracker.seeds.demo import seed_demo

    if demo:
        seed_demo(district)
    other_district(22)
    staff = users["pr_staff"]
    household = _household(staff, "خانوادهٔ یزدانی", phone="۰۹۱۲۱۲۳۴۵۶۷", national_id="0013542419")
    event = make_event(district)
    item = create_feedback(event, kind="request", text="روشنایی کوچه خاموش است.", topic=first_topic(district),
                           household=household, actor=staff)
    db.session.flush()
    refer(item, comment="لطفاً پیگیری شود", actor=staff)
    db.session.commit()
    return household


def _change_everything(household, users):
    """Update, delete and insert rows in several tables after the backup."""
    from tracker.households.services import update_household

    staff = users["pr_staff"]
    update_household(household, {"name": household.name, "category": "martyr_family", "martyr_name": "شهید دیگر",
                                 "neighborhood_id": household.neighborhood_id, "phone": "09350000000"}, staff)
    _household(staff, "خانوادهٔ تازه", phone="09351112233", national_id="0067749828")
    first_update = db.session.scalar(select(FeedbackUpdate.id).order_by(FeedbackUpdate.id))
    db.session.execute(text("DELETE FROM feedback_update WHERE id = :id"), {"id": first_update})
    db.session.execute(text("DELETE FROM event_household"))
    db.session.execute(text("UPDATE district SET name = 'نام عوض‌شده'"))
    db.session.commit()


def test_backup_then_restore_brings_back_every_row(runner, district, users, tmp_path):
    household = _fill(district, users)
    before = snapshot()
    rows = sum(len(table) for table in before.values())
    target = tmp_path / "peyvand.backup"

    made = runner.invoke(args=["backup", str(target)])
    assert made.exit_code == 0, made.output
    assert f"{len(before)} tables, {rows} rows" in made.output
    assert f"schema revision {_revision()}" in made.output
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert os.listdir(tmp_path) == ["peyvand.backup"]  # no temporary file left beside it

    _change_everything(household, users)
    changed = snapshot()
    for table in ("household", "feedback_update", "event_household", "district", "audit_entry"):
        assert changed[table] != before[table], table

    restored = runner.invoke(args=["restore", "--yes", str(target)])
    assert restored.exit_code == 0, restored.output
    after = snapshot()
    assert after.keys() == before.keys()
    for table in before:
        if table not in ("audit_entry", "data_stamp"):
            assert after[table] == before[table], table
    # Every district gets a new data stamp: pages kept under the backup's may show what came after it.
    assert [d for d, _ in after["data_stamp"]] == [d for d, _ in before["data_stamp"]]
    assert not set(after["data_stamp"]) & (set(before["data_stamp"]) | set(changed["data_stamp"]))
    # The restore itself is the one entry the audit trail gains.
    assert after["audit_entry"][:-1] == before["audit_entry"]
    last = db.session.scalar(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1))
    assert (last.action, last.entity) == ("database.restore", "database")
    assert f"{len(before)} tables, {rows + 1} rows" in restored.output
    assert "init-db" not in restored.output

    # Numbering carries on after the restored rows.
    db.session.remove()
    staff = db.session.scalar(select(User).where(User.username == "pr_staff"))
    newest = _household(staff, "خانوادهٔ پس از بازگردانی")
    db.session.commit()
    assert newest.id > max(row[0] for row in before["household"])


def test_backup_is_one_consistent_snapshot_while_the_app_writes(app, runner, district, users, tmp_path):
    _fill(district, users)
    staff_id = users["pr_staff"].id
    stop, writing = threading.Event(), threading.Event()

    def write():
        with app.app_context():
            staff = db.session.get(User, staff_id)
            number = 0
            while not stop.is_set():
                number += 1
                _household(staff, f"خانوار همزمان {number}")  # a household and its audit entry, together
                db.session.commit()
                writing.set()
            db.session.remove()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        assert writing.wait(30)
        made = runner.invoke(args=["backup", str(tmp_path / "busy.backup")])
    finally:
        stop.set()
        writer.join()
    assert made.exit_code == 0, made.output
    restored = runner.invoke(args=["restore", "--yes", str(tmp_path / "busy.backup")])
    assert restored.exit_code == 0, restored.output
    # The rows the backup reported are the rows it holds, plus the restore's audit entry.
    reported = int(re.search(r"(\d+) rows\)", made.output).group(1))
    assert f"tables, {reported + 1} rows" in restored.output
    homes = db.session.scalars(select(Household.id).where(Household.name.like("خانوار همزمان%"))).all()
    audited = db.session.scalar(text(
        "SELECT count(*) FROM audit_entry WHERE entity = 'household' AND action = 'create'"
        " AND entity_id IN (SELECT id FROM household WHERE name LIKE 'خانوار همزمان%')"
    ))
    assert homes and audited == len(homes)


def test_restore_asks_first_and_a_no_changes_nothing(runner, district, users, tmp_path):
    household = _fill(district, users, demo=False)
    household_id = household.id
    made = runner.invoke(args=["backup", str(tmp_path)])  # a folder: the file gets a dated name
    assert made.exit_code == 0, made.output
    (backup,) = tmp_path.iterdir()
    assert backup.name.startswith("peyvand-")
    assert runner.invoke(args=["backup", str(backup)]).exit_code == 1  # never overwritten silently
    household.address = "نشانی تازه"
    db.session.commit()

    declined = runner.invoke(args=["restore", str(backup)], input="n\n")
    assert declined.exit_code == 1
    assert "Every record in the database will be replaced" in declined.output
    db.session.remove()
    assert db.session.get(Household, household_id).address == "نشانی تازه"

    accepted = runner.invoke(args=["restore", str(backup)], input="y\n")
    assert accepted.exit_code == 0, accepted.output
    db.session.remove()
    assert db.session.get(Household, household_id).address == "تهرانسر، خیابان بهار، کوچهٔ ۳، پلاک ۱۲"


def test_restore_drops_tables_made_after_the_backup(runner, district, users, tmp_path):
    _fill(district, users, demo=False)
    runner.invoke(args=["backup", str(tmp_path / "before.backup")])
    # As a later migration would: a new table that points at households.
    db.session.execute(text(
        "CREATE TABLE later_note (id INTEGER PRIMARY KEY, household_id INTEGER REFERENCES household (id))"
    ))
    db.session.execute(text("INSERT INTO later_note VALUES (1, (SELECT min(id) FROM household))"))
    db.session.commit()
    restored = runner.invoke(args=["restore", "--yes", str(tmp_path / "before.backup")])
    assert restored.exit_code == 0, restored.output
    assert "to be dropped: later_note" in restored.output
    assert "later_note" not in snapshot()


def test_restore_refuses_files_that_are_not_backups_of_this_database(runner, district, users, tmp_path):
    _fill(district, users, demo=False)
    before = snapshot()
    notes = tmp_path / "notes.txt"
    notes.write_text("فهرست خانواده‌ها", encoding="utf-8")
    refused = runner.invoke(args=["restore", "--yes", str(notes)])
    assert refused.exit_code == 1
    assert "is not a Peyvand backup: it is neither a SQLite database nor a pg_dump" in refused.output

    stranger = tmp_path / "other.sqlite3"
    with sqlite3.connect(stranger) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.close()
    refused = runner.invoke(args=["restore", "--yes", str(stranger)])
    assert refused.exit_code == 1
    if ON_POSTGRES:
        assert "is a SQLite backup, but this database is PostgreSQL" in refused.output
    else:
        assert "is a SQLite database but not a Peyvand backup: it has no schema revision" in refused.output
        foreign = tmp_path / "server.dump"
        foreign.write_bytes(b"PGDMP" + bytes(200))
        refused = runner.invoke(args=["restore", "--yes", str(foreign)])
        assert refused.exit_code == 1
        assert "is a PostgreSQL backup, but this database is SQLite" in refused.output
    assert snapshot() == before


def test_restore_refuses_a_newer_schema_and_asks_for_an_upgrade_after_an_older_one(runner, district, users, tmp_path):
    _fill(district, users, demo=False)
    head = _revision()
    base = ScriptDirectory(current_app.extensions["migrate"].directory).get_base()
    try:
        _set_revision("9999_later")
        assert runner.invoke(args=["backup", str(tmp_path / "newer.backup")]).exit_code == 0
        _set_revision(base)
        assert runner.invoke(args=["backup", str(tmp_path / "older.backup")]).exit_code == 0
        _set_revision(head)
        before = snapshot()

        refused = runner.invoke(args=["restore", "--yes", str(tmp_path / "newer.backup")])
        assert refused.exit_code == 1
        assert (f"is at schema revision 9999_later, which this version of Peyvand does not know "
                f"(its newest is {head})") in refused.output
        assert snapshot() == before

        older = runner.invoke(args=["restore", "--yes", str(tmp_path / "older.backup")])
        assert older.exit_code == 0, older.output
        assert f"schema revision {base} is older than this code's {head}" in older.output
        assert "run `flask --app app init-db`" in older.output
    finally:
        db.session.remove()
        _set_revision(head)


def test_backup_into_a_missing_folder_says_so(runner, tmp_path):
    result = runner.invoke(args=["backup", str(tmp_path / "absent" / "x.backup")])
    assert result.exit_code == 1
    assert f"the folder {tmp_path / 'absent'} does not exist" in result.output


def _fake_pg_dump(folder, version: str, body: str = "") -> None:
    folder.mkdir(exist_ok=True)
    script = folder / "pg_dump"
    script.write_text(
        "#!/bin/sh\n"
        f'if [ "$1" = "--version" ]; then echo "pg_dump (PostgreSQL) {version}"; exit 0; fi\n' + body
    )
    script.chmod(0o755)


@postgres_only
def test_backup_refuses_a_missing_or_older_pg_dump(runner, tmp_path, monkeypatch):
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    missing = runner.invoke(args=["backup", str(tmp_path / "x.backup")])
    assert missing.exit_code == 1
    assert "pg_dump was not found on PATH; install the PostgreSQL client tools" in missing.output

    _fake_pg_dump(empty, "9.6.24")
    old = runner.invoke(args=["backup", str(tmp_path / "x.backup")])
    assert old.exit_code == 1
    assert "pg_dump 9 is older than the PostgreSQL" in old.output
    assert sorted(os.listdir(tmp_path)) == ["bin"]


@postgres_only
def test_a_failed_pg_dump_leaves_no_file_and_never_sees_the_password(runner, tmp_path, monkeypatch):
    tools = tmp_path / "bin"
    seen = tmp_path / "seen"
    # Writes part of a file, notes what it was given, then fails as a dropped connection would.
    _fake_pg_dump(tools, "99.0", (
        f'echo "$@" > {seen}.args; echo "$PGPASSWORD" > {seen}.env\n'
        'for a in "$@"; do case "$a" in --file=*) printf PGDMP-partial > "${a#--file=}";; esac; done\n'
        'echo "pg_dump: error: connection to server lost" >&2; exit 1\n'
    ))
    monkeypatch.setenv("PATH", f"{tools}:{os.environ['PATH']}")
    failed = runner.invoke(args=["backup", str(tmp_path / "x.backup")])
    assert failed.exit_code == 1
    assert "pg_dump failed: pg_dump: error: connection to server lost" in failed.output
    assert sorted(os.listdir(tmp_path)) == ["bin", "seen.args", "seen.env"]
    password = db.engine.url.password
    assert f":{password}@" not in (tmp_path / "seen.args").read_text()
    assert (tmp_path / "seen.env").read_text().strip() == password
    assert "--format=custom" in (tmp_path / "seen.args").read_text()
