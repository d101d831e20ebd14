"""The feedback-action command: a step taken from the shell, or refused in Persian on stderr."""
from datetime import timedelta

from sqlalchemy import func, select

from tests.factories import first_topic, make_event, other_district
from tracker.auth.services import create_user
from tracker.extensions import db
from tracker.feedback import services
from tracker.models import AuditEntry, FeedbackItem, FeedbackUpdate
from tracker.persian.dates import format_jalali, today_tehran


def new_item(district):
    event = make_event(district, held_on=today_tehran() - timedelta(days=5))
    item = services.create_feedback(event, kind="request", text="سطل زباله کم است", topic=first_topic(district))
    db.session.commit()
    return item


def step(runner, item_id, action, *args):
    return runner.invoke(args=["feedback-action", str(item_id), action, *args])


def test_pr_staff_refer_by_department_name_with_a_jalali_date(runner, district, users):
    item = new_item(district)
    name = item.department.name
    day = item.received_on + timedelta(days=1)
    result = step(runner, item.id, "refer", "--user", "pr_staff", "--department", name,
                  "--date", format_jalali(day), "--comment", "پیگیری شود", "--version", str(item.version))
    assert result.exit_code == 0, result.output
    assert "«ارجاع به معاونت» برای بازخورد" in result.stdout and "«ارجاع‌شده»" in result.stdout
    db.session.expire_all()
    item = db.session.get(FeedbackItem, item.id)
    assert (item.status, item.referred_on) == ("referred", day)
    last = db.session.scalars(select(FeedbackUpdate).where(FeedbackUpdate.item_id == item.id)
                              .order_by(FeedbackUpdate.id.desc())).first()
    assert (last.action, last.user_id, last.comment) == ("refer", users["pr_staff"].id, "پیگیری شود")


def test_refusals_go_to_stderr_with_their_own_exit_codes(runner, district, users):
    item = new_item(district)
    audits = db.session.scalar(select(func.count()).select_from(AuditEntry))
    result = step(runner, item.id, "refer", "--user", "viewer")
    assert result.exit_code == 3 and result.stdout == ""
    assert result.stderr.strip() == "نقش «بیننده گزارش» فقط می‌خواند و نمی‌تواند بازخوردها را پیش ببرد."
    result = step(runner, item.id, "close", "--user", "pr_staff", "--satisfaction", "satisfied")
    assert result.exit_code == 4 and "نمی‌توان بازخورد «جدید» را مستقیم «بسته‌شده» کرد." in result.stderr
    result = step(runner, item.id, "reject", "--user", "pr_staff", "--reason", "boring")
    assert result.exit_code == 4 and "دلیل رد را از فهرست انتخاب کنید." in result.stderr
    result = step(runner, item.id, "reject", "--user", "pr_staff", "--reason", "duplicate", "--version", "9")
    assert result.exit_code == 5 and "نسخهٔ کنونی ۱ است" in result.stderr
    result = step(runner, item.id, "refer", "--user", "pr_staff", "--date", "1403/13/01")
    assert result.exit_code == 4 and result.stderr.strip()
    db.session.expire_all()
    assert db.session.get(FeedbackItem, item.id).status == "new"
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == audits


def test_unknown_user_or_another_districts_item_is_not_found(runner, district, users):
    item = new_item(district)
    stranger = other_district()
    create_user("pr22", "test-password-1", "pr_staff", stranger.district.id)
    db.session.commit()
    result = step(runner, item.id, "refer", "--user", "nobody")
    assert result.exit_code == 1 and "کاربری با نام «nobody» پیدا نشد." in result.stderr
    result = step(runner, item.id, "refer", "--user", "pr22")
    assert result.exit_code == 1 and "در منطقهٔ این کاربر پیدا نشد" in result.stderr
    result = step(runner, item.id, "dance", "--user", "pr_staff")
    assert result.exit_code == 2  # not an action at all: click's usage error
