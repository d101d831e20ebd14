"""After a visit: its feedback linked and referred at once, its commitments named, its minutes not forgotten."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import first_topic
from tracker.extensions import db
from tracker.feedback import services
from tracker.lists.events import minutes_not_written
from tracker.models import Commitment, Department, Event, FeedbackItem, Household, Neighborhood, Official
from tracker.persian.dates import format_jalali, jalali_year_month, today_tehran
from tracker.persian.digits import to_persian_digits as fa

DAY = today_tehran() - timedelta(days=3)


@pytest.fixture
def visit(district):
    """A visit held three days ago at two households, with the mayor; and a topic with a department."""
    hood = db.session.scalars(select(Neighborhood).where(Neighborhood.district_id == district.id)
                              .order_by(Neighborhood.id)).first()
    mayor = Official(district_id=district.id, name="مهندس علیرضا نادری", title="شهردار منطقه")
    home = Household(district_id=district.id, neighborhood_id=hood.id, category="martyr_family",
                     name="خانواده رضایی", phone="09121234567")
    elder = Household(district_id=district.id, neighborhood_id=hood.id, category="trustee", name="حاج کاظم کیانی")
    event = Event(district_id=district.id, neighborhood_id=hood.id, kind="home_visit", status="done",
                  held_on=DAY, minutes="دیدار انجام شد.", title="دیدار روز شهرداری")
    event.officials, event.households = [mayor], [home, elder]
    db.session.add(event)
    db.session.commit()
    return {"event": event, "mayor": mayor, "home": home, "elder": elder, "hood": hood,
            "topic": first_topic(district)}


def test_feedback_rows_link_to_their_items(client, auth, visit, users):
    item = services.create_feedback(visit["event"], kind="request", text="چراغ کوچه", topic=visit["topic"],
                                    actor=users["pr_staff"])
    db.session.commit()
    auth.login("manager")
    html = client.get(f"/events/{visit['event'].id}").get_data(as_text=True)
    row = html.split(f'data-item="{item.id}"')[1].split("</tr>")[0]
    assert f'href="/feedback/{item.id}"' in row and "ارجاع‌شده" in row and fa(format_jalali(item.due_on)) in row
    assert 'id="refer-all"' not in html  # nothing left to refer, and managers do not refer


def test_refer_all_refers_and_names_the_items_without_a_department(client, auth, visit, users):
    event = visit["event"]
    first = services.create_feedback(event, kind="request", text="آسفالت کوچه", topic=visit["topic"])
    second = services.create_feedback(event, kind="criticism", text="زباله", topic=visit["topic"])
    lost = services.create_feedback(event, kind="suggestion", text="جشن محله")
    db.session.commit()
    auth.login("pr_staff")
    html = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "ارجاع همهٔ ارجاع‌نشده‌ها (۳)" in html
    response = client.post(f"/events/{event.id}/refer-all", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "۲ بازخورد ارجاع شد." in html
    assert f"بازخوردهای {fa(lost.id)} معاونتی ندارند" in html
    db.session.expire_all()
    statuses = [db.session.get(FeedbackItem, i.id).status for i in (first, second, lost)]
    assert statuses == ["referred", "referred", "new"]
    assert "ارجاع همهٔ ارجاع‌نشده‌ها (۱)" in html


def test_refer_all_refused_for_a_manager_and_with_nothing_to_refer(client, auth, visit, users):
    event = visit["event"]
    services.create_feedback(event, kind="request", text="آسفالت", topic=visit["topic"])
    db.session.commit()
    auth.login("manager")
    assert client.post(f"/events/{event.id}/refer-all").status_code == 403
    auth.logout()
    auth.login("admin")
    client.post(f"/events/{event.id}/refer-all")
    html = client.post(f"/events/{event.id}/refer-all", follow_redirects=True).get_data(as_text=True)
    assert "بازخورد ارجاع‌نشده‌ای در این دیدار نیست." in html


def test_refer_all_is_all_or_nothing_at_the_door(client, auth, visit, users, district):
    event = visit["event"]
    retired = Department(district_id=district.id, name="ستاد منحل‌شده")
    db.session.add(retired)
    good = services.create_feedback(event, kind="request", text="آسفالت", topic=visit["topic"])
    bad = services.create_feedback(event, kind="request", text="پل عابر", department=retired)
    retired.soft_delete()
    db.session.commit()
    auth.login("pr_staff")
    html = client.post(f"/events/{event.id}/refer-all", follow_redirects=True).get_data(as_text=True)
    assert f"بازخورد {fa(bad.id)}: " in html and "هیچ بازخوردی ارجاع نشد." in html
    db.session.expire_all()
    assert db.session.get(FeedbackItem, good.id).status == "new"


def test_commitment_form_offers_the_visits_households(client, auth, visit):
    event = visit["event"]
    auth.login("pr_staff")
    html = client.get(f"/events/{event.id}").get_data(as_text=True)
    form = html.split('id="commitment-form"')[1].split("</form>")[0]
    box = form.split('name="cm-household_id"')[1].split("</select>")[0]
    assert "خانواده رضایی" in box and "حاج کاظم کیانی" in box
    assert '<option selected value="">' in box  # two households: nobody is chosen for the user
    due = format_jalali(today_tehran() + timedelta(days=20))
    bad = client.post(f"/events/{event.id}/commitments", data={
        "cm-official_id": visit["mayor"].id, "cm-household_id": "999999", "cm-text": "سرعت‌گیر", "cm-due_on": due})
    assert bad.status_code == 422 and "یکی از گزینه‌های فهرست را انتخاب کنید." in bad.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Commitment)) == 0
    response = client.post(f"/events/{event.id}/commitments", follow_redirects=True, data={
        "cm-official_id": visit["mayor"].id, "cm-household_id": visit["elder"].id, "cm-text": "سرعت‌گیر",
        "cm-due_on": due})
    assert "تعهد ثبت شد." in response.get_data(as_text=True)
    commitment = db.session.scalar(select(Commitment))
    assert commitment.household_id == visit["elder"].id
    row = response.get_data(as_text=True).split('class="commitment-row"')[1].split("</tr>")[0]
    assert "حاج کاظم کیانی" in row


def test_commitment_form_picks_the_only_household(client, auth, visit):
    event = visit["event"]
    event.households = [visit["home"]]
    db.session.commit()
    auth.login("pr_staff")
    html = client.get(f"/events/{event.id}").get_data(as_text=True)
    select_box = html.split('name="cm-household_id"')[1].split("</select>")[0]
    assert f'<option selected value="{visit["home"].id}">خانواده رضایی</option>' in select_box


def test_a_household_not_at_the_visit_is_refused_by_the_service(app, visit, district):
    from tracker.events.services import EventError, add_commitment

    stranger = Household(district_id=district.id, neighborhood_id=visit["hood"].id, category="citizen",
                         name="همسایه")
    db.session.add(stranger)
    db.session.flush()
    with pytest.raises(EventError, match="خانوارهای همین رویداد") as error:
        add_commitment(visit["event"], official_id=visit["mayor"].id, text="قول", household_id=stranger.id,
                       due_on=today_tehran())
    assert error.value.field == "household_id"


def test_minutes_not_written_are_the_past_planned_visits(app, visit, district):
    hood = visit["hood"]
    today = today_tehran()

    def planned(days, status="planned", **extra):
        event = Event(district_id=district.id, neighborhood_id=hood.id, kind="home_visit", status=status,
                      held_on=today + timedelta(days=days), **extra)
        db.session.add(event)
        return event

    missed = planned(-2, title="دیدار فراموش‌شده")
    planned(0, title="دیدار امروز")
    planned(3, title="دیدار آینده")
    planned(-5, status="cancelled", title="دیدار لغوشده")
    gone = planned(-6, title="دیدار حذف‌شده")
    gone.soft_delete()
    db.session.commit()
    found = db.session.scalars(minutes_not_written(district.id, today)).all()
    assert [e.id for e in found] == [missed.id]


def test_dashboard_and_calendar_show_the_missing_minutes(client, auth, visit, district):
    hood = visit["hood"]
    missed_on = today_tehran() - timedelta(days=1)
    missed = Event(district_id=district.id, neighborhood_id=hood.id, kind="home_visit", status="planned",
                   title="دیدار با خانوادهٔ یزدانی", held_on=missed_on)
    db.session.add(missed)
    db.session.commit()
    auth.login("pr_staff")
    html = client.get("/").get_data(as_text=True)
    card = html.split('id="unlogged"')[1].split('id="week-plan"')[0]
    assert "صورت‌جلسه نوشته نشده (۱)" in card and f"/events/{missed.id}#minutes" in card
    assert "دیدار روز شهرداری" not in card  # done visits are not listed
    year, month = jalali_year_month(missed_on)
    html = client.get(f"/events/calendar?year={year}&month={month}").get_data(as_text=True)
    link = html.split(f'href="/events/{missed.id}"')[0].rsplit("<a", 1)[1]
    assert 'class="ev ev-unlogged"' in link
    cell = html.split(f'href="/events/{missed.id}"')[1].split("</a>")[0]
    assert '<span class="visually-hidden">صورت‌جلسه نوشته نشده:</span>' in cell  # not only a colour
    assert 'id="calendar-legend"' in html and "صورت‌جلسه نوشته نشده: تاریخش گذشته" in html
    if jalali_year_month(DAY) == (year, month):
        done = html.split(f'href="/events/{visit["event"].id}"')[0].rsplit("<a", 1)[1]
        assert 'class="ev ev-done"' in done  # a logged visit keeps its usual colour
