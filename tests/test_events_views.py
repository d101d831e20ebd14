"""The events pages: fast entry with Jalali dates, detail with feedback rows, list paging, calendar, roles."""
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import other_district
from tracker.extensions import db
from tracker.models import (
    Campaign, Commitment, Event, FeedbackItem, Holiday, Household, Neighborhood, Official, Phase,
    Topic,
)
from tracker.persian.dates import jalali_to_date, jalali_year_month, today_tehran


@pytest.fixture
def place(district):
    """The district's first neighborhood, two officials, two households and a two-phase campaign."""
    hood = db.session.scalars(select(Neighborhood).where(Neighborhood.district_id == district.id)
                              .order_by(Neighborhood.id)).first()
    mayor = Official(district_id=district.id, name="مهندس علیرضا نادری", title="شهردار منطقه")
    deputy = Official(district_id=district.id, name="دکتر سعید فرهمند", title="معاون امور اجتماعی")
    home = Household(district_id=district.id, neighborhood_id=hood.id, category="martyr_family",
                     name="خانواده رضایی", martyr_name="حسن رضایی", phone="09121234567")
    elder = Household(district_id=district.id, neighborhood_id=hood.id, category="trustee", name="حاج کاظم کیانی")
    campaign = Campaign(district_id=district.id, title="ما همه شهر داریم", status="active",
                        starts_on=date(2025, 6, 20), ends_on=date(2025, 7, 30))
    campaign.phases = [Phase(number=1, title="تبلیغات محیطی"), Phase(number=2, title="دیدار در منزل")]
    other = Campaign(district_id=district.id, title="هفتهٔ محله", status="draft",
                     starts_on=date(2025, 8, 1), ends_on=date(2025, 8, 30))
    other.phases = [Phase(number=1, title="گردهمایی")]
    db.session.add_all([mayor, deputy, home, elder, campaign, other])
    db.session.commit()
    return {"hood": hood, "mayor": mayor, "deputy": deputy, "home": home, "elder": elder,
            "campaign": campaign, "other": other}


def _form(place, **overrides):
    data = {
        "kind": "home_visit", "status": "planned", "campaign_id": str(place["campaign"].id),
        "phase_id": str(place["campaign"].phases[1].id), "neighborhood_id": str(place["hood"].id),
        "held_on": "۱۴۰۴/۰۴/۱۴", "start_time": "۱۷:۳۰", "duration_minutes": "۹۰",
        "title": "دیدار روز شهرداری", "official_ids": [str(place["mayor"].id)],
        "household_ids": [str(place["home"].id)], "minutes": "",
    }
    data.update(overrides)
    return data


def _event(place, **values):
    fields = dict(district_id=place["hood"].district_id, neighborhood_id=place["hood"].id, kind="home_visit",
                  status="planned", held_on=date(2025, 7, 5))
    fields.update(values)
    event = Event(**fields)
    db.session.add(event)
    db.session.commit()
    return event


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_create_with_persian_digit_date(auth, client, place):
    auth.login("pr_staff")
    response = client.post("/events/new", data=_form(place), follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "رویداد ثبت شد." in page
    event = db.session.scalar(select(Event))
    assert event.held_on == date(2025, 7, 5)
    assert event.status == "planned"
    assert [o.id for o in event.officials] == [place["mayor"].id]
    assert event.duration_minutes == 90
    assert "شنبه ۱۴ تیر ۱۴۰۴" in page
    assert "خانواده رضایی" in page and "۰۹۱۲۱۲۳۴۵۶۷" in page


def test_create_with_arabic_indic_digits(auth, client, place):
    auth.login("pr_staff")
    response = client.post("/events/new", data=_form(place, held_on="١٤٠٤/٠٤/١٥", start_time="٩:٠٥"))
    assert response.status_code == 302
    event = db.session.scalar(select(Event))
    assert event.held_on == date(2025, 7, 6)
    assert event.start_time.hour == 9 and event.start_time.minute == 5


def test_invalid_date_kept_with_persian_error(auth, client, place):
    auth.login("pr_staff")
    response = client.post("/events/new", data=_form(place, held_on="1404/12/30"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "اسفند ۱۴۰۴ فقط ۲۹ روز دارد" in page
    assert 'value="1404/12/30"' in page
    # The chosen official and household chips are still there.
    assert f'name="official_ids" value="{place["mayor"].id}"' in page
    assert "خانواده رضایی" in page
    assert _count(Event) == 0


def test_done_without_minutes_is_refused(auth, client, place):
    auth.login("pr_staff")
    response = client.post("/events/new", data=_form(place, status="done", minutes="  "))
    page = response.get_data(as_text=True)
    assert "گزارش (صورت‌جلسه) را بنویسید" in page
    assert 'value="دیدار روز شهرداری"' in page
    assert _count(Event) == 0


def test_done_home_visit_needs_an_official(auth, client, place):
    auth.login("pr_staff")
    response = client.post("/events/new", data=_form(place, status="done", minutes="گفت‌وگو شد.", official_ids=[]))
    assert "دست‌کم یک مدیر حاضر" in response.get_data(as_text=True)
    assert _count(Event) == 0


def test_phase_of_another_campaign_is_refused(auth, client, place):
    auth.login("pr_staff")
    response = client.post("/events/new", data=_form(place, phase_id=str(place["other"].phases[0].id)))
    assert "این مرحله از مراحل پویش انتخاب‌شده نیست." in response.get_data(as_text=True)
    assert _count(Event) == 0


def test_household_of_another_district_is_refused(auth, client, place):
    elsewhere = other_district()
    other, hood = elsewhere.district, elsewhere.neighborhood
    stranger = Household(district_id=other.id, neighborhood_id=hood.id, category="citizen", name="غریبه")
    db.session.add(stranger)
    db.session.commit()
    auth.login("pr_staff")
    response = client.post("/events/new", data=_form(place, household_ids=[str(stranger.id)]))
    assert "در این منطقه نیستند" in response.get_data(as_text=True)
    assert _count(Event) == 0


def test_edit_and_status_rules(auth, client, place):
    event = _event(place, status="done", minutes="انجام شد", officials=[place["mayor"]])
    auth.login("pr_staff")
    page = client.get(f"/events/{event.id}/edit").get_data(as_text=True)
    assert 'value="۱۴۰۴/۰۴/۱۴"' in page and "مهندس علیرضا نادری" in page
    response = client.post(f"/events/{event.id}/edit", data=_form(place, status="planned"))
    assert "انجام‌شده را نمی‌توان تغییر داد" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Event, event.id).status == "done"
    response = client.post(f"/events/{event.id}/edit", data=_form(place, status="done", minutes="گزارش تازه"))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Event, event.id).minutes == "گزارش تازه"


def test_quick_done_and_cancel(auth, client, place):
    event = _event(place, officials=[place["mayor"]])
    auth.login("pr_staff")
    response = client.post(f"/events/{event.id}/done", data={"done-minutes": ""})
    assert response.status_code == 422
    assert "گزارش (صورت‌جلسه) را بنویسید" in response.get_data(as_text=True)
    assert client.post(f"/events/{event.id}/done", data={"done-minutes": "دیدار گرم بود."}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Event, event.id).status == "done"

    planned = _event(place)
    page = client.get(f"/events/{planned.id}/cancel").get_data(as_text=True)
    assert "مطمئنم" in page
    client.post(f"/events/{planned.id}/cancel", data={})
    db.session.expire_all()
    assert db.session.get(Event, planned.id).status == "planned"
    client.post(f"/events/{planned.id}/cancel", data={"confirm": "y"})
    db.session.expire_all()
    assert db.session.get(Event, planned.id).status == "cancelled"
    # A cancelled event cannot jump to done.
    response = client.post(f"/events/{planned.id}/done", data={"done-minutes": "x"})
    assert "برنامه‌ریزی‌شده" in response.get_data(as_text=True)


def test_soft_delete_asks_first(auth, client, place):
    event = _event(place, title="جلسهٔ حذفی")
    auth.login("pr_staff")
    assert "حذف رویداد" in client.get(f"/events/{event.id}/delete").get_data(as_text=True)
    client.post(f"/events/{event.id}/delete", data={"confirm": "y"})
    db.session.expire_all()
    assert db.session.get(Event, event.id).deleted_at is not None
    assert client.get(f"/events/{event.id}").status_code == 404
    assert "جلسهٔ حذفی" not in client.get("/events/").get_data(as_text=True)


def _rows(*rows):
    data = {}
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"fb-rows-{i}-{key}"] = value
    return data


def test_feedback_rows_all_or_nothing(auth, client, place, district):
    event = _event(place, households=[place["home"]], officials=[place["mayor"]])
    topic = db.session.scalars(select(Topic).where(Topic.district_id == district.id)).first()
    auth.login("pr_staff")
    bad = _rows(
        {"kind": "criticism", "topic_id": str(topic.id), "text": "چراغ کوچه خاموش است", "priority": "high",
         "household_id": str(place["home"].id)},
        {"kind": "request", "text": "", "priority": "normal"},
        {"kind": "", "text": "", "priority": "normal"},
    )
    response = client.post(f"/events/{event.id}/feedback", data=bad)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "متن بازخورد را بنویسید." in page
    assert "چراغ کوچه خاموش است" in page
    assert _count(FeedbackItem) == 0

    good = _rows(
        {"kind": "criticism", "topic_id": str(topic.id), "text": "چراغ کوچه خاموش است", "priority": "high",
         "household_id": str(place["home"].id)},
        {"kind": "suggestion", "text": "وسایل ورزشی برای سالمندان", "priority": "normal"},
        {"kind": "", "text": "", "priority": "normal"},
    )
    response = client.post(f"/events/{event.id}/feedback", data=good, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert ("۲ بازخورد ثبت شد؛ ۱ مورد به معاونت مسئول ارجاع شد؛ "
            "۱ مورد معاونتی ندارد و در انتظار ارجاع روابط عمومی است.") in page
    items = db.session.scalars(select(FeedbackItem).order_by(FeedbackItem.id)).all()
    assert [i.kind for i in items] == ["criticism", "suggestion"]
    assert items[0].department_id == topic.department_id  # blank department → the topic's default
    assert [i.status for i in items] == ["referred", "new"]  # referred on save when the topic names one
    assert "وسایل ورزشی برای سالمندان" in page and "در انتظار ارجاع" in page


def test_feedback_row_household_must_be_the_events(auth, client, place):
    event = _event(place, households=[place["home"]])
    auth.login("pr_staff")
    data = _rows({"kind": "request", "text": "درخواست", "priority": "normal",
                  "household_id": str(place["elder"].id)})
    response = client.post(f"/events/{event.id}/feedback", data=data)
    assert "یکی از گزینه‌های فهرست را انتخاب کنید." in response.get_data(as_text=True)
    assert _count(FeedbackItem) == 0


def test_add_commitment(auth, client, place):
    event = _event(place, officials=[place["mayor"]])
    auth.login("pr_staff")
    response = client.post(f"/events/{event.id}/commitments", data={
        "cm-official_id": str(place["mayor"].id), "cm-text": "روشنایی کوچه درست می‌شود", "cm-due_on": "۱۴۰۴/۰۳/۰۱"})
    assert "پیش از تاریخ رویداد" in response.get_data(as_text=True)
    assert 'value="۱۴۰۴/۰۳/۰۱"' in response.get_data(as_text=True)
    response = client.post(f"/events/{event.id}/commitments", data={
        "cm-official_id": str(place["mayor"].id), "cm-text": "روشنایی کوچه درست می‌شود", "cm-due_on": "۱۴۰۴/۰۵/۰۱"},
        follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "تعهد ثبت شد." in page and "۱۴۰۴/۰۵/۰۱" in page
    assert _count(Commitment) == 1


def test_date_preview_json(auth, client, district):
    auth.login("pr_staff")
    ok = client.get("/events/date-preview", query_string={"d": "۱۴۰۴/۰۴/۱۳"}).get_json()
    assert ok == {"ok": True, "text": "جمعه ۱۳ تیر ۱۴۰۴", "holiday": ok["holiday"], "friday": True, "weekend": True}
    year = jalali_year_month(today_tehran())[0]  # the seeded holidays cover this year and next
    nowruz = client.get("/events/date-preview", query_string={"d": f"{year}/1/1"}).get_json()
    assert "نوروز" in nowruz["holiday"] and nowruz["friday"] is False
    bad = client.get("/events/date-preview", query_string={"d": "1404/12/30"}).get_json()
    assert bad["ok"] is False and "کبیسه نیست" in bad["error"]


def test_officials_lookup(auth, client, place):
    auth.login("pr_staff")
    found = client.get("/events/lookup/officials", query_string={"q": "نادري"}).get_json()
    assert found == [{"id": place["mayor"].id, "name": "مهندس علیرضا نادری", "title": "شهردار منطقه",
                      "department": None}]


def test_calendar_starts_saturday_flags_friday_and_holiday(auth, client, place):
    db.session.add(Holiday(day=jalali_to_date(1404, 4, 15), title="تعطیل آزمایشی", source="manual"))
    db.session.commit()
    _event(place, title="دیدار تقویمی", held_on=jalali_to_date(1404, 4, 14))
    auth.login("manager")
    page = client.get("/events/calendar?year=1404&month=4").get_data(as_text=True)
    headers = page.split('id="calendar"')[1].split("</thead>")[0]
    assert headers.index("شنبه") < headers.index("یکشنبه") < headers.index("جمعه")
    assert headers.split('<th class="text-center">')[1].startswith("شنبه</th>")
    friday = jalali_to_date(1404, 4, 13).isoformat()  # 13 Tir 1404 is a Friday
    assert re.search(rf'class="day-off[^"]*" data-day="{friday}"', page)
    holiday = jalali_to_date(1404, 4, 15).isoformat()
    cell = page.split(f'data-day="{holiday}"')[1].split("</td>")[0]
    assert "تعطیل آزمایشی" in cell
    assert re.search(rf'class="day-off[^"]*" data-day="{holiday}"', page)
    assert "دیدار تقویمی" in page and "تیر ۱۴۰۴" in page
    assert "year=1404&amp;month=3" in page and "year=1404&amp;month=5" in page


def test_list_filters_and_keyset_paging(auth, client, place):
    start = date(2025, 3, 21)
    for i in range(60):
        db.session.add(Event(district_id=place["hood"].district_id, neighborhood_id=place["hood"].id,
                             kind="meeting" if i % 3 else "home_visit", status="planned",
                             held_on=start + timedelta(days=i // 2), title=f"رویداد {i}"))
    db.session.commit()
    ids = set(db.session.scalars(select(Event.id)))
    auth.login("manager")
    seen, url, pages = [], "/events/", 0
    while url:
        page = client.get(url).get_data(as_text=True)
        assert "۶۰ رویداد" in page
        seen += [int(chunk.split('"')[0]) for chunk in page.split('data-id="')[1:]]
        url = None
        if 'id="next-page"' in page:
            url = page.split('id="next-page" href="')[1].split('"')[0].replace("&amp;", "&")
        pages += 1
    assert pages == 3 and len(seen) == 60 and set(seen) == ids
    held = {e.id: e.held_on for e in db.session.scalars(select(Event))}
    assert [held[i] for i in seen] == sorted((held[i] for i in seen), reverse=True)

    page = client.get("/events/", query_string={"kind": "home_visit", "from": "۱۴۰۴/۰۱/۰۶", "to": "1404/01/15",
                                               "sort": "asc"}).get_data(as_text=True)
    expected = [e for e in db.session.scalars(select(Event).order_by(Event.held_on, Event.id))
                if e.kind == "home_visit" and date(2025, 3, 26) <= e.held_on <= date(2025, 4, 4)]
    assert f"{len(expected)} رویداد".translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")) in page
    assert [int(c.split('"')[0]) for c in page.split('data-id="')[1:]] == [e.id for e in expected]


def test_list_bad_date_filter_shows_error(auth, client, place):
    _event(place, title="یک دیدار")
    auth.login("pr_staff")
    response = client.get("/events/", query_string={"from": "1404/13/01"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "ماه باید بین ۱ و ۱۲ باشد." in page and 'value="1404/13/01"' in page
    # Nothing is listed until the filter is fixed, and the page says why.
    assert "یک دیدار" not in page and "تا آن را درست نکنید چیزی فهرست نمی‌شود" in page
    fixed = client.get("/events/", query_string={"from": "1404/01/01"}).get_data(as_text=True)
    assert "یک دیدار" in fixed and "فیلتر ایراد دارد" not in fixed


def test_roles_and_districts(auth, client, place):
    event = _event(place)
    auth.login("viewer")
    for url in ("/events/", f"/events/{event.id}", "/events/new", "/events/calendar", "/events/lookup/officials"):
        assert client.get(url).status_code == 403
    auth.logout()
    auth.login("manager")
    assert client.get(f"/events/{event.id}").status_code == 200
    assert "ثبت بازخوردها" not in client.get(f"/events/{event.id}").get_data(as_text=True)
    assert client.post("/events/new", data=_form(place)).status_code == 403
    assert client.post(f"/events/{event.id}/done", data={"done-minutes": "x"}).status_code == 403
    assert client.post(f"/events/{event.id}/delete", data={"confirm": "y"}).status_code == 403
    assert _count(Event) == 1

    elsewhere = other_district()
    other, hood = elsewhere.district, elsewhere.neighborhood
    foreign = Event(district_id=other.id, neighborhood_id=hood.id, kind="meeting", held_on=date(2025, 7, 5),
                    title="رویداد بیگانه")
    db.session.add(foreign)
    db.session.commit()
    assert client.get(f"/events/{foreign.id}").status_code == 404
    assert "رویداد بیگانه" not in client.get("/events/").get_data(as_text=True)
    auth.logout()
    auth.login("pr_staff")
    assert client.get(f"/events/{foreign.id}/edit").status_code == 404
    assert client.post(f"/events/{foreign.id}/cancel", data={"confirm": "y"}).status_code == 404


def test_new_event_form_starts_on_today(auth, client, place):
    from tracker.persian.dates import jalali_str, today_tehran
    from tracker.persian.digits import to_persian_digits

    auth.login("pr_staff")
    page = client.get("/events/new").get_data(as_text=True)
    assert f'value="{to_persian_digits(jalali_str(today_tehran()))}"' in page
    assert 'value="۱۴۰۴/۰۴/۱۴"' in client.get("/events/new?d=1404/04/14").get_data(as_text=True)
