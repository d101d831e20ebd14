"""The CLI commands and the configuration they run under."""
import os
import stat
from datetime import date

from sqlalchemy import func, select, text

from tests.factories import first_neighborhood
from tracker import create_app
from tracker.extensions import db
from tracker.models import (
    ApiToken, Area, Campaign, Commitment, Department, District, Event, FeedbackItem, Holiday, Household,
    Neighborhood, Topic, User,
)


def _count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_seed_district_is_idempotent(runner):
    before = [_count(m) for m in (Area, Neighborhood, Department, Topic, Holiday)]
    result = runner.invoke(args=["seed-district"])
    assert result.exit_code == 0, result.output
    after = [_count(m) for m in (Area, Neighborhood, Department, Topic, Holiday)]
    assert before == after
    assert after[0] == 3 and after[1] == 13
    # The fixed solar holidays are there, for example 22 Bahman.
    assert _count(Holiday, Holiday.title.like("%انقلاب%")) >= 1


def test_seed_demo_fills_every_neighborhood_and_every_kind(runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    visited = db.session.scalar(
        select(func.count(func.distinct(Event.neighborhood_id)))
        .where(Event.kind == "home_visit", Event.status == "done")
    )
    assert visited == _count(Neighborhood)
    kinds = set(db.session.scalars(select(FeedbackItem.kind).distinct()))
    assert kinds == {"suggestion", "criticism", "request", "appreciation"}
    categories = set(db.session.scalars(select(Household.category).distinct()))
    assert categories == {"martyr_family", "trustee", "veteran", "council_member", "citizen"}
    campaign = db.session.scalar(select(Campaign))
    assert len(campaign.phases) == 2
    today = db.session.scalar(select(func.max(Event.held_on)).where(Event.status == "done"))
    overdue = _count(FeedbackItem, FeedbackItem.status.in_(["referred", "in_progress"]), FeedbackItem.due_on < today)
    assert overdue > 0
    assert _count(Commitment) > 0
    # Running it again adds nothing.
    events = _count(Event)
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert _count(Event) == events


def test_create_user_with_and_without_password_option(runner):
    result = runner.invoke(args=["create-user", "sara", "--role", "pr_staff", "--password", "long-enough-1"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["create-user", "reza", "--role", "viewer"], input="another-pass-2\nanother-pass-2\n")
    assert result.exit_code == 0, result.output
    roles = dict(db.session.execute(select(User.username, User.role)).all())
    assert roles == {"sara": "pr_staff", "reza": "viewer"}
    # The password is stored hashed, never as typed.
    assert "another-pass-2" not in db.session.scalar(select(User.password_hash).where(User.username == "reza"))


def test_create_user_checks_role_and_department_as_the_admin_form_does(runner):
    # A department's user needs the department; the same rule as /admin/users (auth.services.role_refusal).
    manager = runner.invoke(args=["create-user", "reza", "--role", "manager", "--password", "another-pass-2"])
    assert manager.exit_code != 0 and "معاونت را انتخاب کنید" in manager.output
    assert _count(User) == 0


def test_create_user_rejects_duplicates_and_bad_roles(runner):
    runner.invoke(args=["create-user", "sara", "--role", "pr_staff", "--password", "long-enough-1"])
    again = runner.invoke(args=["create-user", "sara", "--role", "viewer", "--password", "long-enough-1"])
    assert again.exit_code != 0
    bad = runner.invoke(args=["create-user", "ali", "--role", "king", "--password", "long-enough-1"])
    assert bad.exit_code != 0
    assert _count(User) == 1


def test_create_token_prints_token_and_stores_only_its_hash(runner):
    runner.invoke(args=["create-user", "sara", "--role", "pr_staff", "--password", "long-enough-1"])
    result = runner.invoke(args=["create-token", "sara"])
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    assert len(token) >= 32
    stored = db.session.scalar(select(ApiToken.token_hash))
    assert stored != token and len(stored) == 64
    from tracker.auth.services import user_for_token

    assert user_for_token(token).username == "sara"
    assert user_for_token(token + "x") is None


def test_init_db_reports_head(runner):
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert "newest" in result.output


def test_secret_key_is_generated_once_and_kept_private(tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("TRACKER_SECRET_KEY", raising=False)
    first = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    second = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert len(first.config["SECRET_KEY"]) >= 32
    mode = stat.S_IMODE(os.stat(tmp_path / "secret_key").st_mode)
    assert mode == 0o600
    monkeypatch.setenv("TRACKER_SECRET_KEY", "from-env")
    assert create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}).config["SECRET_KEY"] == "from-env"


def test_database_url_comes_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("TRACKER_DATABASE_URL", raising=False)
    default = create_app()
    assert default.config["SQLALCHEMY_DATABASE_URI"] == "sqlite:///" + str(tmp_path / "peyvand.sqlite3")
    monkeypatch.setenv("TRACKER_DATABASE_URL", "sqlite:///" + str(tmp_path / "other.db"))
    assert create_app().config["SQLALCHEMY_DATABASE_URI"].endswith("other.db")
    assert default.config["TIMEZONE"] == "Asia/Tehran"


def test_sqlite_runs_in_wal_mode_with_busy_timeout(tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_INSTANCE_PATH", str(tmp_path))
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(tmp_path / "wal.db")})
    with app.app_context():
        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        db.engine.dispose()


def test_seed_district_does_not_undo_a_corrected_lunar_holiday(runner):
    computed = db.session.scalars(select(Holiday).where(Holiday.source == "computed").order_by(Holiday.day)).first()
    title, day = computed.title, computed.day
    from datetime import timedelta

    computed.day, computed.source = day + timedelta(days=1), "manual"
    db.session.commit()
    assert runner.invoke(args=["seed-district"]).exit_code == 0
    near = Holiday.day.between(day - timedelta(days=3), day + timedelta(days=3))
    assert _count(Holiday, Holiday.title == title, near) == 1


def test_holidays_command_keeps_the_national_table(runner):
    listed = runner.invoke(args=["holidays", "list", "1405"])
    assert listed.exit_code == 0 and "1405/01/01\tثابت خورشیدی\tنوروز" in listed.output
    added = runner.invoke(args=["holidays", "add", "۱۴۰۵/۰۲/۱۰", "روز  آزمايشی"])
    assert added.exit_code == 0, added.output
    holiday = db.session.scalar(select(Holiday).where(Holiday.title == "روز آزمایشی"))
    assert holiday is not None and holiday.source == "manual"
    again = runner.invoke(args=["holidays", "add", "1405/02/10", "روز آزمایشی"])
    assert again.exit_code != 0 and "پیش‌تر ثبت شده" in again.output
    bad = runner.invoke(args=["holidays", "add", "1405/13/40", "روز"])
    assert bad.exit_code != 0 and "ماه باید بین ۱ و ۱۲ باشد" in bad.output
    computed = db.session.scalars(select(Holiday).where(Holiday.source == "computed")).first()
    new_day = computed.day.replace(day=1 if computed.day.day != 1 else 2)
    moved = runner.invoke(args=["holidays", "edit", str(computed.id), "--day", new_day.isoformat()])
    assert moved.exit_code == 0, moved.output
    db.session.expire_all()
    assert db.session.get(Holiday, computed.id).source == "manual"
    removed = runner.invoke(args=["holidays", "remove", str(holiday.id)])
    assert removed.exit_code == 0 and db.session.get(Holiday, holiday.id) is None
    assert runner.invoke(args=["holidays", "remove", str(holiday.id)]).exit_code != 0


def test_holidays_fill_adds_a_year_once(runner):
    first = runner.invoke(args=["holidays", "fill", "1410"])
    assert first.exit_code == 0 and first.output.startswith(("27 ", "28 ", "29 ")), first.output
    assert runner.invoke(args=["holidays", "fill", "1410"]).output.startswith("0 ")
    assert runner.invoke(args=["holidays", "fill", "99"]).exit_code != 0


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_sqlite_files_and_instance_folder_are_private(tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    monkeypatch.setenv("TRACKER_INSTANCE_PATH", str(instance))
    monkeypatch.delenv("TRACKER_DATABASE_URL", raising=False)
    old_umask = os.umask(0o022)  # the usual umask, which would leave new files readable by everyone
    try:
        app = create_app()
        with app.app_context():
            with db.engine.begin() as conn:
                conn.execute(text("CREATE TABLE note (body TEXT)"))
                conn.execute(text("INSERT INTO note VALUES ('۰۹۱۲۱۲۳۴۵۶۷')"))
            with db.engine.connect() as conn:  # an open connection keeps the -wal and -shm files
                assert conn.execute(text("SELECT count(*) FROM note")).scalar() == 1
                database = instance / "peyvand.sqlite3"
                for path in (database, f"{database}-wal", f"{database}-shm", instance / "secret_key"):
                    assert _mode(path) == 0o600, path
            db.engine.dispose()
    finally:
        os.umask(old_umask)
    assert _mode(instance) == 0o700


def test_an_existing_readable_database_file_is_narrowed(tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_INSTANCE_PATH", str(tmp_path))
    database = tmp_path / "old.sqlite3"
    database.touch()
    database.chmod(0o644)
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}"})
    with app.app_context():
        with db.engine.connect() as conn:
            conn.execute(text("SELECT count(*) FROM sqlite_master"))  # a read opens the -wal file
            assert _mode(database) == 0o600
            assert _mode(f"{database}-wal") == 0o600
        db.engine.dispose()


def test_seed_district_names_the_districts_it_knows(runner):
    result = runner.invoke(args=["seed-district", "--number", "22"])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)  # no traceback
    assert "No seed file for district 22" in result.output
    assert "districts with a seed file: 21" in result.output
    assert "برای منطقهٔ ۲۲ فایل داده‌های پایه نیست" in result.output
    assert _count(District, District.number == 22) == 0


def test_seed_demo_refuses_a_database_with_real_users(runner):
    # A real administrator named like the demo's, but with a password of its own.
    made = runner.invoke(args=["create-user", "admin", "--role", "admin", "--password", "a-real-password-7"])
    assert made.exit_code == 0
    made = runner.invoke(args=["create-user", "sara", "--role", "pr_staff", "--password", "a-real-password-8"])
    assert made.exit_code == 0
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 1
    assert "2 user(s) the demo did not make (admin, sara)" in result.output
    assert "seed-demo --force" in result.output and "--force" in result.output.splitlines()[-1]
    assert _count(User) == 2 and _count(Campaign) == 0 and _count(Household) == 0
    forced = runner.invoke(args=["seed-demo", "--force"])
    assert forced.exit_code == 0, forced.output
    assert _count(Campaign) == 1 and _count(Household) > 0
    # The real administrator keeps its own password.
    from tracker.auth.services import authenticate

    assert authenticate("admin", "peyvand-demo") is None
    assert authenticate("admin", "a-real-password-7").username == "admin"


def test_seed_demo_refuses_real_records_without_users(runner, district):
    db.session.add(Household(district_id=district.id, neighborhood_id=first_neighborhood(district).id,
                             category="martyr_family", name="خانوادهٔ احمدی"))
    db.session.add(Campaign(district_id=district.id, title="پویش نوروزی", status="active",
                            starts_on=date(2025, 3, 21), ends_on=date(2025, 4, 20)))
    db.session.commit()
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 1
    assert "1 campaign(s) other than the demo's" in result.output and "1 household(s)" in result.output
    assert _count(User) == 0 and _count(Household) == 1


def test_seed_demo_runs_again_over_its_own_data(runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    households = _count(Household)
    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code == 0, again.output
    assert _count(Household) == households
