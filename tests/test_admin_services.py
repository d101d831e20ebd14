"""The admin area's writers: the rules they enforce and the audit trail they leave."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import other_district
from tracker.admin import services
from tracker.admin.services import AdminError
from tracker.extensions import db
from tracker.models import Area, AuditEntry, Department, DistrictDayOff, Holiday, Neighborhood, Topic
from tracker.persian.dates import jalali_to_date
from tracker.persian.workdays import add_working_days
from tracker.workcalendar import work_calendar


def _audit_count(action, entity):
    return db.session.scalar(
        select(func.count()).select_from(AuditEntry).where(AuditEntry.action == action, AuditEntry.entity == entity)
    )


def test_area_names_are_unique_across_letter_forms(district):
    services.create_area(district, "ناحیه شمالی")  # Persian yeh
    with pytest.raises(AdminError) as caught:
        services.create_area(district, "ناحيه شمالي")  # Arabic yeh
    assert caught.value.field == "name" and "پیش‌تر ثبت شده است" in str(caught.value)
    assert _audit_count("create", "area") == 1


def test_deleted_name_is_still_taken(district):
    area = services.create_area(district, "ناحیه موقت")
    services.delete_area(area)
    with pytest.raises(AdminError, match="حذف شده است"):
        services.create_area(district, "ناحیه موقت")


def test_neighborhood_count_is_not_fixed(district):
    area = db.session.scalars(select(Area)).first()
    before = db.session.scalar(select(func.count()).select_from(Neighborhood))
    for name in ("محله یک", "محله دو", "محله سه"):
        services.create_neighborhood(district, name, area.id)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Neighborhood)) == before + 3


def test_area_with_neighborhoods_cannot_be_deleted(district):
    area = db.session.scalars(select(Area)).first()
    with pytest.raises(AdminError, match=r"هنوز .* محله دارد"):
        services.delete_area(area)
    assert area.deleted_at is None


def test_deleted_neighborhoods_do_not_block_area_delete(district):
    area = services.create_area(district, "ناحیه خالی")
    neighborhood = services.create_neighborhood(district, "محله رفته", area.id)
    services.delete_neighborhood(neighborhood)
    db.session.flush()
    db.session.refresh(area)
    services.delete_area(area)
    assert area.deleted_at is not None and _audit_count("delete", "area") == 1


def test_neighborhood_needs_a_live_area(district):
    area = services.create_area(district, "ناحیه رفته")
    services.delete_area(area)
    with pytest.raises(AdminError) as caught:
        services.create_neighborhood(district, "محله بی‌ناحیه", area.id)
    assert caught.value.field == "area_id"


def test_update_user_rules(users, district):
    admin, manager = users["admin"], users["manager"]
    with pytest.raises(AdminError) as caught:
        services.update_user(manager, admin, full_name=None, role="manager", department_id=None, active=True)
    assert caught.value.field == "department_id"
    with pytest.raises(AdminError) as caught:
        services.update_user(admin, admin, full_name=None, role="viewer", department_id=None, active=True)
    assert caught.value.field == "role"
    with pytest.raises(AdminError) as caught:
        services.update_user(admin, admin, full_name=None, role="admin", department_id=None, active=False)
    assert caught.value.field == "active"
    department = db.session.scalars(select(Department)).first()
    services.update_user(manager, admin, full_name="علي رضايي", role="manager",
                         department_id=department.id, active=False)
    assert manager.full_name == "علی رضایی" and manager.department_id == department.id and not manager.active
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "update")).one()
    assert entry.user_id == admin.id and entry.before["active"] is True and entry.after["active"] is False


def test_reset_password_is_audited_without_the_password(users):
    services.reset_password(users["viewer"], users["admin"], "another-password")
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "reset_password")).one()
    assert "another-password" not in str(entry.before) + str(entry.after)
    with pytest.raises(AdminError):
        services.reset_password(users["viewer"], users["admin"], "short")


def test_topic_sla_range_and_template(district):
    with pytest.raises(AdminError) as caught:
        services.create_topic(district, name="موضوع تازه", department_id=None, sla_days=0, response_template="")
    assert caught.value.field == "sla_days"
    topic = services.create_topic(district, name="موضوع تازه", department_id=None, sla_days=365,
                                  response_template="خط یك\nخط دو")
    assert topic.response_template == "خط یک\nخط دو" and topic.sla_days == 365
    services.delete_topic(topic)
    again = services.create_topic(district, name="موضوع تازه", department_id=None, sla_days=5, response_template="")
    assert again.id != topic.id and again.response_template is None
    assert db.session.scalar(select(func.count()).select_from(Topic).where(Topic.name == "موضوع تازه")) == 2


def test_district_day_off_is_the_districts_own(district):
    day = jalali_to_date(1405, 3, 1)
    day_off = services.add_day_off(district, day, "روز محلی")
    assert day_off.district_id == district.id
    with pytest.raises(AdminError, match="پیش‌تر با عنوان «روز محلی»") as caught:
        services.add_day_off(district, day, "عنوان دیگر")
    assert caught.value.field == "day"
    # Another district may take the same day off: the table is per district.
    other = other_district()
    services.add_day_off(other.district, day, "روز محلی")
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.entity == "district_day_off")
                               .order_by(AuditEntry.id)).first()
    assert entry.action == "create" and entry.district_id == district.id and entry.after["title"] == "روز محلی"


def test_day_off_on_a_national_holiday_is_refused(district):
    nowruz = jalali_to_date(1405, 1, 1)
    with pytest.raises(AdminError, match="تعطیل رسمی کشور است") as caught:
        services.add_day_off(district, nowruz, "نوروز منطقه")
    assert caught.value.field == "day"


def test_moving_and_deleting_a_day_off_is_audited(district):
    day_off = services.add_day_off(district, jalali_to_date(1405, 3, 1), "روز محلی")
    services.update_day_off(day_off, jalali_to_date(1405, 3, 2), "روز محلی دوم")
    assert (day_off.day, day_off.title) == (jalali_to_date(1405, 3, 2), "روز محلی دوم")
    services.delete_day_off(day_off)
    db.session.flush()
    assert db.session.get(DistrictDayOff, day_off.id) is None
    assert _audit_count("update", "district_day_off") == 1 and _audit_count("delete", "district_day_off") == 1


def test_a_day_off_moves_only_its_own_districts_deadlines(district):
    other = other_district()
    monday = jalali_to_date(1405, 7, 6)  # a Monday with no national holiday around it
    assert monday.weekday() == 0 and not db.session.scalar(
        select(Holiday.id).where(Holiday.day.between(monday, monday + timedelta(days=7))))
    before = work_calendar(district).add(monday, 1)
    services.add_day_off(district, monday + timedelta(days=1), "روز محلی")
    assert work_calendar(district).add(monday, 1) == before + timedelta(days=1)
    assert work_calendar(other.district).add(monday, 1) == before


def test_thursday_off_changes_working_days(district):
    services.update_district(district, name=district.name, thursday_off=True)
    db.session.commit()
    assert district.weekend == "3,4"
    wednesday = jalali_to_date(1405, 7, 1)  # a Wednesday with no holiday around it
    assert wednesday.weekday() == 2
    assert add_working_days(wednesday, 1, [], district.weekend_days).weekday() == 5  # skips Thu and Fri
    services.update_district(district, name=district.name, thursday_off=False)
    assert district.weekend == "4"
    assert _audit_count("update", "district") == 2
