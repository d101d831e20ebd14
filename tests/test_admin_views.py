"""The admin area's pages: what an administrator sees and changes, and who is kept out."""
import pytest
from sqlalchemy import func, select

from tests.factories import other_district
from tracker.extensions import db
from tracker.models import Area, AuditEntry, Department, DistrictDayOff, Holiday, Neighborhood, Topic, User
from tracker.persian.dates import jalali_to_date, weekday_name

ARABIC_KAF, PERSIAN_KAF = "\u0643", "\u06a9"
ARABIC_YEH, PERSIAN_YEH = "\u064a", "\u06cc"

GET_PAGES = [
    "/admin/", "/admin/places", "/admin/areas/new", "/admin/neighborhoods/new", "/admin/users",
    "/admin/users/new", "/admin/topics", "/admin/topics/new", "/admin/holidays", "/admin/days-off/new",
    "/admin/district",
]


@pytest.fixture
def admin(auth):
    auth.login("admin")
    return auth


def _area(name):
    return db.session.scalar(select(Area).where(Area.name == name))


def _first(model, **where):
    return db.session.scalars(select(model).filter_by(**where).order_by(model.id)).first()


def _day_off(district_id, day=(1405, 2, 10), title="روز محلی"):
    day_off = DistrictDayOff(district_id=district_id, day=jalali_to_date(*day), title=title)
    db.session.add(day_off)
    db.session.commit()
    return day_off


def _audits(action, entity):
    return db.session.scalar(
        select(func.count()).select_from(AuditEntry).where(AuditEntry.action == action, AuditEntry.entity == entity)
    )


@pytest.mark.parametrize("role", ["pr_staff", "manager", "viewer"])
def test_non_admins_get_403_everywhere(client, auth, role):
    auth.login(role)
    area = db.session.scalars(select(Area)).first()
    day_off = _day_off(area.district_id)
    pages = [*GET_PAGES, f"/admin/areas/{area.id}/edit", f"/admin/days-off/{day_off.id}/edit"]
    for url in pages:
        assert client.get(url).status_code == 403, url
    assert client.post("/admin/areas/new", data={"name": "ناحیه نفوذی"}).status_code == 403
    assert client.post(f"/admin/areas/{area.id}/delete").status_code == 403
    assert client.post("/admin/days-off/new", data={"day": "1405/02/10", "title": "نفوذی"}).status_code == 403
    assert client.post(f"/admin/days-off/{day_off.id}/delete").status_code == 403
    assert _area("ناحیه نفوذی") is None and db.session.get(DistrictDayOff, day_off.id) is not None


def test_anonymous_is_sent_to_login(client, users):
    response = client.get("/admin/")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_every_admin_page_opens(client, admin):
    for url in GET_PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "dir=\"rtl\"" in response.text


def test_index_shows_counts_from_data(client, admin, district):
    html = client.get("/admin/").text
    count = db.session.scalar(select(func.count()).select_from(Neighborhood))
    assert "نواحی و محله‌ها" in html and "کاربران" in html and "تعطیلات رسمی" in html
    assert f"{count}".translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")) + " محله" in html


def test_places_are_grouped_and_persian_sorted(client, admin, district):
    area = db.session.scalars(select(Area).order_by(Area.id)).first()
    for name in ("گلستان", "کوثر", "پردیس", "بهار"):
        db.session.add(Neighborhood(district_id=district.id, area_id=area.id, name=name))
    db.session.commit()
    html = client.get("/admin/places").text
    positions = [html.index(n) for n in ("بهار", "پردیس", "کوثر", "گلستان")]
    assert positions == sorted(positions)  # ب پ ک گ, not code-point order (گ < ک)
    for n in db.session.scalars(select(Neighborhood)):
        assert n.name in html


def test_create_and_edit_area(client, admin):
    response = client.post("/admin/areas/new", data={"name": "ناحیه ۴"}, follow_redirects=True)
    assert "افزوده شد" in response.text
    area = _area("ناحیه ۴")
    assert area is not None and _audits("create", "area") == 1
    response = client.post(f"/admin/areas/{area.id}/edit", data={"name": "ناحیه چهار"}, follow_redirects=True)
    assert "ناحیه چهار" in response.text
    assert _audits("update", "area") == 1


def test_duplicate_neighborhood_refused_across_kaf_and_yeh(client, admin):
    area = db.session.scalars(select(Area)).first()
    existing = db.session.scalar(select(Neighborhood).where(Neighborhood.name.contains(PERSIAN_KAF)))
    typed = existing.name.replace(PERSIAN_KAF, ARABIC_KAF).replace(PERSIAN_YEH, ARABIC_YEH)
    assert typed != existing.name
    before = db.session.scalar(select(func.count()).select_from(Neighborhood))
    response = client.post("/admin/neighborhoods/new", data={"name": typed, "area_id": area.id})
    assert response.status_code == 200
    assert "پیش‌تر ثبت شده است" in response.text and "field-error" in response.text
    assert f'value="{existing.name}"' in response.text  # the typed name is kept (stored form)
    assert db.session.scalar(select(func.count()).select_from(Neighborhood)) == before


def test_duplicate_area_refused_with_arabic_yeh(client, admin):
    area = db.session.scalars(select(Area).order_by(Area.id)).first()
    other = db.session.scalars(select(Area).order_by(Area.id.desc())).first()
    typed = area.name.replace(PERSIAN_YEH, ARABIC_YEH)
    response = client.post(f"/admin/areas/{other.id}/edit", data={"name": typed})
    assert "پیش‌تر ثبت شده است" in response.text
    db.session.refresh(other)
    assert other.name != area.name


def test_neighborhood_must_belong_to_an_area_of_the_district(client, admin):
    other = other_district().district
    db.session.flush()
    foreign = Area(district_id=other.id, name="ناحیه بیگانه")
    db.session.add(foreign)
    db.session.commit()
    response = client.post("/admin/neighborhoods/new", data={"name": "محله تازه", "area_id": foreign.id})
    assert "یکی از گزینه‌ها را انتخاب کنید" in response.text
    assert "محله تازه" in response.text
    assert _first(Neighborhood, name="محله تازه") is None
    assert client.get(f"/admin/areas/{foreign.id}/edit").status_code == 404


def test_move_neighborhood_and_delete_emptied_area(client, admin, district):
    source = client.post("/admin/areas/new", data={"name": "ناحیه موقت"}) and _area("ناحیه موقت")
    target = db.session.scalars(select(Area).where(Area.id != source.id)).first()
    client.post("/admin/neighborhoods/new", data={"name": "محله آزمایشی", "area_id": source.id})
    n = _first(Neighborhood, name="محله آزمایشی")
    assert n.area_id == source.id

    response = client.post(f"/admin/areas/{source.id}/delete", follow_redirects=True)
    assert "هنوز ۱ محله دارد" in response.text
    db.session.refresh(source)
    assert source.deleted_at is None

    client.post(f"/admin/neighborhoods/{n.id}/edit", data={"name": "محله آزمایشی", "area_id": target.id})
    db.session.refresh(n)
    assert n.area_id == target.id
    confirm = client.get(f"/admin/areas/{source.id}/delete")
    assert "حذف شود؟" in confirm.text
    response = client.post(f"/admin/areas/{source.id}/delete", follow_redirects=True)
    assert "«ناحیه موقت» حذف شد" in response.text
    db.session.refresh(source)
    assert source.deleted_at is not None
    assert "ناحیه موقت" not in client.get("/admin/places").text


def test_delete_neighborhood_is_soft_and_confirmed(client, admin):
    n = db.session.scalars(select(Neighborhood)).first()
    assert "حذف شود؟" in client.get(f"/admin/neighborhoods/{n.id}/delete").text
    client.post(f"/admin/neighborhoods/{n.id}/delete", follow_redirects=True)
    db.session.refresh(n)
    assert n.deleted_at is not None
    assert n.name not in client.get("/admin/places").text
    assert client.get(f"/admin/neighborhoods/{n.id}/edit").status_code == 404


def test_users_list_shows_persian_roles(client, admin):
    html = client.get("/admin/users").text
    assert "کارشناس روابط عمومی" in html and "بیننده گزارش" in html and "pr_staff" in html


def test_create_manager_without_department_keeps_username(client, admin):
    data = {"username": "s.karimi", "full_name": "سارا کریمی", "role": "manager",
            "department_id": "0", "password": "long-enough-1"}
    response = client.post("/admin/users/new", data=data)
    assert response.status_code == 200
    assert "معاونت را انتخاب کنید" in response.text
    assert 'value="s.karimi"' in response.text and "سارا کریمی" in response.text
    assert _first(User, username="s.karimi") is None


def test_create_user_checks_password_and_taken_username(client, admin):
    response = client.post("/admin/users/new", data={"username": "newbie", "role": "viewer",
                                                     "department_id": "0", "password": "short"})
    assert "دست‌کم ۱۰ نویسه" in response.text and 'value="newbie"' in response.text
    response = client.post("/admin/users/new", data={"username": "viewer", "role": "viewer",
                                                     "department_id": "0", "password": "long-enough-1"})
    assert "پیش‌تر ثبت شده است" in response.text


def test_create_manager_with_department(client, admin, auth):
    department = db.session.scalars(select(Department)).first()
    response = client.post("/admin/users/new", data={
        "username": "m.ahmadi", "full_name": "محمد احمدي", "role": "manager",
        "department_id": department.id, "password": "long-enough-1"}, follow_redirects=True)
    assert "ساخته شد" in response.text
    user = _first(User, username="m.ahmadi")
    assert user.role == "manager" and user.department_id == department.id
    assert user.full_name == "محمد احمدی"
    auth.logout()
    auth.login("m.ahmadi", "long-enough-1")
    assert client.get("/admin/").status_code == 403


def test_edit_user_role_department_and_active(client, admin, users):
    department = db.session.scalars(select(Department)).first()
    viewer = users["viewer"]
    response = client.post(f"/admin/users/{viewer.id}/edit", data={
        "full_name": "بیننده", "role": "manager", "department_id": department.id}, follow_redirects=True)
    assert "ذخیره شد" in response.text
    db.session.refresh(viewer)
    assert viewer.role == "manager" and viewer.department_id == department.id and not viewer.active
    assert _audits("update", "user_account") == 1


def test_admin_cannot_demote_or_deactivate_self(client, admin, users):
    me = users["admin"]
    response = client.post(f"/admin/users/{me.id}/edit", data={"role": "pr_staff", "department_id": "0",
                                                              "active": "y"})
    assert "نقش مدیر سامانه را از خودتان بگیرید" in response.text
    response = client.post(f"/admin/users/{me.id}/edit", data={"role": "admin", "department_id": "0"})
    assert "حساب خودتان را غیرفعال کنید" in response.text
    db.session.refresh(me)
    assert me.role == "admin" and me.active


def test_reset_password(client, admin, auth, users):
    target = users["pr_staff"]
    response = client.post(f"/admin/users/{target.id}/password",
                           data={"password": "brand-new-pass", "confirm": "other-pass-1"})
    assert "دو گذرواژه یکسان نیستند" in response.text
    response = client.post(f"/admin/users/{target.id}/password",
                           data={"password": "brand-new-pass", "confirm": "brand-new-pass"}, follow_redirects=True)
    assert "تغییر کرد" in response.text
    assert _audits("reset_password", "user_account") == 1
    auth.logout()
    auth.login("pr_staff", "brand-new-pass")
    assert client.get("/").status_code == 200


def test_topic_create_edit_delete(client, admin):
    department = db.session.scalars(select(Department)).first()
    response = client.post("/admin/topics/new", data={"name": "نورپردازي معابر", "department_id": department.id,
                                                      "sla_days": "۷", "response_template": "سلام\nپاسخ"},
                           follow_redirects=True)
    assert "افزوده شد" in response.text
    topic = _first(Topic, name="نورپردازی معابر")
    assert topic.sla_days == 7 and topic.department_id == department.id
    response = client.post(f"/admin/topics/{topic.id}/edit", data={"name": topic.name, "department_id": "0",
                                                                   "sla_days": "400"})
    assert "میان ۱ تا ۳۶۵" in response.text and 'value="400"' in response.text
    response = client.post(f"/admin/topics/{topic.id}/edit", data={"name": topic.name, "department_id": "0",
                                                                   "sla_days": "دو"})
    assert "یک عدد درست وارد کنید" in response.text
    client.post(f"/admin/topics/{topic.id}/edit", data={"name": topic.name, "department_id": "0", "sla_days": "3"})
    db.session.refresh(topic)
    assert topic.sla_days == 3 and topic.department_id is None
    assert "حذف شود؟" in client.get(f"/admin/topics/{topic.id}/delete").text
    client.post(f"/admin/topics/{topic.id}/delete", follow_redirects=True)
    db.session.refresh(topic)
    assert topic.deleted_at is not None
    assert "نورپردازی معابر" not in client.get("/admin/topics").text


def test_duplicate_topic_refused(client, admin):
    topic = db.session.scalars(select(Topic)).first()
    response = client.post("/admin/topics/new", data={"name": topic.name.replace(PERSIAN_YEH, ARABIC_YEH),
                                                      "department_id": "0", "sla_days": "5"})
    assert "پیش‌تر ثبت شده است" in response.text


def test_holidays_list_shows_national_ones_read_only_and_the_districts_own(client, admin, district):
    day_off = _day_off(district.id)
    response = client.get("/admin/holidays?year=۱۴۰۵")
    assert "سال ۱۴۰۵" in response.text
    assert "۱۴۰۵/۰۱/۰۱" in response.text and "رسمی کشور، ثابت" in response.text
    nowruz = jalali_to_date(1405, 1, 1)
    assert f"<td>{weekday_name(nowruz)}</td>" in response.text
    assert "۱۴۰۴/" not in response.text  # only the asked year
    # Only the district's own day off can be changed; no link leads to a national holiday.
    assert "ویژهٔ منطقه" in response.text and "روز محلی" in response.text
    assert response.text.count("/edit") == 1 and f"/admin/days-off/{day_off.id}/edit" in response.text
    assert response.text.count("/delete") == 1


def test_national_holidays_cannot_be_changed_from_the_web(client, admin):
    holiday = _first(Holiday, source="fixed")
    assert client.get(f"/admin/holidays/{holiday.id}/edit").status_code == 404
    assert client.post(f"/admin/holidays/{holiday.id}/delete").status_code == 404
    assert client.post("/admin/holidays/fill", data={"year": "1410"}).status_code == 404
    assert db.session.get(Holiday, holiday.id) is not None


def test_another_districts_day_off_is_out_of_reach(client, admin):
    theirs = _day_off(other_district().district.id, title="روز محلی آن‌ها")
    assert client.get(f"/admin/days-off/{theirs.id}/edit").status_code == 404
    response = client.post(f"/admin/days-off/{theirs.id}/edit", data={"day": "1405/02/11", "title": "دستکاری"})
    assert response.status_code == 404
    assert client.post(f"/admin/days-off/{theirs.id}/delete").status_code == 404
    db.session.refresh(theirs)
    assert theirs.title == "روز محلی آن‌ها"
    assert "روز محلی آن‌ها" not in client.get("/admin/holidays?year=1405").text


def test_add_day_off_keeps_input_on_bad_date(client, admin, district):
    response = client.post("/admin/days-off/new", data={"day": "۱۴۰۵/۱۳/۴۰", "title": "روز آزمایشی"})
    assert response.status_code == 200 and "۱۴۰۵/۱۳/۴۰" in response.text and "روز آزمایشی" in response.text
    response = client.post("/admin/days-off/new", data={"day": "۱۴۰۵/۰۱/۰۱", "title": "نوروز منطقه"})
    assert response.status_code == 200 and "تعطیل رسمی کشور است" in response.text and "نوروز منطقه" in response.text
    response = client.post("/admin/days-off/new", data={"day": "۱۴۰۵/۰۲/۱۰", "title": "تعطیلی محلی"},
                           follow_redirects=True)
    assert "تعطیلی محلی" in response.text and "ویژهٔ منطقه" in response.text
    day_off = _first(DistrictDayOff, title="تعطیلی محلی")
    assert day_off.day == jalali_to_date(1405, 2, 10) and day_off.district_id == district.id


def test_editing_a_day_off_saves_and_returns_to_its_year_without_an_error_page(client, admin, district):
    day_off = _day_off(district.id)
    response = client.post(f"/admin/days-off/{day_off.id}/edit", data={"day": "1406/02/11", "title": "روز محلی نو"})
    # The edit used to be saved and then answered with a 500 page: the redirect was built from None.
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/holidays?year=1406")
    page = client.get(response.headers["Location"])
    assert page.status_code == 200 and "تعطیلی ذخیره شد." in page.text and "ذخیره نشد" not in page.text
    db.session.refresh(day_off)
    assert (day_off.day, day_off.title) == (jalali_to_date(1406, 2, 11), "روز محلی نو")
    assert _audits("update", "district_day_off") == 1


def test_delete_day_off_after_confirmation(client, admin, district):
    day_off = _day_off(district.id)
    assert "حذف شود؟" in client.get(f"/admin/days-off/{day_off.id}/delete").text
    response = client.post(f"/admin/days-off/{day_off.id}/delete")
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/holidays?year=1405")
    assert db.session.get(DistrictDayOff, day_off.id) is None
    assert _audits("delete", "district_day_off") == 1


def test_weekend_setting_persisted(client, admin, district):
    response = client.get("/admin/district")
    assert "پنجشنبه هم تعطیل است" in response.text
    response = client.post("/admin/district", data={"name": "منطقه ٢١ تهران", "thursday_off": "y"},
                           follow_redirects=True)
    assert "ذخیره شد" in response.text
    db.session.refresh(district)
    assert district.weekend == "3,4" and district.name == "منطقه ۲۱ تهران"  # Arabic-Indic digits stored as Persian
    assert "checked" in client.get("/admin/district").text
    client.post("/admin/district", data={"name": "منطقه ۲۱"})
    db.session.refresh(district)
    assert district.weekend == "4" and district.weekend_days == frozenset({4})
    response = client.post("/admin/district", data={"name": "  "})
    assert "این خانه را پر کنید" in response.text


def test_other_districts_records_are_404(client, admin):
    from tracker.auth.services import create_user

    other = other_district().district
    db.session.flush()
    stranger = create_user("stranger", "long-enough-1", "pr_staff", other.id)
    topic = Topic(district_id=other.id, name="موضوع بیگانه", sla_days=5)
    db.session.add(topic)
    db.session.commit()
    assert client.get(f"/admin/users/{stranger.id}/edit").status_code == 404
    assert client.post(f"/admin/users/{stranger.id}/password",
                       data={"password": "hijacked-pass", "confirm": "hijacked-pass"}).status_code == 404
    assert client.get(f"/admin/topics/{topic.id}/edit").status_code == 404
    assert "stranger" not in client.get("/admin/users").text
    assert "موضوع بیگانه" not in client.get("/admin/topics").text


def test_edit_user_form_shows_current_values(client, admin, users):
    department = db.session.scalars(select(Department)).first()
    manager = users["manager"]
    manager.department_id = department.id
    db.session.commit()
    html = client.get(f"/admin/users/{manager.id}/edit").text
    assert f'<option selected value="{department.id}">' in html
    assert '<option selected value="manager">' in html


def test_forms_carry_and_require_a_csrf_token(app, client, admin):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert 'name="csrf_token"' in client.get("/admin/areas/new").text
        assert 'name="csrf_token"' in client.get("/admin/holidays").text
        response = client.post("/admin/areas/new", data={"name": "ناحیه بی‌توکن"})
        assert response.status_code == 400
        assert _area("ناحیه بی‌توکن") is None
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
