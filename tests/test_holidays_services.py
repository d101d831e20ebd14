"""The national holiday table: kept from the command line, the same for every district."""
import pytest
from sqlalchemy import func, select

from tracker.extensions import db
from tracker.holidays import services
from tracker.holidays.services import HolidayError
from tracker.models import AuditEntry, Holiday
from tracker.persian.dates import jalali_to_date, year_range
from tracker.persian.workdays import lunar_holidays


def _audit_count(action):
    return db.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == action, AuditEntry.entity == "holiday"))


def test_holiday_duplicates_and_correction(app):
    day = jalali_to_date(1405, 3, 1)
    holiday = services.add_holiday(day, "  روز  آزمايشی ")
    assert holiday.source == "manual" and holiday.title == "روز آزمایشی"  # normalized like every title
    with pytest.raises(HolidayError, match="پیش‌تر ثبت شده"):
        services.add_holiday(day, "روز آزمایشی")
    with pytest.raises(HolidayError, match="عنوان"):
        services.add_holiday(day, "   ")
    computed = db.session.scalars(select(Holiday).where(Holiday.source == "computed")).first()
    services.update_holiday(computed, computed.day, computed.title + " (اصلاح عنوان)")
    assert computed.source == "computed"  # only a moved date counts as a correction
    moved_to = computed.day.replace(day=1 if computed.day.day != 1 else 2)
    services.update_holiday(computed, moved_to, computed.title)
    assert computed.source == "manual"


def test_fill_year_keeps_corrections(app):
    year = 1412
    first, last = year_range(year)
    assert services.fill_year(year) >= 10
    assert services.fill_year(year) == 0
    lunar_day, lunar_title = lunar_holidays(year)[0]
    moved = db.session.scalars(select(Holiday).where(Holiday.day == lunar_day, Holiday.title == lunar_title)).one()
    services.update_holiday(moved, lunar_day.replace(day=1 if lunar_day.day != 1 else 2), lunar_title)
    assert services.fill_year(year) == 0
    same_title = db.session.scalar(select(func.count()).select_from(Holiday).where(
        Holiday.title == lunar_title, Holiday.day.between(first, last)))
    assert same_title == 1
    assert _audit_count("fill_holidays") == 3


def test_removing_a_national_holiday_is_audited_for_no_district(app):
    holiday = db.session.scalars(select(Holiday)).first()
    services.remove_holiday(holiday)
    db.session.flush()
    assert db.session.get(Holiday, holiday.id) is None
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.entity == "holiday")).one()
    assert entry.before["title"] == holiday.title and entry.district_id is None
