"""The events services: status rules, district checks, date preview and the month grid."""
from datetime import date

import pytest
from sqlalchemy import func, select

from tests.factories import other_district
from tracker.events import services
from tracker.events.services import EventData, EventError
from tracker.extensions import db
from tracker.models import (
    AuditEntry, Campaign, DistrictDayOff, FeedbackItem, Holiday, Neighborhood, Official, Phase,
)
from tracker.persian.dates import jalali_to_date


@pytest.fixture
def hood(district):
    return db.session.scalars(select(Neighborhood).where(Neighborhood.district_id == district.id)).first()


def _data(hood, **values):
    fields = dict(kind="meeting", neighborhood_id=hood.id, held_on=date(2025, 7, 5))
    fields.update(values)
    return EventData(**fields)


def test_create_records_audit_and_planned_by_default(app, district, hood):
    event = services.create_event(district.id, _data(hood, title="نشست محله"))
    db.session.commit()
    assert event.status == "planned"
    assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.entity == "event",
                                                           AuditEntry.entity_id == event.id)) == "create"


def test_status_transitions(app, district, hood):
    official = Official(district_id=district.id, name="مهندس نادری", title="شهردار")
    db.session.add(official)
    event = services.create_event(district.id, _data(hood))
    services.cancel_event(event)
    with pytest.raises(EventError, match="برنامه‌ریزی‌شده"):
        services.mark_done(event, "گزارش")
    services.update_event(event, vars(_data(hood, status="planned")))
    services.mark_done(event, "گزارش")
    assert event.status == "done"
    with pytest.raises(EventError) as error:
        services.update_event(event, vars(_data(hood, status="planned", minutes="گزارش")))
    assert error.value.field == "status"
    with pytest.raises(EventError, match="لغوشده"):
        services.create_event(district.id, _data(hood, status="cancelled"))


def test_done_rules(app, district, hood):
    with pytest.raises(EventError) as error:
        services.create_event(district.id, _data(hood, status="done"))
    assert error.value.field == "minutes"
    with pytest.raises(EventError) as error:
        services.create_event(district.id, _data(hood, kind="home_visit", status="done", minutes="انجام شد"))
    assert error.value.field == "official_ids"
    # Other kinds need no official.
    assert services.create_event(district.id, _data(hood, status="done", minutes="انجام شد")).status == "done"


def test_an_update_changes_only_the_fields_given_and_another_campaign_drops_the_phase(app, district, hood):
    official = Official(district_id=district.id, name="مهندس نادری", title="شهردار")
    first, second = (Campaign(district_id=district.id, title=title, status="active", starts_on=date(2025, 7, 1),
                              ends_on=date(2025, 7, 30), phases=[Phase(number=1, title="دیدار")])
                     for title in ("پویش تیر", "پویش دوم"))
    db.session.add_all([official, first, second])
    db.session.flush()
    event = services.create_event(district.id, _data(hood, title="نشست محله", campaign_id=first.id,
                                                      phase_id=first.phases[0].id, official_ids=[official.id]))
    services.update_event(event, {"minutes": "گزارش نشست"})
    assert (event.title, event.minutes, event.phase_id) == ("نشست محله", "گزارش نشست", first.phases[0].id)
    assert [o.id for o in event.officials] == [official.id]
    services.update_event(event, {"campaign_id": second.id})
    assert (event.campaign_id, event.phase_id, event.title) == (second.id, None, "نشست محله")


def test_stale_version_is_refused(app, district, hood):
    event = services.create_event(district.id, _data(hood))
    db.session.commit()
    with pytest.raises(EventError, match="تغییر کرده"):
        services.update_event(event, vars(_data(hood, version=event.version + 1)))


def test_feedback_rows_stop_at_first_bad_row(app, district, hood):
    event = services.create_event(district.id, _data(hood))
    rows = [services.FeedbackRow(kind="suggestion", text="پیشنهاد خوب"),
            services.FeedbackRow(kind="wrong", text="متن")]
    with pytest.raises(EventError) as error:
        services.add_feedback_rows(event, rows)
    assert error.value.row == 1 and error.value.field == "kind"
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(FeedbackItem)) == 0


def test_date_preview_and_month_grid(app, district, hood):
    db.session.add(Holiday(day=jalali_to_date(1404, 4, 16), title="روز آزمایشی", source="manual"))
    district.weekend = "3,4"
    services.create_event(district.id, _data(hood, held_on=jalali_to_date(1404, 4, 14)))
    db.session.commit()
    preview = services.date_preview("۱۴۰۴/۰۴/۱۶", district)
    assert preview["ok"] and preview["holiday"] == "روز آزمایشی" and preview["text"] == "دوشنبه ۱۶ تیر ۱۴۰۴"
    assert services.date_preview("۱۴۰۴/۰۴/۱۲", district)["weekend"] is True  # Thursday off in this district
    assert services.date_preview("abc", district)["ok"] is False
    weeks = services.month_calendar(district, 1404, 4)
    cells = [c for week in weeks for c in week if c is not None]
    assert len(cells) == 31 and all(len(w) == 7 for w in weeks)
    assert weeks[0][0] is None and weeks[0][1] is cells[0]  # 1 Tir 1404 is a Sunday; the week starts Saturday
    by_day = {c.day: c for c in cells}
    assert by_day[jalali_to_date(1404, 4, 12)].off and by_day[jalali_to_date(1404, 4, 13)].off
    assert by_day[jalali_to_date(1404, 4, 16)].off and not by_day[jalali_to_date(1404, 4, 14)].off
    assert len(by_day[jalali_to_date(1404, 4, 14)].events) == 1


def test_a_districts_own_day_off_shows_in_its_calendar_only(app, district):
    other = other_district()
    day = jalali_to_date(1404, 4, 15)
    db.session.add(DistrictDayOff(district_id=district.id, day=day, title="جشن محله"))
    db.session.commit()
    assert services.date_preview("1404/04/15", district)["holiday"] == "جشن محله"
    assert services.date_preview("1404/04/15", other.district)["holiday"] == ""
    mine = {c.day: c for week in services.month_calendar(district, 1404, 4) for c in week if c}
    theirs = {c.day: c for week in services.month_calendar(other.district, 1404, 4) for c in week if c}
    assert mine[day].off and mine[day].holidays == ["جشن محله"]
    assert not theirs[day].off and theirs[day].holidays == []
