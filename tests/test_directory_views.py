"""Directory pages: departments and senior officials, with their events and commitments."""
from datetime import date

import pytest
from sqlalchemy import select

from tests.factories import other_district
from tracker.extensions import db
from tracker.models import AuditEntry, Commitment, Department, Event, Neighborhood, Official


def _department(name="معاونت امور اجتماعی و فرهنگی"):
    return db.session.scalar(select(Department).where(Department.name == name))


def _official(district, name="دکتر سعید فرهمند", title="معاون امور اجتماعی و فرهنگی", department=None):
    official = Official(district_id=district.id, name=name, title=title,
                        department_id=department.id if department else None)
    db.session.add(official)
    db.session.commit()
    return official


def test_pr_staff_adds_and_edits_an_official(client, auth, district):
    auth.login("pr_staff")
    department = _department()
    response = client.post("/directory/officials/new", data={
        "name": "مهندس ژيلا يزداني", "title": "معاون حمل‌ونقل", "department_id": str(department.id)})
    assert response.status_code == 302
    official = db.session.scalar(select(Official))
    assert official.name == "مهندس ژیلا یزدانی" and official.department_id == department.id
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "مهندس ژیلا یزدانی" in html and department.name in html

    assert client.post(f"/directory/officials/{official.id}/edit",
                       data={"name": official.name, "title": "شهردار منطقه", "department_id": ""}).status_code == 302
    db.session.expire_all()
    assert official.title == "شهردار منطقه" and official.department_id is None
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.entity == "official"))
    assert [e.action for e in entries] == ["create", "update"]
    listing = client.get("/directory/officials").get_data(as_text=True)
    assert "شهردار منطقه" in listing and "۱ نفر" in listing


def test_official_form_errors_are_persian_and_keep_input(client, auth, district):
    _official(district)
    auth.login("admin")
    html = client.post("/directory/officials/new",
                       data={"name": "", "title": "معاون فنی", "department_id": ""}).get_data(as_text=True)
    assert "این خانه را پر کنید." in html and 'value="معاون فنی"' in html
    dup = client.post("/directory/officials/new", data={
        "name": "دكتر سعيد فرهمند", "title": "معاون امور اجتماعی و فرهنگی", "department_id": ""}).get_data(as_text=True)
    assert "مدیری با همین نام و سمت ثبت شده است." in dup and 'value="دکتر سعید فرهمند"' in dup
    bad = client.post("/directory/officials/new",
                      data={"name": "الف", "title": "ب", "department_id": "99999"}).get_data(as_text=True)
    assert "معاونت را از فهرست انتخاب کنید." in bad
    assert db.session.query(Official).count() == 1


def test_official_page_lists_events_and_commitments(client, auth, district):
    official = _official(district)
    hood = db.session.scalar(select(Neighborhood).where(Neighborhood.name == "وردآورد"))
    attended = Event(district_id=district.id, neighborhood_id=hood.id, kind="home_visit", status="done",
                     title="دیدار با خانواده شهید یزدانی", held_on=date(2025, 7, 5), minutes="گفت‌وگو")
    attended.officials = [official]
    other = Event(district_id=district.id, neighborhood_id=hood.id, kind="meeting", title="نشست بی‌حضور",
                  held_on=date(2025, 7, 6))
    db.session.add_all([attended, other])
    db.session.flush()
    db.session.add(Commitment(district_id=district.id, event_id=attended.id, official_id=official.id,
                              text="روشنایی کوچه درست می‌شود.", due_on=date(2025, 8, 1), status="in_progress"))
    db.session.commit()
    auth.login("manager")
    html = client.get(f"/directory/officials/{official.id}").get_data(as_text=True)
    assert "دیدار با خانواده شهید یزدانی" in html and "نشست بی‌حضور" not in html
    assert "۱۴۰۴/۰۴/۱۴" in html and "دیدار در منزل" in html
    assert "روشنایی کوچه درست می‌شود." in html and "در حال انجام" in html and "۱۴۰۴/۰۵/۱۰" in html
    assert "ویرایش" not in html.split("</nav>")[1]  # managers read only


def test_official_delete_confirms_then_hides(client, auth, district):
    official = _official(district)
    auth.login("pr_staff")
    assert "آیا مطمئن هستید؟" in client.get(f"/directory/officials/{official.id}/delete").get_data(as_text=True)
    assert client.post(f"/directory/officials/{official.id}/delete").status_code == 302
    assert db.session.get(Official, official.id).deleted_at is not None
    assert "دکتر سعید فرهمند" not in client.get("/directory/officials").get_data(as_text=True)
    assert client.get(f"/directory/officials/{official.id}").status_code == 404


def test_officials_filter_by_department_and_sort_in_persian_order(client, auth, district):
    social = _department()
    _official(district, name="پرویز کیانی", title="معاون", department=social)
    _official(district, name="بهرام گودرزی", title="مدیر", department=social)
    _official(district, name="یوسف چراغی", title="شهردار ناحیه", department=None)
    auth.login("manager")
    html = client.get("/directory/officials").get_data(as_text=True)
    # By surname: چراغی، کیانی، گودرزی (not by given name).
    assert html.index("یوسف چراغی") < html.index("پرویز کیانی") < html.index("بهرام گودرزی")
    only = client.get(f"/directory/officials?department={social.id}").get_data(as_text=True)
    assert "پرویز کیانی" in only and "یوسف چراغی" not in only and "۲ نفر" in only


def test_admin_manages_departments(client, auth, district):
    auth.login("admin")
    listing = client.get("/directory/departments").get_data(as_text=True)
    assert "اداره روابط عمومی" in listing and "۸ مورد" in listing
    assert client.post("/directory/departments/new", data={"name": "معاونت برنامه ريزي"}).status_code == 302
    assert _department("معاونت برنامه ریزی") is not None
    dup = client.post("/directory/departments/new", data={"name": "اداره روابط عمومي"}).get_data(as_text=True)
    assert "معاونتی با همین نام هست." in dup and 'value="اداره روابط عمومی"' in dup
    pr = _department("اداره روابط عمومی")
    assert client.post(f"/directory/departments/{pr.id}/edit", data={"name": "ادارهٔ ارتباطات"}).status_code == 302
    db.session.expire_all()
    assert pr.name == "ادارهٔ ارتباطات"
    assert "آیا مطمئن هستید؟" in client.get(f"/directory/departments/{pr.id}/delete").get_data(as_text=True)
    client.post(f"/directory/departments/{pr.id}/delete")
    assert db.session.get(Department, pr.id).deleted_at is not None
    assert "ادارهٔ ارتباطات" not in client.get("/directory/departments").get_data(as_text=True)


def test_department_with_officials_is_not_deleted(client, auth, district):
    social = _department()
    _official(district, department=social)
    auth.login("admin")
    page = client.post(f"/directory/departments/{social.id}/delete", follow_redirects=True)
    assert "این معاونت هنوز مدیر دارد" in page.get_data(as_text=True)
    assert db.session.get(Department, social.id).deleted_at is None


@pytest.mark.parametrize("url", ["/directory/departments/new", "/directory/departments/{d}/edit",
                                 "/directory/departments/{d}/delete"])
def test_only_admin_writes_departments(client, auth, district, url):
    social = _department()
    auth.login("pr_staff")
    assert client.get(url.format(d=social.id)).status_code == 403
    assert client.post(url.format(d=social.id), data={"name": "تازه"}).status_code == 403
    assert db.session.get(Department, social.id).deleted_at is None and _department("تازه") is None


@pytest.mark.parametrize("url", ["/directory/officials/new", "/directory/officials/{o}/edit",
                                 "/directory/officials/{o}/delete"])
def test_manager_cannot_write_officials(client, auth, district, url):
    official = _official(district)
    auth.login("manager")
    response = client.post(url.format(o=official.id), data={"name": "تازه", "title": "x", "department_id": ""})
    assert response.status_code == 403
    db.session.expire_all()
    assert official.name == "دکتر سعید فرهمند" and official.deleted_at is None
    assert db.session.query(Official).count() == 1


@pytest.mark.parametrize("url", ["/directory/officials", "/directory/officials/new", "/directory/officials/{o}",
                                 "/directory/officials/{o}/edit", "/directory/departments",
                                 "/directory/departments/new"])
def test_viewer_gets_403(client, auth, district, url):
    official = _official(district)
    auth.login("viewer")
    assert client.get(url.format(o=official.id)).status_code == 403


@pytest.mark.parametrize("url", ["/directory/officials/{o}", "/directory/officials/{o}/edit",
                                 "/directory/officials/{o}/delete", "/directory/departments/{d}/edit",
                                 "/directory/departments/{d}/delete"])
def test_other_district_records_are_404(client, auth, district, url):
    other = other_district().district
    db.session.flush()
    department = Department(district_id=other.id, name="معاونت منطقه دیگر")
    db.session.add(department)
    db.session.flush()
    official = _official(other, name="مدیر منطقه دیگر", department=department)
    auth.login("admin")
    target = url.format(o=official.id, d=department.id)
    assert client.get(target).status_code == 404
    if not target.endswith(str(official.id)):
        assert client.post(target, data={"name": "x", "title": "y", "department_id": ""}).status_code == 404
    assert "مدیر منطقه دیگر" not in client.get("/directory/officials").get_data(as_text=True)
    assert "معاونت منطقه دیگر" not in client.get("/directory/departments").get_data(as_text=True)
    db.session.expire_all()
    assert official.deleted_at is None and department.name == "معاونت منطقه دیگر"
