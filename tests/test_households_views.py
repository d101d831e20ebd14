"""The households pages: list and filters, the form with its duplicate warning, detail, delete, look-up."""
from datetime import date, timedelta

import re

import pytest
from sqlalchemy import func, select

from tests.factories import other_district
from tracker.extensions import db
from tracker.households import views
from tracker.households.services import create_household
from tracker.models import (
    Commitment, Event, FeedbackItem, Household, Neighborhood, Official,
)
from tracker.models.limits import ADDRESS_MAX
from tracker.persian.dates import format_jalali, today_tehran

VALID_NID = "0013542419"


def hoods(district):
    return list(db.session.scalars(
        select(Neighborhood).where(Neighborhood.district_id == district.id).order_by(Neighborhood.id)
    ))


def add(district, actor, name, **extra):
    values = {
        "name": name, "category": "trustee", "neighborhood_id": hoods(district)[0].id, "martyr_name": None,
        "address": None, "phone": None, "national_id": None, "publicity_consent": False, "notes": None,
    }
    values.update(extra)
    household = create_household(values, actor, force=True)
    db.session.commit()
    return household


def visit(household, held_on, status="done", title=None):
    event = Event(
        district_id=household.district_id, neighborhood_id=household.neighborhood_id, kind="home_visit",
        status=status, held_on=held_on, title=title, minutes="دیدار انجام شد." if status == "done" else None,
    )
    event.households.append(household)
    db.session.add(event)
    db.session.commit()
    return event


def count_households():
    return db.session.scalar(select(func.count(Household.id)).where(Household.deleted_at.is_(None)))


def form_data(district, **overrides):
    values = {
        "name": "علی کریمی", "category": "trustee", "neighborhood_id": str(hoods(district)[0].id),
        "martyr_name": "", "address": "", "phone": "", "national_id": "", "notes": "",
    }
    values.update(overrides)
    return values


@pytest.fixture
def karimi(district, users):
    return add(district, users["pr_staff"], "علی کریمی", phone="09121234567", national_id=VALID_NID,
               address="خیابان ولیعصر، کوچه ۳")


def other_household():
    elsewhere = other_district()
    district, hood = elsewhere.district, elsewhere.neighborhood
    household = Household(district_id=district.id, neighborhood_id=hood.id, category="citizen", name="غریبه")
    db.session.add(household)
    db.session.commit()
    return household


# --- access -------------------------------------------------------------------------------


def test_viewer_gets_403_everywhere(client, auth, karimi):
    auth.login("viewer")
    for url in ("/households/", f"/households/{karimi.id}", "/households/new", f"/households/{karimi.id}/edit",
                f"/households/{karimi.id}/delete", "/households/lookup?q=علی"):
        assert client.get(url).status_code == 403, url
    assert client.post("/households/new", data={"name": "x"}).status_code == 403
    assert count_households() == 1


def test_manager_reads_with_personal_data_but_cannot_write(client, auth, karimi):
    auth.login("manager")
    page = client.get(f"/households/{karimi.id}").get_data(as_text=True)
    assert "۰۹۱۲۱۲۳۴۵۶۷" in page and "۰۰۱۳۵۴۲۴۱۹" in page and "ویرایش" not in page
    assert client.get("/households/").status_code == 200
    assert client.get("/households/new").status_code == 403
    assert client.get(f"/households/{karimi.id}/edit").status_code == 403
    assert client.post(f"/households/{karimi.id}/delete", data={"confirm": "y"}).status_code == 403


def test_anonymous_is_sent_to_login(client, karimi):
    response = client.get("/households/")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_other_districts_household_is_404(client, auth, users):
    stranger = other_household()
    auth.login("admin")
    for url in (f"/households/{stranger.id}", f"/households/{stranger.id}/edit", f"/households/{stranger.id}/delete"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/households/{stranger.id}/delete", data={"confirm": "y"}).status_code == 404
    assert "غریبه" not in client.get("/households/").get_data(as_text=True)
    assert client.get("/households/lookup?q=غریبه").get_json() == []


# --- the form -----------------------------------------------------------------------------


def test_create_household_and_show_it(client, auth, district):
    auth.login()
    response = client.post("/households/new", data=form_data(
        district, name="زهرا  نیک‌پور", category="martyr_family", martyr_name="شهید محمد نیک‌پور",
        phone="۰۹۳۵ ۱۱۱ ۲۲۳۳", national_id="۰۰۱۳۵۴۲۴۱۹", publicity_consent="y", address="بلوار اصلی",
    ))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "خانوار ثبت شد." in page
    assert "زهرا نیک‌پور" in page and "شهید محمد نیک‌پور" in page
    assert '<bdi dir="ltr" class="ltr">۰۹۳۵۱۱۱۲۲۳۳</bdi>' in page
    household = db.session.scalar(select(Household))
    assert household.phone == "09351112233" and household.national_id == VALID_NID and household.publicity_consent


def test_typed_duplicate_is_warned_with_values_kept_then_forced(client, auth, district, karimi):
    auth.login()
    typed = form_data(district, name="علي كريمي", phone="۰۹۱۲ ۱۲۳ ۴۵۶۷", address="نشانی تازه")
    page = client.post("/households/new", data=typed)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "شاید پیش‌تر ثبت شده باشد" in html
    assert f'href="/households/{karimi.id}"' in html
    assert "این خانوار تکراری نیست؛ ذخیره کن" in html
    # The typed values come back (normalized: Persian letters, the mobile in canonical form).
    assert 'value="علی کریمی"' in html and 'value="۰۹۱۲۱۲۳۴۵۶۷"' in html and "نشانی تازه" in html
    assert count_households() == 1

    forced = client.post("/households/new", data={**typed, "not_duplicate": "y"})
    assert forced.status_code == 302
    assert count_households() == 2


def test_invalid_national_id_shows_persian_error_beside_field_and_keeps_input(client, auth, district):
    auth.login()
    page = client.post("/households/new", data=form_data(district, name="رضا یزدانی", national_id="۱۲۳۴۵۶۷۸۹۰"))
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "کد ملی معتبر نیست." in html
    assert 'value="۱۲۳۴۵۶۷۸۹۰"' in html and 'value="رضا یزدانی"' in html
    assert count_households() == 0


def test_bad_mobile_and_missing_fields_are_reported_in_persian(client, auth, district):
    auth.login()
    html = client.post("/households/new", data=form_data(
        district, name="", neighborhood_id="", phone="12345"
    )).get_data(as_text=True)
    assert "این خانه را پر کنید." in html
    assert "شماره همراه باید با ۰۹ شروع شود" in html and 'value="12345"' in html
    assert count_households() == 0


def test_martyr_family_without_martyr_name_is_refused(client, auth, district):
    auth.login()
    html = client.post("/households/new", data=form_data(district, category="martyr_family")).get_data(as_text=True)
    assert "نام شهید را وارد کنید." in html
    assert count_households() == 0


def test_foreign_neighborhood_is_refused(client, auth, district):
    auth.login()
    html = client.post("/households/new", data=form_data(district, neighborhood_id="99999")).get_data(as_text=True)
    assert "محله را از فهرست انتخاب کنید." in html
    assert count_households() == 0


def test_edit_household_and_stale_version_is_refused(client, auth, district, karimi):
    auth.login()
    form_page = client.get(f"/households/{karimi.id}/edit").get_data(as_text=True)
    assert 'value="علی کریمی"' in form_page and "۰۹۱۲۱۲۳۴۵۶۷" in form_page
    changed = form_data(district, name="علی کریمی", phone="09121234567", national_id=VALID_NID,
                        address="نشانی جدید", version="1")
    assert client.post(f"/households/{karimi.id}/edit", data=changed).status_code == 302
    db.session.expire_all()
    assert db.session.get(Household, karimi.id).address == "نشانی جدید"
    stale = client.post(f"/households/{karimi.id}/edit", data={**changed, "address": "دیر رسید"})
    assert "ویرایش شده است" in stale.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Household, karimi.id).address == "نشانی جدید"


def test_delete_asks_for_confirmation_then_hides(client, auth, karimi):
    auth.login()
    assert "مطمئنم" in client.get(f"/households/{karimi.id}/delete").get_data(as_text=True)
    unconfirmed = client.post(f"/households/{karimi.id}/delete", data={})
    assert "برای حذف، این گزینه را تیک بزنید." in unconfirmed.get_data(as_text=True)
    assert count_households() == 1
    done = client.post(f"/households/{karimi.id}/delete", data={"confirm": "y"})
    assert done.status_code == 302
    assert "علی کریمی" not in client.get("/households/").get_data(as_text=True)
    assert client.get(f"/households/{karimi.id}").status_code == 404
    assert db.session.get(Household, karimi.id) is not None  # soft


# --- list, filters, paging ----------------------------------------------------------------


def test_search_with_arabic_yeh_finds_persian_yeh(client, auth, district, users, karimi):
    add(district, users["pr_staff"], "مریم رضایی", category="martyr_family", martyr_name="شهید حسین یگانه")
    auth.login()
    html = client.get("/households/", query_string={"q": "كريمي"}).get_data(as_text=True)
    assert "علی کریمی" in html and "مریم رضایی" not in html
    assert "۱ خانوار" in html
    by_martyr = client.get("/households/", query_string={"q": "يگانه"}).get_data(as_text=True)
    assert "مریم رضایی" in by_martyr and "علی کریمی" not in by_martyr


def test_list_columns(client, auth, district, users, karimi):
    visit(karimi, date(2025, 7, 5))
    auth.login("manager")
    html = client.get("/households/").get_data(as_text=True)
    assert '<bdi dir="ltr" class="ltr">۰۹۱۲۱۲۳۴۵۶۷</bdi>' in html
    assert "معتمد محل" in html and hoods(district)[0].name in html
    assert format_jalali(date(2025, 7, 5)) == "۱۴۰۴/۰۴/۱۴" and "۱۴۰۴/۰۴/۱۴" in html


def test_filters_by_neighborhood_category_and_visit_state(client, auth, district, users):
    actor = users["pr_staff"]
    first, second = hoods(district)[:2]
    today = today_tehran()
    recent = add(district, actor, "خانوار تازه", neighborhood_id=first.id)
    old = add(district, actor, "خانوار قدیمی", neighborhood_id=first.id)
    add(district, actor, "خانوار بی‌دیدار", neighborhood_id=second.id, category="veteran")
    planned = add(district, actor, "خانوار برنامه", neighborhood_id=second.id)
    visit(recent, today - timedelta(days=20))
    visit(old, today - timedelta(days=400))
    visit(planned, today + timedelta(days=3), status="planned")
    auth.login()

    def names(**args):
        html = client.get("/households/", query_string=args).get_data(as_text=True)
        return {n for n in ("خانوار تازه", "خانوار قدیمی", "خانوار بی‌دیدار", "خانوار برنامه") if n in html}, html

    assert names(visit="never")[0] == {"خانوار بی‌دیدار", "خانوار برنامه"}
    found, html = names(visit="stale", months="6")
    assert found == {"خانوار قدیمی", "خانوار بی‌دیدار", "خانوار برنامه"} and "۳ خانوار" in html
    assert names(visit="stale", months="۲۴")[0] == {"خانوار بی‌دیدار", "خانوار برنامه"}
    assert names(neighborhood_id=str(first.id))[0] == {"خانوار تازه", "خانوار قدیمی"}
    assert names(category="veteran")[0] == {"خانوار بی‌دیدار"}
    odd = client.get("/households/", query_string={"visit": "zzz", "after": "garbage", "sort": "x"})
    assert odd.status_code == 200 and "۴ خانوار" in odd.get_data(as_text=True)
    # A months filter that is not a number lists nothing, and says why beside the box.
    found, html = names(visit="stale", months="abc")
    assert found == set() and "عددی میان ۱ و" in html and 'value="abc"' in html and "فیلتر ایراد دارد" in html


def test_keyset_paging_with_correct_total(client, auth, district, users, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for name in ("الف", "ب", "پ", "ت", "ث"):
        add(district, users["pr_staff"], f"خانوار {name}")
    auth.login()
    seen = []
    url = "/households/"
    while url:
        html = client.get(url).get_data(as_text=True)
        assert "۵ خانوار" in html
        seen += [n for n in ("الف", "ب", "پ", "ت", "ث") if f"خانوار {n}<" in html]
        marker = 'href="/households/?after='
        url = None
        if marker in html:
            start = html.index(marker) + len('href="')
            url = html[start:html.index('"', start)].replace("&amp;", "&")
    assert sorted(seen) == sorted(["الف", "ب", "پ", "ت", "ث"]) and len(seen) == 5


def test_sort_by_visit_puts_the_longest_unvisited_first_and_pages(client, auth, district, users, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    actor = users["pr_staff"]
    today = today_tehran()
    a = add(district, actor, "آخرین دیدار دیروز")
    b = add(district, actor, "دیدار پارسال")
    add(district, actor, "هرگز")
    visit(a, today - timedelta(days=1))
    visit(b, today - timedelta(days=300))
    auth.login()
    order = []
    url = "/households/?sort=visit"
    while url:
        html = client.get(url).get_data(as_text=True)
        order += [n for n in ("آخرین دیدار دیروز", "دیدار پارسال", "هرگز") if n in html.split("<tbody>")[1]]
        marker = 'href="/households/?'
        url = None
        if "صفحهٔ بعد" in html:
            start = html.rindex(marker, 0, html.index("صفحهٔ بعد")) + len('href="')
            url = html[start:html.index('"', start)].replace("&amp;", "&")
    assert order == ["هرگز", "دیدار پارسال", "آخرین دیدار دیروز"]


# --- detail -------------------------------------------------------------------------------


def test_detail_shows_visits_feedback_and_commitments(client, auth, district, users, karimi):
    event = visit(karimi, date(2025, 7, 5), title="دیدار روز شهرداری")
    visit(karimi, date(2025, 9, 1), status="planned")
    official = Official(district_id=district.id, name="مهندس نادری", title="شهردار منطقه")
    db.session.add(official)
    db.session.flush()
    db.session.add(FeedbackItem(
        district_id=district.id, event_id=event.id, household_id=karimi.id, kind="criticism",
        text="چراغ کوچه خاموش است.", received_on=date(2025, 7, 5), status="referred",
    ))
    db.session.add(Commitment(
        district_id=district.id, event_id=event.id, official_id=official.id, household_id=karimi.id,
        text="روشنایی کوچه درست می‌شود.", due_on=date(2025, 8, 1),
    ))
    db.session.commit()
    auth.login()
    html = client.get(f"/households/{karimi.id}").get_data(as_text=True)
    assert "۱۴ تیر ۱۴۰۴" in html and "دیدار در منزل" in html and "انجام‌شده" in html
    assert "برنامه‌ریزی‌شده" in html
    assert "چراغ کوچه خاموش است." in html and "انتقاد" in html and "ارجاع‌شده" in html
    assert "روشنایی کوچه درست می‌شود." in html and "مهندس نادری" in html and "۱۴۰۴/۰۵/۱۰" in html
    assert "خیابان ولیعصر، کوچه ۳" in html


# --- look-up ------------------------------------------------------------------------------


def test_lookup_returns_json_matches(client, auth, district, users, karimi):
    second = hoods(district)[1]
    martyr = add(district, users["pr_staff"], "فاطمه کیانی", category="martyr_family",
                 martyr_name="شهید علی کیانی", neighborhood_id=second.id)
    auth.login("manager")
    found = client.get("/households/lookup", query_string={"q": "علي"}).get_json()
    assert {row["id"] for row in found} == {karimi.id, martyr.id}
    row = next(r for r in found if r["id"] == martyr.id)
    assert row == {"id": martyr.id, "name": "فاطمه کیانی", "neighborhood": second.name,
                   "category_label": "خانواده شهید", "martyr_name": "شهید علی کیانی"}
    narrowed = client.get("/households/lookup", query_string={"q": "علی", "neighborhood_id": second.id}).get_json()
    assert [r["id"] for r in narrowed] == [martyr.id]
    assert client.get("/households/lookup").get_json() == []


def test_lookup_returns_at_most_fifteen(client, auth, district, users):
    for i in range(17):
        add(district, users["pr_staff"], f"حسین {i}")
    auth.login()
    assert len(client.get("/households/lookup?q=حسین").get_json()) == 15


def test_list_is_in_persian_alphabetical_order_across_pages(client, auth, district, users, monkeypatch):
    # Code-point order would put پ after ی and گ after ی; Persian order is ا ب پ ... ک گ ... ی.
    names = ["یاسر", "گلی", "کاوه", "ژاله", "چنگیز", "پری", "بهرام", "آرش", "ابراهیم"]
    for name in names:
        add(district, users["pr_staff"], name, phone=None, national_id=None)
    db.session.commit()
    monkeypatch.setattr("tracker.households.views.PAGE_SIZE", 4)
    auth.login("pr_staff")
    seen, url = [], "/households/"
    while url:
        html = client.get(url).get_data(as_text=True)
        seen += list(re.findall(r'<a href="/households/\d+">([^<]+)</a>', html))
        nxt = re.search(r'id="next-page" href="([^"]+)"', html)
        url = nxt.group(1).replace("&amp;", "&") if nxt else None
    assert seen == ["آرش", "ابراهیم", "بهرام", "پری", "چنگیز", "ژاله", "کاوه", "گلی", "یاسر"]


def test_an_address_past_the_shared_limit_is_refused_at_the_web_door_too(client, auth, district):
    auth.login()
    too_long = "ک" * (ADDRESS_MAX + 1)
    page = client.post("/households/new", data=form_data(district, name="خانواده بلند", address=too_long))
    assert page.status_code == 200 and "این متن بیش از ۲۰۰۰ نویسه است." in page.get_data(as_text=True)
    assert count_households() == 0
