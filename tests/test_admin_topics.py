"""The admin's topic form: answer times that shorten with priority, refused beside the field when they do not."""
import pytest
from sqlalchemy import func, select

from tracker.extensions import db
from tracker.models import AuditEntry, Department, Topic


@pytest.fixture
def admin(auth):
    auth.login("admin")
    return auth


def form(**values):
    department = db.session.scalars(select(Department)).first()
    return {"name": "نورپردازی پارک", "department_id": department.id, "sla_days": "10", "high_days": "",
            "urgent_days": "", **values}


def test_priority_times_are_saved_and_listed(client, admin):
    response = client.post("/admin/topics/new", data=form(high_days="۴", urgent_days="۱"), follow_redirects=True)
    assert "افزوده شد" in response.text
    topic = db.session.scalar(select(Topic).where(Topic.name == "نورپردازی پارک"))
    assert (topic.sla_days, topic.high_days, topic.urgent_days) == (10, 4, 1)
    assert "۱۰ / ۴ / ۱" in client.get("/admin/topics").text
    page = client.get(f"/admin/topics/{topic.id}/edit").text
    assert "مهلت پاسخ اولویت «فوری» (روز کاری)" in page and "یک‌پنجم مهلت عادی" in page
    client.post(f"/admin/topics/{topic.id}/edit", data=form(high_days="", urgent_days=""))
    db.session.refresh(topic)
    assert (topic.high_days, topic.urgent_days) == (None, None)
    assert "۱۰ / نصف / یک‌پنجم" in client.get("/admin/topics").text


@pytest.mark.parametrize("values, field, message", [
    ({"high_days": "12"}, "high_days", "مهلت اولویت «زیاد» (۱۲ روز) نمی‌تواند از مهلت عادی (۱۰ روز) بیشتر باشد."),
    ({"urgent_days": "6"}, "urgent_days", "مهلت اولویت «فوری» (۶ روز) نمی‌تواند از مهلت اولویت «زیاد» (۵ روز)"),
    ({"high_days": "3", "urgent_days": "4"}, "urgent_days", "(۴ روز) نمی‌تواند از مهلت اولویت «زیاد» (۳ روز)"),
    ({"urgent_days": "0"}, "urgent_days", "مهلت باید میان ۱ تا ۳۶۵ روز کاری باشد."),
    ({"high_days": "سه"}, "high_days", "یک عدد درست وارد کنید."),
])
def test_times_that_do_not_shorten_are_refused_beside_the_field(client, admin, values, field, message):
    audits = db.session.scalar(select(func.count()).select_from(AuditEntry))
    response = client.post("/admin/topics/new", data=form(**values))
    beside = response.text.split(f'name="{field}"')[1].split('class="mb-3')[0]
    assert message in beside
    assert db.session.scalar(select(Topic).where(Topic.name == "نورپردازی پارک")) is None
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == audits
