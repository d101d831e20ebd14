"""The occasions calendar: where occasions fall, the rules every door shares, the seed and the command line."""
from datetime import date
from itertools import pairwise
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from tests.factories import other_district
from tracker.extensions import db
from tracker.models import AuditEntry, Occasion
from tracker.occasions import queries, services
from tracker.occasions.calendar import describe, occurrences_between, occurrences_in_year
from tracker.occasions.services import OccasionError
from tracker.persian.dates import jalali_str, jalali_to_date


def _spec(title, month, day, calendar="solar", length_days=1):
    return SimpleNamespace(title=title, month=month, day=day, calendar=calendar, length_days=length_days)


def _national(title):
    return db.session.scalar(select(Occasion).where(Occasion.district_id.is_(None), Occasion.title == title))


def _count():
    return db.session.scalar(select(func.count()).select_from(Occasion))


def test_a_solar_week_falls_on_its_jalali_days_every_year():
    week = _spec("روز شهرداری‌ها", 4, 14, length_days=7)
    found = occurrences_in_year([week], 1405)
    assert [(jalali_str(o.starts_on), jalali_str(o.ends_on)) for o in found] == [("1405/04/14", "1405/04/20")]
    assert found[0].days == 7
    assert describe(week) == "۱۴ تیر، ۷ روز"
    # Sacred Defence week runs from the last day of Shahrivar into Mehr.
    defence = occurrences_in_year([_spec("هفتهٔ دفاع مقدس", 6, 31, length_days=7)], 1404)[0]
    assert (jalali_str(defence.starts_on), jalali_str(defence.ends_on)) == ("1404/06/31", "1404/07/06")


def test_a_lunar_occasion_moves_about_eleven_days_a_year_and_can_come_twice():
    father = _spec("روز پدر", 7, 13, calendar="lunar")
    days = [occurrences_in_year([father], jy)[0].starts_on for jy in (1403, 1404, 1405)]
    assert [jalali_str(d) for d in days] == ["1403/10/24", "1404/10/12", "1405/10/01"]
    assert all(354 <= (b - a).days <= 355 for a, b in pairwise(days))
    assert describe(father) == "۱۳ رجب (قمری)"
    # 21 Ramadan fell on 1 Farvardin 1404 and comes back at the end of the year.
    twice = occurrences_in_year([_spec("بیست‌ویکم رمضان", 9, 21, calendar="lunar")], 1404)
    assert len(twice) == 2 and 353 <= (twice[1].starts_on - twice[0].starts_on).days <= 356


def test_a_window_includes_an_occasion_that_is_already_running():
    decade = _spec("دههٔ فجر", 11, 12, length_days=11)
    inside = jalali_to_date(1404, 11, 20)
    found = occurrences_between([decade], inside, inside)
    assert [jalali_str(o.starts_on) for o in found] == ["1404/11/12"]
    assert occurrences_between([decade], jalali_to_date(1404, 11, 23), jalali_to_date(1404, 12, 20)) == []


@pytest.mark.parametrize("values, field, message", [
    ({"title": "  "}, "title", "عنوان مناسبت را بنویسید."),
    ({"month": 12, "day": 30}, "day", "حداکثر ۲۹ اسفند"),
    ({"month": 7, "day": 31}, "day", "روز مهر باید بین ۱ و ۳۰ باشد."),
    ({"calendar": "lunar", "month": 9, "day": 31}, "day", "روز رمضان باید بین ۱ و ۳۰ باشد."),
    ({"month": 13}, "month", "ماه باید عددی بین ۱ و ۱۲ باشد."),
    ({"day": "چهارده"}, "day", "روز را با یک عدد بنویسید."),
    ({"length_days": 0}, "length_days", "طول مناسبت باید بین ۱ و ۳۱ روز باشد."),
    ({"length_days": 40}, "length_days", "طول مناسبت باید بین ۱ و ۳۱ روز باشد."),
    ({"calendar": "gregorian"}, "month", "خورشیدی یا قمری"),
    ({"title": "روز شهرداري‌ها و دهياري‌ها"}, "title", "پیش‌تر ثبت شده"),  # a national one, Arabic yeh
])
def test_bad_occasions_are_refused_in_persian_and_nothing_is_written(app, district, values, field, message):
    before = _count()
    good = {"title": "سالروز تأسیس منطقه", "calendar": "solar", "month": 8, "day": 20}
    with pytest.raises(OccasionError, match=message) as caught:
        services.create_occasion(district.id, {**good, **values})
    assert caught.value.field == field
    db.session.rollback()
    assert _count() == before


def test_a_district_sees_the_national_occasions_and_its_own_only(app, district):
    mine = services.create_occasion(district.id, {"title": "سالروز تأسیس منطقه", "month": "۸", "day": "۲۰"})
    other = other_district()
    theirs = services.create_occasion(other.district.id, {"title": "سالروز تأسیس منطقه", "month": 9, "day": 1})
    db.session.commit()
    assert mine.title == "سالروز تأسیس منطقه" and (mine.month, mine.day, mine.length_days) == (8, 20, 1)
    seen = {o.id for o in queries.live_occasions(district.id)}
    assert mine.id in seen and theirs.id not in seen
    assert _national("روز ارتباطات و روابط عمومی").id in seen
    assert queries.visible_occasion(district.id, theirs.id) is None
    services.delete_occasion(mine)
    db.session.commit()
    assert mine.id not in {o.id for o in queries.live_occasions(district.id)}
    assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.entity == "occasion")
                             .order_by(AuditEntry.id.desc()).limit(1)) == "delete"


def test_the_seed_holds_the_dates_a_tehran_pr_office_plans_around(app):
    def where(title, jy):
        found = occurrences_in_year([_national(title)], jy)
        return [(jalali_str(o.starts_on), jalali_str(o.ends_on)) for o in found]

    assert where("روز شهرداری‌ها و دهیاری‌ها", 1405) == [("1405/04/14", "1405/04/20")]
    assert where("روز ارتباطات و روابط عمومی", 1405) == [("1405/02/27", "1405/02/27")]
    assert where("هفتهٔ دفاع مقدس", 1405) == [("1405/06/31", "1405/07/06")]
    assert where("دههٔ فجر", 1405) == [("1405/11/12", "1405/11/22")]
    assert where("روز معلم", 1405) == [("1405/02/12", "1405/02/12")]
    assert where("روز درختکاری", 1405) == [("1405/12/15", "1405/12/15")]
    assert _national("روز پدر").calendar == "lunar" and _national("روز جانباز").calendar == "lunar"
    # Dates the list is not sure of are marked for someone to check.
    assert _national("روز بزرگداشت شهدا").to_confirm and not _national("نوروز").to_confirm


def test_seeding_again_adds_nothing_and_a_removed_occasion_stays_removed(app):
    count = _count()
    assert services.seed_national() == 0 and _count() == count
    services.delete_occasion(_national("روز طبیعت"))
    db.session.commit()
    assert services.seed_national() == 0
    assert _national("روز طبیعت").deleted_at is not None


def test_upcoming_lists_the_next_thirty_days_with_the_campaigns_planned_for_them(app, district):
    from tracker.models import Campaign, Phase

    today = jalali_to_date(1405, 3, 30)
    municipality = _national("روز شهرداری‌ها و دهیاری‌ها")
    campaign = Campaign(district_id=district.id, title="ما همه شهر - داریم", status="active",
                        occasion_id=municipality.id, starts_on=jalali_to_date(1405, 4, 1),
                        ends_on=jalali_to_date(1405, 4, 31))
    campaign.phases = [Phase(number=1, title="دیدارها")]
    db.session.add(campaign)
    db.session.commit()
    rows = {u.occurrence.occasion.title: u for u in queries.upcoming(district.id, today)}
    assert rows["روز شهرداری‌ها و دهیاری‌ها"].days_away == 15
    assert [c.name for c in rows["روز شهرداری‌ها و دهیاری‌ها"].campaigns] == ["ما همه شهر - داریم"]
    assert rows["دههٔ اول محرم"].running  # 1405's Muharram began on 26 Khordad
    assert "اربعین حسینی" not in rows  # 12 Mordad: beyond thirty days
    assert "روز معلم" not in rows  # over already


def test_the_cli_keeps_the_national_list_and_refuses_bad_input(runner):
    result = runner.invoke(args=["occasions", "add", "روز ملی آزمون", "۵", "۱۰", "--days", "3", "--to-confirm"])
    assert result.exit_code == 0, result.output
    added = _national("روز ملی آزمون")
    assert (added.month, added.day, added.length_days, added.to_confirm) == (5, 10, 3, True)
    assert runner.invoke(args=["occasions", "edit", str(added.id), "--confirmed", "--day", "11"]).exit_code == 0
    db.session.refresh(added)
    assert (added.day, added.to_confirm) == (11, False)
    listed = runner.invoke(args=["occasions", "list", "1405"]).output
    assert f"{added.id}\t1405/05/11–1405/05/13\tروز ملی آزمون" in listed
    count = _count()
    bad = runner.invoke(args=["occasions", "add", "روز بد", "12", "30"])
    assert bad.exit_code != 0 and "۲۹ اسفند" in bad.output and _count() == count
    lunar = runner.invoke(args=["occasions", "add", "میلاد آزمون", "7", "31", "--lunar"])
    assert lunar.exit_code != 0 and "روز رجب باید بین ۱ و ۳۰ باشد." in lunar.output
    assert runner.invoke(args=["occasions", "remove", str(added.id)]).exit_code == 0
    assert added.id not in {o.id for o in queries.national_occasions()}
    assert runner.invoke(args=["occasions", "remove", "99999"]).exit_code != 0


def test_the_next_dates_of_an_occasion_are_found_from_any_day(app):
    week = _national("روز شهرداری‌ها و دهیاری‌ها")
    start = jalali_to_date(1405, 4, 14)
    assert queries.occurrence_for(week, start, date(2026, 1, 1)).starts_on == start
    # A day it does not start on is ignored: the next dates from today are taken.
    assert queries.occurrence_for(week, date(2026, 7, 1), jalali_to_date(1405, 5, 1)).starts_on == \
        jalali_to_date(1406, 4, 14)
