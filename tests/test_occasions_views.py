"""The occasions pages, the dashboard's coming occasions and planning a campaign from one."""
from sqlalchemy import func, select

from tests.factories import other_district
from tracker.extensions import db
from tracker.models import Campaign, Occasion
from tracker.occasions import services
from tracker.persian.dates import jalali_to_date

MUNICIPALITY = "روز شهرداری‌ها و دهیاری‌ها"


def _national(title):
    return db.session.scalar(select(Occasion).where(Occasion.district_id.is_(None), Occasion.title == title))


def _freeze_today(monkeypatch, day):
    """Make "today" the given day wherever the dashboard and the campaign form ask for it."""
    import tracker.campaigns.views
    import tracker.main.views

    for module in (tracker.main.views, tracker.campaigns.views):
        monkeypatch.setattr(module, "today_tehran", lambda: day)


def test_the_year_page_lists_national_and_district_occasions_by_date(client, auth, district):
    services.create_occasion(district.id, {"title": "سالروز تأسیس منطقه", "month": 8, "day": 20})
    db.session.commit()
    auth.login("manager")
    html = client.get("/occasions/?year=۱۴۰۵").get_data(as_text=True)
    assert "مناسبت‌های سال ۱۴۰۵" in html
    assert html.index("روز ارتباطات و روابط عمومی") < html.index(MUNICIPALITY) < html.index("سالروز تأسیس منطقه")
    assert "۱۴۰۵/۰۴/۱۴" in html and "تا ۱۴۰۵/۰۴/۲۰" in html
    assert "قمری، محاسبه‌شده" in html and "تاریخ را با تقویم رسمی بسنجید" in html
    assert "برنامه‌ریزی کمپین" not in html and "مناسبت تازهٔ منطقه" not in html  # a manager only reads
    auth.logout()
    auth.login("viewer")
    assert client.get("/occasions/").status_code == 403


def test_an_admin_adds_edits_and_removes_the_districts_own_occasion(client, auth, district):
    auth.login("admin")
    page = client.get("/occasions/new").get_data(as_text=True)
    assert "ماه‌های قمری" in page and 'value="lunar-7"' in page
    response = client.post("/occasions/new", data={"title": "سالروز تأسیس منطقه", "month": "solar-8",
                                                    "day": "۲۰", "length_days": ""})
    assert response.status_code == 302
    own = db.session.scalar(select(Occasion).where(Occasion.district_id == district.id))
    assert (own.calendar, own.month, own.day, own.length_days) == ("solar", 8, 20, 1)
    edit = client.get(f"/occasions/{own.id}/edit").get_data(as_text=True)
    assert 'selected value="solar-8"' in edit and 'value="۲۰"' in edit
    assert client.post(f"/occasions/{own.id}/edit", data={"title": "جشن محله", "month": "lunar-7", "day": "13",
                                                          "length_days": "۳"}).status_code == 302
    db.session.refresh(own)
    assert (own.title, own.calendar, own.month, own.length_days) == ("جشن محله", "lunar", 7, 3)
    assert client.post(f"/occasions/{own.id}/delete").status_code == 302
    db.session.refresh(own)
    assert own.deleted_at is not None


def test_a_bad_occasion_is_shown_again_with_the_reason_beside_the_field(client, auth, district):
    auth.login("admin")
    before = db.session.scalar(select(func.count()).select_from(Occasion))
    html = client.post("/occasions/new", data={"title": "جشن محله", "month": "solar-12", "day": "۳۰",
                                               "length_days": "۴۰"}).get_data(as_text=True)
    assert "حداکثر ۲۹ اسفند" in html.split('name="day"')[1].split("</div>")[0]
    assert 'value="جشن محله"' in html and 'selected value="solar-12"' in html
    html = client.post("/occasions/new", data={"title": "جشن محله", "month": "solar-12", "day": "5",
                                               "length_days": "۴۰"}).get_data(as_text=True)
    assert "طول مناسبت باید بین ۱ و ۳۱ روز باشد." in html.split('name="length_days"')[1].split("<button")[0]
    html = client.post("/occasions/new", data={"title": MUNICIPALITY, "month": "solar-4", "day": "14"}
                       ).get_data(as_text=True)
    assert "مناسبتی با همین عنوان پیش‌تر ثبت شده است." in html
    assert db.session.scalar(select(func.count()).select_from(Occasion)) == before


def test_only_the_districts_own_occasions_are_editable_and_only_by_its_admin(client, auth, district):
    other = other_district()
    theirs = services.create_occasion(other.district.id, {"title": "جشن دیگر", "month": 1, "day": 5})
    db.session.commit()
    auth.login("admin")
    assert client.get(f"/occasions/{theirs.id}/edit").status_code == 404
    assert client.get(f"/occasions/{_national(MUNICIPALITY).id}/edit").status_code == 404
    assert client.post(f"/occasions/{_national(MUNICIPALITY).id}/delete").status_code == 404
    auth.logout()
    auth.login("pr_staff")
    assert client.get("/occasions/new").status_code == 403


def test_the_dashboard_shows_the_next_thirty_days_and_plans_a_campaign(client, auth, district, monkeypatch):
    _freeze_today(monkeypatch, jalali_to_date(1405, 3, 30))
    auth.login("pr_staff")
    html = client.get("/").get_data(as_text=True)
    widget = html.split('id="upcoming-occasions"')[1].split('id="coverage"')[0]
    assert MUNICIPALITY in widget and "۱۵ روز دیگر" in widget
    assert "دههٔ اول محرم" in widget and "در جریان" in widget
    assert "اربعین حسینی" not in widget and "روز معلم" not in widget
    occasion = _national(MUNICIPALITY)
    link = f"/campaigns/new?occasion_id={occasion.id}&amp;on=2026-07-05"
    assert link in widget

    form = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert f'value="{MUNICIPALITY} ۱۴۰۵"' in form
    assert 'value="۱۴۰۵/۰۴/۱۴"' in form and 'value="۱۴۰۵/۰۴/۲۰"' in form
    assert f'<option selected value="{occasion.id}">' in form
    data = {"title": f"{MUNICIPALITY} ۱۴۰۵", "occasion_id": str(occasion.id), "occasion": "", "status": "draft",
            "starts_on": "۱۴۰۵/۰۴/۱۴", "ends_on": "۱۴۰۵/۰۴/۲۰",
            "phases-0-number": "۱", "phases-0-title": f"{MUNICIPALITY} ۱۴۰۵"}
    assert client.post("/campaigns/new", data=data).status_code == 302
    campaign = db.session.scalar(select(Campaign))
    assert campaign.occasion_id == occasion.id and campaign.occasion == MUNICIPALITY  # named after it
    assert campaign.starts_on == jalali_to_date(1405, 4, 14)
    widget = client.get("/").get_data(as_text=True).split('id="upcoming-occasions"')[1]
    planned = widget.split(MUNICIPALITY)[1].split("</li>")[0]
    assert f'href="/campaigns/{campaign.id}"' in planned  # shown as planned
    detail = client.get(f"/campaigns/{campaign.id}").get_data(as_text=True)
    assert "در تقویم مناسبت‌ها" in detail and "/occasions/?year=1405" in detail


def test_a_campaign_cannot_link_to_another_districts_occasion(client, auth, district):
    other = other_district()
    theirs = services.create_occasion(other.district.id, {"title": "جشن دیگر", "month": 1, "day": 5})
    db.session.commit()
    auth.login("pr_staff")
    data = {"title": "پویش", "occasion_id": str(theirs.id), "status": "draft", "starts_on": "1405/01/01",
            "ends_on": "1405/01/10", "phases-0-number": "1", "phases-0-title": "دیدار"}
    html = client.post("/campaigns/new", data=data).get_data(as_text=True)
    assert "یکی از گزینه‌های فهرست را انتخاب کنید." in html
    assert db.session.scalar(select(Campaign)) is None
